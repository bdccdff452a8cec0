/**
 * The parsed form of a Perl pattern, with every modifier already applied.
 *
 * Perl's modifiers (`/i /m /s /x`, `(?i)`, `(?^...)`, `(?-i:...)`) change what a node means, and
 * neither V8 11 nor our emitters can scope them. So the parser resolves them away: a literal
 * under `/i` becomes the set of bytes it matches, `.` becomes "any byte but `\n`" or "any byte",
 * `^`/`$` become one of the {@link AssertKind}s below. What is left is engine-neutral.
 */
import type { ByteSet } from './byte-set.js';
import type { Charset } from './case-fold.js';

/** A regex node. */
export type Node = SeqNode | AltNode | SetNode | AssertNode | GroupNode | RepeatNode | BackrefNode;

/** Nodes matched one after another. */
export interface SeqNode {
  type: 'seq';
  items: Node[];
}

/** Alternatives tried in order (Perl and both engines are leftmost-first). */
export interface AltNode {
  type: 'alt';
  alternatives: Node[];
}

/** One byte from `set`. */
export interface SetNode {
  type: 'set';
  /** Exactly the bytes this node accepts (case folding already applied). */
  set: ByteSet;
  /**
   * The byte written in the pattern when the node came from a literal. When the whole pattern is
   * case-insensitive the emitters write it plainly and let the engine's `i` flag fold it.
   */
  literal?: number;
  /**
   * True when Perl would also accept every code point above 0xFF (negated classes, `\W`, `.`).
   * Our texts never hold such code points; this only picks the more natural emitted form.
   */
  high: boolean;
}

/**
 * Zero-width assertions, named by their Perl meaning:
 * - `start`: `\A`, or `^` without `/m`
 * - `lineStart`: `^` under `/m`: start, or after a `\n` that is not the last char
 * - `end`: `\z`
 * - `endOrFinalNewline`: `\Z`, or `$` without `/m`: end, or before a final `\n`
 * - `lineEnd`: `$` under `/m`: before any `\n`, or at the end
 * - `wordBoundary` / `notWordBoundary`: `\b` / `\B` with ASCII word characters (`/aa`)
 */
export type AssertKind =
  | 'start'
  | 'lineStart'
  | 'end'
  | 'endOrFinalNewline'
  | 'lineEnd'
  | 'wordBoundary'
  | 'notWordBoundary';

/** A zero-width assertion. */
export interface AssertNode {
  type: 'assert';
  kind: AssertKind;
}

/** Kinds of parenthesised groups. */
export type GroupKind =
  | 'capture'
  | 'plain'
  | 'atomic'
  | 'lookahead'
  | 'negativeLookahead'
  | 'lookbehind'
  | 'negativeLookbehind';

/** A parenthesised group. */
export interface GroupNode {
  type: 'group';
  kind: GroupKind;
  body: Node;
  /** Perl's group number (1-based) for `capture` groups. */
  index?: number;
  /** Name of a named capture group. */
  name?: string;
}

/** A quantified node. `max` is `Infinity` when unbounded. */
export interface RepeatNode {
  type: 'repeat';
  body: Node;
  min: number;
  max: number;
  mode: 'greedy' | 'lazy' | 'possessive';
}

/** A backreference to Perl group number `group`. */
export interface BackrefNode {
  type: 'backref';
  group: number;
  /** `undefined` when case-sensitive, else the charset whose folding applies (`/i` in force). */
  fold?: Charset;
}

/** The result of parsing a whole pattern. */
export interface ParsedRegex {
  root: Node;
  /** Number of capture groups (Perl numbering). */
  groupCount: number;
  /** Named groups in order of appearance, with their Perl group numbers. */
  names: Array<{ name: string; index: number }>;
  /**
   * What the parser already knows about the tree, so that later passes need not walk it for
   * that (absent when a ParsedRegex is built some other way).
   */
  facts?: ParseFacts;
}

/** See {@link ParsedRegex.facts}. */
export interface ParseFacts {
  /** Whether the tree has a backreference. */
  hasBackrefs: boolean;
  /** Whether the tree has a `lineStart` or `endOrFinalNewline` assertion. */
  anchorContext: boolean;
  /** Every capture group of the tree. */
  captures: GroupNode[];
}
