/**
 * A static estimate of how long a backtracking engine (V8's irregexp, and Perl's) can work on
 * a pattern from one start position, as a power of the text length n.
 *
 * RE2 runs in linear time whatever the pattern; V8 runs the patterns RE2 cannot (lookaround,
 * backreferences) and confirms prefilter candidates, and there the pattern's shape decides:
 *
 * - `bounded` (degree 0): no repeat can take more than a bounded number of steps;
 * - `linear` (1): repeats scan the text, but the ways to match are fixed by what they consume;
 * - `polynomial` (k ≥ 2): k repeats whose bytes overlap follow one another (`\s*\w*\s*x`,
 *   `.*.*x`), or a repeat runs a lookaround or backreference each time round: a text can be
 *   split between them in O(n^(k-1)) ways, each tried;
 * - `exponential`: a repeat whose body can end in an unbounded repeat of bytes it can also start
 *   with (`(<+\s?)+`, `(\w+\s?)+`, `(a*)*`), whose body is itself polynomial, or whose body offers
 *   alternatives starting with the same bytes (`(a|ab)+`): each way of cutting the text into
 *   iterations is tried (2^n).
 *
 * An unanchored search multiplies each by n (every start position is tried). The estimate is
 * conservative: it looks at byte sets, not at the exact languages, so `(?:foo|fab)+` counts as
 * ambiguous though it is not; atomic groups and possessive repeats, which never give back what
 * they took, are read as such. It mirrors no SpamAssassin function: SA leaves a slow rule to
 * its global time limit (`Mail::SpamAssassin::Timeout` around the checks).
 */
import type { Node } from '../compile/regex/ast.js';
import { ByteSet } from '../compile/regex/byte-set.js';
import { sharedGroup } from '../compile/regex/group-memo.js';

/** Why a pattern was rated above `linear`. */
export type BacktrackReason =
  /** A repeat's body can end as it starts (`(\w+\s?)+`), or is itself polynomial. */
  | 'nested-quantifier'
  /** A repeated body whose alternatives can start with the same byte (`(a|ab)+`). */
  | 'overlapping-alternatives'
  /** Repeats of overlapping bytes in a row (`\w+\s*\w+x`, `(?:\w+\s*){3}`). */
  | 'adjacent-quantifiers'
  /** A backreference inside an unbounded repeat. */
  | 'backref-under-quantifier'
  /** A lookaround holding an unbounded repeat: its work is not what the RE2 prefilter sees. */
  | 'quantifier-in-lookaround';

/** The rating of a pattern; see the module comment. */
export interface BacktrackRisk {
  readonly level: 'bounded' | 'linear' | 'polynomial' | 'exponential';
  /** The exponent of n per start position: 0, 1, k ≥ 2, or Infinity for `exponential`. */
  readonly degree: number;
  /** What raised the rating, each once, in the order found. */
  readonly reasons: readonly BacktrackReason[];
  /**
   * Every match starts at the text's start (`^` without `/m`, `\A`, first in every branch):
   * V8 then tries that one position only (irregexp's "anchored at start"), so a search costs
   * the per-start work, not n times it.
   */
  readonly anchored: boolean;
}

/** A repeat whose count can vary by more than this is read as unbounded. */
const LOOSE_SPAN = 16;
/** Copies of a self-overlapping body from which a counted repeat is read as exponential. */
const EXPONENTIAL_COPIES = 8;

/** What the analysis knows about a node. */
interface Summary {
  /** The exponent of n for one match attempt of the node (see BacktrackRisk.degree). */
  degree: number;
  nullable: boolean;
  /** Bytes a non-empty match can start with. */
  first: ByteSet;
  /** Bytes any match can contain. */
  bytes: ByteSet;
  /** Bytes of the backtracking unbounded repeats a match can start in (null: none). */
  head: ByteSet | null;
  /** Bytes of the backtracking unbounded repeats a match can end in (null: none). */
  tail: ByteSet | null;
  /** The node does work not tied to what it consumes (a lookaround over a repeat, a backreference). */
  work: boolean;
  /** Some alternation in the node has alternatives that can start with the same byte. */
  ambiguousAlt: boolean;
  /** The node holds a backreference. */
  backref: boolean;
}

const EMPTY = ByteSet.empty();

function overlaps(a: ByteSet | null, b: ByteSet | null): boolean {
  if (!a || !b) return false;
  for (let i = 0; i < 8; i++) if ((a.word(i) & b.word(i)) !== 0) return true;
  return false;
}

function within(a: ByteSet, b: ByteSet | null): boolean {
  if (!b) return false;
  for (let i = 0; i < 8; i++) if ((a.word(i) & ~b.word(i)) !== 0) return false;
  return true;
}

