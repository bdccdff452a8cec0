/**
 * Content-Transfer-Encoding decoders with SpamAssassin's exact quirks
 * (`Mail::SpamAssassin::Util::qp_decode` and `Util::base64_decode`).
 *
 * Generic decoders (libmime, Buffer) differ from SA on malformed input — which is what spam
 * sends — so both are written out here. Input and output are binary strings.
 *
 * Both run in one or two linear passes: SA's own substitutions (`s/(=+)(?!=*$)/.../ge`,
 * `s/[ \t]+(?=\r?\n)//g`) rescan the rest of the text from every match position, which in
 * JS is quadratic (and worse) on long runs of `=` or blanks — issue #8 measured 29 s for a
 * part holding 8,000 `=`. Bytes are collected in a Buffer and read back as `latin1`, never
 * in a number[] (8 bytes per byte plus a spread per slice).
 */

/**
 * Removes `[ \t]+` right before every `\r?\n`, as `qp_decode`'s `s/[ \t]+(?=\r?\n)//g`: one
 * pass over the line ends, scanning back over each line's blanks only (they stop at the line
 * start), so the work is linear in the input.
 */
function trimBlanksBeforeLineEnds(s: string): string {
  const parts: string[] = [];
  let from = 0;
  let lineStart = 0;
  for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', nl + 1)) {
    // A single CR may sit between the blanks and the LF (`\r?\n`).
    const end = nl > lineStart && s.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
    let k = end;
    while (k > lineStart && (s.charCodeAt(k - 1) === 0x20 || s.charCodeAt(k - 1) === 0x09)) k--;
    if (k < end) {
      parts.push(s.slice(from, k));
      from = end;
    }
    lineStart = nl + 1;
  }
  if (from === 0) return s;
  parts.push(s.slice(from));
  return parts.join('');
}

/**
 * Quoted-printable decoding as `Util::qp_decode`: trailing blanks before a line end are
 * deleted, soft line breaks (`=` before CRLF/LF) removed, then every `=XX` (upper- or
 * lower-case hex) becomes its byte. Anything else (a lone `=`, `=ZZ`) stays as is. The
 * three steps apply in turn, so `=4=\n1` still decodes to `A`, as in SA.
 */
export function qpDecode(input: string): string {
  return decodeQpEscapes(trimBlanksBeforeLineEnds(input).replace(/=\r?\n/g, ''));
}

/** Hex digit value of a char code, -1 for others. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/**
 * `s/=([0-9a-fA-F]{2})/chr(hex($1))/ge` in one pass into a byte buffer (a replace callback
 * per escape is several times slower on large parts). Input with characters above 0xFF
 * (not a binary string) takes the regex, which keeps them as they are.
 */
