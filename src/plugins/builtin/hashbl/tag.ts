/**
 * `check_hashbl_tag('list[/A|/TXT]', 'opts', 'TAG', 'subtest')`: the values of template tag
 * TAG, filtered and rewritten by the options (`ip`, `ipv4`, `ipv6`, `revip`, `fqdn`, `tld`,
 * `trim`; URIDNSBL's skipped domains never asked), hashed (SHA-1 by default, `raw` for none) and
 * looked up.
 *
 * The tag values are the ones AskDNS knows ({@link tagValues}, DKIM's once verified); a tag
 * nothing sets keeps the rule waiting in SA, a miss.
 */
import { tagValues, type TagValues } from '../askdns/tags.js';
import { IP_ADDRESS, reverseIpAddress } from '../../../message/relays/ip-patterns.js';
import { isDomainValid, trimDomain } from '../../../message/registry-boundaries.js';
import { isFqdnValid } from '../../../message/fqdn.js';
import { lc } from '../../../perl/strings.js';
import { IS_IPV4_ADDRESS } from '../uridnsbl/subtest.js';
import type { HashBlConfig } from './config.js';
import { optOn, pickQueries, unique, type HashBlOptions } from './options.js';
import { submitQuery } from './query.js';
import { startRun } from './run.js';
import type { HashBlContext } from './config.js';

const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})(?=\\n?$)`);

/**
 * `_check_hashbl_tag`'s filter: the values to query, in order, distinct (`trim` implies `fqdn`
 * and `tld`; an IP is kept by `ip`/`ipv4`/`ipv6` and may be reversed, a name must be a valid
 * FQDN and/or have a known TLD and may be cut to its registered domain).
 */
export function tagQueryValues(ctx: HashBlContext, config: HashBlConfig, opts: HashBlOptions, values: readonly string[]): string[] {
  const tlds = ctx.tlds;
  const on = (k: string) => optOn(opts, k) || (optOn(opts, 'trim') && (k === 'fqdn' || k === 'tld'));
  const out: string[] = [];
  for (const raw of values) {
    let value = on('case') ? raw : lc(raw, /[^\x00-\xff]/.test(raw));
    let isIp = IS_IP_ADDRESS.test(value);
    if (on('ip') && !isIp) continue;
    if (on('ipv4')) {
      if (!IS_IPV4_ADDRESS.test(value)) continue;
      isIp = true;
    }
    if (on('ipv6') && (!isIp || IS_IPV4_ADDRESS.test(value))) continue;
    if (isIp && on('revip')) value = reverseIpAddress(value) ?? '';
    if (!isIp) {
      const fqdnValid = isFqdnValid(value, false);
      if (on('fqdn') && !fqdnValid) continue;
      let domain: string | undefined;
      if (fqdnValid) {
        domain = trimDomain(tlds, value);
        if (config.skipDomains.has(lc(value)) || config.skipDomains.has(lc(domain))) continue;
      }
      if (on('tld') && !isDomainValid(tlds, value)) continue;
      if (on('trim') && domain) value = domain;
    }
    out.push(value);
  }
  return unique(out);
}

/** `check_hashbl_tag`. */
export function checkHashblTag(ctx: HashBlContext, list?: string, opts?: string, tag?: string, subtest?: string): false | Promise<boolean> {
  if (tag === undefined || tag === '') return false;
  const started = startRun(ctx, list, opts, 'sha1/max=10/shuffle', subtest);
  if (!started) return false;
  const { run, config } = started;
  const name = tag.replace(/^_([^]+)_$/, '$1').toUpperCase();
  const send = (values: TagValues): void => {
    // SA waits for the tag (`action_depends_on_tags`): one that never gets a value is a miss.
    if (values === undefined || values.join(' ') === '') return;
    for (const v of pickQueries(tagQueryValues(ctx, config, run.opts, values), run.opts)) submitQuery(run, v);
  };
  const values = tagValues(ctx, name);
  if (values instanceof Promise) run.group.track(values, send);
  else send(values);
  // SA's eval is always asynchronous here: the outcome settles once the queries (if any) did.
  run.group.close();
  return run.group.outcome(run.rule);
}