function union(a: ByteSet | null, b: ByteSet | null): ByteSet | null {
  if (!a) return b;
  if (!b || within(b, a)) return a;
  return a.clone().addSet(b);
}

/** Adds `b` to an accumulator this walk owns (created on first use). */
function gather(acc: ByteSet | null, b: ByteSet | null): ByteSet | null {
  if (!b) return acc;
  return acc ? acc.addSet(b) : b.clone();
}

class Analysis {
  readonly reasons: BacktrackReason[] = [];
  /** Capture groups seen so far, by Perl number (for backreferences). */
  private readonly groups = new Map<number, Summary>();
  /**
   * Summaries of the groups the parser shares between occurrences (ReplaceTags expansions are
   * mostly copies of a few groups): each is worked out once. Shared groups hold no capture and
   * no backreference, so their summary does not depend on where they occur.
   */
  private readonly shared = new Map<Node, Summary>();

  note(reason: BacktrackReason): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  node(node: Node): Summary {
    switch (node.type) {
      case 'set':
        return { degree: 0, nullable: false, first: node.set, bytes: node.set, head: null, tail: null, work: false, ambiguousAlt: false, backref: false };
      case 'assert':
        return { degree: 0, nullable: true, first: EMPTY, bytes: EMPTY, head: null, tail: null, work: false, ambiguousAlt: false, backref: false };
      case 'backref': {
        // Compared in time proportional to what the group took; its bytes are the group's.
        const g = this.groups.get(node.group);
        const bytes = g ? g.bytes : ByteSet.full();
        const long = g ? g.head !== null || g.tail !== null || g.degree >= 1 : true;
        return {
          degree: long ? 1 : 0,
          nullable: true,
          first: bytes,
          bytes,
          head: long ? bytes : null,
          tail: long ? bytes : null,
          work: true,
          ambiguousAlt: false,
          backref: true,
        };
      }
      case 'group': {
        if (sharedGroup(node) === undefined) return this.group(node);
        let s = this.shared.get(node);
        if (s === undefined) this.shared.set(node, (s = this.group(node)));
        return s;
      }
      case 'seq':
        return this.seq(node.items);
      case 'alt':
        return this.alt(node.alternatives);
      case 'repeat':
        return this.repeat(node);
    }
  }

  private group(node: Extract<Node, { type: 'group' }>): Summary {
    const body = this.node(node.body);
    switch (node.kind) {
      case 'capture':
        if (node.index !== undefined) this.groups.set(node.index, body);
        return body;
      case 'plain':
        return body;
      case 'atomic':
        // Never gives back what it took: nothing to split with its neighbours.
        return { ...body, head: null, tail: null, ambiguousAlt: false };
      default: {
        // A lookaround consumes nothing; its work is done wherever it is reached.
        const repeats = body.degree >= 1 || body.head !== null || body.tail !== null;
        if (repeats) this.note('quantifier-in-lookaround');
        return {
          degree: body.degree,
          nullable: true,
          first: EMPTY,
          bytes: EMPTY,
          head: union(body.head, body.tail),
          tail: null,
          work: body.degree >= 1 || body.work,
          ambiguousAlt: false,
          backref: body.backref,
        };
      }
    }
  }

  private alt(alternatives: readonly Node[]): Summary {
    let degree = 0;
    let nullable = false;
    const first = ByteSet.empty();
    const bytes = ByteSet.empty();
    let head: ByteSet | null = null;
    let tail: ByteSet | null = null;
    let work = false;
    let ambiguousAlt = false;
    let backref = false;
    for (const a of alternatives) {
      const s = this.node(a);
      // Linear in the alternatives: each is tested against the union of those before it.
      if (overlaps(first, s.first)) ambiguousAlt = true;
      degree = Math.max(degree, s.degree);
      nullable ||= s.nullable;
      first.addSet(s.first);
      bytes.addSet(s.bytes);
      head = gather(head, s.head);
      tail = gather(tail, s.tail);
      work ||= s.work;
      ambiguousAlt ||= s.ambiguousAlt;
      backref ||= s.backref;
    }
    return { degree, nullable, first, bytes, head, tail, work, ambiguousAlt, backref };
  }

