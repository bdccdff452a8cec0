/**
 * Required factors of a pattern: short fixed-length sequences of byte classes such that every
 * text the pattern matches contains at least one of them. A rule none of whose factors occurs
 * in a text cannot match it, so its regex is not run there (the idea of RE2's `prefilter.cc` and
 * Hyperscan's literal matching, on our byte-level AST).
 *
 * A factor is a string of class ids ({@link classOf}): each char's code names one interned byte
 * set. Factors keep classes rather than folding case, so `/[yj][o0]u/` stays one factor and
 * the factors are searched for in the very UTF-8 buffer the confirming RE2 call reads.
 *
 * Soundness rests on one property per node kind: the set of strings the node can match is
 * known exactly ("exact": every possible string, as class sequences) or is described by a
 * requirement ("req": one of these factors occurs inside every match). Lookarounds are read as
 * matching the empty string and backreferences as matching anything: both only widen what is
 * kept. With `narrow`, every byte set is first cut to {@link NARROW} (ASCII but `&`): valid for
 * texts without other bytes, and much stronger for homoglyph patterns, whose letters
 * (`<E>` = `(?:[eE3…]|\xc3[\xa8-\xab]|…|&\#(?:…);)`) then become a single class.
 */
import type { Node } from '../compile/regex/ast.js';
import { ByteSet } from '../compile/regex/byte-set.js';

/** Factors (class-id strings), one of which occurs in every match; null: no requirement. */
export type Factors = readonly string[] | null;

/** Limits of the extraction (the defaults suit SpamAssassin's rules). */
export interface FactorLimits {
  /** Most strings an exact set may hold before it is turned into a requirement. */
  maxExact: number;
  /** Longest factor (in classes). */
  maxLength: number;
  /** Most factors a requirement may list. */
  maxAlternatives: number;
  /** Least {@link factorWeight} a requirement's weakest factor must have to be worth using. */
  minWeight: number;
}

export const DEFAULT_LIMITS: FactorLimits = { maxExact: 16, maxLength: 16, maxAlternatives: 256, minWeight: 2.5 };

/** The interned byte sets; a class id is an index here. */
const classes: ByteSet[] = [];
const classIds = new Map<string, number>();
const weights: number[] = [];

function setKey(set: ByteSet): string {
  let key = '';
  for (let i = 0; i < 8; i++) key += set.word(i).toString(36) + ',';
  return key;
}

/** The id of a byte set (interned: equal sets get the same id). */
export function classOf(set: ByteSet): number {
  const key = setKey(set);
  let id = classIds.get(key);
  if (id === undefined) {
    id = classes.length;
    classes.push(set.clone());
    classIds.set(key, id);
    weights.push(classWeight(set.size));
  }
  return id;
}

/** The byte set of a class id. */
export function classSet(id: number): ByteSet {
  return classes[id]!;
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

/** The selectivity of a factor: the sum of its positions' weights. */
export function factorWeight(factor: string): number {
  let w = 0;
  for (let i = 0; i < factor.length; i++) w += weights[factor.charCodeAt(i)]!;
  return w;
}

interface Info {
  /** Every string the node can match (as factors); null when unknown or too many. */
  exact: Set<string> | null;
  /** When `exact` is null: a requirement (null: none). */
  req: Factors;
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

class Extractor {
  private readonly narrowCache = new Map<ByteSet, number>();

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

  private set(set: ByteSet): Info {
    if (!this.narrow) return { exact: new Set([String.fromCharCode(classOf(set))]), req: null };
    // The parser shares one ByteSet object per distinct class: cache the cut per object.
    let id = this.narrowCache.get(set);
    if (id === undefined) {
      id = classOf(intersect(set, NARROW));
      this.narrowCache.set(set, id);
    }
    return classSet(id).isEmpty ? impossible() : { exact: new Set([String.fromCharCode(id)]), req: null };
  }

  private exactToReq(exact: Set<string>): Factors {
    if (exact.has('')) return null;
    return minimize([...exact]);
  }

  reqOf(info: Info): Factors {
    return info.exact ? this.exactToReq(info.exact) : info.req;
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
    let req: Factors = null;
    const flush = (): void => {
      req = best(req, this.exactToReq(cur));
      cur = new Set(['']);
      whole = false;
    };
    for (const item of items) {
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
        req = best(req, info.req);
        cur = edge;
        continue;
      }
      flush();
      req = best(req, info.req);
    }
    if (whole) return { exact: cur, req: null };
    flush();
    return { exact: null, req };
  }

  private alt(alternatives: readonly Node[]): Info {
    const infos = alternatives.map((a) => this.node(a));
    if (infos.every((i) => i.exact)) {
      const union = new Set<string>();
      for (const i of infos) for (const s of i.exact!) union.add(s);
      if (union.size <= this.limits.maxExact) return { exact: union, req: null };
    }
    const all: string[] = [];
    for (const i of infos) {
      const r = this.reqOf(i);
      if (r === null) return NOTHING;
      for (const s of r) all.push(s);
      if (all.length > 4 * this.limits.maxAlternatives) return NOTHING;
    }
    const req = minimize(all);
    return { exact: null, req: req.length > this.limits.maxAlternatives ? null : req };
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>): Info {
    if (node.max === 0) return empty();
    const body = this.node(node.body);
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

function intersect(a: ByteSet, b: ByteSet): ByteSet {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(a.word(i) & b.word(i));
  return ByteSet.fromWords(Uint32Array.from(words, (w) => w >>> 0));
}

/** Drops factors that contain another listed factor (the shorter one occurs whenever they do). */
function minimize(list: string[]): string[] {
  const sorted = [...new Set(list)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const s of sorted) if (!out.some((o) => s.includes(o))) out.push(s);
  return out;
}

/** How selective a requirement is: its weakest factor's weight (none: 0; impossible: ∞). */
function quality(req: Factors): number {
  if (req === null) return 0;
  if (req.length === 0) return Infinity;
  let min = Infinity;
  for (const s of req) min = Math.min(min, factorWeight(s));
  // Long lists are slower to check and pass more often.
  return min - (req.length > 16 ? 0.5 : req.length > 4 ? 0.1 : 0);
}

function best(a: Factors, b: Factors): Factors {
  return quality(b) > quality(a) ? b : a;
}

/**
 * The factors of a parsed pattern: a list of which one occurs in every text the pattern matches,
 * or null when there is no list worth checking (its weakest factor weighs less than
 * `limits.minWeight`). An empty list means the pattern never matches.
 *
 * @param narrow - assume the text has only {@link NARROW} bytes
 */
export function requiredFactors(root: Node, narrow: boolean, limits: FactorLimits = DEFAULT_LIMITS): Factors {
  const ex = new Extractor(narrow, limits);
  const req = ex.reqOf(ex.node(root));
  if (req === null || req.length === 0) return req;
  return quality(req) >= limits.minWeight ? req : null;
}