function decodeQpEscapes(s: string): string {
  if (s.indexOf('=') < 0) return s;
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return s.replace(/=([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (c === 0x3d && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hi < 0 ? -1 : hexValue(s.charCodeAt(i + 2));
      if (lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = c;
  }
  return out.toString('latin1', 0, n);
}

/** Base64 alphabet value of each byte, -1 for others. */
const B64_VALUES = (() => {
  const t = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

const EQ = 0x3d;

/**
 * Bytes `[0, n)` of `out` as a binary string, cut to `maxBytes` when given (SA's
 * `substr $decoded, 0, $bytes`).
 */
function finish(out: Buffer, n: number, maxBytes: number | undefined): string {
  const len = maxBytes === undefined ? n : Math.max(0, Math.min(n, Math.trunc(maxBytes)));
  return out.toString('latin1', 0, len);
}

/**
 * The MIME::Base64 branch of `base64_decode`, for input (whitespace removed) that is a
 * multiple of 4 long and made only of the alphabet and `=`.
 *
 * SA first rewrites every run of `=` that does not reach the end to as many `A`s
 * (`s/(=+)(?!=*$)/'A' x length($1)/ge`), so only the trailing run is padding: an `=`
 * before index `tail` reads as value 0. `decode_base64` then takes groups of four; a group
 * with padding in position 0 or 1 ends decoding, in position 2 gives one byte, in position
 * 3 two bytes, and decoding stops there.
 */
function decodeMimeBase64(s: string, maxBytes: number | undefined): string {
  let tail = s.length;
  while (tail > 0 && s.charCodeAt(tail - 1) === EQ) tail--;
  const limit = maxBytes === undefined ? Infinity : maxBytes;
  const out = Buffer.allocUnsafe(Math.min((s.length / 4) * 3, Math.max(0, limit) + 3));
  const value = (i: number): number => {
    const c = s.charCodeAt(i);
    return c === EQ ? 0 : B64_VALUES[c]!;
  };
  let n = 0;
  for (let i = 0; i + 4 <= s.length && n < limit; i += 4) {
    if (i + 1 >= tail) break; // padding in position 0 or 1
    const v = (value(i) << 18) | (value(i + 1) << 12);
    out[n++] = (v >> 16) & 0xff;
    if (i + 2 >= tail) break;
    const w = v | (value(i + 2) << 6);
    out[n++] = (w >> 8) & 0xff;
    if (i + 3 >= tail) break;
    out[n++] = (w | value(i + 3)) & 0xff;
  }
  return finish(out, n, maxBytes);
}

/**
 * SA's uudecode branch of `base64_decode`, for input (whitespace removed) that MIME::Base64
 * is not trusted with: non-alphabet characters dropped (`tr{A-Za-z0-9+/=}{}cd`), the
 * trailing `=` run removed, an inner `=` read as value 63 (the `tr` to the uuencode
 * alphabet maps it like `/`), a dangling single character discarded. A trailing group of 2
 * or 3 values yields 1 or 2 bytes, as Perl's `unpack "u"` does.
 */
function decodeUuBase64(s: string, maxBytes: number | undefined): string {
  // The alphabet values of the kept characters, in a byte array (each is 0..63).
  const values = new Uint8Array(s.length);
  let len = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === EQ) values[len++] = 63;
    else if (c < 256 && B64_VALUES[c]! >= 0) values[len++] = B64_VALUES[c]!;
  }
  // s/=+$//: the trailing `=` (now 63s) are the ones after the last other character.
  let end = len;
  for (let i = s.length - 1; i >= 0 && end > 0; i--) {
    const c = s.charCodeAt(i);
    if (c === EQ) end--;
    else if (c < 256 && B64_VALUES[c]! >= 0) break;
  }
  if (end % 4 === 1) end--;
  const limit = maxBytes === undefined ? Infinity : maxBytes;
  const out = Buffer.allocUnsafe(Math.min(Math.ceil((end / 4) * 3), Math.max(0, limit) + 3));
  let n = 0;
  let i = 0;
  for (; i + 4 <= end && n < limit; i += 4) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | (values[i + 2]! << 6) | values[i + 3]!;
    out[n++] = (v >> 16) & 0xff;
    out[n++] = (v >> 8) & 0xff;
    out[n++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2 && n < limit) {
    const v = (values[i]! << 18) | (values[i + 1]! << 12) | ((rest === 3 ? values[i + 2]! : 0) << 6);
    out[n++] = (v >> 16) & 0xff;
    if (rest === 3) out[n++] = (v >> 8) & 0xff;
  }
  return finish(out, n, maxBytes);
}

/**
 * Base64 decoding as `Util::base64_decode`.
 *
 * After removing whitespace (`s/\s+//g`), input that is a multiple of 4 long and made only
 * of the base64 alphabet and `=` goes to MIME::Base64 with every run of `=` that is not
 * trailing read as `A`s (value 0); decoding stops at the first group holding padding.
 * Anything else takes SA's uudecode path (see {@link decodeUuBase64}). Linear in the input.
 *
 * @param maxBytes when given, only that many decoded bytes are returned (SA's `$bytes`);
 *   decoding stops once they are there.
 */
export function base64Decode(input: string, maxBytes?: number): string {
  const s = input.replace(/[\t\n\x0b\f\r ]+/g, '');
  if (s.length % 4 === 0 && s.length >= 2 && isAlphabetOrEq(s)) return decodeMimeBase64(s, maxBytes);
  return decodeUuBase64(s, maxBytes);
}

/** Whether every character is in the base64 alphabet or `=` (SA's `m|^[A-Za-z0-9+/=]{2,}...$|`). */
function isAlphabetOrEq(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== EQ && (c >= 256 || B64_VALUES[c]! < 0)) return false;
  }
  return true;
}
