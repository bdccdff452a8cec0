/**
 * The organizational domain as Mail::DMARC::PurePerl 1.20211209 computes it
 * (`get_organizational_domain`): the longest label suffix that is a public suffix, plus one label;
 * the domain itself when it is all public suffix. A suffix is public when the public suffix list
 * names it (ICANN or private section), looked up through tldts.
 */
import { createRequire } from 'node:module';
import type * as Tldts from 'tldts';

// tldts (the public suffix list, ~50–65 ms to load) is required on first use rather than
// imported with spamscore: only DMARC checks, which need network tests, read it.
let tldts: typeof Tldts | undefined;
const parse: typeof Tldts.parse = (url, options) => (tldts ??= createRequire(import.meta.url)('tldts') as typeof Tldts).parse(url, options);

/** Whether `zone` is itself a public suffix (Mail::DMARC's `is_public_suffix`). */
export function isPublicSuffix(zone: string): boolean {
  const r = parse(zone, { allowPrivateDomains: true });
  return r.publicSuffix === zone && (r.isIcann === true || r.isPrivate === true);
}

/** `get_organizational_domain`. */
export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.').reverse();
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop(); // Perl's split drops trailing empties
  let greatest = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    const tld = labels.slice(0, i + 1).reverse().join('.');
    if (isPublicSuffix(tld)) greatest = i + 1;
  }
  if (greatest === labels.length) return domain;
  return labels.slice(0, greatest + 1).reverse().join('.');
}
