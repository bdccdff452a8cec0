/**
 * Byte-to-character decoders standing in for Perl's Encode objects, in the two modes SA
 * uses: strict (`FB_CROAK`: any invalid byte fails the whole decode) and lossy (invalid
 * bytes become U+FFFD).
 *
 * Single-byte tables come from iconv-lite, whose tables match Perl's Encode byte for byte
 * for every ISO-8859-x, Windows-125x, KOI8 and DOS code page (checked against Perl);
 * a byte Perl leaves undefined decodes to U+FFFD there, which is how strictness is judged.
 * Multi-byte CJK charsets go through iconv-lite too (its GB2312/EUC-KR/Big5 tables are the
 * vendor supersets, a known small gap); ISO-2022-JP, which iconv-lite lacks, is converted
 * to EUC-JP here.
 */
import iconv from 'iconv-lite';
import { binaryToBuffer, utf8DecodeStrict } from '../binary.js';
import { perlEncodingName } from './encoding-names.js';
import { DBCS_RULES, decodeDbcsLossy, decodeDbcsStrict, iso2022jp } from './cjk.js';
import type { CharsetDecoder } from './charset-decoder.js';

/**
 * A decoder over an iconv-lite table: single-byte pages directly, the double-byte charsets
 * through Perl's byte structure ({@link decodeDbcsStrict}, {@link decodeDbcsLossy}).
 */
function iconvDecoder(name: string, iconvName: string): CharsetDecoder {
  const rule = DBCS_RULES[name];
  return {
    name,
    decode(bin, strict) {
      if (rule) return strict ? decodeDbcsStrict(bin, rule, name) : decodeDbcsLossy(bin, rule, name);
      const text = iconv.decode(binaryToBuffer(bin), iconvName);
      if (strict && text.includes('\ufffd')) return undefined;
      return text;
    },
  };
}

const ascii: CharsetDecoder = {
  name: 'ascii',
  decode(bin, strict) {
    if (!/[^\x00-\x7f]/.test(bin)) return bin;
    return strict ? undefined : bin.replace(/[^\x00-\x7f]/g, '\ufffd');
  },
};

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
 * unit too; a stray continuation byte is its own unit. (WHATWG decoders, Node's included,
 * split such sequences differently, hence our own.)
 */
export function decodeUtf8Lossy(bin: string): string {
  const whole = utf8DecodeStrict(bin);
  if (whole !== undefined) return whole;
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
    const ok = need > 1 && j - i === need ? utf8DecodeStrict(bin.slice(i, j)) : undefined;
    out += ok ?? '\ufffd';
    i = j;
  }
  return out;
}

const utf8Strict: CharsetDecoder = {
  name: 'utf-8-strict',
  decode: (bin, strict) => (strict ? utf8DecodeStrict(bin) : decodeUtf8Lossy(bin)),
};

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lax: CharsetDecoder = {
  name: 'utf8',
  decode(bin, strict) {
    try {
      return fatalUtf8.decode(binaryToBuffer(bin));
    } catch {
      return strict ? undefined : binaryToBuffer(bin).toString('utf8');
    }
  },
};

/**
 * UTF-16/UTF-32/UCS-2 without BOM handling, as Encode::Unicode's fixed-endian variants:
 * strict mode fails on a partial character, an unpaired surrogate or U+FFFE/U+FFFF.
 *
 * Code units go into a buffer as UTF-16LE bytes, read back in one step: a string per
 * character in an array cost seconds and hundreds of MB on a large part.
 */
export function decodeUnicodeUnits(bin: string, unit: 2 | 4, bigEndian: boolean, strict: boolean, surrogates = true): string | undefined {
  const n = bin.length - (bin.length % unit);
  if (n !== bin.length && strict) return undefined;
  const read = (i: number): number => {
    let v = 0;
    for (let k = 0; k < unit; k++) {
      const b = bin.charCodeAt(bigEndian ? i + k : i + unit - 1 - k);
      v = v * 256 + b;
    }
    return v;
  };
  // At most two code units per input unit (a UTF-32 astral character), plus a final U+FFFD.
  const out = Buffer.allocUnsafe(((n / unit) * (unit === 4 ? 2 : 1) + 1) * 2);
  let len = 0;
  const put = (u: number): void => {
    out[len++] = u & 0xff;
    out[len++] = u >> 8;
  };
  for (let i = 0; i < n; i += unit) {
    let cp = read(i);
    if (unit === 2 && surrogates && cp >= 0xd800 && cp <= 0xdbff) {
      const lo = i + 2 < n ? read(i + 2) : -1;
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i += 2;
      } else {
        if (strict) return undefined;
        cp = 0xfffd;
      }
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      if (strict) return undefined;
      cp = 0xfffd;
    }
    if (cp === 0xfffe || cp === 0xffff || cp > 0x10ffff) {
      if (strict) return undefined;
      cp = 0xfffd;
    }
    if (cp >= 0x10000) {
      put(0xd800 + ((cp - 0x10000) >> 10));
      put(0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
      put(cp);
    }
  }
  if (n !== bin.length) put(0xfffd);
  return out.toString('utf16le', 0, len);
}

