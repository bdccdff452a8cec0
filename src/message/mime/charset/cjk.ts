/**
 * CJK decoding that follows Perl's Encode rather than iconv-lite where they differ:
 * strict double-byte decoding against the plain national tables (with the generated
 * overrides of {@link dbcsOverrides}) and ISO-2022-JP the way Encode::JP::JIS7 does it.
 */
import iconv from 'iconv-lite';
import { binaryToBuffer } from '../binary.js';
import { dbcsOverrides } from './cjk-overrides.js';
import type { CharsetDecoder } from './charset-decoder.js';

/**
 * Perl's CJK tables are the plain national sets (GB 2312, KS X 1001, JIS X 0208, Big5 with
 * ETEN) while iconv-lite reads those labels as Microsoft supersets (GBK, UHC, CP932, HKSCS).
 * Strict decoding therefore first checks that every double-byte pair lies in the plain set's
 * byte ranges, decodes with the closest iconv-lite table, and refuses private-use results
 * (vendor user-defined areas Perl does not map). Rare characters of Perl's tables that the
 * iconv-lite table lacks remain a known gap.
 */
/** Byte structure of one double-byte charset and the iconv-lite table read for it. */
export interface DbcsRule {
  iconv: string;
  lead: (b: number) => boolean;
  trail: (b: number) => boolean;
  /** Single bytes Perl's Microsoft tables map (best-fit) where iconv-lite has none. */
  singles?: Record<number, number>;
}

const inRange = (lo: number, hi: number) => (b: number) => b >= lo && b <= hi;
const EUC_BYTE = inRange(0xa1, 0xfe);
/** The double-byte charsets decoded structurally, by Perl canonical name. */
export const DBCS_RULES: Record<string, DbcsRule> = {
  'euc-cn': { iconv: 'cp936', lead: inRange(0xa1, 0xf7), trail: EUC_BYTE },
  'euc-kr': { iconv: 'cp949', lead: inRange(0xa1, 0xfd), trail: EUC_BYTE },
  'big5-eten': { iconv: 'cp950', lead: inRange(0xa1, 0xf9), trail: (b) => (b >= 0x40 && b <= 0x7e) || EUC_BYTE(b) },
  shiftjis: {
    iconv: 'cp932',
    lead: (b) => (b >= 0x81 && b <= 0x84) || (b >= 0x88 && b <= 0x9f) || (b >= 0xe0 && b <= 0xea),
    trail: (b) => b >= 0x40 && b <= 0xfc && b !== 0x7f,
  },
  // 0x8E introduces a half-width kana, 0x8F a JIS X 0212 pair (three bytes in all).
  'euc-jp': { iconv: 'euc-jp', lead: (b) => EUC_BYTE(b) || b === 0x8e || b === 0x8f, trail: EUC_BYTE },
  cp936: { iconv: 'cp936', lead: inRange(0x81, 0xfe), trail: inRange(0x40, 0xfe), singles: { 0x80: 0x20ac, 0xff: 0xf8f5 } },
  cp949: { iconv: 'cp949', lead: inRange(0x81, 0xfe), trail: inRange(0x41, 0xfe), singles: { 0x80: 0x80, 0xff: 0xf8f7 } },
  cp950: { iconv: 'cp950', lead: inRange(0x81, 0xfe), trail: inRange(0x40, 0xfe), singles: { 0x80: 0x80, 0xff: 0xf8f8 } },
  cp932: {
    iconv: 'cp932',
    lead: (b) => (b >= 0x81 && b <= 0x84) || (b >= 0x87 && b <= 0x9f) || (b >= 0xe0 && b <= 0xea) || b === 0xed || b === 0xee || (b >= 0xf0 && b <= 0xfc),
    trail: inRange(0x40, 0xfc),
    singles: { 0x80: 0x80, 0xa0: 0xf8f0, 0xfd: 0xf8f1, 0xfe: 0xf8f2, 0xff: 0xf8f3 },
  },
};

/** Encodings where a lone byte 0xA1..0xDF is a character (half-width katakana). */
const SJIS_LIKE = new Set(['shiftjis', 'cp932']);

