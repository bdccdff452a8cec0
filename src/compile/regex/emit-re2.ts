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
import { minLength } from './lengths.js';

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

interface Out {
  src: string;
  atom: boolean;
  /** The emitted form can match the empty string with no assertion in the way. */
  empty: boolean;
}

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

class Re2Emitter {
  exact = true;
  testExact = true;
  readonly reasons: string[] = [];
  private readonly groups = new Map<number, GroupNode>();
  /** Whether the pattern has an anchor whose RE2 form depends on what follows it. */
  private anchorContext = false;

  constructor(
    root: Node,
    private readonly caseFlag: boolean,
  ) {
    const collect = (n: Node): void => {
      if (n.type === 'group' && n.kind === 'capture' && n.index !== undefined) this.groups.set(n.index, n);
      if (n.type === 'assert' && (n.kind === 'lineStart' || n.kind === 'endOrFinalNewline')) this.anchorContext = true;
      if (n.type === 'seq') n.items.forEach(collect);
      else if (n.type === 'alt') n.alternatives.forEach(collect);
      else if (n.type === 'group' || n.type === 'repeat') collect(n.body);
    };
    collect(root);
  }

  /** Records a loss of exactness. `keepsAnswer` when the yes/no answer is still Perl's. */
  private inexact(reason: string, keepsAnswer = false): void {
    this.exact = false;
    if (!keepsAnswer) this.testExact = false;
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  body(node: Node, ctx: Ctx): Out {
    if (node.type !== 'alt') return this.emit(node, ctx);
    const parts = node.alternatives.map((a) => this.emit(a, ctx));
    return { src: parts.map((p) => p.src).join('|'), atom: false, empty: parts.some((p) => p.empty) };
  }

  private emit(node: Node, ctx: Ctx): Out {
    const copying = ctx.copying.size > 0;
    switch (node.type) {
      case 'set': {
        const lit = this.caseFlag ? literalUnderFlag(node) : undefined;
        const src = lit !== undefined ? charSource(lit) : setSource(node.set, node.high, '(?s:.)', '[^\\x00-\\x{10FFFF}]');
        return { src, atom: true, empty: false };
      }
      case 'assert':
        // Inside a backreference copy the text sits elsewhere: position tests no longer apply.
        if (copying) return { src: '', atom: false, empty: true };
        return { src: this.assertion(node.kind, ctx), atom: false, empty: false };
      case 'seq':
        return this.seq(node.items, ctx);
      case 'alt': {
        const inner = this.body(node, ctx);
        return { src: `(?:${inner.src})`, atom: true, empty: inner.empty };
      }
      case 'group':
        return this.group(node, ctx);
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

  private seq(items: Node[], ctx: Ctx): Out {
    const parts: Out[] = [];
    if (!this.anchorContext) {
      // No /m ^ and no Perl $ in the pattern: the continuation facts are never read.
      for (const item of items) parts.push(this.emit(item, ctx));
      return { src: parts.map((p) => p.src).join(''), atom: parts.length === 1 && parts[0]!.atom, empty: parts.every((p) => p.empty) };
    }
    let after = ctx.contMin;
    const contMins: number[] = [];
    for (let k = items.length - 1; k >= 0; k--) {
      contMins[k] = after;
      after += minLength(items[k]!);
    }
    // tails[k]: only dropped lookarounds follow item k.
    const tails: boolean[] = [];
    let onlyLookarounds = true;
    for (let k = items.length - 1; k >= 0; k--) {
      tails[k] = onlyLookarounds;
      onlyLookarounds &&= isLookaround(items[k]!);
    }
    items.forEach((item, k) => {
      parts.push(this.emit(item, { ...ctx, contMin: contMins[k]!, tail: ctx.tail && tails[k]! }));
    });
    const src = parts.map((p) => p.src).join('');
    return { src, atom: parts.length === 1 && parts[0]!.atom, empty: parts.every((p) => p.empty) };
  }

  private group(node: GroupNode, ctx: Ctx): Out {
    const copying = ctx.copying.size > 0;
    switch (node.kind) {
      case 'capture': {
        const inner = this.body(node.body, ctx);
        const open = copying || ctx.plainGroups ? '(?:' : node.name !== undefined ? `(?P<${node.name}>` : '(';
        return { src: `${open}${inner.src})`, atom: true, empty: inner.empty };
      }
      case 'plain': {
        const inner = this.body(node.body, ctx);
        return { src: `(?:${inner.src})`, atom: true, empty: inner.empty };
      }
      case 'atomic': {
        this.inexact('atomic group');
        const inner = this.body(node.body, ctx);
        return { src: `(?:${inner.src})`, atom: true, empty: inner.empty };
      }
      default:
        this.inexact(node.kind.includes('ahead') ? 'lookahead' : 'lookbehind');
        return { src: '', atom: false, empty: true };
    }
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>, ctx: Ctx): Out {
    if (node.mode === 'possessive') this.inexact('possessive quantifier');
    const lazy = node.mode === 'lazy' ? '?' : '';
    const own = ownCount(node);
    const need = this.countNeed(node.body);
    const wrap = (o: Out): string => (o.atom ? o.src : `(?:${o.src})`);
    const plain = (budget: number): Out => {
      const body = this.emit(node.body, { ...ctx, budget });
      return { src: wrap(body) + quantifierSource(node.min, node.max) + lazy, atom: false, empty: node.min === 0 || body.empty };
    };
    if (own * need <= ctx.budget) return plain(Math.floor(ctx.budget / own));
    if (node.min === node.max && node.min <= MAX_UNROLL && need <= ctx.budget) {
      // X{n} is exactly n copies of X in sequence (same language, same backtracking order). Only
      // the last copy keeps its capture groups: Perl reports the last iteration's captures.
      const copies: Out[] = [];
      for (let k = 0; k < node.min; k++) copies.push(this.emit(node.body, { ...ctx, plainGroups: k < node.min - 1 }));
      return { src: `(?:${copies.map(wrap).join('')})`, atom: true, empty: copies.every((c) => c.empty) };
    }
    // Our own count fits: keep it and let the counts inside the body give way.
    if (own <= ctx.budget) return plain(Math.floor(ctx.budget / own));
    if (ctx.budget === RE2_MAX_REPEAT && need === 1) {
      // Split {n,m} into chunks of at most 1000: the same language. For a one-char body the
      // greedy/lazy preference (and so the match span) is also unchanged.
      // Capture groups are written once only (plain in every chunk): numbering then differs.
      const captures = hasCapture(node.body);
      const body = this.emit(node.body, { ...ctx, budget: 1, plainGroups: ctx.plainGroups || captures });
      if (node.body.type !== 'set' || captures) this.inexact('repeat count > 1000 (split)', true);
      const one = wrap(body);
      const pieces: string[] = [];
      for (let left = node.min; left > 0; left -= RE2_MAX_REPEAT) pieces.push(one + quantifierSource(Math.min(left, RE2_MAX_REPEAT), Math.min(left, RE2_MAX_REPEAT)));
      if (node.max === Infinity) pieces.push(`${one}*${lazy}`);
      else for (let left = node.max - node.min; left > 0; left -= RE2_MAX_REPEAT) pieces.push(one + quantifierSource(0, Math.min(left, RE2_MAX_REPEAT)) + lazy);
      return { src: `(?:${pieces.join('')})`, atom: true, empty: node.min === 0 || body.empty };
    }
    this.inexact('repeat count > 1000');
    const body = this.emit(node.body, ctx);
    return { src: wrap(body) + (node.min === 0 ? '*' : '+'), atom: false, empty: node.min === 0 || body.empty };
  }

  /** Product of the counted repeats nested in `node` (RE2 refuses more than 1000). */
  private countNeed(node: Node, seen: ReadonlySet<number> = new Set()): number {
    switch (node.type) {
      case 'seq':
        return Math.max(1, ...node.items.map((n) => this.countNeed(n, seen)));
      case 'alt':
        return Math.max(1, ...node.alternatives.map((n) => this.countNeed(n, seen)));
      case 'group':
        return isLookaround(node) ? 1 : this.countNeed(node.body, seen);
      case 'repeat':
        return ownCount(node) * this.countNeed(node.body, seen);
      case 'backref': {
        const target = this.groups.get(node.group);
        if (!target || seen.has(node.group)) return 1;
        return this.countNeed(target.body, new Set(seen).add(node.group));
      }
      default:
        return 1;
    }
  }

  private backref(group: number, ctx: Ctx): Out {
    this.inexact('backreference');
    const target = this.groups.get(group);
    if (!target || ctx.copying.has(group)) return { src: '(?s:.*)', atom: false, empty: true };
    const copying = new Set(ctx.copying).add(group);
    const inner = this.body(target.body, { ...ctx, copying });
    return { src: `(?:${inner.src})`, atom: true, empty: inner.empty };
  }
}

/**
 * Writes the RE2 form of a parsed pattern (with `(?i)` inline when `caseFlag`).
 *
 * @param parsed - output of the parser
 * @param caseFlag - same decision as for the V8 form; RE2 folds bytes exactly like V8 and Perl /aa
 */
export function emitRe2(parsed: ParsedRegex, caseFlag: boolean): Re2Emit {
  const emitter = new Re2Emitter(parsed.root, caseFlag);
  const out = emitter.body(parsed.root, { contMin: 0, tail: true, budget: RE2_MAX_REPEAT, copying: new Set() });
  const source = (caseFlag ? '(?i)' : '') + (out.src === '' ? '(?:)' : out.src);
  return { source, exact: emitter.exact, testExact: emitter.testExact, reasons: emitter.reasons, trivial: out.empty };
}
