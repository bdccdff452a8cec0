/**
 * The prefilter of one kind of text (body lines, URIs, rawbody chunks, header values, the full
 * message): one walk over a text finds which rule factors may occur in it (factors.ts, via
 * their grams, grams.ts), and a rule is then only run on the texts where its requirement (a
 * tree of factors) holds. A rule without a usable requirement runs on every text, as before.
 * Skipping is the only effect: a skipped text is one the rule cannot match, so hits, counts
 * (`multiple`, `maxhits`) and captures are what running it would give.
 *
 * Factors without grams (`h[\W_]?y[\W_]?d…`: no three fixed bytes in a row) go to an
 * `RE2.Set`, matched against the UTF-8 bytes of the text (what the `re2` package makes of a JS
 * string: RE2 reads `\xHH` as code point U+00HH), and only for texts where a rule needing
 * them is asked about. If that Set cannot be compiled or runs out of memory, its factors count
 * as found: the prefilter only ever keeps more. (A single RE2.Set over every factor was the
 * first design; scanning one message at a time, its large DFA misses the CPU cache on most
 * bytes, 5-10 times slower than the gram walk. The gramless factors alone are still split
 * over several Sets, {@link SET_FACTORS}.)
 *
 * Texts holding a byte above 0x7F or an `&` use the factors extracted for any text, the others
 * the stronger "narrow" ones.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { loadRe2, type Re2Module } from '../compile/regex/engines.js';
import { tokenAt, type Factors, type Req } from './factors.js';
import { GramIndex, positionImages, windowGrams } from './grams.js';
import { patternInfo } from './pattern-info.js';

/**
 * A rule's requirement compiled over "leaves": a leaf is a list of ids the scan reports (grams
 * and gramless factors) and holds when one of them was found; a number is a leaf's index.
 * A composite node carries `need`, a leaf that must hold for the node to hold (for an `or`, the
 * union of its items' needs): one bit test rejects most texts before any item is looked at.
 * Built as trees, then packed into one integer array per index ({@link packReq}).
 */
type LeafReq = number | { readonly need: number; readonly and?: readonly LeafReq[]; readonly or?: readonly LeafReq[] };

/** A slot without a requirement (every text may match) in the packed tables. */
const NO_REQ = 0x7fffffff;

/**
 * Appends a requirement to `code` and returns its reference: a leaf `l` is `-(l + 1)`, a
 * composite node the offset of `[isOr, need, count, item refs…]` (items first). One array for
 * every rule of an index: a scan tests hundreds of requirements per text, and trees of small
 * objects apart in the heap cost a cache miss per node (as the metas' closures did,
 * meta-eval.ts).
 */
function packReq(r: LeafReq, code: number[]): number {
  if (typeof r === 'number') return -(r + 1);
  const items = (r.and ?? r.or!).map((x) => packReq(x, code));
  const at = code.length;
  code.push(r.or ? 1 : 0, r.need, items.length, ...items);
  return at;
}

function bit(leaves: Uint32Array, leaf: number): boolean {
  return (leaves[leaf >>> 5]! & (1 << (leaf & 31))) !== 0;
}

/** Whether the packed requirement `ref` holds given the leaves found. */
function holds(code: Int32Array, ref: number, leaves: Uint32Array): boolean {
  if (ref < 0) return bit(leaves, -ref - 1);
  if (!bit(leaves, code[ref + 1]!)) return false;
  // An `and` fails at its first item that fails, an `or` holds at its first that holds.
  const or = code[ref] === 1;
  for (let i = ref + 3, end = ref + 3 + code[ref + 2]!; i < end; i++) if (holds(code, code[i]!, leaves) === or) return or;
  return !or;
}

/**
 * What the prefilter found over several texts (a message's lines): the union of the leaves of
 * its narrow texts and of its wide texts, null where there is no such text. Requirements are
 * monotone (`and`/`or` of leaves), so a rule whose requirement fails on a union fails on every
 * text of it: one test per rule instead of one per rule and line.
 */
