/**
 * The template tags an askdns query can name, with the values SA has for them when its
 * `check_dnsbl` hook runs: `SENDERDOMAIN` and `AUTHORDOMAIN` (`extract_message_metadata`), the
 * relay tags (`RELAYSTRUSTED`…, `LASTEXTERNALIP`/`REVIP`/`RDNS`/`HELO`, `FIRSTTRUSTEDIP`/`REVIP`,
 * `RELAYS*REVIP`) and `HEADER(request)` (`$pms->get(request, '')`).
 *
 * `DKIMDOMAIN`, `DKIMIDENTITY` and `DKIMSELECTOR` come later, from DKIM's verification (SA's
 * DKIM plugin sets them when its first eval verifies the message; the stock rules always have
 * one): their values are a promise of the DKIM state, and only when the DKIM plugin is loaded.
 * `URIHOSTS` / `URIDOMAINS` are URIDNSBL's. Any other tag has no value here; SA's rule then
 * never launches, a miss.
 */
import type { EvalContext } from '../../types.js';
import { relayTags } from '../../../message/relays/relay-views.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { dkimState, onState, type DkimState } from '../dkim/state.js';
import { sigDomain, sigIdentity, sigSelector, type Signature } from '../dkim/signature.js';
import { uriDnsblTag } from '../uridnsbl/index.js';
import { DKIM_PLUGIN } from '../dkim/index.js';

/** A tag's values (undefined when SA has none), possibly still on their way. */
export type TagValues = readonly string[] | undefined;


/** What `_check_valid_signature` puts in a DKIM tag: the distinct values of the valid signatures (a list). */
function dkimTag(state: DkimState, of: (sig: Signature) => string | undefined): TagValues {
  const valid = state.signatures.filter((f) => f.valid && (sigSelector(f.sig) ?? '') !== '');
  if (valid.length === 0) return undefined;
  const values = [...new Set(valid.map((f) => of(f.sig)).filter((v): v is string => v !== undefined && v !== ''))];
  return values.length === 0 ? undefined : values;
}

/** The DKIM tags' values, once DKIM's verification is done. */
function dkimTagValues(ctx: EvalContext, tag: string): TagValues | Promise<TagValues> {
  if (!ctx.settingsOf(DKIM_PLUGIN)) return undefined;
  const of = tag === 'DKIMDOMAIN' ? sigDomain : tag === 'DKIMSELECTOR' ? sigSelector : sigIdentity;
  return onState(dkimState(ctx), (s) => dkimTag(s, of));
}

/** The values of one built-in tag (`get_tag_raw`), or undefined when SA has none. */
export function builtinTagValues(ctx: EvalContext, tag: string): TagValues {
  const header = /^HEADER\(([^]*?)\)$/.exec(tag);
  if (header) return header[1] ? [ctx.message.getScalar(header[1], '') ?? ''] : [''];
  switch (tag) {
    case 'SENDERDOMAIN': {
      const host = ctx.message.get('EnvelopeFrom:first:addr:host')[0];
      return host === undefined ? undefined : [idnToAscii(host, false)];
    }
    case 'AUTHORDOMAIN': {
      const hosts = [...new Set(ctx.message.get('From:addr:host'))];
      return hosts.length === 0 ? undefined : hosts.map((h) => idnToAscii(h, false));
    }
    case 'RELAYSTRUSTED':
    case 'RELAYSUNTRUSTED':
    case 'RELAYSINTERNAL':
    case 'RELAYSEXTERNAL':
    case 'FIRSTTRUSTEDIP':
    case 'FIRSTTRUSTEDREVIP':
    case 'LASTEXTERNALIP':
    case 'LASTEXTERNALREVIP':
    case 'LASTEXTERNALRDNS':
    case 'LASTEXTERNALHELO':
      return [relayTags(ctx.model.relays())[tag]];
    case 'RELAYSTRUSTEDREVIP':
    case 'RELAYSUNTRUSTEDREVIP':
    case 'RELAYSINTERNALREVIP':
    case 'RELAYSEXTERNALREVIP': {
      const v = relayTags(ctx.model.relays())[tag];
      return v.length === 0 ? undefined : v;
    }
    default:
      return undefined;
  }
}

/**
 * The values of a tag: {@link builtinTagValues}, URIDNSBL's `URIHOSTS`/`URIDOMAINS` (set in
 * its `check_dnsbl`, which SA runs before AskDNS's), or the DKIM tags' promise.
 */
export function tagValues(ctx: EvalContext, tag: string): TagValues | Promise<TagValues> {
  if (tag === 'DKIMDOMAIN' || tag === 'DKIMIDENTITY' || tag === 'DKIMSELECTOR') return dkimTagValues(ctx, tag);
  if (tag === 'URIHOSTS' || tag === 'URIDOMAINS') return uriDnsblTag(ctx, tag);
  return builtinTagValues(ctx, tag);
}