/**
 * Strict table decoding: every high byte must start a pair allowed by the rule (SJIS
 * half-width kana and the rule's best-fit single bytes excepted); a final lone lead byte is
 * left unconsumed as Perl's table decoders do with a partial character (no error).
 * Returns undefined when the structure is invalid or a character is unmapped.
 */
export function decodeDbcsStrict(bin: string, rule: DbcsRule, name: string): string | undefined {
  const overrides = dbcsOverrides(name);
  let out = '';
  let runStart = 0;
  const flush = (end: number): boolean => {
    if (end <= runStart) return true;
    const text = iconv.decode(binaryToBuffer(bin.slice(runStart, end)), rule.iconv);
    if (text.includes('\ufffd')) return false;
    // Vendor user-defined areas decode to private-use characters the plain tables lack
    // (those Perl does map are in the overrides).
    if (!name.startsWith('cp') && /[\ue000-\uf8ff]/.test(text)) return false;
    out += text;
    return true;
  };
  for (let i = 0; i < bin.length; i++) {
    const c = bin.charCodeAt(i);
    if (c < 0x80) continue;
    if (SJIS_LIKE.has(name) && c >= 0xa1 && c <= 0xdf) continue;
    const single = rule.singles?.[c];
    if (single !== undefined) {
      if (!flush(i)) return undefined;
      out += String.fromCharCode(single);
      runStart = i + 1;
      continue;
    }
    if (!rule.lead(c)) return undefined;
    const width = name === 'euc-jp' && c === 0x8f ? 3 : 2;
    if (i + width > bin.length) {
      if (!flush(i)) return undefined;
      runStart = bin.length;
      break;
    }
    const t = bin.charCodeAt(i + 1);
    if (width === 3) {
      if (!rule.trail(t) || !rule.trail(bin.charCodeAt(i + 2))) return undefined;
      i += 2;
      continue;
    }
    if (name === 'euc-jp' && c === 0x8e && !(t >= 0xa1 && t <= 0xdf)) return undefined;
    const o = overrides.get(c * 256 + t);
    if (o === null) return undefined;
    if (o !== undefined) {
      if (!flush(i)) return undefined;
      out += String.fromCodePoint(o);
      runStart = i + 2;
    } else if (!rule.trail(t)) {
      return undefined;
    }
    i++;
  }
  if (!flush(bin.length)) return undefined;
  return out;
}

const mappedRows = new Map<string, Uint8Array>();

/**
 * Whether a lead byte starts any character in the table: Encode's decoder walks a byte trie,
 * so a lead byte whose row is empty (e.g. EUC-KR 0xAD-0xAF) is one bad byte even at the end
 * of the text, while a cut-off lead byte of a populated row is silently left over.
 */
function rowIsMapped(rule: DbcsRule, name: string, lead: number): boolean {
  let rows = mappedRows.get(name);
  if (!rows) {
    rows = new Uint8Array(256);
    for (let a = 0x80; a <= 0xff; a++) {
      if (!rule.lead(a)) continue;
      for (let t = 0x40; t <= 0xfe && !rows[a]; t++) {
        const probe = name === 'euc-jp' && a === 0x8f ? String.fromCharCode(a, t, t) : String.fromCharCode(a, t);
        const text = decodeDbcsStrict(probe, rule, name);
        if (text !== undefined && text !== '') rows[a] = 1;
      }
    }
    mappedRows.set(name, rows);
  }
  return rows[lead] === 1;
}

/**
 * Lossy table decoding as Perl's Encode does it without FB_CROAK (SA decodes RFC 2047 words
 * this way, `_normalize` "insisting on the declared charset"): a byte that starts no valid
 * character becomes one U+FFFD and decoding resumes at the *next* byte; a valid lead byte cut
 * off by the end of the text is dropped silently. Each character is judged by the same rules
 * and tables as {@link decodeDbcsStrict}, so both modes agree on what is valid.
 */
