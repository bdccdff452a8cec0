/**
 * Entity decoding exactly as HTML::Parser's C `decode_entities` does it for SA: the
 * `dtext` of text events (with prefix expansion: `&ampx` gives `&x`) and attribute values
 * (without prefix expansion).
 *
 * Rules worth knowing: named references need no semicolon unless HTML::Entities keys them
 * with one (all the non-Latin-1 names); `&#0;`, `&#xFFFE;` and out-of-range numbers stay
 * literal; surrogates and non-characters become U+FFFD, except a high+low surrogate pair of
 * adjacent references which combines. Perl's utf8 flag is tracked: a non-utf8 string stays
 * octets for code points <= 0xFF and is upgraded by anything above.
 */
import { ENTITY_TO_CODE_POINT } from './entity-table.js';

/** A decoded string and whether Perl would now hold it utf8-flagged. */
export interface DecodedText {
  /** The text with references replaced. */
  text: string;
  /** Perl's utf8 flag after decoding. */
  utf8: boolean;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A hex digit's value. NUL counts as 0: the C code looks digits up with `strchr`, which
 * finds a NUL at the end of its digit string (so `&#x26\0` reads as 0x260).
 */
function hexValue(c: number): number {
  if (c === 0) return 0;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Perl's (ASCII) `isALNUM`: letters, digits and underscore. */
function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * Decodes character references in `text`.
 * @param utf8 whether the input is a utf8-flagged Perl string
 * @param expandPrefix true for text (`&ampfoo` -> `&foo`), false for attribute values
 */
export function decodeEntities(text: string, utf8: boolean, expandPrefix: boolean): DecodedText {
  if (!text.includes('&')) return { text, utf8 };
  const out: string[] = [];
  let flag = utf8;
  let high = 0;
  const end = text.length;
  let i = 0;
  while (i < end) {
    const ch = text.charCodeAt(i);
    if (ch !== 0x26) {
      // Copy a run of ordinary characters at once.
      const amp = text.indexOf('&', i);
      const stop = amp < 0 ? end : amp;
      out.push(text.slice(i, stop));
      i = stop;
      continue;
    }
    const entStart = i + 1;
    let s = entStart;
    let repl: string | undefined;
    let dropPrevious = false;
    if (s < end && text.charCodeAt(s) === 0x23) {
      let num = 0;
      let ok = false;
      s++;
      if (s < end && (text[s] === 'x' || text[s] === 'X')) {
        s++;
        while (s < end) {
          const v = hexValue(text.charCodeAt(s));
          if (v < 0) break;
          num = num * 16 + v;
          if (num > 0x10ffff) {
            ok = false;
            break;
          }
          s++;
          ok = true;
        }
      } else {
        while (s < end && isDigit(text.charCodeAt(s))) {
          num = num * 10 + (text.charCodeAt(s) - 0x30);
          if (num > 0x10ffff) {
            ok = false;
            break;
          }
          s++;
          ok = true;
        }
      }
      if (num && ok) {
        if (!flag && num <= 255) {
          repl = String.fromCharCode(num);
        } else if (num === 0xfffe || num === 0xffff) {
          // illegal: left as written
        } else {
          if ((num & 0xfffffc00) === 0xdc00) {
            if (high !== 0) {
              dropPrevious = true;
              num = ((high - 0xd800) << 10) + (num - 0xdc00) + 0x10000;
              high = 0;
            } else {
              num = 0xfffd;
            }
          } else if ((num & 0xfffffc00) === 0xd800) {
            high = num;
            num = 0xfffd;
          } else {
            high = 0;
            if ((num >= 0xfdd0 && num <= 0xfdef) || (num & 0xfffe) === 0xfffe || num > 0x10ffff) num = 0xfffd;
          }
          repl = String.fromCodePoint(num);
          flag = true;
        }
      }
    } else {
      const nameStart = s;
      while (s < end && isAlnum(text.charCodeAt(s))) s++;
      if (s !== nameStart) {
        const name = text.slice(nameStart, s);
        let cp = ENTITY_TO_CODE_POINT.get(name);
        if (cp === undefined && text[s] === ';') cp = ENTITY_TO_CODE_POINT.get(name + ';');
        if (cp === undefined && expandPrefix) {
          // The longest known name that is a prefix of what was written.
          for (let ss = s - 1; ss > nameStart; ss--) {
            const p = ENTITY_TO_CODE_POINT.get(text.slice(nameStart, ss));
            if (p !== undefined) {
              cp = p;
              s = ss;
              break;
            }
          }
        }
        if (cp !== undefined) {
          repl = String.fromCodePoint(cp);
          if (cp > 255) flag = true;
        }
      }
      high = 0;
    }

    if (repl !== undefined) {
      if (s < end && text[s] === ';') s++;
      if (text[s] !== '&') high = 0;
      if (dropPrevious && out.length > 0) {
        // Back over the U+FFFD the high surrogate produced.
        const last = out[out.length - 1]!;
        out[out.length - 1] = last.endsWith('\ufffd') ? last.slice(0, -1) : last.slice(0, -1);
      }
      out.push(repl);
    } else {
      out.push(text.slice(i, s));
    }
    i = s;
  }
  return { text: out.join(''), utf8: flag };
}
