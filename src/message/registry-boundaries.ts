/**
 * SpamAssassin's RegistryBoundaries: which TLDs are valid and where a host name's registered
 * domain starts, from the `util_rb_tld` / `util_rb_2tld` / `util_rb_3tld` lists of the rule
 * set (`clear_util_rb` empties them), as `RegistryBoundaries::split_domain` cuts names.
 */
import { domainToASCII } from 'node:url';
import type { RuleSet } from '../compile/rule-set.js';

/** The TLD lists of a rule set. */
export interface Boundaries {
  readonly tlds: ReadonlySet<string>;
  readonly twoLevel: ReadonlySet<string>;
  readonly threeLevel: ReadonlySet<string>;
  /** Whether a lower-case ASCII label is a known TLD (`valid_tlds`). */
  isValidTld(tld: string): boolean;
  /** `trim_domain($host, 1)`: the registered domain of a host name. */
  trimDomain(host: string): string;
  /** `is_domain_valid($dom, 1)`. */
  isDomainValid(domain: string): boolean;
}

const US_STATES = new Set(
  'ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny oh ok or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy'.split(' '),
);

/** `idn_to_ascii` for list entries: UTF-8 octet labels become punycode, ASCII is lower-cased. */
function toAscii(entry: string): string {
  if (!/[\x80-\xff]/.test(entry)) return entry.toLowerCase();
  const text = Buffer.from(entry, 'latin1').toString('utf8');
  return domainToASCII(text) || entry.toLowerCase();
}

const cache = new WeakMap<RuleSet, Boundaries>();

/** The boundaries of a rule set (cached). */
export function boundariesOf(ruleSet: RuleSet): Boundaries {
  let b = cache.get(ruleSet);
  if (b) return b;
  const tlds = new Set<string>();
  const twoLevel = new Set<string>();
  const threeLevel = new Set<string>();
  for (const d of ruleSet.directives) {
    const target = d.name === 'util_rb_tld' ? tlds : d.name === 'util_rb_2tld' ? twoLevel : d.name === 'util_rb_3tld' ? threeLevel : undefined;
    if (target) for (const w of d.value.split(/[ \t]+/)) if (w) target.add(toAscii(w));
    if (d.name === 'clear_util_rb') {
      tlds.clear();
      twoLevel.clear();
      threeLevel.clear();
    }
  }
  b = makeBoundaries(tlds, twoLevel, threeLevel);
  cache.set(ruleSet, b);
  return b;
}

/** Boundaries from explicit lists (for tests and callers with their own lists). */
export function makeBoundaries(tlds: ReadonlySet<string>, twoLevel: ReadonlySet<string>, threeLevel: ReadonlySet<string>): Boundaries {
  const trimDomain = (host: string): string => {
    let domain = host.toLowerCase().replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
    if (domain === '') return '';
    const parts = domain.split('.');
    const hostParts: string[] = [];
    while (parts.length > 1) {
      if (parts.length === 2) {
        if (twoLevel.has(parts.join('.'))) break;
      } else if (parts.length === 3) {
        if (parts[2] === 'us') {
          if (US_STATES.has(parts[1]!)) break;
        } else if (threeLevel.has(parts.join('.'))) break;
      } else if (parts.length === 4) {
        if (parts[3] === 'us' && ((parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0]!))) {
          if (US_STATES.has(parts[2]!)) break;
        }
      }
      hostParts.push(parts.shift()!);
    }
    if (hostParts.length) parts.unshift(hostParts.pop()!);
    domain = parts.join('.');
    return domain;
  };
  return {
    tlds,
    twoLevel,
    threeLevel,
    isValidTld: (tld) => tlds.has(tld),
    trimDomain,
    isDomainValid: (dom) => {
      const d = dom.toLowerCase();
      if (/[ \t\n\r\f\v]/.test(d)) return false;
      const m = /\.([^.]+)$/.exec(d);
      return !!m && tlds.has(m[1]!);
    },
  };
}
