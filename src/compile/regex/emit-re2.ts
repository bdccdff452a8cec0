/**
 * AST -> RE2 source: exact where RE2 can express the pattern, otherwise a superset.
 *
 * RE2 has no lookaround, backreference, atomic group or possessive quantifier, and refuses
 * repeat counts whose nested product exceeds 1000. Each of these is replaced by something that
 * matches at least as much (so the form can prefilter candidates that V8 then confirms):
 * lookarounds are dropped, atomic/possessive become ordinary, a backreference becomes a copy of
 * its group's body, a too-large count becomes `*` or `+` (or, outside other counted repeats, is
 * split into chunks of at most 1000, which keeps the same language).
 *
 * Anchors: RE2 has `\A`, `\z`, `(?m:^)`, `(?m:$)` but no lookahead to express Perl's `$` ("end or
 * before a final newline") or Perl's /m `^` (not after a *final* newline):
 * - Perl /m `^` -> `(?m:^)`, exact when what follows must consume a char (a match starting
 *   after the final newline is then impossible anyway), else a superset;
 * - Perl `$`/`\Z` at the very end of the pattern -> `\n?\z` (same yes/no answer; the match may
 *   include the final newline), elsewhere -> `(?m:$)` (superset).
 */
import type { GroupNode, Node, ParsedRegex } from './ast.js';
import { literalUnderFlag } from './case-mode.js';
import { charSource, setSource } from './emit-chars.js';
import { quantifierSource } from './emit-js.js';
import { sharedGroup, type SharedGroup } from './group-memo.js';
import { minLength } from './lengths.js';

/** The `copying` of the root context (never mutated: copies get a new set). */
const NO_GROUPS: ReadonlySet<number> = new Set();

/** RE2's limit on (nested products of) repeat counts. */
const RE2_MAX_REPEAT = 1000;
/** Largest fixed count `X{n}` we unroll into n copies when the nested count limit is exceeded. */
const MAX_UNROLL = 100;

/** What is known about the RE2 form after emitting it. */
export interface Re2Emit {
  source: string;
  /** Same match/no-match answer and same overall match span as Perl on every input. */
  exact: boolean;
  /** Same match/no-match answer as Perl on every input (spans may differ). */
  testExact: boolean;
  /** Why the form is not exact, most important first. */
  reasons: string[];
  /** The form matches the empty string at every position (a useless prefilter). */
  trivial: boolean;
}

interface Ctx {
  /** Fewest chars the rest of the pattern must consume after this node. */
  contMin: number;
  /** Nothing follows this node in the RE2 form (only dropped lookarounds, if anything). */
  tail: boolean;
  /** Remaining repeat budget: 1000 divided by the enclosing counted repeats (RE2's rule). */
  budget: number;
  /** Group numbers being copied for backreferences (guards self-reference). */
  copying: ReadonlySet<number>;
  /** Write capture groups as non-capturing (copies of an unrolled repeat). */
  plainGroups?: boolean;
}

/**
 * What the emitter reports about the piece it has just written, as bits: `ATOM` when a
 * quantifier can follow it directly, `EMPTY` when it can match the empty string with no
 * assertion in the way.
 */
type Facts = number;

/** One loss of exactness, as passed to `inexact`. */
interface Re2Loss {
  reason: string;
  keepsAnswer: boolean;
}

/** The memoised RE2 form of a shared group (see group-memo.ts). */
interface Re2Memo {
  src: string;
  facts: Facts;
  /** Distinct losses of exactness the group causes, in order of first occurrence. */
  losses: Re2Loss[];
}
const ATOM = 1;
const EMPTY = 2;

/** The count RE2's repetition check charges for this repeat (`*`, `+`, `?` are free). */
function ownCount(node: Extract<Node, { type: 'repeat' }>): number {
  const counted = node.max === Infinity ? node.min : node.max;
  const isCountedOp = !(node.max === Infinity && node.min <= 1) && !(node.min === 0 && node.max === 1);
  return isCountedOp && counted > 1 ? counted : 1;
}

