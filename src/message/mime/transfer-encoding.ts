/**
 * Content-Transfer-Encoding decoders with SpamAssassin's exact quirks
 * (`Mail::SpamAssassin::Util::qp_decode` and `Util::base64_decode`).
 *
 * Generic decoders (libmime, Buffer) differ from SA on malformed input — which is what spam
 * sends — so both are written out here. Input and output are binary strings.
 */

import { trimEndOf } from './binary.js';

/**
 * Quoted-printable decoding as `Util::qp_decode`: trailing blanks before a line end are
 * deleted, soft line breaks (`=` before CRLF/LF) removed, then every `=XX` (upper- or
 * lower-case hex) becomes its byte. Anything else (a lone `=`, `=ZZ`) stays as is.
 */
export function qpDecode(input: string): string {
  // s/[ \t]+(?=\r?\n)//g, line by line (the regex is quadratic on long blank runs)
  const lines = input.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!;
    lines[i] = l.endsWith('\r') ? trimEndOf(l.slice(0, -1), ' \t') + '\r' : trimEndOf(l, ' \t');
  }
  return lines
    .join('\n')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const B64_VALUES = (() => {
  const t = new Int16Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

/**
 * Decodes groups of base64 values (0..63). `count` values are consumed; a trailing group of
 * 2 or 3 values yields 1 or 2 bytes, as both MIME::Base64 and Perl's `unpack "u"` do.
 */
function decodeValues(values: number[]): string {
  const out: number[] = [];
  let i = 0;
  for (; i + 4 <= values.length; i += 4) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6) | values[i + 3]!;
    out.push((v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  }
  const rest = values.length - i;
  if (rest >= 2) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | ((rest === 3 ? values[i + 2]! : 0) << 6);
    out.push((v >> 16) & 0xff);
    if (rest === 3) out.push((v >> 8) & 0xff);
  }
  return String.fromCharCode(...out);
}

/** `String.fromCharCode(...big)` overflows the stack; decode in slices. */
function decodeValuesChunked(values: number[]): string {
  const parts: string[] = [];
  const step = 4 * 8192;
  for (let i = 0; i < values.length; i += step) parts.push(decodeValues(values.slice(i, i + step)));
  return parts.join('');
}

/**
 * Base64 decoding as `Util::base64_decode`.
 *
 * After removing whitespace, input that is a multiple of 4 long and made only of the
 * base64 alphabet and `=` goes to MIME::Base64 with every run of `=` that is not trailing
 * read as `A`s (value 0); decoding stops at the first group holding padding. Anything else
 * takes SA's uudecode path: non-alphabet characters dropped, trailing `=` removed, an inner
 * `=` read as value 63 (the `tr` maps it like `/`), a dangling single character discarded.
 *
 * @param maxBytes when given, only that many decoded bytes are returned (SA's `$bytes`).
 */
export function base64Decode(input: string, maxBytes?: number): string {
  const s = input.replace(/[\t\n\x0b\f\r ]+/g, '');
  if (s.length % 4 === 0 && /^[A-Za-z0-9+/=]{2,}$/.test(s)) {
    const fixed = s.replace(/=+(?!=*$)/g, (m) => 'A'.repeat(m.length));
    const values: number[] = [];
    // MIME::Base64: groups of four; a group with '=' in position 0/1 ends decoding, '=' in
    // position 2 gives one byte, in position 3 two bytes, and decoding stops there.
    for (let i = 0; i + 4 <= fixed.length; i += 4) {
      const g = fixed.slice(i, i + 4);
      if (g[0] === '=' || g[1] === '=') break;
      if (g[2] === '=') {
        values.push(B64_VALUES[g.charCodeAt(0)]!, B64_VALUES[g.charCodeAt(1)]!);
        break;
      }
      if (g[3] === '=') {
        values.push(B64_VALUES[g.charCodeAt(0)]!, B64_VALUES[g.charCodeAt(1)]!, B64_VALUES[g.charCodeAt(2)]!);
        break;
      }
      for (let k = 0; k < 4; k++) values.push(B64_VALUES[g.charCodeAt(k)]!);
    }
    const out = decodeValuesChunked(values);
    return maxBytes !== undefined ? out.slice(0, maxBytes) : out;
  }

  let t = s.replace(/[^A-Za-z0-9+/=]+/g, '');
  t = trimEndOf(t, '=');
  if (t.length % 4 === 1) t = t.slice(0, -1);
  const values: number[] = new Array<number>(t.length);
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    values[i] = c === 0x3d ? 63 : B64_VALUES[c]!;
  }
  const out = decodeValuesChunked(values);
  return maxBytes !== undefined ? out.slice(0, maxBytes) : out;
}
