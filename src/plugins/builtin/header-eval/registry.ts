/**
 * `RegistryBoundaries` as the list/header evals call it: `split_domain`, `trim_domain` and
 * `is_domain_valid`, over the rule set's `util_rb_*` lists.
 */
import type { EvalContext } from '../../types.js';
import { boundariesOf, type Boundaries } from '../../../message/registry-boundaries.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
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