/** Whether a capture group occurs in `node`. */
function hasCapture(node: Node): boolean {
  switch (node.type) {
    case 'seq':
      return node.items.some(hasCapture);
    case 'alt':
      return node.alternatives.some(hasCapture);
    case 'group':
      return node.kind === 'capture' || hasCapture(node.body);
    case 'repeat':
      return hasCapture(node.body);
    default:
      return false;
  }
}

const isLookaround = (n: Node): boolean => n.type === 'group' && n.kind !== 'capture' && n.kind !== 'plain' && n.kind !== 'atomic';

/**
 * Writes the source left to right into one list of pieces (joined once at the end): the trees
 * of ReplaceTags expansions are tens of thousands of nodes wide. Where a piece must be wrapped
 * in `(?:...)` once its facts are known, an empty slot is reserved before it and filled after.
 */
class Re2Emitter {
  exact = true;
  testExact = true;
  readonly reasons: string[] = [];
  readonly out: string[] = [];
  private readonly groups = new Map<number, GroupNode>();
  /** Whether the pattern has an anchor whose RE2 form depends on what follows it. */
  private anchorContext = false;
  /** {@link countNeed} of nodes, for walks that copy no backreference. */
  private needs: Map<Node, number> | undefined;
  /** Cache for `minLength`. */
  private minLengths: Map<Node, number> | undefined;
  /** Every reason as first recorded, for memoising shared groups (see {@link sharedGroupForm}). */
  private readonly firsts: Re2Loss[] = [];

  constructor(
    parsed: ParsedRegex,
    private readonly caseFlag: boolean,
  ) {
    const facts = parsed.facts;
    if (facts === undefined) {
      this.collect(parsed.root);
    } else {
      // The parser already knows: no walk needed.
      for (const group of facts.captures) if (group.index !== undefined) this.groups.set(group.index, group);
      this.anchorContext = facts.anchorContext;
    }
  }

  private collect(n: Node): void {
    switch (n.type) {
      case 'group': {
        // A group the parser shares has no capture group; whether it has a context-reading
        // anchor is known (see group-memo.ts).
        const memo = sharedGroup(n);
        if (memo !== undefined) {
          if (!memo.re2Pure) this.anchorContext = true;
          return;
        }
        if (n.kind === 'capture' && n.index !== undefined) this.groups.set(n.index, n);
        this.collect(n.body);
        return;
      }
      case 'assert':
        if (n.kind === 'lineStart' || n.kind === 'endOrFinalNewline') this.anchorContext = true;
        return;
      case 'seq':
        for (const item of n.items) this.collect(item);
        return;
      case 'alt':
        for (const alternative of n.alternatives) this.collect(alternative);
        return;
      case 'repeat':
        this.collect(n.body);
        return;
      default:
        return;
    }
  }

  /** Records a loss of exactness. `keepsAnswer` when the yes/no answer is still Perl's. */
  private inexact(reason: string, keepsAnswer = false): void {
    this.exact = false;
    if (!keepsAnswer) this.testExact = false;
    if (!this.reasons.includes(reason)) {
      this.reasons.push(reason);
      this.firsts.push({ reason, keepsAnswer });
    }
  }

  body(node: Node, ctx: Ctx): Facts {
    if (node.type !== 'alt') return this.emit(node, ctx);
    let empty = false;
    const alternatives = node.alternatives;
    for (let k = 0; k < alternatives.length; k++) {
      if (k > 0) this.out.push('|');
      if (this.emit(alternatives[k]!, ctx) & EMPTY) empty = true;
    }
    return empty ? EMPTY : 0;
  }

  /** Writes `node`, wrapped in `(?:...)` unless it can take a quantifier as it is. */
  private wrapped(node: Node, ctx: Ctx): Facts {
    const out = this.out;
    const slot = out.length;
    out.push('');
    const facts = this.emit(node, ctx);
    if (!(facts & ATOM)) {
      out[slot] = '(?:';
      out.push(')');
    }
    return facts;
  }

