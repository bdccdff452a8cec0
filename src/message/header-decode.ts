/**
 * The decoded form of a header field body, as SpamAssassin stores it when a header is added
 * (`Mail::SpamAssassin::Message::Node::header`) and as `_decode_header` produces it:
 *
 * 1. folds `\n[ \t]+` become one space, then surrounding whitespace is trimmed (Perl `\s`,
 *    i.e. ASCII whitespace only — NBSP and NEL bytes stay);
 * 2. any CR/LF left is removed;
 * 3. raw 8-bit bytes are normalised to valid UTF-8 (kept when already valid UTF-8, else
 *    decoded as Windows-1252), RFC 6532 style;
 * 4. RFC 2047 encoded words are decoded to UTF-8 octets, except in the fields SA exempts
 *    (Received, Message-ID, Date, their Resent- forms, MIME-Version, References,
 *    In-Reply-To, List-*).
 *
 * Everything is a binary string (one char per byte); the result holds UTF-8 octets.
 * `get_header` appends the final "\n" (see header-get.ts).
 */

import { hasHighChars } from './mime/binary.js';
import { base64Decode, qpDecode } from './mime/transfer-encoding.js';
import { normalizeToUtf8 } from './header-charset.js';

/** Perl's `\s` on an octet string. */
function isPerlSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Perl `s/^\s+//; s/\s+$//` on an octet string. */
export function perlTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (b > 0 && isPerlSpace(s.charCodeAt(b - 1))) b--;
  while (a < b && isPerlSpace(s.charCodeAt(a))) a++;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * What `Node::header` hands to `_decode_header`: the raw stored value with each fold
 * (`\n` + spaces/tabs) turned into a single space, then trimmed.
 */
export function unfoldHeaderValue(raw: string): string {
  return perlTrim(raw.replace(/\n[ \t]+/g, ' '));
}

/** Field names whose bodies SA never RFC 2047-decodes (Bug 6945; Content-* are decoded, Bug 7249). */
const NOT_MIME_DECODED = /^(?:Received|(?:Resent-)?(?:Message-ID|Date)|MIME-Version|References|In-Reply-To|List-[\s\S]*)$/i;

const ENCODED_WORD = '=\\?[A-Za-z0-9*_-]+\\?[bqBQ]\\?[^?]*\\?=';
/** Whitespace between two adjacent encoded words is dropped (RFC 2047 section 6.2). */
const BETWEEN_WORDS = new RegExp(`(${ENCODED_WORD})[\\t\\n\\x0b\\f\\r ]+(?=${ENCODED_WORD})`, 'g');
/** SA's section scanner: an encoded word, else a run of non-`=` text, else any one char. */
const SECTION = /=\?([A-Za-z0-9*_-]+)\?([bqBQ])\?([^?]*)\?=|([^=]+|[\s\S])/y;

/** `_decode_mime_encoded_word(undef, $cte, $data)`: base64 or Q decoding only, no charset. */
function decodeWordBytes(cte: string, data: string): string {
  if (cte === 'B' || cte === 'b') return base64Decode(data);
  return qpDecode(data.replace(/_/g, '=20'));
}

/**
 * `_decode_mime_encoded_words` part of `_decode_header`: encoded words are first base64/Q
 * decoded, adjacent pieces in the same charset are concatenated *before* charset decoding
 * (Bug 7249/7307: multi-byte characters split across words survive), then each piece is
 * transcoded to UTF-8 octets; plain text between words is kept as it is.
 */
function decodeEncodedWords(body: string): string {
  const text = body.replace(BETWEEN_WORDS, '$1');
  const sections: Array<{ text: string; encoding: string }> = [];
  let lastEncoding = '';
  SECTION.lastIndex = 0;
  for (let m = SECTION.exec(text); m; m = SECTION.exec(text)) {
    const encoding = m[1] !== undefined ? m[1].toLowerCase() : '';
    const piece = m[1] !== undefined ? decodeWordBytes(m[2]!, m[3]!) : m[4]!;
    const last = sections[sections.length - 1];
    if (last && encoding === lastEncoding) last.text += piece;
    else sections.push({ text: piece, encoding });
    lastEncoding = encoding;
  }
  let out = '';
  for (const s of sections) {
    // RFC 2231 language suffix: =?US-ASCII*EN?Q?...?=
    const charset = s.encoding.replace(/\*[\s\S]*$/, '');
    out += charset === '' ? s.text : normalizeToUtf8(s.text, charset, true);
  }
  return out;
}

/**
 * `Node::_decode_header($body, $name)`: the decoded body as UTF-8 octets, without a trailing
 * newline. `name` only matters for the exemption list; SA passes `PMS:get:<request>` when it
 * decodes a display name for `:name`, which is never exempt.
 */
export function decodeHeader(body: string, name: string): string {
  if (body === '') return '';
  let s = body.replace(/\n[ \t]/g, '\n ').replace(/\r?\n/g, '');
  if (hasHighChars(s)) s = normalizeToUtf8(s, 'UTF-8', false);
  if (NOT_MIME_DECODED.test(name)) return s;
  if (s.includes('=?')) s = decodeEncodedWords(s);
  return s;
}

/** The value `Node::header` stores for a raw field value: unfolded, trimmed, decoded. */
export function decodedHeaderValue(raw: string, name: string): string {
  return decodeHeader(unfoldHeaderValue(raw), name);
}
