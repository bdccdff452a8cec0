/**
 * Header value decoding for MIME part headers, mirroring `Message::Node::header()` storing a
 * value and `Message::Node::_decode_header` / `_decode_mime_encoded_word`.
 *
 * Part headers matter to the MIME tree through Content-Type (an RFC 2047 encoded `name=`
 * can make a part render as HTML), Content-Transfer-Encoding and Content-Disposition.
 * Results are UTF-8 octets held as binary strings, as in SA.
 */
import { hasHighChars, trimEndOf, trimStartOf } from './binary.js';
import { PERL_SPACE } from '../../perl/regex-classes.js';
import { normalizeToUtf8Octets } from './charset/normalize.js';
import { base64Decode, qpDecode } from './transfer-encoding.js';
import { lc } from '../../perl/strings.js';

/** Header fields SA never RFC 2047-decodes (its bugs 6945 and 7249). */
const NO_MIME_DECODE = /^(?:Received|(?:Resent-)?(?:Message-ID|Date)|MIME-Version|References|In-Reply-To|List-.*)$/i;

const ENCODED_WORD = '=\\?[A-Za-z0-9*_-]+\\?[bqBQ]\\?[^?]*\\?=';
// Whitespace between two adjacent encoded words is dropped.
const BETWEEN_WORDS = new RegExp(`(${ENCODED_WORD})[\\t\\n\\x0b\\f\\r ]+(?=${ENCODED_WORD})`, 'g');
// `\G =\?(charset)\?([bq])\?(text)\?= | ([^=]+|.)` with /s.
const TOKEN = /=\?([A-Za-z0-9*_-]+)\?([bqBQ])\?([^?]*)\?=|([^=]+|[\s\S])/gy;

/** `_decode_mime_encoded_word(undef, $cte, $data)`: B or Q decoding only, no charset step. */
export function decodeEncodedWordBytes(cte: string, data: string): string {
  if (cte.toUpperCase() === 'B') return base64Decode(data);
  // RFC 2047: "_" stands for a space in Q encoding.
  return qpDecode(data.replace(/_/g, '=20'));
}

/**
 * `_decode_header($value, $name)`: unfolds, makes 8-bit text valid UTF-8, and decodes
 * RFC 2047 encoded words (adjacent words of one charset are joined before the charset
 * step, tolerating multi-byte characters split across words, SA bug 7249).
 * @param value the header value, already trimmed by {@link storedHeaderValue}'s rules
 * @param name the header field name
 */
export function decodeHeaderValue(value: string, name: string): string {
  if (value === '') return '';
  let body = value.replace(/\n[ \t]/g, '\n ').replace(/\r?\n/g, '');
  if (hasHighChars(body)) body = normalizeToUtf8Octets(body, 'UTF-8');
  if (NO_MIME_DECODE.test(name) || !body.includes('=?')) return body;

  body = body.replace(BETWEEN_WORDS, '$1');
  const sections: Array<[string, string]> = [];
  let last = '';
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    let encoding: string;
    let str: string;
    if (m[1] !== undefined) {
      encoding = lc(m[1]);
      str = decodeEncodedWordBytes(m[2]!, m[3]!);
    } else {
      encoding = '';
      str = m[4]!;
    }
    if (encoding === last && sections.length > 0) sections[sections.length - 1]![0] += str;
    else sections.push([str, encoding]);
    last = encoding;
  }
  let out = '';
  for (const [str, enc] of sections) {
    // RFC 2231 section 5: a language suffix after '*' is dropped.
    const charset = enc.replace(/\*[\s\S]*$/, '');
    out += enc === '' ? str : normalizeToUtf8Octets(str, charset, true);
  }
  return out;
}

/**
 * The decoded form `Node::header($key, $raw)` stores: folds become one space, surrounding
 * whitespace is trimmed, then {@link decodeHeaderValue}.
 */
export function storedHeaderValue(raw: string, name: string): string {
  const v = trimStartOf(trimEndOf(raw.replace(/\n[ \t]+/g, ' '), PERL_SPACE), PERL_SPACE);
  return decodeHeaderValue(v, name);
}