  private emit(node: Node, ctx: Ctx): Facts {
    switch (node.type) {
      case 'set': {
        const lit = this.caseFlag ? literalUnderFlag(node) : undefined;
        this.out.push(lit !== undefined ? charSource(lit) : setSource(node.set, node.high, '(?s:.)', '[^\\x00-\\x{10FFFF}]'));
        return ATOM;
      }
      case 'assert':
        // Inside a backreference copy the text sits elsewhere: position tests no longer apply.
        if (ctx.copying.size > 0) return EMPTY;
        this.out.push(this.assertion(node.kind, ctx));
        return 0;
      case 'seq':
        return this.seq(node.items, ctx);
      case 'alt': {
        this.out.push('(?:');
        const inner = this.body(node, ctx);
        this.out.push(')');
        return ATOM | (inner & EMPTY);
      }
      case 'group': {
        const memo = sharedGroup(node);
        if (memo !== undefined && memo.hits > 0 && ctx.copying.size === 0 && this.countNeed(node) <= ctx.budget) {
          return this.sharedGroupForm(node, memo, ctx);
        }
        return this.group(node, ctx);
      }
      case 'repeat':
        return this.repeat(node, ctx);
      case 'backref':
        return this.backref(node.group, ctx);
    }
  }

  private assertion(kind: string, ctx: Ctx): string {
    switch (kind) {
      case 'start':
        return '\\A';
      case 'end':
        return '\\z';
      case 'lineEnd':
        return '(?m:$)';
      case 'wordBoundary':
        return '\\b';
      case 'notWordBoundary':
        return '\\B';
      case 'lineStart':
        if (ctx.contMin < 1) this.inexact('^ under /m may match after a final newline');
        return '(?m:^)';
      default: // endOrFinalNewline
        if (ctx.tail) {
          this.inexact('$ consumes a final newline', true);
          return '\\n?\\z';
        }
        this.inexact('$ before a final newline');
        return '(?m:$)';
    }
  }

  private seq(items: Node[], ctx: Ctx): Facts {
    const n = items.length;
    let empty = true;
    let last: Facts = 0;
    if (!this.anchorContext) {
      // No /m ^ and no Perl $ in the pattern: the continuation facts are never read.
      for (let k = 0; k < n; k++) {
        last = this.emit(items[k]!, ctx);
        if (!(last & EMPTY)) empty = false;
      }
    } else {
      // contMins[k]: fewest chars the items after k (and the rest of the pattern) consume.
      const contMins: number[] = new Array<number>(n);
      let after = ctx.contMin;
      for (let k = n - 1; k >= 0; k--) {
        contMins[k] = after;
        after += minLength(items[k]!, (this.minLengths ??= new Map()));
      }
      // lastNonLookaround: items after it are only dropped lookarounds (tail positions).
      let lastNonLookaround = -1;
      for (let k = n - 1; k >= 0; k--) {
        if (!isLookaround(items[k]!)) {
          lastNonLookaround = k;
          break;
        }
      }
      for (let k = 0; k < n; k++) {
        const item = items[k]!;
        const tail = ctx.tail && k >= lastNonLookaround;
        // A set reads nothing from the context; others get their own only when it differs.
        const itemCtx =
          item.type === 'set' || (contMins[k] === ctx.contMin && tail === ctx.tail)
            ? ctx
            : { contMin: contMins[k]!, tail, budget: ctx.budget, copying: ctx.copying, plainGroups: ctx.plainGroups };
        last = this.emit(item, itemCtx);
        if (!(last & EMPTY)) empty = false;
      }
    }
    const atom = n === 1 && (last & ATOM) !== 0;
    return (atom ? ATOM : 0) | (empty ? EMPTY : 0);
  }

