/**
 * Required factors of a pattern: short fixed-length sequences of byte classes such that every
 * text the pattern matches contains at least one of them. A rule none of whose factors occurs
 * in a text cannot match it, so its regex is not run there (the idea of RE2's `prefilter.cc` and
 * Hyperscan's literal matching, on our byte-level AST).
 *
 * A factor is a string of token ids ({@link tokenOf}): each char's code names one interned byte
 * set with a repeat count (`[_\W]{0,3}` is one token). Factors keep classes rather than folding
 * case, so `/[yj][o0]u/` stays one factor, and they are searched for in the very UTF-8 buffer
 * the confirming RE2 call reads.
 *
 * Soundness rests on one property per node kind: the set of strings the node can match is
 * known exactly ("exact": every possible string, as class sequences) or is described by a
 * requirement ("req": one of these factors occurs inside every match). Lookarounds are read as
 * matching the empty string — a positive one adding its body's requirement to its sequence's,
 * as the text must hold what the body matches — and backreferences as matching anything: both
 * only widen what is kept. With `narrow`, every byte set is first cut to {@link NARROW} (ASCII but `&`): valid for
 * texts without other bytes, and much stronger for homoglyph patterns, whose letters
 * (`<E>` = `(?:[eE3…]|\xc3[\xa8-\xab]|…|&\#(?:…);)`) then become a single class.
 */
import type { Node } from '../compile/regex/ast.js';
import { ByteSet } from '../compile/regex/byte-set.js';

/**
 * What every text a pattern matches in must contain, as a tree: `any` holds when one of its
 * factors occurs (never, when it lists none), `and`/`or` combine. Null: no requirement.
 */
export type Req =
  | { readonly op: 'any'; readonly factors: readonly string[] }
  | { readonly op: 'and'; readonly items: readonly Req[] }
  | { readonly op: 'or'; readonly items: readonly Req[] };

/** A requirement or none. */
export type Factors = Req | null;

/** Limits of the extraction (the defaults suit SpamAssassin's rules). */
export interface FactorLimits {
  /** Most strings an exact set may hold before it is turned into a requirement. */
  maxExact: number;
  /** Longest factor (in classes). */
  maxLength: number;
  /** Most factors a requirement may list in all. */
  maxAlternatives: number;
  /** Most conditions an `and` keeps (the most selective ones). */
  maxAnd: number;
  /** Least {@link factorWeight} a requirement's weakest factor must have to be worth using. */
  minWeight: number;
}

export const DEFAULT_LIMITS: FactorLimits = { maxExact: 16, maxLength: 16, maxAlternatives: 256, maxAnd: 3, minWeight: 2.5 };

/**
 * A factor position: one byte set, repeated `min` to `max` times (`max` may be Infinity).
 * Most tokens are single bytes (1, 1); repeats of a single class (`[_\W]{0,3}`, `\s+`) are one
 * token, so gaps between letters do not multiply the strings an exact set must list.
 */
export interface Token {
  readonly set: ByteSet;
  readonly min: number;
  readonly max: number;
}

/** The interned tokens; a token id (a factor's char code) is an index here. */
const tokens: Token[] = [];
const tokenIds = new Map<string, number>();
const weights: number[] = [];

function setKey(set: ByteSet): string {
  let key = '';
  for (let i = 0; i < 8; i++) key += set.word(i).toString(36) + ',';
  return key;
}

/** The id of a token (interned: equal tokens get the same id). */
export function tokenOf(set: ByteSet, min = 1, max = 1): number {
  const key = `${setKey(set)}${min},${max}`;
  let id = tokenIds.get(key);
  if (id === undefined) {
    id = tokens.length;
    tokens.push({ set: set.clone(), min, max });
    tokenIds.set(key, id);
    weights.push(classWeight(set.size) * Math.min(min, 4));
  }
  return id;
}

/** The token of an id. */
export function tokenAt(id: number): Token {
  return tokens[id]!;
}

/** How much one position of a factor narrows the texts it occurs in. */
function classWeight(size: number): number {
  if (size <= 2) return 1; // a byte, or a letter in both cases
  if (size <= 6) return 0.8;
  if (size <= 12) return 0.6;
  if (size <= 30) return 0.35;
  if (size <= 64) return 0.15;
  return 0;
}

/** The selectivity of a factor: the sum of its tokens' weights. */
export function factorWeight(factor: string): number {
  let w = 0;
  for (let i = 0; i < factor.length; i++) w += weights[factor.charCodeAt(i)]!;
  return w;
}

/**
 * A factor cut to what decides whether it occurs: an unanchored search finds `x?abc` or
 * `x{2,5}abc` wherever it finds `abc` or `xxabc`, so optional edge tokens go and edge repeats
 * keep only their minimum.
 */
