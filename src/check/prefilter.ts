/**
 * The prefilter of one kind of text (body lines, URIs, rawbody chunks, header values, the full
 * message): one walk over a text finds which rule factors may occur in it (factors.ts, via
 * their grams, grams.ts), and a rule is then only run on the texts where one of its factors
 * may occur. A rule without a usable requirement runs on every text, as before.
 *
 * Factors without grams (`h[\W_]?y[\W_]?d…`: no three fixed bytes in a row) go to an
 * `RE2.Set`, matched against the UTF-8 bytes of the text (what the `re2` package makes of a JS
 * string: RE2 reads `\xHH` as code point U+00HH). If that Set cannot be compiled or runs out
 * of memory, its factors count as found: the prefilter only ever keeps more.
 *
 * Texts holding a byte above 0x7F or an `&` use the factors extracted for any text, the others
 * the stronger "narrow" ones.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { loadRe2, type Re2Module } from '../compile/regex/engines.js';
import { tokenAt, type Factors } from './factors.js';
import { GramIndex, positionImages, windowGrams } from './grams.js';
import { patternInfo } from './pattern-info.js';

/**
 * A rule's gram ids (ascending) for narrow texts and for any text; null: no requirement, every
 * text may match.
 */
interface RuleGrams {
  narrow: Int32Array | null;
  any: Int32Array | null;
}

/** What the prefilter found in one text. */
export interface TextScan {
  /** The text as UTF-8 bytes (for RE2), computed on first use. */
  readonly bytes: Buffer;
  /** Whether the text has a char above 0x7F or an `&` (it is not "narrow"). */
  readonly wide: boolean;
  /** Ids of the grams found, ascending. */
  readonly found: readonly number[];
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
  constructor(
    private readonly text: string,
    readonly wide: boolean,
    readonly found: readonly number[],
    private encoded?: Buffer,
  ) {}

  get bytes(): Buffer {
    return (this.encoded ??= utf8(this.text));
  }
}

/** The prefilter of one kind of text. Rules are added, then it is built on first use. */
export class FactorIndex {
  private readonly patterns: CompiledPattern[] = [];
  private rules: RuleGrams[] | undefined;
  private readonly grams = new GramIndex();
  /** Sets of the factors without grams; factor `i` of a Set has id `offset + i`. */
  private sets: Array<{ set: Re2Set; offset: number }> = [];
  /** Ids of gramless factors every scan reports as found (no Set could hold them). */
  private alwaysFound: number[] = [];
  /** Gramless factors (RE2 sources, for diagnostics) and the first id they take. */
  residual: { sources: readonly string[]; base: number } = { sources: [], base: 0 };

  /** Registers a pattern; returns its slot for {@link FactorIndex.mayMatch}. */
  add(pattern: CompiledPattern): number {
    if (this.rules) throw new Error('FactorIndex: add() after build');
    this.patterns.push(pattern);
    return this.patterns.length - 1;
  }

  /** Extracts every registered pattern's factors, their grams and the Sets (once). */
  build(): void {
    if (this.rules) return;
    const RE2 = loadRe2();
    // Gram ids are final at once; gramless factors get ids after every gram (-1 - index here).
    const idsOfFactor = new Map<string, number[]>();
    const residualIndex = new Map<string, number>();
    const residual: string[] = [];
    const factorIds = (factor: string): number[] | null => {
      let ids = idsOfFactor.get(factor);
      if (ids === undefined) {
        const positions = [...factor].map((c) => {
          const t = tokenAt(c.charCodeAt(0));
          return { set: t.set, single: t.min === 1 && t.max === 1 };
        });
        const grams = windowGrams(positionImages(positions));
        if (grams) ids = grams.map((g) => this.grams.intern(g));
        else {
          if (!RE2) return null;
          let k = residualIndex.get(factor);
          if (k === undefined) {
            k = residual.length;
            residual.push(factorSource(factor));
            residualIndex.set(factor, k);
          }
          ids = [-1 - k];
        }
        idsOfFactor.set(factor, ids);
      }
      return ids;
    };
    const idsOf = (f: Factors): number[] | null => {
      if (f === null) return null;
      const all = new Set<number>();
      for (const factor of f) {
        const ids = factorIds(factor);
        if (!ids) return null;
        for (const id of ids) all.add(id);
      }
      return [...all];
    };
    const lists = this.patterns.map((p) => {
      const { factors } = patternInfo(p);
      return { narrow: idsOf(factors.narrow), any: idsOf(factors.any) };
    });
    const base = this.grams.size;
    const final = (ids: number[] | null): Int32Array | null => (ids ? Int32Array.from(ids, (id) => (id < 0 ? base - 1 - id : id)).sort() : null);
    this.rules = lists.map((l) => ({ narrow: final(l.narrow), any: final(l.any) }));
    this.residual = { sources: residual, base };
    if (RE2 && residual.length > 0) {
      const lost: number[] = [];
      compileSets(RE2, residual, base, this.sets, lost);
      this.alwaysFound = lost;
    }
  }

  /** The gram ids of the pattern in `slot`. */
  gramsOf(slot: number): RuleGrams {
    this.build();
    return this.rules![slot]!;
  }

  /** Scans a text for the factors. */
  scan(text: string): TextScan {
    this.build();
    const { found, wide } = this.grams.scan(text);
    if (this.sets.length === 0 && this.alwaysFound.length === 0) return new Scan(text, wide, found);
    const bytes = utf8(text);
    for (const id of this.alwaysFound) found.push(id);
    for (const { set, offset } of this.sets) {
      try {
        for (const k of set.match(bytes as unknown as string)) found.push(offset + k);
      } catch {
        // Out of DFA memory: every factor of this Set counts as found.
        for (let k = 0; k < set.size; k++) found.push(offset + k);
      }
    }
    if (this.alwaysFound.length || this.sets.length > 1) found.sort((a, b) => a - b);
    return new Scan(text, wide, found, bytes);
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

  /** The scans of a message's lines (computed once per array: views cache their line arrays). */
  scanLines(lines: readonly string[]): TextScan[] {
    let scans = this.lineScans.get(lines);
    if (!scans) {
      scans = lines.map((line) => this.scan(line));
      this.lineScans.set(lines, scans);
    }
    return scans;
  }

  /** Whether the pattern in `slot` may match the scanned text (false: it certainly does not). */
  mayMatch(slot: number, scan: TextScan): boolean {
    const g = this.rules?.[slot] ?? this.gramsOf(slot);
    const ids = scan.wide ? g.any : g.narrow;
    if (ids === null) return true;
    const found = scan.found;
    if (found.length === 0 || ids.length === 0) return false;
    // Both lists ascend: look the shorter one up in the longer one.
    if (found.length <= ids.length) {
      for (let i = 0; i < found.length; i++) if (sortedHas(ids, found[i]!)) return true;
    } else {
      for (let i = 0; i < ids.length; i++) if (sortedHas(found, ids[i]!)) return true;
    }
    return false;
  }
}

function sortedHas(list: ArrayLike<number>, v: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid]!;
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