  /**
   * A group the parser shares between occurrences (see group-memo.ts), outside backreference
   * copies and with enough repeat budget that every count inside it is kept: its form then
   * depends only on the case flag and, when it holds a `^`/m or Perl `$`, on `ctx.tail` and on
   * whether `ctx.contMin` is 0 (inside, each anchor sees `ctx.contMin` plus a count fixed by the
   * group, and only tests it against 1). Written once per such context, then copied with the
   * losses of exactness it caused.
   */
  private sharedGroupForm(node: GroupNode, memo: SharedGroup, ctx: Ctx): Facts {
    const out = this.out;
    const slot = (this.caseFlag ? 1 : 0) | (memo.re2Pure ? 0 : (ctx.tail ? 2 : 0) | (ctx.contMin >= 1 ? 4 : 0));
    const known = memo.re2[slot] as Re2Memo | undefined;
    if (known !== undefined) {
      out.push(known.src);
      for (const loss of known.losses) this.inexact(loss.reason, loss.keepsAnswer);
      return known.facts;
    }
    // Reasons this emitter already had are not recorded again by inexact(): gather what the
    // group causes by emitting it with a clean slate, then merge.
    const start = out.length;
    const saved = { exact: this.exact, testExact: this.testExact, reasons: this.reasons.splice(0), firsts: this.firsts.splice(0) };
    this.exact = true;
    this.testExact = true;
    const facts = this.group(node, ctx);
    const losses = this.firsts.splice(0);
    this.reasons.splice(0);
    this.exact = saved.exact;
    this.testExact = saved.testExact;
    this.reasons.push(...saved.reasons);
    this.firsts.push(...saved.firsts);
    for (const loss of losses) this.inexact(loss.reason, loss.keepsAnswer);
    const src = out.slice(start).join('');
    out.length = start;
    out.push(src);
    const memoised: Re2Memo = { src, facts, losses };
    memo.re2[slot] = memoised;
    return facts;
  }

  private group(node: GroupNode, ctx: Ctx): Facts {
    const out = this.out;
    switch (node.kind) {
      case 'capture': {
        const copying = ctx.copying.size > 0;
        out.push(copying || ctx.plainGroups ? '(?:' : node.name !== undefined ? `(?P<${node.name}>` : '(');
        const inner = this.body(node.body, ctx);
        out.push(')');
        return ATOM | (inner & EMPTY);
      }
      case 'plain': {
        out.push('(?:');
        const inner = this.body(node.body, ctx);
        out.push(')');
        return ATOM | (inner & EMPTY);
      }
      case 'atomic': {
        this.inexact('atomic group');
        out.push('(?:');
        const inner = this.body(node.body, ctx);
        out.push(')');
        return ATOM | (inner & EMPTY);
      }
      default:
        this.inexact(node.kind.includes('ahead') ? 'lookahead' : 'lookbehind');
        return EMPTY;
    }
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>, ctx: Ctx): Facts {
    if (node.mode === 'possessive') this.inexact('possessive quantifier');
    const out = this.out;
    const lazy = node.mode === 'lazy' ? '?' : '';
    const own = ownCount(node);
    const need = this.countNeed(node.body);
    const plain = (budget: number): Facts => {
      const body = this.wrapped(node.body, budget === ctx.budget ? ctx : { ...ctx, budget });
      out.push(quantifierSource(node.min, node.max) + lazy);
      return node.min === 0 || body & EMPTY ? EMPTY : 0;
    };
    if (own * need <= ctx.budget) return plain(Math.floor(ctx.budget / own));
    if (node.min === node.max && node.min <= MAX_UNROLL && need <= ctx.budget) {
      // X{n} is exactly n copies of X in sequence (same language, same backtracking order). Only
      // the last copy keeps its capture groups: Perl reports the last iteration's captures.
      out.push('(?:');
      let empty = true;
      for (let k = 0; k < node.min; k++) {
        if (!(this.wrapped(node.body, { ...ctx, plainGroups: k < node.min - 1 }) & EMPTY)) empty = false;
      }
      out.push(')');
      return ATOM | (empty ? EMPTY : 0);
    }
    // Our own count fits: keep it and let the counts inside the body give way.
    if (own <= ctx.budget) return plain(Math.floor(ctx.budget / own));
    if (ctx.budget === RE2_MAX_REPEAT && need === 1) {
      // Split {n,m} into chunks of at most 1000: the same language. For a one-char body the
      // greedy/lazy preference (and so the match span) is also unchanged.
      // Capture groups are written once only (plain in every chunk): numbering then differs.
      const captures = hasCapture(node.body);
      const start = out.length;
      const body = this.wrapped(node.body, { ...ctx, budget: 1, plainGroups: ctx.plainGroups || captures });
      const one = out.splice(start).join('');
      if (node.body.type !== 'set' || captures) this.inexact('repeat count > 1000 (split)', true);
      out.push('(?:');
      for (let left = node.min; left > 0; left -= RE2_MAX_REPEAT) out.push(one + quantifierSource(Math.min(left, RE2_MAX_REPEAT), Math.min(left, RE2_MAX_REPEAT)));
      if (node.max === Infinity) out.push(`${one}*${lazy}`);
      else for (let left = node.max - node.min; left > 0; left -= RE2_MAX_REPEAT) out.push(one + quantifierSource(0, Math.min(left, RE2_MAX_REPEAT)) + lazy);
      out.push(')');
      return ATOM | (node.min === 0 || body & EMPTY ? EMPTY : 0);
    }
    this.inexact('repeat count > 1000');
    const body = this.wrapped(node.body, ctx);
    out.push(node.min === 0 ? '*' : '+');
    return node.min === 0 || body & EMPTY ? EMPTY : 0;
  }