export function decodeDbcsLossy(bin: string, rule: DbcsRule, name: string): string {
  // Fast path: valid text that does not end in a (possibly cut-off) high byte.
  const whole = bin.length > 0 && bin.charCodeAt(bin.length - 1) < 0x80 ? decodeDbcsStrict(bin, rule, name) : undefined;
  if (whole !== undefined) return whole;
  let out = '';
  let i = 0;
  while (i < bin.length) {
    const c = bin.charCodeAt(i);
    if (c < 0x80) {
      out += bin[i++];
      continue;
    }
    const lead = rule.singles?.[c] === undefined && !(SJIS_LIKE.has(name) && c >= 0xa1 && c <= 0xdf) && rowIsMapped(rule, name, c);
    const width = lead ? (name === 'euc-jp' && c === 0x8f ? 3 : 2) : 1;
    if (lead && i + width > bin.length) break;
    const one = decodeDbcsStrict(bin.slice(i, i + width), rule, name);
    if (one !== undefined && one !== '') {
      out += one;
      i += width;
    } else {
      out += '\ufffd';
      i++;
    }
  }
  return out;
}

/**
 * EUC-JP decoding with Encode's FB_PERLQQ fallback: a byte that does not start a valid
 * character becomes the text `\xHH` and decoding resumes at the next byte.
 */
function decodeEucJpPerlqq(bin: string): string {
  const euc = (b: number) => b >= 0xa1 && b <= 0xfe;
  const one = (s: string) => decodeDbcsStrict(s, DBCS_RULES['euc-jp']!, 'euc-jp') ?? '\ufffd';
  let out = '';
  for (let i = 0; i < bin.length; ) {
    const c = bin.charCodeAt(i);
    if (c < 0x80) {
      out += bin[i++];
      continue;
    }
    const c1 = bin.charCodeAt(i + 1);
    let unit: string | undefined;
    if (c === 0x8e && c1 >= 0xa1 && c1 <= 0xdf) unit = bin.slice(i, i + 2);
    else if (c === 0x8f && euc(c1) && euc(bin.charCodeAt(i + 2))) unit = bin.slice(i, i + 3);
    else if (euc(c) && euc(c1)) unit = bin.slice(i, i + 2);
    const text = unit !== undefined ? one(unit) : '\ufffd';
    if (unit !== undefined && !text.includes('\ufffd')) {
      out += text;
      i += unit.length;
    } else {
      out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
      i++;
    }
  }
  return out;
}

// Encode::JP::JIS7's $re_scan_jis: a known escape sequence and the text up to the next ESC.
const JIS_SCAN = /(?:(\x1b\$\(D)|\x1b\$@|\x1b\$B|\x1b&@\x1b\$B|(\x1b\([BJ])|(\x1b\(I))([^\x1b]*)/g;

/**
 * ISO-2022-JP (and 7bit-jis) as Encode::JP::JIS7 decodes it: with any CHECK argument —
 * SA always passes one, at least LEAVE_SRC — everything from the first 8-bit byte on is
 * silently left over (not an error!), escape-switched runs are turned into EUC-JP, anything
 * from an unknown escape on is dropped, and the EUC-JP is decoded with FB_PERLQQ. It
 * therefore never fails.
 */
export function iso2022jp(name: string): CharsetDecoder {
  return {
    name,
    decode(bin) {
      let str = bin;
      const high = str.search(/[^\x00-\x7f]/);
      if (high >= 0) str = str.slice(0, high);
      str = str.replace(JIS_SCAN, (_m, e0212: string | undefined, eAsc: string | undefined, eKana: string | undefined, chunk: string) => {
        if (eAsc) return chunk;
        let c = chunk.replace(/[\x21-\x7e]/g, (x) => String.fromCharCode(x.charCodeAt(0) + 0x80));
        if (eKana) c = c.replace(/[\xa1-\xdf]/g, '\x8e$&');
        else if (e0212) c = c.replace(/[\xa1-\xfe][\xa1-\xfe]/g, '\x8f$&');
        return c;
      });
      const esc = str.indexOf('\x1b');
      if (esc >= 0) str = str.slice(0, esc);
      return decodeEucJpPerlqq(str);
    },
  };
}

