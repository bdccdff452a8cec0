/**
 * Perl regex syntax -> {@link ParsedRegex}, with every modifier resolved.
 *
 * Mirrors what perl 5.36 accepts for SpamAssassin's `qr/(?mods)$re/aa` (Util::compile_regexp):
 * the modifier scoping rules of perlre (an inline `(?i)` lasts to the end of the enclosing group,
 * *including later alternatives*; `(?^...)` resets to `d-imnsx`), backreference-vs-octal rules of
 * perlrebackslash (`\1`..`\9` always backreferences, `\10`+ only if that many groups were opened
 * before), quantifier syntax of 5.34+ (`{,n}`, blanks inside braces), and the warnings SA turns
 * into errors (unescaped `{` after an atom, useless `(?g)`, `{n}?`, quantified zero-width atoms).
 */
import type { AssertKind, BackrefNode, GroupKind, GroupNode, Node, ParsedRegex, ParseFacts } from './ast.js';
import { canConsume, maxLength } from './lengths.js';
import { charEscape, classEscape, literalSet, parseClass, readOctal, type CharFlags } from './parse-escapes.js';
import { dotNode, linebreakNode } from './perl-classes.js';
import { readBraces, readGReference, readKReference } from './parse-references.js';
import { parseModifiers, SA_DEFAULT_FLAGS, type ParseFlags } from './parse-modifiers.js';
import { Scanner } from './scanner.js';
import { lookupGroup, sharedGroup, storeGroup } from './group-memo.js';

export { SA_DEFAULT_FLAGS, type ParseFlags } from './parse-modifiers.js';

/** Perl's `/x` whitespace on a byte pattern: `[\t\n\x0B\f\r ]` plus NEL (`\x85`, checked with perl). */
const X_SPACE = /^[\t\n\x0b\f\r \x85]$/;

/** Chars that are a literal atom by themselves outside /x: not a metachar nor a backslash. */
const PLAIN: Uint8Array = byteTable((c) => c < 0x100 && !'\\|()[].^$*+?{'.includes(String.fromCharCode(c)));
/** Chars that, after a backslash, stand for themselves: ASCII punctuation and blanks. */
const ESCAPED_LITERAL: Uint8Array = byteTable((c) => c >= 0x20 && c < 0x7f && !/[A-Za-z0-9]/.test(String.fromCharCode(c)));
/** Chars after a literal that may start a quantifier or a `(?#...)` comment before one. */
const NOT_AFTER_PLAIN: Uint8Array = byteTable((c) => '*+?{('.includes(String.fromCharCode(c)));

function byteTable(member: (c: number) => boolean): Uint8Array {
  const table = new Uint8Array(0x100);
  for (let c = 0; c < 0x100; c++) table[c] = member(c) ? 1 : 0;
  return table;
}

/** What the last thing in the current branch was, for quantifier and `{` rules. */
type Prev = 'none' | 'caret' | 'atom' | 'escape' | 'quantified';

interface Atom {
  node: Node;
  prev: Exclude<Prev, 'none' | 'quantified'>;
}

interface PendingRef {
  node: BackrefNode;
  name?: string;
  at: number;
}

class PerlParser {
  private readonly sc: Scanner;
  private groupCount = 0;
  private readonly names: Array<{ name: string; index: number }> = [];
  private readonly refs: PendingRef[] = [];
  private sawAboveFF = false;
  private sawCharsetD = false;
  /** Reads of parser state that decided a parse (`\NN` octal or backreference). */
  private stateReads = 0;
  /** See {@link ParseFacts}. */
  private anchorContext = false;
  private readonly captures: GroupNode[] = [];

  constructor(src: string, prefixLength: number) {
    this.sc = new Scanner(src, prefixLength);
  }

