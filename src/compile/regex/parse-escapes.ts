/**
 * Backslash escapes that denote one character or a class, and bracketed classes `[...]`.
 *
 * The rules follow what perl 5.36 does with SpamAssassin's `qr/$re/aa` *including its warnings*:
 * `compile_regexp` installs a `__WARN__` handler that dies on every warning not mentioning
 * "deprecated", so Perl warnings such as "Unrecognized escape \y passed through" or
 * "Non-hex character terminates \x early" reject the rule. We reject the same inputs.
 */
import { addRangeToWords, ByteSet } from './byte-set.js';
import { ABOVE_FF_FOLDS, foldClose, foldPartner, foldWords, type Charset } from './case-fold.js';
import { DIGIT, HSPACE, POSIX_CLASSES, SPACE, VSPACE, WORD } from './perl-classes.js';
import type { Scanner } from './scanner.js';
import type { SetNode } from './ast.js';

/** The modifiers that matter while reading a class or a literal. */
export interface CharFlags {
  /** `/i` in force. */
  i: boolean;
  /** `/xx` in force (unescaped blanks inside brackets are ignored). */
  xx: boolean;
  /** Charset rules of the region. */
  charset: Charset;
}

/** Callback telling the parser a code point above 0xFF was written (affects `/d` regions). */
export type AboveFFHook = () => void;

const HEX = /^[0-9A-Fa-f]$/;
const OCT = /^[0-7]$/;

/** The value of an ASCII hex digit's char code, or -1 (also for `NaN`, past the end). */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Letters Perl accepts after `\c` without the "is more clearly written simply as" warning. */
function controlOk(ch: string): boolean {
  return /^[?@A-Z[\\\]^_a-z]$/.test(ch);
}

/**
 * The set named by `\d \D \s \S \w \W \h \H \v \V` (already fold-closed), or `undefined` when
 * `letter` is not one of them.
 */
export function classEscape(letter: string): { set: ByteSet; high: boolean } | undefined {
  return CLASS_ESCAPES.get(letter);
}

/** The sets of `\d \D \s \S \w \W \h \H \v \V`, built once. */
const CLASS_ESCAPES: ReadonlyMap<string, { readonly set: ByteSet; readonly high: boolean }> = new Map([
  ['d', { set: DIGIT, high: false }],
  ['D', { set: DIGIT.complement(), high: true }],
  ['s', { set: SPACE, high: false }],
  ['S', { set: SPACE.complement(), high: true }],
  ['w', { set: WORD, high: false }],
  ['W', { set: WORD.complement(), high: true }],
  ['h', { set: HSPACE, high: true }], // \h also matches U+1680, U+2000.. above 0xFF
  ['H', { set: HSPACE.complement(), high: true }],
  ['v', { set: VSPACE, high: true }],
  ['V', { set: VSPACE.complement(), high: true }],
]);

/** Reads braced digits of `\x{...}` / `\o{...}`; the cursor is on `{`. */
function readBraced(sc: Scanner, radix: 16 | 8, name: 'x' | 'o'): number {
  const open = sc.pos;
  const close = sc.src.indexOf('}', open);
  if (close < 0) sc.fail(`Missing right brace on \\${name}{}`, 'perl-syntax', open + 1);
  // Perl allows blanks just inside the braces (5.34+) and underscores between digits.
  const body = sc.src.slice(open + 1, close).replace(/^[ \t]+|[ \t]+$/g, '');
  sc.pos = close + 1;
  if (body === '') {
    if (name === 'o') sc.fail('Empty \\o{}', 'perl-syntax', close + 1);
    return 0;
  }
  const digit = radix === 16 ? HEX : OCT;
  let value = 0;
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch === '_' && k > 0 && k < body.length - 1 && digit.test(body[k + 1]!)) continue;
    if (!digit.test(ch)) {
      const kind = radix === 16 ? 'Non-hex' : 'Non-octal';
      sc.fail(`${kind} character '${ch}' terminates \\${name} early`, 'perl-syntax', close + 1);
    }
    value = value * radix + parseInt(ch, radix);
    if (value > 0x10ffff) sc.fail(`Code point 0x${value.toString(16).toUpperCase()} is not Unicode`, 'perl-syntax', close + 1);
  }
  return value;
}

/**
 * Reads an octal escape whose first digit is at the cursor: up to 3 octal digits, as Perl's
 * `\0`, `\012`, `\123` (and `\1`..`\7` inside a class). Perl warns (so SA rejects) when an `8`
 * or `9` cuts the number short.
 */
export function readOctal(sc: Scanner): number {
  let value = 0;
  let n = 0;
  for (let c: number; n < 3 && (c = sc.src.charCodeAt(sc.pos)) >= 0x30 && c <= 0x37; n++) {
    value = value * 8 + (c - 0x30);
    sc.pos++;
  }
  if (n < 3 && /^[89]$/.test(sc.peek())) {
    sc.fail(`Non-octal character '${sc.peek()}' terminates \\0 early`);
  }
  return value;
}

