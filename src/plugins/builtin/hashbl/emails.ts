/**
 * `check_hashbl_emails('list[/A|/TXT]', 'opts', 'HEADERS', 'subtest', 'acl')`: the e-mail
 * addresses of the message (`_get_emails` / `_parse_emails`) — from `ALLFROM` (SA's
 * `all_from_addrs`), `ALL` (every header), `body` (the rendered body plus `mailto:` links of
 * anchors) or any header request — filtered (welcomelisted addresses, skipped domains, acl),
 * rewritten by the options (`nodot`, `notag`, `user`, `host`, `domain`, `case`) and looked up.
 */
import { uriDetailsOf } from '../uri-detail.js';
import { allFromAddrs } from '../wlbl-eval/addresses.js';
import { trimDomain } from '../../../message/registry-boundaries.js';
import { lc } from '../../../perl/strings.js';
import type { HashBlConfig } from './config.js';
import { optOn, pickQueries, unique, type HashBlOptions } from './options.js';
import { perlRegExp } from '../perl-regexp.js';
import { submitQuery } from './query.js';
import { finishRun, startRun } from './run.js';
import { perlTrue } from '../../../perl/truth.js';
import type { HashBlContext } from './config.js';

/** Per-message state SA keeps on `$pms`: found addresses per source, the recipients' welcomelist. */
interface EmailState {
  readonly bySource: Map<string, string[]>;
  /** `$pms->{hashbl_welcomelist}`: undefined until a source other than ALLFROM was read. */
  welcomelist: Set<string> | undefined;
}

const stateOf = (ctx: HashBlContext): EmailState =>
  ctx.memo('hashbl:emails', (): EmailState => ({ bySource: new Map(), welcomelist: undefined }));

/** `<?https?://…@…` runs of a body (the `nouri` option removes them). */
const URI_WITH_AT = /<?https?:\/\/[^\t\n\x0b\f\r ]{0,255}(?:@|%40)[^\t\n\x0b\f\r ]{0,255}/gi;

/**
 * `_parse_emails`: the distinct addresses of one source, in order of appearance. The result is
 * kept per source for the whole message, whatever options later rules pass (as SA caches it).
 */
export function parseEmails(ctx: HashBlContext, config: HashBlConfig, opts: HashBlOptions, source: string): readonly string[] {
  const state = stateOf(ctx);
  const cached = state.bySource.get(source);
  if (cached) return cached;
  if (source === 'ALLFROM') {
    const found = [...allFromAddrs(ctx)];
    state.bySource.set(source, found);
    return found;
  }
  if (!state.welcomelist) {
    const rcpts = ['X-Original-To:addr', 'Apparently-To:addr', 'Delivered-To:addr', 'Envelope-To:addr'].flatMap((h) => ctx.message.get(h));
    state.welcomelist = new Set(rcpts.map((a) => lc(a)).filter((a) => a !== ''));
  }
  let text = '';
  if (source === 'ALL') text = ctx.message.get('ALL').join('\n');
  else if (source === 'body') {
    // Anchors' mailto: links, which the rendered text does not show.
    for (const [uri, info] of uriDetailsOf(ctx).details) {
      if (!info.types.has('a') || info.types.has('parsed')) continue;
      const m = /^mailto:([^\n]+)/i.exec(uri);
      if (m) text += `${m[1]}\n`;
    }
    let body = ctx.message.bodyLines().join('');
    if (optOn(opts, 'nouri')) body = body.replace(URI_WITH_AT, ' ');
    if (optOn(opts, 'noquote')) {
      // Addresses in <…>, or followed by a "word:" such as "wrote:" (but not fax:, tel:, email:…).
      const quoted = perlRegExp(
        `<?(?<!mailto:)(?^:${config.emailRegex})(?:>|\\s{1,10}(?!(?:fa(?:x|csi)|tel|phone|e?-?mail))[a-z]{2,11}:)`,
        'i',
        true,
      );
      if (quoted) body = body.replace(quoted, ' ');
    }
    text += body;
  } else text = ctx.message.get(source).join('\n');
  const re = perlRegExp(`((?^:${config.emailRegex}))`, '', true);
  const found = re ? unique([...text.matchAll(re)].map((m) => m[1]!)) : [];
  state.bySource.set(source, found);
  return found;
}

/** `_get_emails`: the addresses of every source, domain aliases applied, acl-filtered. */
function getEmails(ctx: HashBlContext, config: HashBlConfig, opts: HashBlOptions, sources: string, acl: string | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const source of sources.split(/[\t\n\x0b\f\r ]*\/[\t\n\x0b\f\r ]*/)) {
    for (let email of parseEmails(ctx, config, opts, source)) {
      const m = /^([^]*)@([^]+)$/.exec(email);
      if (!m) continue;
      let domain = m[2]!;
      const alias = config.domainAlias.get(lc(domain));
      if (alias !== undefined) {
        domain = alias;
        email = `${m[1]}@${domain}`;
      }
      if (seen.has(email)) continue;
      seen.add(email);
      if (acl !== undefined && acl !== 'all' && config.acls.get(acl)?.get(domain) !== true) continue;
      out.push(email);
    }
  }
  return out;
}

/** `check_hashbl_emails`. */
export function checkHashblEmails(ctx: HashBlContext, list?: string, opts?: string, from?: string, subtest?: string, acl?: string): false | Promise<boolean> {
  const started = startRun(ctx, list, opts, 'sha1/notag/noquote/max=10/shuffle', subtest);
  if (!started) return false;
  const { run, config } = started;
  if (acl !== undefined && acl !== 'all' && !config.acls.has(acl)) return false;
  const emails = getEmails(ctx, config, run.opts, perlTrue(from) ? from : 'ALLFROM/Reply-To/body', acl);
  const welcomelist = perlRegExp(config.welcomelist);
  const welcomed = stateOf(ctx).welcomelist;
  const tlds = ctx.tlds;
  const queries: string[] = [];
  for (const email of unique(emails)) {
    if (welcomed?.has(email) || welcomelist?.test(email)) continue;
    const m = /^([^]*)@([^]*)$/.exec(email)!;
    let user = m[1]!;
    let domain = m[2]!;
    // The skip list does not apply when an explicit acl chose the domains.
    if (acl === undefined) {
      if (config.skipDomains.has(lc(domain))) continue;
      if (config.skipDomains.has(lc(trimDomain(tlds, domain)))) continue;
    }
    if (optOn(run.opts, 'nodot')) user = user.replace(/\./g, '');
    if (optOn(run.opts, 'notag')) user = user.replace(/\+[^\n]*/, '');
    let query: string;
    if (optOn(run.opts, 'host') || optOn(run.opts, 'domain')) {
      if (optOn(run.opts, 'domain')) domain = trimDomain(tlds, domain);
      query = domain;
    } else if (optOn(run.opts, 'user')) query = user;
    else query = `${user}@${domain}`;
    queries.push(optOn(run.opts, 'case') ? query : lc(query));
  }
  const picked = pickQueries(unique(queries), run.opts);
  for (const q of picked) submitQuery(run, q);
  return finishRun(run, picked.length);
}