  parse(flags: ParseFlags): ParsedRegex {
    const root = this.alternation({ ...flags });
    if (!this.sc.done) this.sc.fail('Unmatched )', 'perl-syntax', this.sc.pos + 1);
    for (const ref of this.refs) {
      if (ref.name !== undefined) {
        const named = this.names.find((n) => n.name === ref.name);
        if (!named) this.sc.fail('Reference to nonexistent named group', 'perl-syntax', ref.at);
        ref.node.group = named.index;
      } else if (ref.node.group > this.groupCount) {
        this.sc.fail('Reference to nonexistent group', 'perl-syntax', ref.at);
      }
    }
    if (this.sawAboveFF && this.sawCharsetD) {
      // A code point above 0xFF makes the pattern UTF-8, which switches /d regions to Unicode rules.
      this.sc.fail('a code point above 0xFF together with a (?^...) or (?d) region is not supported', 'unsupported', 0);
    }
    const facts: ParseFacts = { hasBackrefs: this.refs.length > 0, anchorContext: this.anchorContext, captures: this.captures };
    return { root, groupCount: this.groupCount, names: this.names, facts };
  }

  private charFlags(flags: ParseFlags): CharFlags {
    return { i: flags.i, xx: flags.x === 2, charset: flags.charset };
  }

  private readonly onAboveFF = (): void => {
    this.sawAboveFF = true;
  };

  /** Skips `(?#...)` comments, and whitespace and `#` comments under /x. */
  private skipTrivia(flags: ParseFlags): void {
    const sc: Scanner = this.sc;
    for (;;) {
      if (sc.src.charCodeAt(sc.pos) === 0x28 /* ( */ && sc.startsWith('(?#')) {
        const close = sc.src.indexOf(')', sc.pos);
        if (close < 0) sc.fail('Sequence (?#... not terminated', 'perl-syntax', sc.src.length);
        sc.pos = close + 1;
      } else if (flags.x && X_SPACE.test(sc.peek())) {
        sc.pos++;
      } else if (flags.x && sc.peek() === '#') {
        const nl = sc.src.indexOf('\n', sc.pos);
        sc.pos = nl < 0 ? sc.src.length : nl + 1;
      } else {
        return;
      }
    }
  }

  /** Parses alternatives up to a `)` or the end. `flags` is this group's own, mutable copy. */
  private alternation(flags: ParseFlags): Node {
    const sc: Scanner = this.sc;
    const alternatives: Node[] = [];
    let items: Node[] = [];
    let prev: Prev = 'none';
    const src = sc.src;
    for (;;) {
      if (!flags.x) {
        // Fast path for runs of plain literal chars that no quantifier (or comment) follows:
        // exactly what atom() and quantifier() below would do for them.
        // A backslash before ASCII punctuation (`\.`, `\@`, ...) is such a literal too.
        let pos = sc.pos;
        for (;;) {
          const c = src.charCodeAt(pos);
          if (PLAIN[c] === 1) {
            if (NOT_AFTER_PLAIN[src.charCodeAt(pos + 1)] === 1) break;
            items.push(literalSet(c, flags, this.onAboveFF));
            pos++;
          } else if (c === 0x5c && ESCAPED_LITERAL[src.charCodeAt(pos + 1)] === 1) {
            if (NOT_AFTER_PLAIN[src.charCodeAt(pos + 2)] === 1) break;
            items.push(literalSet(src.charCodeAt(pos + 1), flags, this.onAboveFF));
            pos += 2;
          } else {
            break;
          }
          prev = 'atom';
        }
        sc.pos = pos;
      }
      this.skipTrivia(flags);
      if (sc.done || sc.peek() === ')') break;
      const ch = sc.peek();
      if (ch === '|') {
        sc.pos++;
        alternatives.push(seq(items));
        items = [];
        prev = 'none';
        continue;
      }
      if (ch === '*' || ch === '+' || ch === '?') sc.fail('Quantifier follows nothing', 'perl-syntax', sc.pos + 1);
      if (ch === '{' && prev !== 'none' && prev !== 'caret' && prev !== 'quantified') {
        // "a{" / "x{a}": an unescaped brace right after an atom that is not a quantifier.
        const message =
          prev === 'escape'
            ? 'Unescaped left brace in regex is illegal here'
            : 'Unescaped left brace in regex is passed through';
        sc.fail(message, 'perl-syntax', sc.pos + 1);
      }
      const atomAt = sc.pos;
      const atom = this.atom(flags);
      if (!atom) {
        prev = 'none'; // an inline (?flags) group: nothing to quantify after it
        continue;
      }
      const quantified = this.quantifier(flags, atom.node, atomAt);
      items.push(quantified ?? atom.node);
      prev = quantified ? 'quantified' : atom.prev;
    }
    alternatives.push(seq(items));
    return alternatives.length === 1 ? alternatives[0]! : { type: 'alt', alternatives };
  }

