/**
 * `RegistryBoundaries` as the list/header evals call it: `split_domain`, `trim_domain`,
 * `is_domain_valid` and `uri_to_domain`, over the rule set's `util_rb_*` lists.
 */
import type { EvalContext } from '../../types.js';
import { boundariesOf, type Boundaries } from '../../../message/registry-boundaries.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { isFqdnValid } from '../../../message/header-host.js';
import { IP_ADDRESS } from '../../../message/relays/ip-patterns.js';
import { ruleSetOf } from '../internal.js';
import { lc, splitDots } from './perl.js';

const US_STATES = new Set(
  'ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy'.split(' '),
);

/** The TLD lists of the eval's rule set. */
export const boundaries = (ctx: EvalContext): Boundaries => boundariesOf(ruleSetOf(ctx));

/** `split_domain($domain, $is_ascii)`: [host part, registered domain]. */
export function splitDomain(b: Boundaries, input: string, isAscii = false): [string, string] {
  let domain = isAscii ? lc(input) : idnToAscii(input, false);
  if (domain === '') return ['', domain];
  domain = domain.replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
  const parts = splitDots(domain);
  const host: string[] = [];
  while (parts.length > 1) {
    if (parts.length === 2) {
      if (b.twoLevel.has(parts.join('.'))) break;
    } else if (parts.length === 3) {
      if (parts[2] === 'us') {
        if (US_STATES.has(parts[1]!)) break;
      } else if (b.threeLevel.has(parts.join('.'))) break;
    } else if (parts.length === 4) {
      if (parts[3] === 'us' && ((parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0]!))) {
        if (US_STATES.has(parts[2]!)) break;
      }
    }
    host.push(parts.shift()!);
  }
  if (host.length) parts.unshift(host.pop()!);
  return [host.join('.'), parts.join('.')];
}

/** `trim_domain($domain)`. */
export const trimDomain = (b: Boundaries, domain: string, isAscii = false): string => splitDomain(b, domain, isAscii)[1];

/** `is_domain_valid($dom)`: ends in a known TLD after at least one dot, no whitespace. */
export function isDomainValid(b: Boundaries, dom: string, isAscii = false): boolean {
  const d = isAscii ? lc(dom) : idnToAscii(dom, false);
  if (/[\t\n\x0b\f\r ]/.test(d)) return false;
  const m = /\.([^.]+)$/.exec(d.replace(/\n$/, ''));
  return !!m && b.tlds.has(m[1]!);
}

const IS_IP = new RegExp(`^(?:${IP_ADDRESS})$`);

/**
 * `uri_to_domain($uri)` in list context: [domain, host], or undefined for URIs without a
 * usable host (javascript:/cid:/file:, encoded hosts, invalid names or TLDs).
 */
export function uriToDomain(b: Boundaries, uriIn: string): [string, string] | undefined {
  let uri = lc(uriIn);
  if (/^(?:javascript|cid|file):/.test(uri)) return undefined;
  if (uri.startsWith('mailto:')) {
    uri = uri.slice(7).replace(/\?[^\n]*/, '');
    if (/@[^\n]*?@/.test(uri)) return undefined;
    const at = /[^\n]*@/.exec(uri);
    if (!at) return undefined;
    uri = uri.slice(0, at.index) + uri.slice(at.index + at[0].length);
  } else {
    uri = uri.replace(/^[a-z]+:\/{0,2}/, '');
    uri = uri.replace(/[/?#][\s\S]*/, '');
    uri = uri.replace(/^[^/]*@/, '');
    uri = uri.replace(/:\d*(?=\n?$)/, '');
  }
  if (/%(?:2[1-9a-f]|[3-6][0-9a-f]|7[0-9a-e])/.test(uri)) return undefined;
  const host = idnToAscii(uri, false);
  let domain = host;
  if (!IS_IP.test(host.replace(/\n$/, ''))) {
    if (!isFqdnValid(host)) return undefined;
    if (!isDomainValid(b, host, true)) return undefined;
    domain = trimDomain(b, host, true);
  }
  return [domain, host];
}
