/**
 * The sender and author domains SpamAssassin derives from headers at the start of a scan
 * (`PerMsgStatus::extract_message_metadata`): the `SENDERDOMAIN` / `AUTHORDOMAIN` template
 * tags (used by AskDNS rules, DMARC, ...) and the `X-SenderDomain` / `X-AuthorDomain` metadata
 * that `get()` then answers for those names.
 */

import { getHeader, updateHeaderContext, type HeaderContext } from './header-get.js';

/** What `extract_message_metadata` computes from EnvelopeFrom and From. */
export interface DomainMetadata {
  /** ACE form of `EnvelopeFrom:first:addr:host`; undefined when there is none. */
  readonly senderDomain: string | undefined;
  /** ACE forms of the distinct `From:addr:host` values, in header order. */
  readonly authorDomains: readonly string[];
}

/** Computes the sender and author domains the way SA does (idn_to_ascii of the hosts). */
export function domainMetadata(ctx: HeaderContext): DomainMetadata {
  const host = getHeader(ctx, 'EnvelopeFrom:first:addr:host')[0];
  const seen = new Set<string>();
  const authorDomains: string[] = [];
  for (const h of getHeader(ctx, 'From:addr:host')) {
    // SA de-duplicates on the host as found, then converts
    if (seen.has(h)) continue;
    seen.add(h);
    authorDomains.push(ctx.idnToAscii(h));
  }
  return { senderDomain: host === undefined ? undefined : ctx.idnToAscii(host), authorDomains };
}

/**
 * Runs {@link domainMetadata} and stores the results as SA's `put_metadata` does
 * (`x-senderdomain`, and `x-authordomain` as a space-separated list), on top of any metadata
 * the context already has.
 */
export function extractDomainMetadata(ctx: HeaderContext): DomainMetadata {
  const d = domainMetadata(ctx);
  const current = ctx.metadata;
  const added: Record<string, string> = {};
  if (d.senderDomain !== undefined) added['x-senderdomain'] = d.senderDomain;
  if (d.authorDomains.length > 0) added['x-authordomain'] = d.authorDomains.join(' ');
  if (Object.keys(added).length === 0) return d;
  const metadata =
    typeof current === 'function'
      ? (name: string) => (Object.prototype.hasOwnProperty.call(added, name) ? added[name] : current(name))
      : { ...current, ...added };
  updateHeaderContext(ctx, { metadata });
  return d;
}
