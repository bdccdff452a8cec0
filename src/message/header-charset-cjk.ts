/**
 * Lossy decoding of East Asian charsets the way Perl's Encode does it for RFC 2047 words
 * (SA decodes encoded words without FB_CROAK): a byte that starts no valid character becomes
 * one U+FFFD and decoding resumes at the *next* byte; a character cut off by the end of the
 * text is dropped silently. iconv-lite supplies the character tables (WHATWG/vendor supersets
 * of Perl's: a known gap for code points only the supersets define, e.g. GBK additions
 * inside GB2312 rows, or Perl's private-use mappings); the byte structure below is Perl's.
 */

import iconv from 'iconv-lite';

type Range = readonly [number, number];
interface DoubleByte {
  /** iconv-lite name of the table. */
  readonly table: string;
  readonly lead: readonly Range[];
  readonly trail: readonly Range[];
  /** Single high bytes that are characters by themselves (Shift_JIS half-width kana). */
  readonly single?: Range;
}

const inRanges = (b: number, ranges: readonly Range[]): boolean => ranges.some(([lo, hi]) => b >= lo && b <= hi);

/** Byte structure of the double-byte charsets, by Encode canonical name. */
const DOUBLE_BYTE: Record<string, DoubleByte> = {
  'euc-cn': { table: 'gb2312', lead: [[0xa1, 0xf7]], trail: [[0xa1, 0xfe]] },
  cp936: { table: 'cp936', lead: [[0x81, 0xfe]], trail: [[0x40, 0x7e], [0x80, 0xfe]] },
  'big5-eten': { table: 'big5', lead: [[0xa1, 0xf9]], trail: [[0x40, 0x7e], [0xa1, 0xfe]] },
  'big5-hkscs': { table: 'big5hkscs', lead: [[0x81, 0xfe]], trail: [[0x40, 0x7e], [0xa1, 0xfe]] },
  cp950: { table: 'cp950', lead: [[0x81, 0xfe]], trail: [[0x40, 0x7e], [0xa1, 0xfe]] },
  'euc-kr': { table: 'euc-kr', lead: [[0xa1, 0xfe]], trail: [[0xa1, 0xfe]] },
  cp949: { table: 'cp949', lead: [[0x81, 0xfe]], trail: [[0x41, 0x5a], [0x61, 0x7a], [0x81, 0xfe]] },
  shiftjis: { table: 'shift_jis', lead: [[0x81, 0x9f], [0xe0, 0xef]], trail: [[0x40, 0x7e], [0x80, 0xfc]], single: [0xa1, 0xdf] },
  cp932: { table: 'cp932', lead: [[0x81, 0x9f], [0xe0, 0xfc]], trail: [[0x40, 0x7e], [0x80, 0xfc]], single: [0xa1, 0xdf] },
};

function decodeUnit(unit: string, table: string): string {
  return iconv.decode(Buffer.from(unit, 'latin1'), table);
}

/**
 * Lossy decode of a double-byte charset named by its Encode canonical name; undefined when
 * the charset is not one of them.
 */
export function decodeDoubleByteLossy(name: string, bin: string): string | undefined {
  if (name === 'euc-jp') return decodeEucJp(bin, '\ufffd');
  const cs = DOUBLE_BYTE[name];
  if (!cs) return undefined;
  let out = '';
  let i = 0;
  while (i < bin.length) {
    const b = bin.charCodeAt(i);
    if (b < 0x80) {
      out += bin[i++];
      continue;
    }
    if (cs.single && b >= cs.single[0] && b <= cs.single[1]) {
      out += decodeUnit(bin[i]!, cs.table);
      i++;
      continue;
    }
    if (inRanges(b, cs.lead)) {
      if (i + 1 >= bin.length) break;
      if (inRanges(bin.charCodeAt(i + 1), cs.trail)) {
        const ch = decodeUnit(bin.slice(i, i + 2), cs.table);
        if (!ch.includes('\ufffd')) {
          out += ch;
          i += 2;
          continue;
        }
      }
    }
    out += '\ufffd';
    i++;
  }
  return out;
}

/**
 * EUC-JP (JIS X 0208, 0x8E half-width kana, 0x8F JIS X 0212): `bad` replaces a byte that
 * starts no valid character (U+FFFD, or `\\xHH` under FB_PERLQQ).
 */
function decodeEucJp(bin: string, bad: string | ((b: number) => string)): string {
  let out = '';
  let i = 0;
  while (i < bin.length) {
    const b = bin.charCodeAt(i);
    if (b < 0x80) {
      out += bin[i++];
      continue;
    }
    const len = b === 0x8f ? 3 : 2;
    // a lead byte cut off by the end of the text is dropped; any other bad byte is replaced
    if (i + len > bin.length && (b === 0x8e || b === 0x8f || b >= 0xa1) && b !== 0xff) break;
    const unit = bin.slice(i, i + len);
    const inRange = [...unit.slice(b === 0x8e || b === 0x8f ? 1 : 0)].every((ch) => ch.charCodeAt(0) >= 0xa1 && ch.charCodeAt(0) <= 0xfe);
    const text = inRange && (b === 0x8e || b === 0x8f || b >= 0xa1) ? decodeUnit(unit, 'eucjp') : '\ufffd';
    if (text.includes('\ufffd')) {
      out += typeof bad === 'string' ? bad : bad(b);
      i++;
    } else {
      out += text;
      i += len;
    }
  }
  return out;
}

/**
 * Encode::JP::JIS7 `decode($str, LEAVE_SRC)`: everything from the first 8-bit byte on is
 * dropped (the "residue"), escape-delimited chunks are rewritten to EUC-JP, an unknown trailing
 * escape is dropped, then the EUC-JP text is decoded with FB_PERLQQ (`\xHH` for bad bytes).
 */
export function decodeIso2022Jp(bin: string): string {
  const cut = bin.search(/[\x80-\xff]/);
  let s = cut >= 0 ? bin.slice(0, cut) : bin;
  s = s.replace(/(?:(\x1b\$\(D)|\x1b\$@|\x1b\$B|\x1b&@\x1b\$B|(\x1b\([BJ])|(\x1b\(I))([^\x1b]*)/g,
    (_m, j0212: string | undefined, asc: string | undefined, kana: string | undefined, chunk: string) => {
      if (asc) return chunk;
      let c = chunk.replace(/[\x21-\x7e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x80));
      if (kana) c = c.replace(/[\xa1-\xdf]/g, '\x8e$&');
      else if (j0212) c = c.replace(/[\xa1-\xfe][\xa1-\xfe]/g, '\x8f$&');
      return c;
    });
  s = s.replace(/\x1b[\s\S]*$/, '');
  return decodeEucJp(s, (b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`);
}