  /** Applies a quantifier following `node`, if there is one. */
  private quantifier(flags: ParseFlags, node: Node, atomAt: number): Node | undefined {
    const sc: Scanner = this.sc;
    // Most atoms have none: without /x only `*+?{` or a `(?#...)` before one can follow.
    if (!flags.x && NOT_AFTER_PLAIN[sc.src.charCodeAt(sc.pos)] !== 1) return undefined;
    this.skipTrivia(flags);
    let min: number;
    let max: number;
    const ch = sc.peek();
    if (ch === '*' || ch === '+' || ch === '?') {
      min = ch === '+' ? 1 : 0;
      max = ch === '?' ? 1 : Infinity;
      sc.pos++;
    } else if (ch === '{') {
      const b = readBraces(this.sc);
      if (!b) return undefined;
      ({ min, max } = b);
      sc.pos = b.end;
    } else {
      return undefined;
    }
    if (min > max) sc.fail("Quantifier {n,m} with n > m can't match");
    const quantEnd = sc.pos;
    this.skipTrivia(flags);
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (sc.peek() === '?') {
      if (min === max) sc.fail("Useless use of greediness modifier '?'", 'perl-syntax', sc.pos + 1);
      mode = 'lazy';
      sc.pos++;
    } else if (sc.peek() === '+') {
      mode = 'possessive';
      sc.pos++;
    }
    this.skipTrivia(flags);
    const next = sc.peek();
    if (next === '*' || next === '+' || next === '?' || (next === '{' && readBraces(this.sc))) {
      sc.fail('Nested quantifiers', 'perl-syntax', sc.pos + 1);
    }
    if (max > 1 && node.type !== 'set' && !canConsume(node)) {
      const text = sc.src.slice(atomAt, quantEnd);
      if (max === Infinity) sc.fail(`${text} matches null string many times`, 'perl-syntax', quantEnd);
      sc.fail('Quantifier unexpected on zero-length expression', 'perl-syntax', quantEnd);
    }
    return { type: 'repeat', body: node, min, max, mode };
  }

  /** Parses one atom; `undefined` for an inline `(?flags)` that only changed `flags`. */
  private atom(flags: ParseFlags): Atom | undefined {
    const sc: Scanner = this.sc;
    const ch = sc.peek();
    switch (ch) {
      case '(':
        return this.group(flags);
      case '[':
        return { node: parseClass(sc, this.charFlags(flags), this.onAboveFF), prev: 'atom' };
      case '.':
        sc.pos++;
        return { node: dotNode(flags.s), prev: 'atom' };
      case '^':
        sc.pos++;
        return { node: this.assert(flags.m ? 'lineStart' : 'start'), prev: 'caret' };
      case '$':
        sc.pos++;
        return { node: this.assert(flags.m ? 'lineEnd' : 'endOrFinalNewline'), prev: 'atom' };
      case '\\':
        return this.escape(flags);
      default:
        sc.pos++;
        return { node: literalSet(ch.charCodeAt(0), flags, this.onAboveFF), prev: 'atom' };
    }
  }

