/**
 * A test-side `HeaderRegistry` built from SA's TLD lists (util_rb_tld / util_rb_2tld /
 * util_rb_3tld), with `trim_domain` written after `RegistryBoundaries::split_domain`.
 * The library takes this as input; the configuration stage owns the real one.
 */
import type { HeaderRegistry } from '../../../src/message/header-get.js';

const US_STATES = new Set(
  ('ak al ar az ca co ct dc de fl ga gu hi ia id il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny oh ok ' +
    'or pa pr ri sc sd tn tx ut va vi vt wa wi wv wy').split(' '),
);

/** Registry over explicit lists (lower-case ASCII). */
export function makeRegistry(tlds: Iterable<string>, two: Iterable<string> = [], three: Iterable<string> = []): HeaderRegistry {
  const tldSet = new Set(tlds);
  const twoSet = new Set(two);
  const threeSet = new Set(three);
  return {
    isValidTld: (t) => tldSet.has(t),
    trimDomain(host) {
      let domain = host.replace(/[A-Z]+/g, (m) => m.toLowerCase());
      if (domain === '') return domain;
      domain = domain.replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/\.+$/, '');
      const parts = domain.split('.');
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      const hostname: string[] = [];
      while (parts.length > 1) {
        if (parts.length === 2) {
          if (twoSet.has(parts.join('.'))) break;
        } else if (parts.length === 3) {
          if (parts[2] === 'us') {
            if (US_STATES.has(parts[1]!)) break;
          } else if (threeSet.has(parts.join('.'))) break;
        } else if (parts.length === 4) {
          if (parts[3] === 'us' && ((parts[0] === 'pvt' && parts[1] === 'k12') || /^c[io]$/.test(parts[0]!))) {
            if (US_STATES.has(parts[2]!)) break;
          }
        }
        hostname.push(parts.shift()!);
      }
      if (hostname.length > 0) parts.unshift(hostname.pop()!);
      return parts.join('.');
    },
  };
}