  /** Product of the counted repeats nested in `node` (RE2 refuses more than 1000). */
  private countNeed(node: Node, seen?: ReadonlySet<number>): number {
    switch (node.type) {
      case 'set':
      case 'assert':
        return 1;
      case 'group':
        if (isLookaround(node)) return 1;
        break;
      default:
        break;
    }
    if (seen !== undefined) return this.computeNeed(node, seen);
    if (node.type === 'group') {
      // A group the parser shares has no backreference: its count holds in every pattern.
      const memo = sharedGroup(node);
      if (memo !== undefined) return (memo.need ??= this.computeNeed(node, undefined));
    }
    // Repeats are cached (each repeat asks for its body's count): walks stop at inner repeats.
    if (node.type !== 'repeat') return this.computeNeed(node, undefined);
    const needs = (this.needs ??= new Map());
    let v = needs.get(node);
    if (v === undefined) {
      v = this.computeNeed(node, undefined);
      needs.set(node, v);
    }
    return v;
  }

  private computeNeed(node: Node, seen: ReadonlySet<number> | undefined): number {
    switch (node.type) {
      case 'seq': {
        let max = 1;
        for (let k = 0, list = node.items; k < list.length; k++) {
          const item = list[k]!;
          max = Math.max(max, this.countNeed(item, seen));
        }
        return max;
      }
      case 'alt': {
        let max = 1;
        for (let k = 0, list = node.alternatives; k < list.length; k++) {
          const alternative = list[k]!;
          max = Math.max(max, this.countNeed(alternative, seen));
        }
        return max;
      }
      case 'group':
        return isLookaround(node) ? 1 : this.countNeed(node.body, seen);
      case 'repeat':
        return ownCount(node) * this.countNeed(node.body, seen);
      case 'backref': {
        const target = this.groups.get(node.group);
        if (!target || seen?.has(node.group)) return 1;
        return this.countNeed(target.body, new Set(seen).add(node.group));
      }
      default:
        return 1;
    }
  }

  private backref(group: number, ctx: Ctx): Facts {
    this.inexact('backreference');
    const target = this.groups.get(group);
    if (!target || ctx.copying.has(group)) {
      this.out.push('(?s:.*)');
      return EMPTY;
    }
    const copying = new Set(ctx.copying).add(group);
    this.out.push('(?:');
    const inner = this.body(target.body, { ...ctx, copying });
    this.out.push(')');
    return ATOM | (inner & EMPTY);
  }
}

/**
 * Writes the RE2 form of a parsed pattern (with `(?i)` inline when `caseFlag`).
 *
 * @param parsed - output of the parser
 * @param caseFlag - same decision as for the V8 form; RE2 folds bytes exactly like V8 and Perl /aa
 */
export function emitRe2(parsed: ParsedRegex, caseFlag: boolean): Re2Emit {
  const emitter = new Re2Emitter(parsed, caseFlag);
  const facts = emitter.body(parsed.root, { contMin: 0, tail: true, budget: RE2_MAX_REPEAT, copying: NO_GROUPS });
  const src = emitter.out.join('');
  const source = (caseFlag ? '(?i)' : '') + (src === '' ? '(?:)' : src);
  return { source, exact: emitter.exact, testExact: emitter.testExact, reasons: emitter.reasons, trivial: (facts & EMPTY) !== 0 };
}
