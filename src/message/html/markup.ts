/**
 * Recognisers for the markup after a `<`, reproducing HTML::Parser's C functions
 * `parse_start`, `parse_end`, `parse_decl`, `parse_comment`, `parse_marked_section` and
 * `parse_process` (api v3, non-strict names, non-strict comments, marked sections on).
 *
 * Each returns the index just past what it consumed, `beg` when it needs more input
 * ("premature": the caller keeps the rest buffered) or -1 when the text is no markup
 * (the `<` is then plain text).
 */
import { isAlpha, isNameChar, isNameFirst, isNotSpaceEqGt, isNotSpaceGt, isSpace } from './char-class.js';
import { lc } from '../../perl/strings.js';

/** The parser state the recognisers read and the events they raise. */
export interface MarkupCore {
  /** The text being parsed (buffer contents). */
  readonly doc: string;
  /** The code unit at `i`, or -1 past the end (where C reads the terminating NUL). */
  at(i: number): number;
  /** Non-strict comment end: a lone `>` (set at end of document, as HTML::Parser's eof does). */
  readonly noDashDashCommentEnd: boolean;
  /** Enters literal mode after a start tag (script, style, xmp, ...). */
  enterLiteral(tag: string, cdata: boolean): void;
  /** Pushes a marked section's keywords. */
  pushMarkedSection(tokens: string[]): void;
  reportStart(tag: string, attrs: Array<[string, string | undefined]>): void;
  reportEnd(tag: string): void;
  reportComment(text: string): void;
  reportDeclaration(text: string): void;
  /** A recognised but unreported construct (marked-section delimiters, `<?...>`). */
  reportNone(): void;
}

/** Literal-mode elements: their content is text up to the matching end tag. */
const LITERAL: ReadonlyMap<string, boolean> = new Map([
  ['script', true], ['style', true], ['xmp', true], ['iframe', true], ['plaintext', true],
  ['title', false], ['textarea', false],
]);

const QUOTE_DQ = 0x22;
const QUOTE_SQ = 0x27;
const GT = 0x3e;
const EQ = 0x3d;
const DASH = 0x2d;

/** `skip_until_gt`: the next `>` outside quotes (MSIE-style: quotes open after space or `=`). */
export function skipUntilGt(p: MarkupCore, from: number, end: number): number {
  let quote = 0;
  let prev = 0x20;
  for (let s = from; s < end; s++) {
    const c = p.at(s);
    if (!quote && c === GT) return s;
    if (c === QUOTE_DQ || c === QUOTE_SQ) {
      if (c === quote) quote = 0;
      else if (!quote && (prev === 0x20 || prev === EQ)) quote = c;
    }
    prev = c;
  }
  return end;
}

/** `parse_start`: `<name attr=value ...>`. */
export function parseStart(p: MarkupCore, beg: number, end: number): number {
  let s = beg + 2;
  while (s < end && isNotSpaceGt(p.at(s))) s++;
  const tag = p.doc.slice(beg + 1, s);
  while (isSpace(p.at(s))) s++;
  if (s === end) return beg;
  const attrs: Array<[string, string | undefined]> = [];
  while (isNotSpaceGt(p.at(s))) {
    const nameBeg = s;
    s++;
    while (s < end && isNotSpaceEqGt(p.at(s))) s++;
    if (s === end) return beg;
    const name = p.doc.slice(nameBeg, s);
    while (isSpace(p.at(s))) s++;
    if (s === end) return beg;
    if (p.at(s) !== EQ) {
      attrs.push([name, undefined]);
      continue;
    }
    s++;
    while (isSpace(p.at(s))) s++;
    if (s === end) return beg;
    const c = p.at(s);
    if (c === GT) {
      attrs.push([name, '']);
      break;
    }
    if (c === QUOTE_DQ || c === QUOTE_SQ) {
      const strBeg = s;
      s++;
      while (s < end && p.at(s) !== c) s++;
      if (s === end) return beg;
      s++;
      attrs.push([name, p.doc.slice(strBeg + 1, s - 1)]);
    } else {
      const wordBeg = s;
      while (s < end && isNotSpaceGt(p.at(s))) s++;
      if (s === end) return beg;
      attrs.push([name, p.doc.slice(wordBeg, s)]);
    }
    while (isSpace(p.at(s))) s++;
    if (s === end) return beg;
  }
  if (p.at(s) !== GT) return -1;
  s++;
  p.reportStart(tag, attrs);
  const lower = lc(tag);
  const cdata = LITERAL.get(lower);
  if (cdata !== undefined) p.enterLiteral(lower, cdata);
  return s;
}

/** `parse_end`: `</name ...>`, or `</ ...>` / `</>` which are comments. */
export function parseEnd(p: MarkupCore, beg: number, end: number): number {
  let s = beg + 2;
  if (isNotSpaceGt(p.at(s))) {
    const nameBeg = s;
    s++;
    while (s < end && isNotSpaceGt(p.at(s))) s++;
    const name = p.doc.slice(nameBeg, s);
    s = skipUntilGt(p, s, end);
    if (s >= end) return beg;
    p.reportEnd(name);
    return s + 1;
  }
  s = skipUntilGt(p, s, end);
  if (s >= end) return beg;
  p.reportComment(p.doc.slice(beg, s + 1));
  return s + 1;
}