  private seq(items: readonly Node[]): Summary {
    const sums = items.map((i) => this.node(i));
    let degree = 0;
    // The run of overlapping repeats the text can be split between, and its last repeat's bytes.
    let chain = 0;
    let chainTail: ByteSet | null = null;
    for (const s of sums) {
      degree = Math.max(degree, s.degree);
      if (s.head) {
        chain = overlaps(chainTail, s.head) ? chain + 1 : 1;
        if (chain >= 2) this.note('adjacent-quantifiers');
        degree = Math.max(degree, chain);
      }
      // A repeat that can match nothing leaves the one before it in play (`\s*\w*\s*`).
      if (s.tail) chainTail = s.nullable ? union(chainTail, s.tail) : s.tail;
      else if (s.nullable || within(s.bytes, chainTail)) {
        // transparent (`\s?`, an assertion, a lookaround) or absorbed by the repeat before it
      } else {
        chain = 0;
        chainTail = null;
      }
    }
    let nullable = true;
    const first = ByteSet.empty();
    let head: ByteSet | null = null;
    for (const s of sums) {
      first.addSet(s.first);
      head = gather(head, s.head);
      if (!s.nullable) {
        nullable = false;
        break;
      }
    }
    let tail: ByteSet | null = null;
    for (let i = sums.length - 1; i >= 0; i--) {
      tail = gather(tail, sums[i]!.tail);
      if (!sums[i]!.nullable) break;
    }
    const bytes = ByteSet.empty();
    for (const s of sums) bytes.addSet(s.bytes);
    return {
      degree,
      nullable,
      first,
      bytes,
      head,
      tail,
      work: sums.some((s) => s.work),
      ambiguousAlt: sums.some((s) => s.ambiguousAlt),
      backref: sums.some((s) => s.backref),
    };
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>): Summary {
    const body = this.node(node.body);
    const nullable = body.nullable || node.min === 0;
    const unbounded = node.max === Infinity || node.max - node.min > LOOSE_SPAN;
    const base = { nullable, first: body.first, bytes: body.bytes, work: body.work, backref: body.backref };
    if (node.max <= 1) return { ...body, nullable };
    if (node.mode === 'possessive') {
      // Scans like a loop but never gives back: nothing to split, nothing to retry.
      return { ...base, degree: Math.max(unbounded ? 1 : 0, body.degree), head: null, tail: null, ambiguousAlt: false };
    }
    if (unbounded) {
      let degree = Math.max(1, body.degree + (body.work ? 1 : 0));
      // One iteration can end in a repeat of bytes the next can start with: every cut is tried.
      const endsAsItStarts = overlaps(body.tail, body.first) || (body.nullable && (body.head !== null || body.tail !== null));
      if (endsAsItStarts || body.degree >= 2) {
        this.note('nested-quantifier');
        degree = Infinity;
      }
      if (body.ambiguousAlt) {
        this.note('overlapping-alternatives');
        degree = Infinity;
      }
      if (body.backref) {
        this.note('backref-under-quantifier');
        degree = Math.max(degree, 2);
      }
      return { ...base, degree, head: body.bytes, tail: body.bytes, ambiguousAlt: body.ambiguousAlt };
    }
    // A counted repeat: its copies follow one another, so a body that ends as it starts makes
    // a run of `max` overlapping repeats.
    let degree = body.degree;
    if (overlaps(body.tail, body.head)) {
      this.note('adjacent-quantifiers');
      degree = node.max >= EXPONENTIAL_COPIES ? Infinity : Math.max(degree, node.max);
    }
    return { ...base, degree, head: body.head, tail: body.tail, ambiguousAlt: body.ambiguousAlt };
  }
}

/**
 * Rates a parsed pattern (see the module comment). Recursive in the nesting depth, which the
 * compile stage bounds (`PATTERN_LIMITS.depth`); linear in the pattern's size.
 */
export function analyzeBacktracking(root: Node): BacktrackRisk {
  const a = new Analysis();
  const { degree } = a.node(root);
  const level = degree === 0 ? 'bounded' : degree === 1 ? 'linear' : degree === Infinity ? 'exponential' : 'polynomial';
  return { level, degree, reasons: a.reasons, anchored: anchoredAtStart(root) };
}

/**
 * Whether every match of the node starts at the text's start, as V8 decides it
 * (`RegExpTree::IsAnchoredAtStart`): a sequence whose first item is, alternatives that all
 * are, a capturing or plain group whose body is, or the `start` assertion itself.
 */
export function anchoredAtStart(node: Node): boolean {
  for (;;) {
    switch (node.type) {
      case 'assert':
        return node.kind === 'start';
      case 'seq':
        if (node.items.length === 0) return false;
        node = node.items[0]!;
        break;
      case 'alt':
        return node.alternatives.length > 0 && node.alternatives.every(anchoredAtStart);
      case 'group':
        if (node.kind !== 'capture' && node.kind !== 'plain') return false;
        node = node.body;
        break;
      default:
        return false;
    }
  }
}
