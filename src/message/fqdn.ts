/**
 * `Util::is_fqdn_valid`: whether a host name is a syntactically valid fully-qualified name. One
 * function for every caller (URI parsing, header `:host`, address parsing, DNSEval, HashBL,
 * AskDNS, WLBLEval), as SA has one.
 */
import { lc } from '../perl/strings.js';
import { utf8Encode } from '../perl/utf8.js';
import { idnToAscii } from './uri/idn-to-ascii.js';

/** A label: 1-63 of `[a-z0-9_-]`, no edge hyphen. Perl's `$` also matches before a final "\n". */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\n?$/;

/**
 * `Util::is_fqdn_valid($host, $is_ascii)`: at least two dot-separated labels of 1-63
 * `[a-z0-9_-]` characters (no edge hyphen, no underscore in the last two), 253 characters at
 * most once trailing dots are cut. With `isAscii` the name is only lower-cased as octets
 * (after `utf8::encode` when `unicode`), otherwise it goes through `idn_to_ascii` first.
 *
 * As in Perl, any label may end in one "\n" (its `$` matches before a final newline), so
 * `"foo.example.com\n"` and `"foo\n.example.com"` are valid; callers pass header values,
 * `_HEADER(…)_` expansions and tags that keep their newline, and SA asks about them as they are.
 *
 * @param unicode - whether `host` is a Perl character string (HTML URIs), not octets
 */
export function isFqdnValid(host: string | undefined, isAscii: boolean, unicode = false): boolean {
  if (host === undefined) return false;
  let h = isAscii ? lc(unicode ? utf8Encode(host) : host) : idnToAscii(host, unicode);
  // s/\.+\z//, by hand: the regex retries from every dot of a long inner run.
  let end = h.length;
  while (end > 0 && h.charCodeAt(end - 1) === 0x2e) end--;
  h = h.slice(0, end);
  if (h.length > 253) return false;
  // Perl's split drops trailing empty fields; leading and inner empty labels stay (and fail).
  const labels = h.split('.');
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop();
  let count = labels.length;
  if (count <= 1) return false;
  for (const label of labels) {
    if (label.length > 63 || !LABEL.test(label)) return false;
    if (count <= 2 && label.includes('_')) return false;
    count--;
  }
  return true;
}