  /** Parses an escape outside a class; the cursor is on the backslash. */
  private escape(flags: ParseFlags): Atom {
    const sc: Scanner = this.sc;
    const at = sc.pos;
    sc.pos++;
    if (sc.done) sc.fail('Trailing \\', 'perl-syntax', sc.pos);
    const letter = sc.peek();
    sc.pos++;
    const asEscape = (node: Node): Atom => ({ node, prev: 'escape' });
    if (letter >= '0' && letter <= '9') return this.numericEscape(flags, letter, at);
    const cls = classEscape(letter);
    if (cls) return asEscape({ type: 'set', set: cls.set, high: cls.high });
    const code = charEscape(sc, letter);
    if (code !== undefined) return { node: literalSet(code, flags, this.onAboveFF), prev: 'atom' };
    switch (letter) {
      case 'b':
      case 'B':
        if (sc.peek() === '{') sc.fail(`\\${letter}{...} boundaries are not allowed under /aa`, 'perl-syntax', sc.pos + 1);
        return asEscape(this.assert(letter === 'b' ? 'wordBoundary' : 'notWordBoundary'));
      case 'A':
        return asEscape(this.assert('start'));
      case 'z':
        return asEscape(this.assert('end'));
      case 'Z':
        return asEscape(this.assert('endOrFinalNewline'));
      case 'N':
        if (sc.peek() === '{') sc.fail('\\N{...} named characters are not supported', 'unsupported', sc.pos);
        return asEscape(dotNode(false));
      case 'R':
        return asEscape(linebreakNode());
      case 'g':
        return asEscape(this.gReference(flags, at));
      case 'k':
        return asEscape(this.kReference(flags));
      case 'C':
        return sc.fail('\\C no longer supported', 'perl-syntax', at + 1);
      case 'G':
      case 'K':
      case 'X':
      case 'p':
      case 'P': {
        const what: Record<string, string> = {
          G: '\\G (match-position anchor)',
          K: '\\K (keep)',
          X: '\\X (grapheme cluster)',
          p: '\\p{...} (Unicode property)',
          P: '\\P{...} (Unicode property)',
        };
        return sc.fail(`${what[letter]} is not supported`, 'unsupported', at);
      }
      default:
        if (/^[A-Za-z]$/.test(letter)) sc.fail(`Unrecognized escape \\${letter} passed through`);
        return { node: literalSet(letter.charCodeAt(0), this.charFlags(flags), this.onAboveFF), prev: 'atom' };
    }
  }

  /** `\0..`, `\1`..`\9`, `\10`+: octal char or backreference (perlrebackslash rules). */
  private numericEscape(flags: ParseFlags, first: string, at: number): Atom {
    const sc: Scanner = this.sc;
    if (first === '0') {
      sc.pos--;
      return { node: literalSet(readOctal(sc), this.charFlags(flags), this.onAboveFF), prev: 'atom' };
    }
    const digits = /^\d*/.exec(sc.src.slice(sc.pos))![0];
    const num = Number(first + digits);
    // \1..\9 always refer to groups; \10+ only when that many groups were opened before it.
    if (num < 10 || first === '8' || first === '9' || num <= this.groupCount) {
      sc.pos += digits.length;
      return { node: this.backref(flags, num), prev: 'escape' };
    }
    this.stateReads++;
    sc.pos--;
    return { node: literalSet(readOctal(sc), this.charFlags(flags), this.onAboveFF), prev: 'atom' };
  }

  /** A backreference node, resolved against the group list once the whole pattern is read. */
  private backref(flags: ParseFlags, group: number, name?: string): BackrefNode {
    const node: BackrefNode = { type: 'backref', group };
    if (flags.i) node.fold = flags.charset;
    this.refs.push({ node, name, at: this.sc.pos });
    return node;
  }

  /** `\gN`, `\g-N`, `\g{N}`, `\g{-N}`, `\g{name}`. */
  private gReference(flags: ParseFlags, at: number): BackrefNode {
    const ref = readGReference(this.sc, at);
    if (typeof ref === 'string') return this.backref(flags, 0, ref);
    if (ref > 0) return this.backref(flags, ref);
    const num = this.groupCount + 1 + ref;
    if (num < 1) this.sc.fail('Reference to nonexistent or unclosed group');
    return this.backref(flags, num);
  }

  /** `\k<name>`, `\k'name'`, `\k{name}`. */
  private kReference(flags: ParseFlags): BackrefNode {
    return this.backref(flags, 0, readKReference(this.sc));
  }

