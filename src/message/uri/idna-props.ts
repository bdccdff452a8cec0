/**
 * The per-code-point Unicode data libidn2 2.3 consults (UTS #46 mapping status, the IDNA2008
 * derived property of RFC 5892, bidi classes for RFC 5893), derived from the Unicode properties
 * V8 exposes instead of shipping the tables.
 *
 * WHY derived: SA's `Util::idn_to_ascii` calls `Net::LibIDN2::idn2_to_ascii_8`, and whether that
 * call succeeds decides which URI variants SA lists. Exact tables would cost hundreds of KB;
 * the RFC 5892 rules plus NFKC/case mappings, and the probed list in idna-refused.ts, give
 * libidn2's answer for every code point U+0080-U+3FFFF alone and next to ASCII letters or `é`.
 * Known gap: bidi classes are approximated by script, so a few marks of Indic/Brahmic scripts
 * placed after an Arabic letter in one label (a nonsense host) can be judged differently.
 */
import { isRefusedByLibidn2 } from './idna-refused.js';

/** UTS #46 status of a code point, with the STD3 variants libidn2 accepts without STD3 rules. */
export type Uts46Status =
  | { kind: 'valid' | 'deviation' | 'ignored' | 'disallowed' | 'std3valid' }
  | { kind: 'mapped' | 'std3mapped'; to: string };

/** Code points UTS #46 maps to nothing (soft hyphen, zero-width space, variation selectors...). */
const IGNORED = /^[\u00ad\u034f\u180b-\u180d\u180f\u200b\u2060\u2064\ufe00-\ufe0f\ufeff\u{1bca0}-\u{1bca3}\u{e0100}-\u{e01ef}]$/u;
/** Deviation characters, kept as they are by non-transitional processing. */
const DEVIATION = /^[\u00df\u03c2\u200c\u200d]$/u;
const DISALLOWED_GC = /^[\p{Cc}\p{Cs}\p{Co}\p{Cn}\p{Cf}\p{Zl}\p{Zp}]$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;
/** ASCII that STD3 rules forbid: everything but letters, digits, hyphen and dot. */
const STD3_ASCII = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/;

/** Simple case foldings that differ from `toLowerCase` and survive NFKC (CaseFolding.txt). */
const FOLD_SPECIAL: Record<string, string> = {
  '\u0345': '\u03b9',
  '\u03a3': '\u03c3',
  '\u03c2': '\u03c3',
  '\u1e9e': 'ss',
  '\u1c80': '\u0432',
  '\u1c81': '\u0434',
  '\u1c82': '\u043e',
  '\u1c83': '\u0441',
  '\u1c84': '\u0442',
  '\u1c85': '\u0442',
  '\u1c86': '\u044a',
  '\u1c87': '\u0463',
  '\u1c88': '\ua64b',
  // Not a case folding: UTS #46 maps the lunate sigma to sigma.
  '\u03f2': '\u03c3',
};

/** Cherokee folds to its capital letters (Unicode 8+), the other way from `toLowerCase`. */
function caseFoldChar(ch: string): string {
  const special = FOLD_SPECIAL[ch];
  if (special !== undefined) return special;
  const cp = ch.codePointAt(0)!;
  if ((cp >= 0x13a0 && cp <= 0x13ff) || (cp >= 0xab70 && cp <= 0xabbf)) return ch.toUpperCase();
  return ch.toLowerCase();
}

/**
 * `NFKC(casefold(NFKC(s)))`, the mapping behind both UTS #46 and RFC 5892 "Unstable". Folding
 * runs on the canonical decomposition so that an iota subscript (U+0345) inside a precomposed
 * Greek letter folds to iota, as full case folding does.
 */
export function nfkcCaseFold(s: string): string {
  let folded = '';
  for (const ch of s.normalize('NFKC').normalize('NFD')) folded += caseFoldChar(ch);
  return folded.normalize('NFKC');
}