function trimEdges(factor: string): string {
  let start = 0;
  let end = factor.length;
  while (start < end && tokens[factor.charCodeAt(start)]!.min === 0) start++;
  while (end > start && tokens[factor.charCodeAt(end - 1)]!.min === 0) end--;
  if (start === end) return '';
  let out = factor.slice(start, end);
  const fix = (i: number): void => {
    const t = tokens[out.charCodeAt(i)]!;
    if (t.max !== t.min) out = out.slice(0, i) + String.fromCharCode(tokenOf(t.set, t.min, t.min)) + out.slice(i + 1);
  };
  fix(0);
  fix(out.length - 1);
  return out;
}

interface Info {
  /** Every string the node can match (as factors); null when unknown or too many. */
  exact: Set<string> | null;
  /** When `exact` is null: a requirement (null: none). */
  req: Req | null;
  /**
   * A repetition of at least one copy whose body is exact: the body's strings (a match starts
   * with one and ends with one).
   */
  edge?: Set<string>;
}

const NOTHING: Info = { exact: null, req: null };
const empty = (): Info => ({ exact: new Set(['']), req: null });
const impossible = (): Info => ({ exact: new Set(), req: null });

/** The bytes of a "narrow" text: ASCII except `&` (which starts HTML entities). */
export const NARROW = ByteSet.fromWords(Uint32Array.of(0xffffffff, 0xffffffff & ~(1 << (0x26 - 32)), 0xffffffff, 0xffffffff, 0, 0, 0, 0));

/** Single-byte token ids by ByteSet object, for each extraction mode. */
const anyTokens = new WeakMap<ByteSet, number>();
const narrowTokens = new WeakMap<ByteSet, number>();
const narrowCuts = new WeakMap<ByteSet, ByteSet>();

class Extractor {

  constructor(
    private readonly narrow: boolean,
    private readonly limits: FactorLimits,
  ) {}