  /** Parses a parenthesised construct; the cursor is on `(`. */
  private group(flags: ParseFlags): Atom | undefined {
    const sc: Scanner = this.sc;
    const open = sc.pos;
    sc.pos++;
    if (sc.peek() === '*') sc.fail('(*VERB) and (*alpha:...) constructs are not supported', 'unsupported', open);
    if (sc.peek() !== '?') {
      if (flags.n) return { node: this.groupBody(flags, 'plain', open), prev: 'atom' };
      const index = ++this.groupCount;
      return { node: this.groupBody(flags, 'capture', open, index), prev: 'atom' };
    }
    sc.pos++;
    const rest = sc.src.slice(sc.pos, sc.pos + 3);
    const simple = SIMPLE_GROUPS.get(rest.charAt(0));
    if (simple !== undefined) {
      sc.pos++;
      return this.lookaround(flags, simple, open);
    }
    if (rest.startsWith('<=') || rest.startsWith('<!')) {
      sc.pos += 2;
      return this.lookaround(flags, rest.startsWith('<=') ? 'lookbehind' : 'negativeLookbehind', open);
    }
    if (rest.startsWith('<') || rest.startsWith("'") || rest.startsWith('P<')) {
      return this.namedGroup(flags, open);
    }
    if (rest.startsWith('P=')) {
      const m = /^P=([A-Za-z_]\w*)\)/.exec(sc.src.slice(sc.pos));
      if (!m) sc.fail('Sequence ?P=... not terminated');
      sc.pos += m[0].length;
      return { node: this.backref(flags, 0, m[1]), prev: 'escape' };
    }
    if (sc.done) sc.fail('Sequence (? incomplete');
    if (/^(?:\||P>|&|R|[+-]?\d|\(|\{|\?\{)/.test(rest)) {
      const what = rest.startsWith('|')
        ? 'branch reset (?|...)'
        : rest.startsWith('(')
          ? 'conditional (?(...)...)'
          : rest.startsWith('{') || rest.startsWith('?{')
            ? 'code block (?{...})'
            : 'recursion (?R), (?N), (?&name)';
      sc.fail(`${what} is not supported`, rest.startsWith('{') || rest.startsWith('?{') ? 'perl-syntax' : 'unsupported', open);
    }
    return this.flagGroup(flags, open);
  }

  /** `(?:...)`, `(?>...)` and the lookarounds; the cursor is after the opening `(?:`, `(?<=`, .... */
  private lookaround(flags: ParseFlags, kind: GroupKind, open: number): Atom {
    // A group parsed before under the same modifiers (see group-memo.ts for why this is exact).
    const sc: Scanner = this.sc;
    if (sc.src.length < MEMO_MIN_PATTERN) return this.lookaroundBody(flags, kind, open);
    const signature = flagsSignature(flags);
    const known = lookupGroup(sc.src, open, signature);
    if (known !== undefined) {
      sc.pos = open + known.length;
      const memo = sharedGroup(known.node)!;
      memo.hits++;
      if (!memo.re2Pure) this.anchorContext = true;
      return { node: known.node, prev: 'atom' };
    }
    const groups = this.groupCount;
    const refs = this.refs.length;
    const reads = this.stateReads;
    const aboveFF = this.sawAboveFF;
    const charsetD = this.sawCharsetD;
    const atom = this.lookaroundBody(flags, kind, open);
    if (
      groups === this.groupCount &&
      refs === this.refs.length &&
      reads === this.stateReads &&
      aboveFF === this.sawAboveFF &&
      charsetD === this.sawCharsetD
    ) {
      storeGroup(sc.src, open, sc.pos, signature, atom.node);
    }
    return atom;
  }

  private lookaroundBody(flags: ParseFlags, kind: GroupKind, open: number): Atom & { node: GroupNode } {
    const node = this.groupBody(flags, kind, open);
    if (kind === 'lookbehind' || kind === 'negativeLookbehind') {
      // Perl 5.36 accepts variable-length lookbehind only up to 255 chars, and no backreference.
      if (maxLength(node.body, new Map()) > 255) this.sc.fail('Lookbehind longer than 255 not implemented', 'perl-syntax', open);
    }
    return { node, prev: 'atom' };
  }

  private namedGroup(flags: ParseFlags, open: number): Atom {
    const sc: Scanner = this.sc;
    if (sc.peek() === 'P') sc.pos++;
    const quote = sc.peek() === "'" ? "'" : '>';
    sc.pos++;
    const m = /^\w*/.exec(sc.src.slice(sc.pos))![0];
    if (!/^[A-Za-z_]/.test(m)) sc.fail('Group name must start with a non-digit word character', 'perl-syntax', sc.pos + 1);
    sc.pos += m.length;
    if (sc.peek() !== quote) sc.fail(`Sequence (?${quote === '>' ? '<' : "'"}... not terminated`);
    sc.pos++;
    if (this.names.some((n) => n.name === m)) {
      sc.fail(`duplicate group name "${m}" is not supported`, 'unsupported', open);
    }
    const index = ++this.groupCount;
    this.names.push({ name: m, index });
    return { node: this.groupBody(flags, 'capture', open, index, m), prev: 'atom' };
  }

  /** An assertion node (noting the kinds whose RE2 form reads what follows them). */
  private assert(kind: AssertKind): Node {
    if (kind === 'lineStart' || kind === 'endOrFinalNewline') this.anchorContext = true;
    return { type: 'assert', kind };
  }

  /** Parses the body of a group up to its `)`. */
  private groupBody(flags: ParseFlags, kind: GroupKind, open: number, index?: number, name?: string): GroupNode {
    const body = this.alternation({ ...flags });
    if (this.sc.peek() !== ')') this.sc.fail('Unmatched (', 'perl-syntax', open + 1);
    this.sc.pos++;
    if (index === undefined) return { type: 'group', kind, body };
    const node: GroupNode = name === undefined ? { type: 'group', kind, body, index } : { type: 'group', kind, body, index, name };
    this.captures.push(node);
    return node;
  }

  /** `(?flags)` (returns undefined after updating `flags`) or `(?flags:...)`. */
  private flagGroup(flags: ParseFlags, open: number): Atom | undefined {
    const sc: Scanner = this.sc;
    const next = parseModifiers(sc, flags, open);
    if (next.charset === 'd') this.sawCharsetD = true;
    if (sc.peek() === ')') {
      sc.pos++;
      Object.assign(flags, next);
      return undefined;
    }
    sc.pos++; // ':'
    return { node: this.groupBody(next, 'plain', open), prev: 'atom' };
  }
}

/** Group kinds written `(?` + one char + body. */
const SIMPLE_GROUPS: ReadonlyMap<string, GroupKind> = new Map([
  [':', 'plain'],
  ['=', 'lookahead'],
  ['!', 'negativeLookahead'],
  ['>', 'atomic'],
]);

/**
 * Patterns shorter than this do not use the group memo: their groups rarely recur, and the
 * look-ups would cost more than they save (ReplaceTags expansions are all longer).
 */
const MEMO_MIN_PATTERN = 1000;

/** The modifiers that decide how a group's text parses, as a small integer. */
function flagsSignature(flags: ParseFlags): number {
  return (flags.i ? 1 : 0) | (flags.m ? 2 : 0) | (flags.s ? 4 : 0) | (flags.x << 3) | (flags.n ? 32 : 0) | (flags.charset === 'd' ? 64 : 0);
}

function seq(items: Node[]): Node {
  return items.length === 1 ? items[0]! : { type: 'seq', items };
}



/**
 * Parses `pattern` as SpamAssassin compiles it: `qr/(?flags)pattern/aa`.
 *
 * @param pattern - pattern text without delimiters (Latin-1 binary string)
 * @param flags - trailing modifiers as written after the closing delimiter
 * @throws RegexTranslateError when Perl would reject the pattern or it uses an unsupported feature
 */
export function parsePerlRegex(pattern: string, flags: string): ParsedRegex {
  const prefix = flags ? `(?${flags})` : '';
  return new PerlParser(prefix + pattern, prefix.length).parse({ ...SA_DEFAULT_FLAGS });
}
