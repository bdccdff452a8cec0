/**
 * Small inline configuration for the URI unit tests: a handful of SA's TLDs and three stock
 * `redirector_pattern`s hand-translated to JS. Every expected value in the unit tests was
 * produced by Perl SpamAssassin 4.0.1 with the full stock lists; the inputs only use TLDs
 * present here, so the small lists give the same answers.
 */
import { uriListCanonicalize, type TldSets } from '../../../src/message/uri/index.js';

export const TLDS: TldSets = {
  tld: new Set(['com', 'net', 'org', 'biz', 'info', 'gov', 'uk', 'us', 'museum', 'bar', 'xn--p1ai']),
  twoLevel: new Set(['co.uk']),
  threeLevel: new Set<string>(),
};

/** 20_uri_tests.cf / 72_active.cf patterns (zdnet chkpt, google /url, index.php URL=). */
export const REDIRECTORS: RegExp[] = [
  /^http:\/\/chkpt\.zdnet\.com\/chkpt\/\w+\/(.*)$/i,
  /\/(?:index.php)?\?.*(?<=[?&])URL=(.*?)(?:$|[&#])/i,
  /^https?:\/*(?:\w+\.)?google(?:\.\w{2,3}){1,2}\/url\?.*?(?<=[?&])q=(.*?)(?:$|[&#])/i,
];

/** The sorted canonical variants of one URI (octet string unless `unicode`). */
export function variants(uri: string, unicode = false): string[] {
  return uriListCanonicalize([uri], { redirectorPatterns: REDIRECTORS, tlds: TLDS, unicode }).sort();
}

/** Latin-1 binary string of the UTF-8 encoding of `s` (how the rendered body holds text). */
export function utf8Octets(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
