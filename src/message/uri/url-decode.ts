/**
 * SA's `Util::url_encode`, which despite its name *decodes* a URL: `%XX` escapes of printable
 * ASCII (0x21-0x7e, except `%7F`) become the character, while every other escape is kept; at
 * the same time the unescaped text gets its controls, spaces, 8-bit bytes, `"`, `%`, `<` and `>`
 * percent-encoded. Reserved characters (`%2F`, `%3A`, `%40`...) ARE decoded, whatever SA's
 * comment says.
 */

/** The unescaped characters SA re-encodes. Characters above U+00FF are left alone. */
const TO_ENCODE = /[\x00-\x20\x7f-\xff"%<>]/g;

/** Perl `unpack("C", $ch)` then `%%%02x`: the low byte of the character, two hex digits. */
function encodeChar(ch: string): string {
  return '%' + (ch.charCodeAt(0) & 0xff).toString(16).padStart(2, '0');
}

/**
 * Decodes a URL as SA's `url_encode` does (scalar context).
 *
 * @example urlDecode('http://%77w%77.ex%2Ecom/a b') === 'http://www.ex.com/a%20b'
 */
export function urlDecode(url: string): string {
  // split(/(\%[0-9a-fA-F]{2})/): text pieces at even indexes, escapes at odd ones.
  const pieces = url.split(/(%[0-9a-fA-F]{2})/);
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i % 2 === 1) {
      const hex = piece.slice(1);
      const keep = /^(?:20|7f)$/i.test(hex) || /^[0189a-f]/i.test(hex);
      out += keep ? piece : String.fromCharCode(parseInt(hex, 16));
    } else {
      out += piece.replace(TO_ENCODE, encodeChar);
    }
  }
  return out;
}