/**
 * Reads the rest of a single-character escape (`\a \e \f \n \r \t \xHH \x{..} \o{..} \cX`) whose
 * letter has just been consumed. Returns the code point, or `undefined` if `letter` is not a
 * character escape (the cursor is then unchanged).
 */
export function charEscape(sc: Scanner, letter: string): number | undefined {
  switch (letter) {
    case 'a':
      return 0x07;
    case 'e':
      return 0x1b;
    case 'f':
      return 0x0c;
    case 'n':
      return 0x0a;
    case 'r':
      return 0x0d;
    case 't':
      return 0x09;
    case 'x': {
      if (sc.peek() === '{') return readBraced(sc, 16, 'x');
      let value = 0;
      let n = 0;
      for (let d: number; n < 2 && (d = hexDigit(sc.src.charCodeAt(sc.pos))) >= 0; n++) {
        value = value * 16 + d;
        sc.pos++;
      }
      // "\x4g" and "[\x]" warn (SA rejects); "\x" at the very end of the pattern is a NUL.
      if (n < 2 && !sc.done) sc.fail(`Non-hex character '${sc.peek()}' terminates \\x early`, 'perl-syntax', sc.pos);
      return value;
    }
    case 'o':
      if (sc.peek() !== '{') sc.fail('Missing braces on \\o{}');
      return readBraced(sc, 8, 'o');
    case 'c': {
      const ch = sc.peek();
      if (ch === '') sc.fail('Character following "\\c" must be printable ASCII');
      if (ch === '{') sc.fail('Use ";" instead of "\\c{"', 'perl-syntax', sc.pos + 1);
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) sc.fail('Character following "\\c" must be printable ASCII');
      sc.pos++;
      const value = ch.toUpperCase().charCodeAt(0) ^ 0x40;
      if (!controlOk(ch)) {
        sc.fail(`"\\c${ch}" is more clearly written simply as "${String.fromCharCode(value)}"`);
      }
      return value;
    }
    default:
      return undefined;
  }
}

/**
 * The set a single character (code point) matches with the given flags. Code points above 0xFF
 * never occur in our byte texts; under `/aai` a few of them fold onto a byte (see
 * {@link ABOVE_FF_FOLDS}).
 */
export function literalSet(code: number, flags: Pick<CharFlags, 'i' | 'charset'>, aboveFF: AboveFFHook): SetNode {
  if (code > 0xff) {
    aboveFF();
    const set = ByteSet.empty();
    if (flags.i && flags.charset === 'aa') for (const b of ABOVE_FF_FOLDS.get(code) ?? []) set.add(b);
    return { type: 'set', set: ByteSet.intern(set), high: false };
  }
  // One shared node per byte and folding mode: AST set nodes are never mutated once built.
  const table = !flags.i ? literalPlain : flags.charset === 'aa' ? literalFoldAa : literalFoldD;
  let node = table[code];
  if (node === undefined) {
    const set = ByteSet.of(code);
    if (flags.i) {
      const partner = foldPartner(code, flags.charset);
      if (partner !== undefined) set.add(partner);
    }
    node = { type: 'set', set: ByteSet.intern(set), literal: code, high: false };
    table[code] = node;
  }
  return node;
}

const literalPlain: Array<SetNode | undefined> = new Array<SetNode | undefined>(256).fill(undefined);
const literalFoldAa: Array<SetNode | undefined> = new Array<SetNode | undefined>(256).fill(undefined);
const literalFoldD: Array<SetNode | undefined> = new Array<SetNode | undefined>(256).fill(undefined);

/** The shared node for an interned class set (see `ByteSet.classNodes`). */
function classNode(set: ByteSet, high: boolean): SetNode {
  // Only this function fills the slot, always with set nodes; ByteSet types it opaquely so that
  // byte-set.ts need not import ast.ts.
  const nodes = (set.classNodes ??= [undefined, undefined]) as [SetNode | undefined, SetNode | undefined];
  const slot = high ? 1 : 0;
  return (nodes[slot] ??= { type: 'set', set, high });
}

/** A set element of a class (class escape or POSIX class); a plain char is read as its code. */
interface ClassSetItem {
  set: ByteSet;
  high: boolean;
}

/**
 * Reads one element inside `[...]`: a char (returned as its code point), a class escape or a
 * POSIX class.
 */