function unicodeDecoder(name: string, unit: 2 | 4, bigEndian: boolean, surrogates: boolean): CharsetDecoder {
  return { name, decode: (bin, strict) => decodeUnicodeUnits(bin, unit, bigEndian, strict, surrogates) };
}

/** `UTF-16`/`UTF-32` (BOM required by Perl; without one a strict decode croaks). */
function bomDecoder(name: string, unit: 2 | 4): CharsetDecoder {
  return {
    name,
    decode(bin, strict) {
      const be = unit === 2 ? '\xfe\xff' : '\x00\x00\xfe\xff';
      const le = unit === 2 ? '\xff\xfe' : '\xff\xfe\x00\x00';
      if (bin.startsWith(be)) return decodeUnicodeUnits(bin.slice(unit), unit, true, strict);
      if (bin.startsWith(le)) return decodeUnicodeUnits(bin.slice(unit), unit, false, strict);
      return strict ? undefined : decodeUnicodeUnits(bin, unit, true, false);
    },
  };
}

/** Perl canonical names whose iconv-lite name differs from the lower-cased Perl one. */
const ICONV_NAME: Record<string, string> = {
  'big5-eten': 'big5', 'big5-hkscs': 'big5hkscs', 'euc-cn': 'gb2312', shiftjis: 'shift_jis',
  'hp-roman8': 'hproman8', MacCentralEurRoman: 'maccenteuro', MacIcelandic: 'maciceland',
  MacRomanian: 'macromania', MacUkrainian: 'macukraine',
};

const cache = new Map<string, CharsetDecoder | null>();

function build(name: string): CharsetDecoder | undefined {
  switch (name) {
    case 'ascii': return ascii;
    case 'utf-8-strict': return utf8Strict;
    case 'utf8': return utf8Lax;
    case 'UTF-16': return bomDecoder(name, 2);
    case 'UTF-32': return bomDecoder(name, 4);
    case 'UTF-16BE': return unicodeDecoder(name, 2, true, true);
    case 'UTF-16LE': return unicodeDecoder(name, 2, false, true);
    case 'UCS-2BE': return unicodeDecoder(name, 2, true, false);
    case 'UCS-2LE': return unicodeDecoder(name, 2, false, false);
    case 'UTF-32BE': return unicodeDecoder(name, 4, true, false);
    case 'UTF-32LE': return unicodeDecoder(name, 4, false, false);
    case 'UTF-7': return iconvDecoder(name, 'utf7');
    case 'iso-2022-jp':
    case 'iso-2022-jp-1':
    case '7bit-jis': return iso2022jp(name);
    default: {
      const iconvName = ICONV_NAME[name] ?? name.toLowerCase();
      return iconv.encodingExists(iconvName) ? iconvDecoder(name, iconvName) : undefined;
    }
  }
}

/** A decoder by Perl canonical name (e.g. `cp1252`, `utf-8-strict`), if we can decode it. */
export function decoderByPerlName(name: string): CharsetDecoder | undefined {
  let d = cache.get(name);
  if (d === undefined) {
    d = build(name) ?? null;
    cache.set(name, d);
  }
  return d ?? undefined;
}

/**
 * `Encode::find_encoding($label)` as a decoder. Labels Perl knows but we cannot decode
 * (EBCDIC pages, HZ, ISO-2022-KR, Johab, a few Mac pages) are reported as unknown, which
 * sends SA's logic down its Windows-1252 fallbacks — a documented gap.
 */
export function findDecoder(label: string): CharsetDecoder | undefined {
  const name = perlEncodingName(label);
  return name === undefined ? undefined : decoderByPerlName(name);
}

/** The Windows-1252 decoder SA keeps as `$enc_w1252`. */
export const windows1252 = decoderByPerlName('cp1252')!;
/** The strict UTF-8 decoder SA keeps as `$enc_utf8`. */
export const strictUtf8 = utf8Strict;
