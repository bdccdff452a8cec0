/**
 * What the shape of a parsed pattern says about running it: how large RE2's program gets, how
 * much a backtracking engine can try per start position, a coarser relaxed RE2 form, the
 * branches a huge alternation can be tested by, and the pattern cut to the bytes a text holds.
 *
 * The relaxed form is a DFA-friendly prefilter for patterns whose exact form is slow in both
 * engines (`__FILL_THIS_FORM_*`: milliseconds per line).
 * Counted repeats are what make RE2's DFA blow up (`[-=_.,:;*\s]{1,100}` is a hundred NFA
 * positions, and each combination of positions a DFA state) until it gives up and falls back
 * to its slow NFA. Replacing `X{m,n}` by `X{min(m,2),}` only adds strings to the language of
 * the node (and so to the texts the whole pattern matches in), so the relaxed form accepts every
 * text the original accepts: a text it rejects needs no exact run.
 */
import type { Node, ParsedRegex } from '../compile/regex/ast.js';
import { ByteSet } from '../compile/regex/byte-set.js';
import { useCaseInsensitiveFlag } from '../compile/regex/case-mode.js';
import { emitRe2 } from '../compile/regex/emit-re2.js';

/** Largest count kept as is (small counts cost the DFA little and keep the form selective). */
const KEEP_COUNT = 4;
/** Copies kept of a relaxed repeat (`X{5}` becomes `X{2,}`: still selective, still cheap). */
const KEEP_MIN = 2;

function relaxNode(node: Node): Node {
  switch (node.type) {
    case 'set':
    case 'assert':
    case 'backref':
      return node;
    case 'seq':
      return { type: 'seq', items: node.items.map(relaxNode) };
    case 'alt':
      return { type: 'alt', alternatives: node.alternatives.map(relaxNode) };
    case 'group':
      return { ...node, body: relaxNode(node.body) };
    case 'repeat': {
      const body = relaxNode(node.body);
      const small = node.max <= KEEP_COUNT || (node.max === Infinity && node.min <= 1);
      if (small) return { ...node, body };
      return { ...node, body, min: Math.min(node.min, KEEP_MIN), max: Infinity };
    }
  }
}

/** Roughly how many positions RE2's program has for `node` (counted repeats are unrolled). */
export function programSize(node: Node): number {
  switch (node.type) {
    case 'set':
    case 'assert':
    case 'backref':
      return 1;
    case 'seq':
      return node.items.reduce((n, item) => n + programSize(item), 0);
    case 'alt':
      return node.alternatives.reduce((n, a) => n + programSize(a), 0);
    case 'group':
      return programSize(node.body);
    case 'repeat':
      return programSize(node.body) * (node.max === Infinity ? Math.max(node.min, 1) : node.max);
  }
}

/**
 * An upper bound on the paths a backtracking engine can try from one start position (each at
 * most the pattern's size long), or Infinity when a repeat is unbounded. Patterns with a small
 * bound cannot backtrack catastrophically: V8's time on them is linear in the text.
 */
export function backtrackPaths(node: Node): number {
  switch (node.type) {
    case 'set':
    case 'assert':
    case 'backref':
      return 1;
    case 'seq':
      return node.items.reduce((n, item) => n * backtrackPaths(item), 1);
    case 'alt':
      return node.alternatives.reduce((n, a) => n + backtrackPaths(a), 0);
    case 'group':
      return backtrackPaths(node.body);
    case 'repeat': {
      if (node.max === Infinity) return Infinity;
      const body = backtrackPaths(node.body);
      // One path per count: the sum below in closed form (`x{0,65535}` would loop 65,536 times).
      if (body <= 1) return node.max - node.min + 1;
      let total = 0;
      for (let k = node.min; k <= node.max && total < 1e9; k++) total += body ** k;
      return total;
    }
  }
}

/** The largest finite count that relaxing removes from `node` (0: relaxing changes nothing). */
export function relaxedCount(node: Node): number {
  switch (node.type) {
    case 'set':
    case 'assert':
    case 'backref':
      return 0;
    case 'seq':
      return node.items.reduce((n, item) => Math.max(n, relaxedCount(item)), 0);
    case 'alt':
      return node.alternatives.reduce((n, a) => Math.max(n, relaxedCount(a)), 0);
    case 'group':
      return relaxedCount(node.body);
    case 'repeat': {
      const inner = relaxedCount(node.body);
      const small = node.max <= KEEP_COUNT || (node.max === Infinity && node.min <= 1);
      return Math.max(inner, small ? 0 : node.max === Infinity ? node.min : node.max);
    }
  }
}

/** The relaxed RE2 source of a parsed pattern (a superset form; see the module comment). */
export function relaxedRe2Source(parsed: ParsedRegex): string {
  const root = relaxNode(parsed.root);
  const relaxed: ParsedRegex = { ...parsed, root };
  return emitRe2(relaxed, useCaseInsensitiveFlag(root)).source;
}

/** A node without the plain and capture groups around it. */
function unwrap(node: Node): Node {
  while (node.type === 'group' && (node.kind === 'plain' || node.kind === 'capture')) node = node.body;
  return node;
}

/**
 * A pattern `P = X (?:B1|B2|…) Y` as the patterns `X B1 Y`, `X B2 Y`, …: P matches in a text
 * exactly when one of them does (alternation distributes over concatenation), so a yes/no test
 * of P can run them instead. RE2 keeps a huge program's DFA within its memory budget poorly
 * and falls back to slower searches; the branches of the ReplaceTags monsters (`__MY_MALWARE`,
 * 60-210 KB) each fit. Splits at the first alternation of 3 or more branches found through
 * the top-level sequence; undefined when there is none, or when it has more than `maxBranches`.
 */