  node(node: Node): Info {
    switch (node.type) {
      case 'set':
        return this.set(node.set);
      case 'assert':
        return empty();
      case 'backref':
        return NOTHING;
      case 'group':
        if (node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic') return this.node(node.body);
        return empty();
      case 'seq':
        return this.seq(node.items);
      case 'alt':
        return this.alt(node.alternatives);
      case 'repeat':
        return this.repeat(node);
    }
  }

  /** The set as this extraction sees it (cut to {@link NARROW} when narrow); null when empty. */
  private cut(set: ByteSet): ByteSet | null {
    if (!this.narrow) return set.isEmpty ? null : set;
    // The parser shares one ByteSet object per distinct class: cache the cut per object.
    let cut = narrowCuts.get(set);
    if (cut === undefined) {
      cut = set.intersect(NARROW);
      narrowCuts.set(set, cut);
    }
    return cut.isEmpty ? null : cut;
  }

  private set(set: ByteSet): Info {
    // Patterns share ByteSet objects (one per distinct class): the token is cached per object.
    const cache = this.narrow ? narrowTokens : anyTokens;
    let id = cache.get(set);
    if (id === undefined) {
      const cut = this.cut(set);
      id = cut ? tokenOf(cut) : -1;
      cache.set(set, id);
    }
    return id >= 0 ? { exact: new Set([String.fromCharCode(id)]), req: null } : impossible();
  }

  private exactToReq(exact: Set<string>): Req | null {
    const list: string[] = [];
    for (const s of exact) {
      const t = trimEdges(s);
      if (t === '') return null;
      list.push(t);
    }
    return { op: 'any', factors: minimize(list) };
  }

  reqOf(info: Info): Req | null {
    return info.exact ? this.exactToReq(info.exact) : info.req;
  }

  /** Every condition must hold: keeps the `maxAnd` most selective (dropping one only weakens). */
  private and(items: ReadonlyArray<Req | null>): Req | null {
    const flat: Req[] = [];
    for (const r of items) {
      if (r === null) continue;
      if (r.op === 'and') flat.push(...r.items);
      else if (r.op === 'any' && r.factors.length === 0) return r; // never
      else flat.push(r);
    }
    if (flat.length === 0) return null;
    if (flat.length === 1) return flat[0]!;
    const ranked = flat.map((r) => ({ r, q: quality(r) })).sort((a, b) => b.q - a.q);
    const kept = ranked.slice(0, this.limits.maxAnd).map((x) => x.r);
    return kept.length === 1 ? kept[0]! : { op: 'and', items: kept };
  }

  /** One condition must hold: null when one of them is null; `any` lists are merged. */
  private or(items: ReadonlyArray<Req | null>): Req | null {
    const factors: string[] = [];
    const others: Req[] = [];
    const add = (r: Req): void => {
      if (r.op === 'any') factors.push(...r.factors);
      else if (r.op === 'or') r.items.forEach(add);
      else others.push(r);
    };
    for (const r of items) {
      if (r === null) return null;
      add(r);
    }
    const merged: Req[] = [...others];
    if (factors.length) merged.push({ op: 'any', factors: minimize(factors) });
    if (size(merged) > this.limits.maxAlternatives) return null;
    if (merged.length === 0) return { op: 'any', factors: [] };
    return merged.length === 1 ? merged[0]! : { op: 'or', items: merged };
  }

  private cross(a: Set<string>, b: Set<string>): Set<string> | null {
    if (a.size * b.size > this.limits.maxExact) return null;
    const out = new Set<string>();
    for (const x of a) {
      for (const y of b) {
        const s = x + y;
        if (s.length > this.limits.maxLength) return null;
        out.add(s);
      }
    }
    return out;
  }

  private seq(items: readonly Node[]): Info {
    let cur = new Set(['']);
    let whole = true; // `cur` still describes the whole sequence so far
    const reqs: Array<Req | null> = [];
    const flush = (): void => {
      reqs.push(this.exactToReq(cur));
      cur = new Set(['']);
      whole = false;
    };
    // A positive lookaround matches nothing but needs its body to match at that point: what
    // the body requires, the text must hold too (CK_HELO_GENERIC's `(?=\S*(?:pool|dyna|…))`).
    const sides: Array<Req | null> = [];
    for (const item of items) {
      if (item.type === 'group' && (item.kind === 'lookahead' || item.kind === 'lookbehind')) {
        sides.push(this.reqOf(this.node(item.body)));
        continue;
      }
      const info = this.node(item);
      if (info.exact) {
        if (info.exact.size === 0) return impossible();
        const next = this.cross(cur, info.exact);
        if (next) cur = next;
        else {
          flush();
          cur = info.exact;
        }
        continue;
      }
      const edge = info.edge;
      if (edge) {
        // The first copy continues the current run, the last copy starts the next one.
        const next = this.cross(cur, edge);
        if (next) cur = next;
        flush();
        reqs.push(info.req);
        cur = edge;
        continue;
      }
      flush();
      reqs.push(info.req);
    }
    if (whole && sides.every((r) => r === null)) return { exact: cur, req: null };
    flush();
    return { exact: null, req: this.and([...reqs, ...sides]) };
  }

  private alt(alternatives: readonly Node[]): Info {
    const infos = alternatives.map((a) => this.node(a));
    if (infos.every((i) => i.exact)) {
      const union = new Set<string>();
      for (const i of infos) for (const s of i.exact!) union.add(s);
      if (union.size <= this.limits.maxExact) return { exact: union, req: null };
    }
    const reqs: Req[] = [];
    for (const i of infos) {
      const r = this.reqOf(i);
      if (r === null) return NOTHING;
      reqs.push(r);
    }
    return { exact: null, req: this.or(reqs) };
  }

  /**
   * A repeat of short token strings (`(?:=?\s)*`, a gap between letters) as one token over the
   * union of their bytes: `(?:a|bc){m,n}` matches only strings of `[abc]` between `m * 1` and
   * `n * 2` long, so the token matches a superset. Undefined when a string is longer than two
   * tokens, or the union is wide and the repeat long.
   */
  private gapToken(exact: Set<string>, min: number, max: number): number | undefined {
    let shortest = Infinity;
    let longest = 0;
    const union = ByteSet.empty();
    for (const s of exact) {
      if (s.length > 2) return undefined;
      let lo = 0;
      let hi = 0;
      for (let i = 0; i < s.length; i++) {
        const t = tokenAt(s.charCodeAt(i));
        union.addSet(t.set);
        lo += t.min;
        hi += t.max;
      }
      shortest = Math.min(shortest, lo);
      longest = Math.max(longest, hi);
    }
    if (union.isEmpty) return undefined;
    const lo = min * shortest;
    const hi = max === Infinity || longest === Infinity ? Infinity : max * longest;
    if (hi !== Infinity && hi > MAX_TOKEN_REPEAT) return undefined;
    if (union.size > MAX_WIDE_SET && hi > 3) return undefined;
    return tokenOf(union, lo, hi);
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>): Info {
    if (node.max === 0) return empty();
    const inner = unwrap(node.body);
    if (inner.type === 'set' && (node.max <= MAX_TOKEN_REPEAT || node.max === Infinity)) {
      // A repeated class is one token, unless it is wide and long (`[^\n]*`, `.{0,80}`):
      // such a token keeps every factor through it alive in a Set's DFA for the rest of the
      // line, multiplying its states; a requirement loses little by being cut there.
      const cut = this.cut(inner.set);
      if (!cut) return node.min === 0 ? empty() : impossible();
      if (cut.size <= MAX_WIDE_SET || node.max <= 3) return { exact: new Set([String.fromCharCode(tokenOf(cut, node.min, node.max))]), req: null };
    }
    const body = this.node(node.body);
    const gap = body.exact && (node.min === 0 || node.max > 3) ? this.gapToken(body.exact, node.min, node.max) : undefined;
    if (gap !== undefined) return { exact: new Set([String.fromCharCode(gap)]), req: null };
    if (body.exact && node.max <= 3) {
      let acc: Set<string> | null = new Set(['']);
      const union = new Set<string>();
      for (let k = 0; k <= node.max && acc; k++) {
        if (k >= node.min) for (const s of acc) union.add(s);
        if (k < node.max) acc = this.cross(acc, body.exact);
      }
      if (acc && union.size <= this.limits.maxExact) return { exact: union, req: null };
    }
    if (node.min === 0) return NOTHING;
    if (body.exact && body.exact.size === 0) return impossible();
    return body.exact ? { exact: null, req: this.reqOf(body), edge: body.exact } : { exact: null, req: body.req };
  }
}

/** Largest finite count of a repeated class kept as one token (larger counts are cut). */
const MAX_TOKEN_REPEAT = 16;
/** Largest class that may repeat more than 3 times within a token (see {@link Extractor}). */
const MAX_WIDE_SET = 64;

/** A node without the plain and capture groups around it. */
function unwrap(node: Node): Node {
  while (node.type === 'group' && (node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic')) node = node.body;
  return node;
}

/**
 * Drops factors that contain another listed factor (the shorter one occurs whenever they do).
 *
 * Linear in the number of factors: each one is tested by looking up its substrings of the
 * lengths kept so far, rather than against every kept factor (a 5,000-word alternation made
 * the pairwise test take seconds). Factors are at most `maxLength` (16) tokens long.
 */
function minimize(list: string[]): string[] {
  const sorted = [...new Set(list)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  const kept = new Set<string>();
  const lengths: number[] = []; // the distinct lengths in `kept`, ascending
  for (const s of sorted) {
    if (!containsKept(s, kept, lengths)) {
      out.push(s);
      kept.add(s);
      if (lengths[lengths.length - 1] !== s.length) lengths.push(s.length);
    }
  }
  return out;
}

/** Whether a substring of `s` of one of the `lengths` is in `kept`. */
function containsKept(s: string, kept: ReadonlySet<string>, lengths: readonly number[]): boolean {
  for (const n of lengths) {
    if (n > s.length) break;
    if (n === 0) return true; // '' occurs in everything
    for (let i = 0; i + n <= s.length; i++) if (kept.has(s.slice(i, i + n))) return true;
  }
  return false;
}

/** How many factors a requirement lists in all. */
function size(reqs: readonly Req[]): number {
  let n = 0;
  for (const r of reqs) n += r.op === 'any' ? r.factors.length : size(r.items);
  return n;
}

/**
 * How selective a requirement is: for `any`, its weakest factor's weight; an `and` is as good as
 * its best condition, an `or` as its worst (none: 0; never: Infinity).
 */
export function quality(req: Req | null): number {
  if (req === null) return 0;
  switch (req.op) {
    case 'any': {
      if (req.factors.length === 0) return Infinity;
      let min = Infinity;
      for (const s of req.factors) min = Math.min(min, factorWeight(s));
      // Long lists are slower to check and pass more often.
      return min - (req.factors.length > 16 ? 0.5 : req.factors.length > 4 ? 0.1 : 0);
    }
    case 'and':
      return Math.max(...req.items.map(quality));
    case 'or':
      return Math.min(...req.items.map(quality));
  }
}

/** Drops the conditions of `and`s too weak to be worth checking; null when nothing is left. */
function prune(req: Req, minWeight: number): Req | null {
  if (quality(req) < minWeight) return null;
  switch (req.op) {
    case 'any':
      return req;
    case 'and': {
      const kept = req.items.map((r) => prune(r, minWeight)).filter((r): r is Req => r !== null);
      return kept.length === 1 ? kept[0]! : { op: 'and', items: kept };
    }
    case 'or':
      return { op: 'or', items: req.items.map((r) => prune(r, minWeight)!) };
  }
}

/**
 * The requirement of a parsed pattern: a tree of factors that holds for every text the pattern
 * matches in, or null when no part of it is worth checking (a factor list whose weakest factor
 * weighs less than `limits.minWeight`). An `any` without factors means the pattern never
 * matches.
 *
 * @param narrow - assume the text has only {@link NARROW} bytes
 */
export function requiredFactors(root: Node, narrow: boolean, limits: FactorLimits = DEFAULT_LIMITS): Factors {
  const ex = new Extractor(narrow, limits);
  const req = ex.reqOf(ex.node(root));
  return req === null ? null : prune(req, limits.minWeight);
}
