/**
 * `Util::idn_to_ascii` of SpamAssassin 4.0.1 (with Net::LibIDN2 installed, as on the reference
 * system): a host name to its ASCII-compatible form, lowercased, or the input back when it is
 * not a convertible IDN.
 */
import { idn2LookupToAscii } from './libidn2.js';
import { lc } from '../../perl/strings.js';
import { isValidUtf8, utf8Decode, utf8Encode } from '../../perl/utf8.js';

/** The alternative full stops SA folds to `.` first (U+2024 U+3002 U+FF0E U+FF61 U+FE52), as UTF-8. */
const ALT_FULLSTOP_UTF8 = /\xe2\x80\xa4|\xe3\x80\x82|\xef\xbc\x8e|\xef\xbd\xa1|\xef\xb9\x92/g;
/** Characters of the fast path: pure ASCII host names and IP literals. */
const PLAIN_ASCII = /^[a-zA-Z0-9_.:[\]-]*$/;
/** ISO-8859-1 letters SA accepts as a legacy-encoded IDN. */
const LATIN1_HOST = /^[a-zA-Z0-9\xc0-\xd6\xd8-\xde\xe0-\xf6\xf8-\xfe_.-]*$/;

/**
 * Converts a host to ACE as SA does. The result is always an octet string.
 *
 * @param host - the host text
 * @param unicode - true when `host` is a Perl character string (HTML URIs): it is UTF-8 encoded
 *   first, as `utf8::encode` does for utf8-flagged strings; false for octet strings
 */
export function idnToAscii(host: string, unicode: boolean): string {
  let s = unicode ? utf8Encode(host) : host;
  // Fast path: nothing to convert, just lowercase (ASCII rules: it is octets now).
  if (PLAIN_ASCII.test(s)) return lc(s);
  let domain: string;
  if (isValidUtf8(s)) {
    s = s.replace(ALT_FULLSTOP_UTF8, '.');
    domain = utf8Decode(s);
  } else if (LATIN1_HOST.test(s)) {
    domain = s;
  } else {
    // No charset recognised: SA logs it and lowercases (garbage in, garbage out).
    return lc(s);
  }
  // On failure libidn2 returns undef and SA keeps the (dot-normalised) octets, not lowercased.
  return idn2LookupToAscii(domain) ?? s;
}