export function splitBranches(root: Node, maxBranches = Infinity): Node[] | undefined {
  const top = unwrap(root);
  const fits = (alt: Extract<Node, { type: 'alt' }>) => alt.alternatives.length > 2 && alt.alternatives.length <= maxBranches;
  if (top.type === 'alt') return fits(top) ? [...top.alternatives] : undefined;
  if (top.type !== 'seq') return undefined;
  for (let i = 0; i < top.items.length; i++) {
    const item = unwrap(top.items[i]!);
    if (item.type === 'alt' && item.alternatives.length > 2) {
      // Only the first such alternation is a split point; too many branches: no split.
      if (!fits(item)) return undefined;
      return item.alternatives.map((b) => ({ type: 'seq', items: [...top.items.slice(0, i), b, ...top.items.slice(i + 1)] }));
    }
  }
  return undefined;
}

/**
 * Most branches a pattern is split into. The stock monsters split into 5 to 7; a split into
 * thousands (a hostile alternation of words) would mean thousands of RE2 objects, and as many
 * searches per text, where one search of the whole pattern does.
 */
const MAX_BRANCHES = 32;

/**
 * Exact RE2 sources of the {@link splitBranches} of a pattern; undefined when one is inexact or
 * there are more than {@link MAX_BRANCHES}.
 */
export function branchSources(parsed: ParsedRegex): string[] | undefined {
  const branches = splitBranches(parsed.root, MAX_BRANCHES);
  if (!branches) return undefined;
  const out: string[] = [];
  for (const root of branches) {
    const e = emitRe2({ ...parsed, root }, useCaseInsensitiveFlag(root));
    if (!e.exact) return undefined;
    out.push(e.source);
  }
  return out;
}

/**
 * The relaxed RE2 source of a pattern when it is worth a prefilter pass: relaxing removes a
 * count of 30 or more. (Measured on the stock rules: such patterns run up to 100 times faster
 * relaxed, and the relaxed form rejects nearly every text; with smaller counts the extra pass
 * costs about what it saves.)
 */
export function relaxedFilterSource(parsed: ParsedRegex): string | undefined {
  if (relaxedCount(parsed.root) < 30) return undefined;
  return relaxedRe2Source(parsed);
}

/** Matches nothing but the empty string (what a repeat of an impossible body with min 0 becomes). */
const EMPTY_NODE: Node = { type: 'seq', items: [] };

/**
 * `node` as it can match in a text of `allowed` bytes only: every class cut to `allowed`,
 * alternatives that need another byte dropped; null when nothing of it can match there. On
 * such a text the result matches exactly where `node` does (the dropped parts needed a byte the
 * text lacks; a case-insensitive class folds ASCII letters to ASCII letters only). A negative
 * lookaround whose body cannot match always holds, so it becomes empty.
 */
export function cutToBytes(node: Node, allowed: ByteSet): Node | null {
  switch (node.type) {
    case 'assert':
    case 'backref':
      return node;
    case 'set': {
      const cut = node.set.intersect(allowed);
      if (cut.equals(node.set)) return node;
      return cut.isEmpty ? null : { type: 'set', set: ByteSet.intern(cut), high: false };
    }
    case 'seq': {
      const items: Node[] = [];
      for (const item of node.items) {
        const cut = cutToBytes(item, allowed);
        if (cut === null) return null;
        items.push(cut);
      }
      return { type: 'seq', items };
    }
    case 'alt': {
      const alternatives: Node[] = [];
      for (const a of node.alternatives) {
        const cut = cutToBytes(a, allowed);
        if (cut !== null) alternatives.push(cut);
      }
      if (alternatives.length === 0) return null;
      return alternatives.length === 1 ? alternatives[0]! : { type: 'alt', alternatives };
    }
    case 'group': {
      const body = cutToBytes(node.body, allowed);
      if (body !== null) return { ...node, body };
      return node.kind === 'negativeLookahead' || node.kind === 'negativeLookbehind' ? EMPTY_NODE : null;
    }
    case 'repeat': {
      const body = cutToBytes(node.body, allowed);
      if (body !== null) return { ...node, body };
      return node.min === 0 ? EMPTY_NODE : null;
    }
  }
}

/**
 * The exact RE2 sources that test a huge pattern on texts of `allowed` bytes only (see
 * {@link cutToBytes}): one source, or its branches when still huge; `[]` when the pattern
 * cannot match such a text; undefined when the cut form is not exact in RE2. The
 * ReplaceTags monsters spell each letter with its look-alikes above 0x7F: on a plain ASCII
 * line their cut form is a fraction of the program, and RE2's DFA keeps it in its budget.
 */
export function cutSources(parsed: ParsedRegex, allowed: ByteSet, splitAbove: number): string[] | undefined {
  const root = cutToBytes(parsed.root, allowed);
  if (root === null) return [];
  // Without the parser's facts: its capture list names nodes of the uncut tree.
  const cut: ParsedRegex = { root, groupCount: parsed.groupCount, names: parsed.names };
  const e = emitRe2(cut, useCaseInsensitiveFlag(root));
  if (!e.exact) return undefined;
  return e.source.length > splitAbove ? branchSources(cut) : [e.source];
}