/** `parse_comment` (non-strict): from just after `<!--` to `--\s*>` (or a lone `>` at eof). */
function parseComment(p: MarkupCore, beg: number, from: number, end: number): number {
  let s = from;
  if (p.noDashDashCommentEnd) {
    while (s < end && p.at(s) !== GT) s++;
    if (s >= end) return from;
    p.reportComment(p.doc.slice(beg, s + 1));
    return s + 1;
  }
  for (;;) {
    while (s < end && p.at(s) !== DASH) s++;
    const tokEnd = s;
    if (s < end) {
      s++;
      if (p.at(s) === DASH) {
        s++;
        while (isSpace(p.at(s))) s++;
        if (p.at(s) === GT) {
          s++;
          p.reportComment(p.doc.slice(beg, s));
          return s;
        }
      }
      if (s < end) {
        s = tokEnd + 1;
        continue;
      }
    }
    return from;
  }
}

/** `parse_marked_section`: `<![ keywords [`; -1 when malformed. */
function parseMarkedSection(p: MarkupCore, beg: number, end: number): number {
  let s = beg + 3;
  const tokens: string[] = [];
  names: for (;;) {
    while (isSpace(p.at(s))) s++;
    while (isNameFirst(p.at(s))) {
      const nameBeg = s;
      s++;
      while (isNameChar(p.at(s))) s++;
      const nameEnd = s;
      while (isSpace(p.at(s))) s++;
      if (s === end) return beg;
      tokens.push(lc(p.doc.slice(nameBeg, nameEnd)));
    }
    if (p.at(s) === DASH) {
      s++;
      if (p.at(s) !== DASH) return -1;
      s++;
      for (;;) {
        while (s < end && p.at(s) !== DASH) s++;
        if (s === end) return beg;
        s++;
        if (p.at(s) === DASH) {
          s++;
          continue names;
        }
      }
    }
    break;
  }
  if (p.at(s) !== 0x5b) return -1;
  s++;
  p.pushMarkedSection(tokens.length ? tokens : ['include']);
  p.reportNone();
  return s;
}

/** `parse_decl`: `<!-- -->`, `<![...[`, `<!>`, `<!DOCTYPE ...>`; anything else up to `>` is a comment. */
export function parseDecl(p: MarkupCore, beg: number, end: number): number {
  let s = beg + 2;
  const c = p.at(s);
  decl: {
    if (c === DASH) {
      s++;
      if (s === end) return beg;
      if (p.at(s) !== DASH) break decl;
      s++;
      const r = parseComment(p, beg, s, end);
      return r === s ? beg : r;
    }
    if (c === 0x5b) {
      const r = parseMarkedSection(p, beg, end);
      if (r < 0) break decl;
      return r;
    }
    if (c === GT) {
      p.reportComment(p.doc.slice(beg, s + 1));
      return s + 1;
    }
    if (!isAlpha(c)) break decl;
    const idBeg = s;
    s++;
    while (s < end && isNameChar(p.at(s))) s++;
    if (s === end) return beg;
    const id = p.doc.slice(idBeg, s).toLowerCase();
    if (id !== 'doctype' && id !== 'entity') break decl;
    for (;;) {
      while (s < end && isSpace(p.at(s))) s++;
      if (s === end) return beg;
      const d = p.at(s);
      if (d === QUOTE_DQ || d === QUOTE_SQ) {
        s++;
        while (s < end && p.at(s) !== d) s++;
        if (s === end) return beg;
        s++;
      } else if (d === DASH) {
        s++;
        if (s === end) return beg;
        if (p.at(s) !== DASH) break decl;
        s++;
        for (;;) {
          while (s < end && p.at(s) !== DASH) s++;
          if (s === end) return beg;
          s++;
          if (s === end) return beg;
          if (p.at(s) === DASH) {
            s++;
            break;
          }
        }
      } else if (d !== GT) {
        s++;
        while (s < end && isNotSpaceGt(p.at(s))) s++;
        if (s === end) return beg;
      } else {
        break;
      }
    }
    s++;
    p.reportDeclaration(p.doc.slice(beg, s));
    return s;
  }
  // Not a recognised declaration: everything up to the first '>' is a comment.
  while (s < end && p.at(s) !== GT) s++;
  if (s >= end) return beg;
  p.reportComment(p.doc.slice(beg, s + 1));
  return s + 1;
}

/** `parse_process`: `<? ... >` (HTML style: ends at the first `>`); reported as nothing. */
export function parseProcess(p: MarkupCore, beg: number, end: number): number {
  for (let s = beg + 2; s < end; s++) {
    if (p.at(s) === GT) {
      p.reportNone();
      return s + 1;
    }
  }
  return beg;
}