function classItem(sc: Scanner, flags: CharFlags): number | ClassSetItem {
  const c = sc.src.charCodeAt(sc.pos);
  if (c !== 0x5c /* \ */ && c !== 0x5b /* [ */) {
    // The common case: a plain char (the caller checked the text is not at its end).
    sc.pos++;
    return c;
  }
  if (c === 0x5b) {
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(sc.src.slice(sc.pos, sc.pos + 20));
    if (posix) {
      const base = POSIX_CLASSES.get(posix[2]!);
      if (!base) sc.fail(`POSIX class [:${posix[1]}${posix[2]}:] unknown`, 'perl-syntax', sc.pos + posix[0].length);
      sc.pos += posix[0].length;
      // Under /i Perl folds [:upper:] and [:lower:] *before* a [:^...:] negation:
      // "A" =~ /[[:^lower:]]/i is false.
      const folded = flags.i ? foldClose(base, flags.charset) : base;
      return posix[1] ? { set: folded.complement(), high: true } : { set: folded, high: false };
    }
    const reserved = /^\[([=.])[^\]]*\1\]/.exec(sc.src.slice(sc.pos));
    if (reserved) {
      sc.fail(`POSIX syntax [${reserved[1]} ${reserved[1]}] is reserved for future extensions`, 'perl-syntax', sc.pos + reserved[0].length);
    }
    sc.pos++;
    return c;
  }
  sc.pos++;
  if (sc.done) sc.fail('Unmatched [');
  const letter = sc.peek();
  sc.pos++;
  if (letter >= '0' && letter <= '7') {
    sc.pos--;
    return readOctal(sc);
  }
  if (letter === 'b') return 0x08;
  const cls = classEscape(letter);
  if (cls) return cls;
  const code = charEscape(sc, letter);
  if (code !== undefined) return code;
  if (letter === 'N') {
    if (sc.peek() === '{') sc.fail('\\N{...} named characters are not supported', 'unsupported', sc.pos);
    sc.fail('\\N in a character class must be a named character: \\N{...}');
  }
  if (letter === 'p' || letter === 'P') sc.fail(`\\${letter}{...} Unicode properties are not supported`, 'unsupported', sc.pos);
  if (/^[A-Za-z0-9]$/.test(letter)) sc.fail(`Unrecognized escape \\${letter} in character class passed through`);
  return letter.charCodeAt(0);
}

/**
 * Scratch words for {@link parseClass} (classes never nest, so one pair serves every call):
 * chars and ranges go to `CHARS`, folded once at the end under /i (folding distributes over
 * union); class escapes, POSIX classes and above-0xFF folds go to `EXTRA` as they are.
 */
const CHARS = new Uint32Array(8);
const EXTRA = new Uint32Array(8);

/**
 * Parses a bracketed class; the cursor is on `[`. Returns the exact byte set, with `/i` folding
 * applied to the positive part before a leading `^` negates it, as Perl does.
 */
export function parseClass(sc: Scanner, flags: CharFlags, aboveFF: AboveFFHook): SetNode {
  const open = sc.pos;
  const src = sc.src;
  sc.pos++;
  const negated = sc.peek() === '^';
  if (negated) sc.pos++;
  CHARS.fill(0);
  EXTRA.fill(0);
  let high = false;
  let first = true;

  const addCodes = (lo: number, hi: number): void => {
    addRangeToWords(CHARS, lo, hi);
    if (hi > 0xff) {
      aboveFF();
      if (flags.i && flags.charset === 'aa') {
        for (const [cp, bytes] of ABOVE_FF_FOLDS) if (cp >= lo && cp <= hi) for (const b of bytes) EXTRA[b >>> 5]! |= 1 << (b & 31);
      }
    }
  };

  for (;;) {
    if (sc.done) sc.fail('Unmatched [', 'perl-syntax', open);
    const c = src.charCodeAt(sc.pos);
    if (c === 0x5d /* ] */ && !first) {
      sc.pos++;
      break;
    }
    if (flags.xx && (c === 0x20 || c === 0x09)) {
      sc.pos++;
      continue;
    }
    first = false;
    const at = sc.pos;
    const item = classItem(sc, flags);
    const isRange = src.charCodeAt(sc.pos) === 0x2d /* - */ && sc.pos + 1 < src.length && src.charCodeAt(sc.pos + 1) !== 0x5d;
    if (typeof item !== 'number') {
      if (isRange) sc.fail(`False [] range "${src.slice(at, sc.pos + 1)}"`, 'perl-syntax', sc.pos + 1);
      for (let i = 0; i < 8; i++) EXTRA[i]! |= item.set.word(i);
      high ||= item.high;
      continue;
    }
    if (!isRange) {
      if (item <= 0xff) CHARS[item >>> 5]! |= 1 << (item & 31);
      else addCodes(item, item);
      continue;
    }
    sc.pos++; // the '-'
    const hiItem = classItem(sc, flags);
    if (typeof hiItem !== 'number') sc.fail(`False [] range "${src.slice(at, sc.pos)}"`, 'perl-syntax', sc.pos);
    if (hiItem < item) sc.fail(`Invalid [] range "${src.slice(at, sc.pos)}"`, 'perl-syntax', sc.pos);
    addCodes(item, hiItem);
  }
  if (flags.i) foldWords(CHARS, flags.charset);
  for (let i = 0; i < 8; i++) CHARS[i] = negated ? ~(CHARS[i]! | EXTRA[i]!) : CHARS[i]! | EXTRA[i]!;
  return classNode(ByteSet.internWords(CHARS), negated ? !high : high);
}
