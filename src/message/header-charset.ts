/**
 * Charset normalisation of header text to UTF-8 octets, as SpamAssassin's
 * `Mail::SpamAssassin::Message::Node::_normalize($data, $charset, 0, $insist)` does it for
 * headers (`normalize_charset` on, no Encode::Detect::Detector installed — the Debian 4.0.1
 * setup this library mirrors).
 *
 * Inputs and outputs are binary strings (one char per byte). Charset names and most decoders
 * come from the MIME stage (`mime/charset/`, Perl Encode's aliases over iconv-lite); what is
 * here are the decodes whose *error* behaviour shows in header values and that differ from a
 * WHATWG-style decoder: Perl's lossy UTF-8 (one U+FFFD per malformed sequence, non-characters
 * refused), Windows-1252 with its five undefined bytes, and (header-charset-cjk.ts) Encode's
 * lossy East Asian decoders. RFC 2047 words are always decoded lossily ("insist on the
 * declared charset"), so these are the paths they take.
 */

import { hasHighChars, utf8DecodeStrict, utf8Encode } from './mime/binary.js';
import { detectUtf16 } from './mime/charset/normalize.js';
import { decoderByPerlName } from './mime/charset/decoders.js';
import { perlEncodingName } from './mime/charset/encoding-names.js';
import { decodeDoubleByteLossy, decodeIso2022Jp } from './header-charset-cjk.js';

/** Windows-1252 code points for 0x80..0x9F; -1 marks the bytes Encode's cp1252 leaves undefined. */
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1,
  0x017d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, -1, 0x017e, 0x0178,
];

/** Encode's `cp1252` decoder; strict mode fails (undefined) on an undefined byte, lossy gives U+FFFD. */
export function decodeCp1252(bin: string, strict: boolean): string | undefined {
  let out = '';
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if (c < 0x80 || c > 0x9f) {
      out += bin[i];
      continue;
    }
    const cp = CP1252_HIGH[c - 0x80]!;
    if (cp < 0) {
      if (strict) return undefined;
      out += '\ufffd';
    } else out += String.fromCharCode(cp);
  }
  return out;
}

/** How many bytes Perl's UTF8SKIP gives a start byte (FE/FF are Perl's extended forms). */
function utf8Skip(b: number): number {
  if (b < 0xc0) return 1;
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  if (b < 0xf8) return 4;
  if (b < 0xfc) return 5;
  if (b < 0xfe) return 6;
  return b === 0xfe ? 7 : 13;
}

/**
 * Encode's `UTF-8` decoder without FB_CROAK: each malformed unit becomes one U+FFFD, where a
 * unit is a start byte plus the continuation bytes that follow it (up to its expected length).
 * A complete but illegal sequence (overlong, surrogate, non-character, above U+10FFFF) is one
 * unit too; a stray continuation byte is its own unit.
 */
export function decodeUtf8Lossy(bin: string): string {
  let out = '';
  let i = 0;
  while (i < bin.length) {
    const b = bin.charCodeAt(i);
    if (b < 0x80) {
      out += bin[i++];
      continue;
    }
    const need = utf8Skip(b);
    let j = i + 1;
    while (j < bin.length && j - i < need && (bin.charCodeAt(j) & 0xc0) === 0x80) j++;
    const unit = bin.slice(i, j);
    const ok = need > 1 && j - i === need ? utf8DecodeStrict(unit) : undefined;
    out += ok ?? '\ufffd';
    i = j;
  }
  return out;
}

/**
 * Decodes with the charset `Encode::find_encoding($label)` names; strict mode returns
 * undefined on any malformed input. Alias resolution and most decoders are the MIME
 * stage's; the lossy UTF-8 and ISO-2022-JP decodes RFC 2047 words reach are Perl-exact here.
 */
function decodeDeclared(label: string, bin: string, strict: boolean): string | undefined | null {
  let name = perlEncodingName(label);
  // Encode has no GB18030 without Encode::HanExtra: SA falls back to GBK, a subset
  if (name === undefined && /^GB[ -]?18030(?:-20\d\d)?$/i.test(label)) name = 'cp936';
  if (name === undefined) return null;
  if (name === 'utf-8-strict') return strict ? utf8DecodeStrict(bin) : decodeUtf8Lossy(bin);
  if (name === 'cp1252') return decodeCp1252(bin, strict);
  if (name === 'iso-2022-jp' && !strict) return decodeIso2022Jp(bin);
  if (!strict) {
    const cjk = decodeDoubleByteLossy(name, bin);
    if (cjk !== undefined) return cjk;
  }
  const decoder = decoderByPerlName(name);
  return decoder ? decoder.decode(bin, strict) : null;
}

/** Bytes of ASCII plus NBSP, ©, SHY, Windows-1252 punctuation and Latin-1 letters (Bug 7656). */
const W1252_GUESSABLE = /^[\x00-\x7f\xa0\xa9\xad\x82\x84\x85\x91-\x97\x99\xc0-\xd6\xd8-\xde\xe0-\xf6\xf8-\xfe]*$/;

/**
 * `_normalize($data, $charset_declared, 0, $insist_on_declared_charset)`: the text as UTF-8
 * octets. Without `insist`, 8-bit data is first tried as strict UTF-8 and kept as is when valid;
 * with it (RFC 2047 words) the declared charset is decoded without FB_CROAK. All-ASCII data in
 * an ASCII-compatible charset is returned untouched; the last resort is lossy Windows-1252.
 */
export function normalizeToUtf8(data: string, charsetDeclared: string, insist: boolean): string {
  const cnt8 = hasHighChars(data);
  if (!cnt8 && /^(?:(?:US-)?ASCII|ANSI[_ ]?X3\.4-(?:1986|1968)|ISO646-US)$/i.test(charsetDeclared)) return data;
  if (
    !cnt8 &&
    /^(?:ISO[ -]?8859(?:-\d{1,2})?|Windows-\d{4}|UTF-?8|(KOI8|EUC)-[A-Z]{1,2}|Big5|GBK|GB[ -]?18030(?:-20\d\d)?)$/i.test(charsetDeclared)
  )
    return data;

  let rv: string | undefined;
  let triedUtf8 = false;
  if (cnt8 && !insist) {
    if (utf8DecodeStrict(data) !== undefined) return data;
    triedUtf8 = true;
  }

  if (/^(?:US-)?ASCII$/i.test(charsetDeclared) && !insist) {
    // 8-bit data declared ASCII: strict ASCII would fail anyway
  } else if (/^UTF[ -]?16/i.test(charsetDeclared)) {
    // SA returns the *undecoded* input when this succeeds and octets were asked for
    // (`return $_[0] if !$return_decoded`), so a UTF-16 header word stays UTF-16 bytes
    if (detectUtf16(data)?.decode(data, true) !== undefined) return data;
  } else if (/^(?:ISO-?8859-1|Windows-1252|CP1252)$/i.test(charsetDeclared)) {
    rv = decodeCp1252(data, !insist);
  } else if (/^UTF-?8$/i.test(charsetDeclared)) {
    if (!triedUtf8) rv = insist ? decodeUtf8Lossy(data) : utf8DecodeStrict(data);
  } else {
    rv = decodeDeclared(charsetDeclared, data, !insist) ?? undefined;
  }

  if (rv === undefined && !cnt8) return data;
  if (rv === undefined && W1252_GUESSABLE.test(data)) rv = decodeCp1252(data, true);
  if (rv === undefined) rv = decodeCp1252(data, false)!;
  return utf8Encode(rv);
}
