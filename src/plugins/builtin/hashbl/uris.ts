/**
 * `check_hashbl_uris('list[/A|/TXT]', 'opts', 'subtest')`: every cleaned form of the message's
 * linked or parsed URIs (not `mailto:`, not on a host or domain of the URIDNSBL skip list),
 * lower-cased unless `case`, hashed (SHA-1 by default; `raw` is refused) and looked up.
 */
import { uriDetailsOf } from '../uri-detail.js';
import { lc } from '../../../perl/strings.js';
import { optOn, pickQueries, unique } from './options.js';
import { submitQuery } from './query.js';
import { finishRun, startRun } from './run.js';
import type { HashBlContext } from './config.js';

/** Perl's `lc` of a URI: character strings (code points above 0xFF) get Unicode lowercasing. */
const lcUri = (s: string): string => lc(s, /[^\x00-\xff]/.test(s));

/** `check_hashbl_uris`. */
export function checkHashblUris(ctx: HashBlContext, list?: string, opts?: string, subtest?: string): false | Promise<boolean> {
  const started = startRun(ctx, list, opts, 'sha1/max=10/shuffle', subtest);
  if (!started) return false;
  const { run, config } = started;
  if (optOn(run.opts, 'raw')) {
    run.net.diagnostic('invalid-value', `hashbl: ${run.rule}: the raw option is not allowed for check_hashbl_uris`);
    return false;
  }
  const uris: string[] = [];
  for (const [uri, info] of uriDetailsOf(ctx).details) {
    if (/^mailto:/i.test(uri)) continue;
    if (info.hosts.size === 0 || !info.cleaned) continue;
    if (!info.types.has('a') && !info.types.has('parsed')) continue;
    if ([...info.hosts].some(([host, domain]) => config.skipDomains.has(host) || config.skipDomains.has(domain))) continue;
    for (const clean of info.cleaned) uris.push(optOn(run.opts, 'case') ? clean : lcUri(clean));
  }
  const picked = pickQueries(unique(uris), run.opts);
  for (const u of picked) submitQuery(run, u);
  return finishRun(run, picked.length);
}