/** UTS #46 status (IdnaMappingTable) of one code point, as libidn2's `get_idna_map` reports it. */
export function uts46Status(ch: string): Uts46Status {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) {
    if (cp >= 0x41 && cp <= 0x5a) return { kind: 'mapped', to: ch.toLowerCase() };
    // libidn2 2.3 accepts the underscore like a letter (SRV-style names), other STD3 ASCII not.
    return STD3_ASCII.test(ch) && ch !== '_' ? { kind: 'std3valid' } : { kind: 'valid' };
  }
  if (isRefusedByLibidn2(cp)) return { kind: 'disallowed' };
  if (IGNORED.test(ch)) return { kind: 'ignored' };
  if (DEVIATION.test(ch)) return { kind: 'deviation' };
  if (DISALLOWED_GC.test(ch) || (cp >= 0x80 && cp <= 0x9f)) return { kind: 'disallowed' };
  if (SPACE_SEPARATOR.test(ch)) return cp === 0x1680 ? { kind: 'disallowed' } : { kind: 'std3mapped', to: ' ' };
  const to = nfkcCaseFold(ch);
  if (to.includes('.')) return to === '.' ? { kind: 'mapped', to } : { kind: 'disallowed' };
  if (to === ch) return STD3_ASCII.test(ch.normalize('NFD')) ? { kind: 'std3valid' } : { kind: 'valid' };
  if (to === '') return { kind: 'ignored' };
  // Spacing diacritics (U+00A8, U+02D8...) map to space + combining mark: disallowed.
  if (to.length > 1 && to.startsWith(' ')) return { kind: 'disallowed' };
  return STD3_ASCII.test(to) ? { kind: 'std3mapped', to } : { kind: 'mapped', to };
}

/** RFC 5892 derived property values. */
export type Idna2008Property = 'PVALID' | 'CONTEXTJ' | 'CONTEXTO' | 'DISALLOWED' | 'UNASSIGNED';

const EXCEPTION_PVALID = /^[\u00df\u03c2\u06fd\u06fe\u0f0b\u3007]$/;
const EXCEPTION_CONTEXTO = /^[\u00b7\u0375\u05f3\u05f4\u30fb\u0660-\u0669\u06f0-\u06f9]$/;
const EXCEPTION_DISALLOWED = /^[\u0640\u07fa\u302e\u302f\u3031-\u3035\u303b]$/;
const UNASSIGNED = /^\p{Cn}$/u;
const NONCHARACTER = /^\p{Noncharacter_Code_Point}$/u;
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}]$/u;
/** Combining Diacritical Marks for Symbols, Musical Symbols, Ancient Greek Musical Notation. */
const IGNORABLE_BLOCKS = /^[\u20d0-\u20ff\u{1d100}-\u{1d24f}]$/u;
/** Hangul_Syllable_Type L, V or T (conjoining jamo). */
const OLD_HANGUL_JAMO = /^[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]$/;
const LETTER_DIGIT = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;

/** RFC 5892 section 3 derivation, rule by rule in its order. */
export function idna2008Property(ch: string): Idna2008Property {
  if (EXCEPTION_PVALID.test(ch)) return 'PVALID';
  if (EXCEPTION_CONTEXTO.test(ch)) return 'CONTEXTO';
  if (EXCEPTION_DISALLOWED.test(ch)) return 'DISALLOWED';
  if (UNASSIGNED.test(ch) && !NONCHARACTER.test(ch)) return 'UNASSIGNED';
  if (/^[a-z0-9-]$/.test(ch)) return 'PVALID';
  if (ch === '\u200c' || ch === '\u200d') return 'CONTEXTJ';
  if (nfkcCaseFold(ch) !== ch) return 'DISALLOWED';
  if (IGNORABLE.test(ch) || IGNORABLE_BLOCKS.test(ch) || OLD_HANGUL_JAMO.test(ch)) return 'DISALLOWED';
  return LETTER_DIGIT.test(ch) ? 'PVALID' : 'DISALLOWED';
}

