/**
 * Helpers to write zone data readably: the reversed-address owner names DNSBLs use, and the
 * hashed names of hash lists.
 */
import { createHash } from 'node:crypto';

/**
 * The DNSBL owner name of an address: `198.18.113.10` → `10.113.0.203`, an IPv6 address →
 * its 32 nibbles reversed, dot-separated (RFC 5782), as SA's `reverse_ip_address` builds them.
 */
export function rev(ip: string): string {
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups
      .map((g) => g.padStart(4, '0'))
      .join('')
      .split('')
      .reverse()
      .join('.');
  }
  return ip.split('.').reverse().join('.');
}

/** SHA-1 in hex of the lower-cased value: HashBL's `sha1` owner name. */
export function sha1(value: string): string {
  return createHash('sha1').update(value.toLowerCase(), 'utf8').digest('hex');
}