export interface LinesSummary {
  readonly narrow: Uint32Array | null;
  readonly wide: Uint32Array | null;
}

/** What the prefilter found in one text. */
export interface TextScan {
  /** The text scanned. */
  readonly text: string;
  /** The text as UTF-8 bytes (for RE2), computed on first use. */
  readonly bytes: Buffer;
  /** Whether the text has a char above 0x7F or an `&` (it is not "narrow"). */
  readonly wide: boolean;
  /** Ids of the grams found (and of the gramless factors, once looked for). */
  readonly found: readonly number[];
  /** Bit `i` set: leaf `i` holds (one of its ids was found). */
  readonly leaves: Uint32Array;
}

type Re2Set = InstanceType<Re2Module['Set']>;

function hex(code: number): string {
  return '\\x' + code.toString(16).padStart(2, '0');
}

/** RE2 source of one token: a byte or `[...]` of ranges, with its count. */
function tokenSource(id: number): string {
  const { set, min, max } = tokenAt(id);
  const single = set.single();
  let out: string;
  if (single !== undefined) out = hex(single);
  else {
    out = '[';
    for (const [lo, hi] of set.ranges()) out += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
    out += ']';
  }
  if (min === 1 && max === 1) return out;
  return out + (max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`);
}

/** RE2 source of a factor. */
export function factorSource(factor: string): string {
  let out = '';
  for (let i = 0; i < factor.length; i++) out += tokenSource(factor.charCodeAt(i));
  return out;
}

/**
 * The most gramless factors one Set holds. RE2 runs a Set as one DFA built lazily, a state
 * per combination of factor positions in play; on ordinary text the factors with broad classes
 * (the spelled-out look-alikes, `v[^a-z0-9]{0,3}[i1!|]…`) are partly matched almost everywhere,
 * so one Set of all of them meets new combinations on most new text and builds states for them.
 * The stock body index's 197 such factors in one Set: 123 ns a byte over the first 50 corpus
 * messages, 17 over 400 unseen later; in Sets of 50, 60 and 11. Each Set is one more call per
 * text: Sets of 32 scanned no faster than Sets of 50 (docs/benchmarks.md, tenth round).
 */
export const SET_FACTORS = 50;

/** Compiles `sources` into Sets of at most {@link SET_FACTORS} factors, evenly sized. */
function compileSetGroups(RE2: Re2Module, sources: readonly string[], offset: number, out: Array<{ set: Re2Set; offset: number }>, lost: number[]): void {
  const size = Math.ceil(sources.length / Math.ceil(sources.length / SET_FACTORS));
  for (let i = 0; i < sources.length; i += size) compileSets(RE2, sources.slice(i, i + size), offset + i, out, lost);
}

/**
 * Compiles `sources` into as few Sets as RE2 accepts (halving a list that does not compile);
 * the indexes of sources that cannot compile even alone go to `lost`.
 */
function compileSets(RE2: Re2Module, sources: readonly string[], offset: number, out: Array<{ set: Re2Set; offset: number }>, lost: number[]): void {
  if (sources.length === 0) return;
  try {
    out.push({ set: new RE2.Set(sources, ''), offset });
    return;
  } catch {
    if (sources.length === 1) {
      lost.push(offset);
      return;
    }
  }
  const half = sources.length >> 1;
  compileSets(RE2, sources.slice(0, half), offset, out, lost);
  compileSets(RE2, sources.slice(half), offset + half, out, lost);
}

/** The UTF-8 bytes of a Latin-1 string, as the `re2` package would encode it. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

class Scan implements TextScan {
  /** Whether the gramless factors (the RE2 Sets) have been looked for; done on first need. */
  residualDone = false;
  private encoded: Buffer | undefined;

  constructor(
    readonly text: string,
    readonly wide: boolean,
    readonly found: number[],
    readonly leaves: Uint32Array,
  ) {}

  get bytes(): Buffer {
    return (this.encoded ??= utf8(this.text));
  }
}

/** The prefilter of one kind of text. Rules are added, then it is built on first use. */
export class FactorIndex {
  private readonly patterns: CompiledPattern[] = [];
  private built = false;
  /** The packed requirements ({@link packReq}) of every slot. */
  private reqCode = new Int32Array(0);
  /** Per slot: its requirement for narrow texts and for any text ({@link NO_REQ}: none). */
  private narrowReq = new Int32Array(0);
  private anyReq = new Int32Array(0);
  /** Per slot: 1 when a requirement mentions a gramless factor (the scan must then run the Sets). */
  private residualReq = new Uint8Array(0);
  /** For each id, the leaves listing it: `leafList[leafStart[id] .. leafStart[id + 1])`. */
  private leafStart = new Int32Array(1);
  private leafList = new Int32Array(0);
  private leafWords = 0;
  private readonly grams = new GramIndex();
  /** Sets of the factors without grams; factor `i` of a Set has id `offset + i`. */
  private sets: Array<{ set: Re2Set; offset: number }> = [];
  /** Ids of gramless factors every scan reports as found (no Set could hold them). */
  private alwaysFound: number[] = [];
  /** Gramless factors (RE2 sources, for diagnostics) and the first id they take. */
  residual: { sources: readonly string[]; base: number } = { sources: [], base: 0 };

  /** How many RE2 Sets hold the gramless factors (built on first use). */
  get setCount(): number {
    this.build();
    return this.sets.length;
  }

  /** Registers a pattern; returns its slot for {@link FactorIndex.mayMatch}. */
  add(pattern: CompiledPattern): number {
    if (this.built) throw new Error('FactorIndex: add() after build');
    this.patterns.push(pattern);
    return this.patterns.length - 1;
  }

  /** Extracts every registered pattern's factors, their grams and the Sets (once). */
  build(): void {
    // Kept apart from the work: a function with closures allocates their context on every
    // call, before any early return (~600 KB a message when the scan's checks called it).
    if (!this.built) this.buildNow();
  }

  private buildNow(): void {
    this.built = true;
    const RE2 = loadRe2();
    // Gram ids are final at once; gramless factors get ids after every gram (-1 - index here).
    // A factor becomes an `and` of one or two gram lists, or a gramless factor's temporary id.
    type TempReq = number[] | { and: TempReq[] } | { or: TempReq[] };
    const idsOfFactor = new Map<string, TempReq>();
    const residualIndex = new Map<string, number>();
    const residual: string[] = [];
    const factorReq = (factor: string): TempReq | null => {
      let req = idsOfFactor.get(factor);
      if (req === undefined) {
        const positions = [...factor].map((c) => {
          const t = tokenAt(c.charCodeAt(0));
          return { set: t.set, single: t.min === 1 && t.max === 1 };
        });
        const windows = windowGrams(positionImages(positions));
        if (windows) {
          const lists = windows.map((grams) => [...new Set(grams.map((g) => this.grams.intern(g)))]);
          req = lists.length === 1 ? lists[0]! : { and: lists };
        } else {
          if (!RE2) return null;
          let k = residualIndex.get(factor);
          if (k === undefined) {
            k = residual.length;
            residual.push(factorSource(factor));
            residualIndex.set(factor, k);
          }
          req = [-1 - k];
        }
        idsOfFactor.set(factor, req);
      }
      return req;
    };
    const temp = (r: Req): TempReq | null => {
      if (r.op === 'any') {
        // Factors with a single list merge into one leaf; the others stay `and`s.
        const leaf = new Set<number>();
        const others: TempReq[] = [];
        for (const factor of r.factors) {
          const req = factorReq(factor);
          if (!req) return null;
          if (Array.isArray(req)) for (const id of req) leaf.add(id);
          else others.push(req);
        }
        if (others.length === 0) return [...leaf];
        return leaf.size ? { or: [[...leaf], ...others] } : others.length === 1 ? others[0]! : { or: others };
      }
      const items = r.items.map(temp);
      if (r.op === 'or') return items.includes(null) ? null : { or: items as TempReq[] };
      const kept = items.filter((x): x is TempReq => x !== null);
      return kept.length === 0 ? null : kept.length === 1 ? kept[0]! : { and: kept };
    };
    const trees = this.patterns.map((p) => {
      const { factors } = patternInfo(p);
      const tree = (f: Factors): TempReq | null => (f === null ? null : temp(f));
      return { narrow: tree(factors.narrow), any: tree(factors.any) };
    });
    const base = this.grams.size;
    // Leaves: each distinct id list of the trees, with the final ids.
    const leafIndex = new Map<string, number>();
    const leafIds: number[][] = [];
    const leafOf = (ids: Iterable<number>): number => {
      const sorted = [...new Set(ids)].sort((a, b) => a - b);
      const key = sorted.join(',');
      let leaf = leafIndex.get(key);
      if (leaf === undefined) {
        leaf = leafIds.length;
        leafIds.push(sorted);
        leafIndex.set(key, leaf);
      }
      return leaf;
    };
    const needOf = (r: LeafReq): number => (typeof r === 'number' ? r : r.need);
    const compile = (t: TempReq | null): LeafReq | null => {
      if (t === null) return null;
      if (Array.isArray(t)) return leafOf(t.map((id) => (id < 0 ? base - 1 - id : id)));
      if ('and' in t) {
        const items = t.and.map((x) => compile(x)!);
        return { need: needOf(items[0]!), and: items };
      }
      const items = t.or.map((x) => compile(x)!);
      return { need: leafOf(items.flatMap((r) => leafIds[needOf(r)]!)), or: items };
    };
    const mentionsResidual = (t: TempReq | null): boolean =>
      t !== null && (Array.isArray(t) ? t.some((id) => id < 0) : ('and' in t ? t.and : t.or).some(mentionsResidual));
    const code: number[] = [];
    const pack = (t: TempReq | null) => {
      const r = compile(t);
      return r === null ? NO_REQ : packReq(r, code);
    };
    this.narrowReq = Int32Array.from(trees, (l) => pack(l.narrow));
    this.anyReq = Int32Array.from(trees, (l) => pack(l.any));
    this.residualReq = Uint8Array.from(trees, (l) => (mentionsResidual(l.narrow) || mentionsResidual(l.any) ? 1 : 0));
    this.reqCode = Int32Array.from(code);
    // The inverted lists, id -> leaves.
    const total = base + residual.length;
    const counts = new Int32Array(total + 1);
    for (const ids of leafIds) for (const id of ids) counts[id + 1]!++;
    for (let i = 0; i < total; i++) counts[i + 1]! += counts[i]!;
    const list = new Int32Array(counts[total]!);
    const fill = counts.slice(0, total);
    leafIds.forEach((ids, leaf) => {
      for (const id of ids) list[fill[id]!++] = leaf;
    });
    this.leafStart = counts;
    this.leafList = list;
    this.leafWords = (leafIds.length + 31) >>> 5;
    this.residual = { sources: residual, base };
    if (RE2 && residual.length > 0) {
      const lost: number[] = [];
      compileSetGroups(RE2, residual, base, this.sets, lost);
      this.alwaysFound = lost;
    }
  }

  /** Sets the bits of the leaves that hold given the ids `found[from..]`. */
  private addLeaves(found: readonly number[], from: number, bits: Uint32Array): void {
    const start = this.leafStart;
    const list = this.leafList;
    for (let i = from; i < found.length; i++) {
      const id = found[i]!;
      for (let k = start[id]!, end = start[id + 1]!; k < end; k++) {
        const leaf = list[k]!;
        bits[leaf >>> 5]! |= 1 << (leaf & 31);
      }
    }
  }

  /**
   * Scans a text for the factors with grams; the gramless ones are looked for when a rule that
   * needs them asks ({@link FactorIndex.mayMatch}).
   */
  scan(text: string): TextScan {
    this.build();
    const { found, wide } = this.grams.scan(text);
    const leaves = new Uint32Array(this.leafWords);
    this.addLeaves(found, 0, leaves);
    return new Scan(text, wide, found, leaves);
  }

  /** Looks for the gramless factors in a scanned text (once) and adds their leaves. */
  private completeScan(scan: Scan): void {
    scan.residualDone = true;
    const found = scan.found;
    const from = found.length;
    for (const id of this.alwaysFound) found.push(id);
    for (const { set, offset } of this.sets) {
      try {
        for (const k of set.match(scan.bytes as unknown as string)) found.push(offset + k);
      } catch {
        // Out of DFA memory: every factor of this Set counts as found.
        for (let k = 0; k < set.size; k++) found.push(offset + k);
      }
    }
    this.addLeaves(found, from, scan.leaves);
  }

  private lastText: string | undefined;
  private lastScan: TextScan | undefined;

  /** {@link FactorIndex.scan}, remembering the last text (rules of a header group share it). */
  scanText(text: string): TextScan {
    if (this.lastScan && this.lastText === text) return this.lastScan;
    const scan = this.scan(text);
    this.lastText = text;
    this.lastScan = scan;
    return scan;
  }

  private readonly lineScans = new WeakMap<readonly string[], TextScan[]>();

  /**
   * The scans of a message's lines, computed once per array (views cache their line arrays).
   * Each scan is checked against its line on every call: a view's array can be changed in
   * place between priorities (the URI parser rewrites body lines), and a scan of an old line
   * must never answer for the new one.
   */
  scanLines(lines: readonly string[]): TextScan[] {
    let scans = this.lineScans.get(lines);
    if (!scans) {
      scans = lines.map((line) => this.scan(line));
      this.lineScans.set(lines, scans);
      return scans;
    }
    if (scans.length !== lines.length) scans.length = lines.length;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (scans[i]?.text !== line) scans[i] = this.scan(line);
    }
    return scans;
  }

  /** The union of the scans' leaves (gram leaves only: gramless factors are looked for per text). */
  summarize(scans: readonly TextScan[]): LinesSummary {
    let narrow: Uint32Array | null = null;
    let wide: Uint32Array | null = null;
    for (const scan of scans) {
      const into = scan.wide ? (wide ??= new Uint32Array(this.leafWords)) : (narrow ??= new Uint32Array(this.leafWords));
      const leaves = scan.leaves;
      for (let i = 0; i < leaves.length; i++) into[i]! |= leaves[i]!;
    }
    return { narrow, wide };
  }

  /**
   * Whether the pattern in `slot` may match one of the texts `summary` was made of (false: it
   * certainly matches none). A requirement that mentions a gramless factor answers true: those
   * factors are looked for text by text, by {@link FactorIndex.mayMatch}.
   */
  mayMatchSome(slot: number, summary: LinesSummary): boolean {
    this.build();
    if (this.residualReq[slot]) return true;
    const narrow = this.narrowReq[slot]!;
    if (summary.narrow && (narrow === NO_REQ || holds(this.reqCode, narrow, summary.narrow))) return true;
    const any = this.anyReq[slot]!;
    return summary.wide !== null && (any === NO_REQ || holds(this.reqCode, any, summary.wide));
  }

  /** Whether the pattern in `slot` may match the scanned text (false: it certainly does not). */
  mayMatch(slot: number, scan: TextScan): boolean {
    this.build();
    const req = scan.wide ? this.anyReq[slot]! : this.narrowReq[slot]!;
    if (req === NO_REQ) return true;
    if (this.residualReq[slot] && !(scan as Scan).residualDone) this.completeScan(scan as Scan);
    return holds(this.reqCode, req, scan.leaves);
  }
}
