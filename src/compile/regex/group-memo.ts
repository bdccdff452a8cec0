/**
 * A per-process memo of parsed groups, so that repeated sub-patterns are parsed (and emitted)
 * once.
 *
 * ReplaceTags expansions are built from the same few tag texts: the five largest stock patterns
 * (60-220 KB) are about 90% copies of groups such as a 974-char `(?:...)` that also recurs in
 * the other expansions. The parser looks each non-capturing group up here before parsing it.
 *
 * Why a hit is always exact: an entry is stored only for a group whose parse succeeded and read
 * no parser state (no capture group, backreference, named group, octal-vs-backreference `\NN`,
 * code point above 0xFF or `(?^...)`/`(?d)`, all of which depend on or change what the rest of
 * the pattern sees), and the parse of a group reads no text past its closing `)`. So when the
 * text at the cursor starts with a stored group's text and the modifiers in force are the same,
 * parsing it again would give the same tree, consume the same text and have no side effect.
 *
 * Memoised trees are shared, between occurrences and between patterns. AST nodes are never
 * mutated after parsing, so sharing is safe; the emitters use that to memoise their output per
 * shared node too ({@link sharedGroup}).
 */
import type { GroupNode, Node } from './ast.js';

/**
 * What the emitters may memoise for a shared group node. Such a subtree has no capture group
 * and no backreference (see {@link storeGroup}), so its V8 form depends only on the case flag
 * when it also has no atomic group or possessive quantifier (those number helper groups). Its
 * RE2 form depends only on the case flag when it has no `^`/m or Perl `$` (`re2Pure`), and
 * otherwise also on whether the group ends the pattern and whether text must follow it (see
 * emit-re2.ts), provided it is not inside a backreference copy or a counted repeat it would
 * overflow.
 */
export interface SharedGroup {
  /** Times the parser reused the group; the emitters memoise only groups that recur. */
  hits: number;
  /** The V8 form depends on nothing but the case flag. */
  readonly jsPure: boolean;
  /** The RE2 form depends on nothing but the case flag, within the limits above (no anchor). */
  readonly re2Pure: boolean;
  /** Memoised V8 source, by case flag (0 = off, 1 = on). */
  readonly js: [string | undefined, string | undefined];
  /** Memoised RE2 output, by case flag and context; its shape belongs to emit-re2.ts. */
  readonly re2: unknown[];
  /** Memoised facts for the case-flag decision; their shape belongs to case-mode.ts. */
  caseFacts?: number;
  /** Memoised product of nested repeat counts (emit-re2.ts `countNeed`). */
  need?: number;
  /** Memoised length bounds (lengths.ts). */
  minLength?: number;
  maxLength?: number;
}

/** A {@link SharedGroup}, working out what its subtree holds when first asked. */
class SharedGroupRecord implements SharedGroup {
  hits = 0;
  readonly js: [string | undefined, string | undefined] = [undefined, undefined];
  readonly re2: unknown[] = [];
  caseFacts?: number;
  need?: number;
  minLength?: number;
  maxLength?: number;
  /** {@link contentFlags} of the group, -1 until asked. */
  private content = -1;

  constructor(private readonly node: GroupNode) {}

  get jsPure(): boolean {
    return (this.contentFlags() & ATOMIC) === 0;
  }

  get re2Pure(): boolean {
    return (this.contentFlags() & ANCHOR) === 0;
  }

  private contentFlags(): number {
    if (this.content < 0) this.content = (this.node.kind === 'atomic' ? ATOMIC : 0) | contentFlags(this.node.body);
    return this.content;
  }
}

/**
 * The records of the shared nodes. A plain Map: every key is also held by `table` below, and
 * both are emptied together (a WeakMap would cost the garbage collector more).
 */
const shared = new Map<Node, SharedGroupRecord>();

/** The memo record of `node` when the parser shares it, else `undefined`. */
export function sharedGroup(node: Node): SharedGroup | undefined {
  return shared.get(node);
}

/** Bits of {@link contentFlags}. */
const ATOMIC = 1;
const ANCHOR = 2;

/** Whether the subtree has atomic groups / possessive quantifiers and context-reading anchors. */
function contentFlags(node: Node): number {
  switch (node.type) {
    case 'assert':
      return node.kind === 'lineStart' || node.kind === 'endOrFinalNewline' ? ANCHOR : 0;
    case 'seq': {
      let f = 0;
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        f |= contentFlags(item);
      }
      return f;
    }
    case 'alt': {
      let f = 0;
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        f |= contentFlags(alternative);
      }
      return f;
    }
    case 'group': {
      const known = shared.get(node);
      if (known !== undefined) return (known.jsPure ? 0 : ATOMIC) | (known.re2Pure ? 0 : ANCHOR);
      return (node.kind === 'atomic' ? ATOMIC : 0) | contentFlags(node.body);
    }
    case 'repeat':
      return (node.mode === 'possessive' ? ATOMIC : 0) | contentFlags(node.body);
    default:
      return 0;
  }
}

/** Length of the text prefix used as key; shorter groups are not memoised (not worth it). */
const MIN_MEMO_GROUP = 24;
/**
 * Group text kept before the memo is reset: the stock rules store about 1,100 groups holding
 * 1.6 M chars of text (their trees and emitted forms take about 8 MB).
 */
const MAX_CHARS = 8_000_000;

interface Entry {
  /** The modifiers the group was parsed under. */
  readonly signature: number;
  /** The whole group text, from `(` to `)` inclusive. */
  readonly text: string;
  readonly node: GroupNode;
}

/** Hash of `modifiers signature + first MIN_MEMO_GROUP chars` -> groups starting with that text. */
const table = new Map<number, Entry[]>();
/** Total length of the stored group texts. */
let chars = 0;

/** FNV-1a over the signature and the first MIN_MEMO_GROUP chars at `open` (no string is built). */
function key(src: string, open: number, signature: number): number {
  let h = (0x811c9dc5 ^ signature) >>> 0;
  h = Math.imul(h, 0x01000193);
  for (let i = open; i < open + MIN_MEMO_GROUP; i++) h = Math.imul(h ^ src.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * The memoised tree of the group whose `(` is at `open` in `src`, parsed under the modifiers
 * described by `signature` (a small integer), with the length of its text; `undefined` when not
 * known.
 */
export function lookupGroup(src: string, open: number, signature: number): { node: GroupNode; length: number } | undefined {
  if (open + MIN_MEMO_GROUP > src.length) return undefined;
  const bucket = table.get(key(src, open, signature));
  if (bucket === undefined) return undefined;
  for (let k = 0, list = bucket; k < list.length; k++) {
    const entry = list[k]!;
    if (entry.signature === signature && src.startsWith(entry.text, open)) return { node: entry.node, length: entry.text.length };
  }
  return undefined;
}

/** Records the tree of the group `src[open..end)` (see the module comment for when this is allowed). */
export function storeGroup(src: string, open: number, end: number, signature: number, node: GroupNode): void {
  if (end - open < MIN_MEMO_GROUP) return;
  if (chars + (end - open) > MAX_CHARS) clearGroupMemo();
  const k = key(src, open, signature);
  const entry: Entry = { signature, text: src.slice(open, end), node };
  const bucket = table.get(k);
  if (bucket === undefined) table.set(k, [entry]);
  else bucket.push(entry);
  chars += end - open;
  if (!shared.has(node)) shared.set(node, new SharedGroupRecord(node));
}

/** Forgets every memoised group (for tests comparing memoised and fresh translations). */
export function clearGroupMemo(): void {
  table.clear();
  shared.clear();
  chars = 0;
}