/** Canonical_Combining_Class = Virama (9), for the CONTEXTJ rules. */
const VIRAMA =
  /^[\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d3b\u0d3c\u0d4d\u0dca\u0e3a\u0eba\u0f84\u1039\u103a\u1714\u1715\u1734\u17d2\u1a60\u1b44\u1baa\u1bab\u1bf2\u1bf3\u2d7f\ua806\ua82c\ua8c4\ua953\ua9c0\uaaf6\uabed\u{10a3f}\u{11046}\u{11070}\u{1107f}\u{110b9}\u{11133}\u{11134}\u{111c0}\u{11235}\u{112ea}\u{1134d}\u{11442}\u{114c2}\u{115bf}\u{1163f}\u{116b6}\u{1172b}\u{11839}\u{1193d}\u{1193e}\u{119e0}\u{11a34}\u{11a47}\u{11a99}\u{11c3f}\u{11d44}\u{11d45}\u{11d97}]$/u;

/** Whether the code point is a virama. */
export function isVirama(ch: string | undefined): boolean {
  return ch !== undefined && VIRAMA.test(ch);
}

/** Joining_Type approximations for the ZWNJ rule: dual-joining letters of the cursive scripts. */
const DUAL_JOINING = /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Mandaic}\p{Script=Phags_Pa}\p{Script=Manichaean}\p{Script=Psalter_Pahlavi}\p{Script=Hanifi_Rohingya}\p{Script=Sogdian}\p{Script=Adlam}]$/u;
const TRANSPARENT = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Joining type used by RFC 5892 A.1: 'D' (dual), 'T' (transparent) or 'U'. */
export function joiningType(ch: string): 'D' | 'T' | 'U' {
  if (TRANSPARENT.test(ch)) return 'T';
  return DUAL_JOINING.test(ch) && /^\p{L}$/u.test(ch) ? 'D' : 'U';
}

/** The bidi classes RFC 5893 distinguishes. */
export type BidiClass = 'L' | 'R' | 'AL' | 'AN' | 'EN' | 'ES' | 'CS' | 'ET' | 'ON' | 'BN' | 'NSM' | 'WS' | 'S' | 'B';

const RTL_R = /^[\p{Script=Hebrew}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Mende_Kikakui}\u{10800}-\u{10cff}\u{10e80}-\u{10eff}\u{10f00}-\u{10f2f}\u{10f70}-\u{10fff}]$/u;
const RTL_AL = /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Hanifi_Rohingya}\p{Script=Sogdian}]$/u;
const ARABIC_NUMBER = /^[\u0600-\u0605\u0660-\u0669\u066b\u066c\u06dd\u0890\u0891\u08e2\u{10d30}-\u{10d39}\u{10e60}-\u{10e7e}]$/u;
const EURO_NUMBER = /^[0-9\u00b2\u00b3\u00b9\u06f0-\u06f9\u2070-\u2079\u2080-\u2089\u2488-\u249b\uff10-\uff19\u{1d7ce}-\u{1d7ff}]$/u;

/** Bidi_Class, exact for ASCII, approximated by script for letters, digits and marks. */
export function bidiClass(ch: string): BidiClass {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) {
    if (/[A-Za-z]/.test(ch)) return 'L';
    if (/[0-9]/.test(ch)) return 'EN';
    if (ch === '+' || ch === '-') return 'ES';
    if (/[,./:]/.test(ch)) return 'CS';
    if (/[#$%]/.test(ch)) return 'ET';
    if (ch === ' ' || ch === '\f') return 'WS';
    if (ch === '\t' || ch === '\x0b' || ch === '\x1f') return 'S';
    if (ch === '\n' || ch === '\r' || (cp >= 0x1c && cp <= 0x1e)) return 'B';
    if (cp < 0x20 || cp === 0x7f) return 'BN';
    return 'ON';
  }
  if (EURO_NUMBER.test(ch)) return 'EN';
  if (ARABIC_NUMBER.test(ch)) return 'AN';
  if (/^[\p{Mn}\p{Me}]$/u.test(ch)) return 'NSM';
  if (RTL_AL.test(ch)) return 'AL';
  if (RTL_R.test(ch)) return 'R';
  if (/^[\p{L}\p{Mc}\p{Nd}]$/u.test(ch)) return 'L';
  if (/^\p{Cf}$/u.test(ch)) return 'BN';
  return 'ON';
}

/** Whether the code point has General_Category Mark (libidn2's leading-combining test). */
export function isMark(ch: string | undefined): boolean {
  return ch !== undefined && /^\p{M}$/u.test(ch);
}
