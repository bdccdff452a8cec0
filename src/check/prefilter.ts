/**
 * The factor prefilter: one `RE2.Set` per kind of text (body lines, URIs, rawbody chunks, header
 * values, the full message) finds, in one pass over a text, which rule factors occur in it
 * (see factors.ts); a rule is then only run on the texts where one of its factors occurs.
 *
 * Texts are matched as UTF-8 buffers of their Latin-1 chars, exactly what the `re2` package
 * makes of a JS string (RE2 reads `\xHH` in a pattern as code point U+00HH). A text holds a
 * byte above 0x7F exactly when its buffer is longer than the string. Texts with such a byte or
 * an `&` use the factors extracted for any text, the others the stronger narrow ones.
 *
 * Whatever goes wrong (a Set that does not compile, a match that runs out of DFA memory) only
 * makes the prefilter keep more: every rule with a requirement then counts as a candidate.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { loadRe2, type Re2Module } from '../compile/regex/engines.js';
import { classSet, type Factors } from './factors.js';
import { patternInfo } from './pattern-info.js';

type Re2Set = InstanceType<Re2Module['Set']>;

/**
 * A rule's factor ids (ascending) for narrow texts (`narrow`: ASCII without `&`) and for any
 * text (`any`); null: no requirement, every text may match.
 */
interface RuleFactors {
  narrow: Int32Array | null;
  any: Int32Array | null;
}

/** What the factor Set found in one text. */
export interface TextScan {
  /** The text as UTF-8 bytes (for RE2). */
  readonly bytes: Buffer;
  /** Whether the text has a char above 0x7F or an `&` (it is not "narrow"). */
  readonly wide: boolean;
  /** Ids of the factors found, ascending; null when unknown (every factor counts as found). */
  readonly found: readonly number[] | null;
}

/** The UTF-8 bytes of a Latin-1 string, as the `re2` package would encode it. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function hex(code: number): string {
  return '\\x' + code.toString(16).padStart(2, '0');
}

/** RE2 source of one class: a byte or `[...]` of ranges. */
function classSource(id: number): string {
  const set = classSet(id);
  const single = set.single();
  if (single !== undefined) return hex(single);
  let body = '';
  for (const [lo, hi] of set.ranges()) body += lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  return `[${body}]`;
}

function factorSource(factor: string): string {
  let out = '';
  for (let i = 0; i < factor.length; i++) out += classSource(factor.charCodeAt(i));
  return out;
}

/**
 * Compiles `sources` into as few Sets as RE2 accepts (halving a list that does not compile);
 * sources that cannot compile even alone are left out (their factors then always count).
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

/** The prefilter of one kind of text. Rules are added, then the Sets are built on first use. */
export class FactorIndex {
  private readonly patterns: CompiledPattern[] = [];
  private rules: RuleFactors[] | undefined;
  private sets: Array<{ set: Re2Set; offset: number }> = [];
  /** Factor ids every scan reports as found (their Set could not be built). */
  private alwaysFound: number[] = [];
  private usable = false;
  /** The RE2 source of each factor, by id (for diagnostics and tests). */
  sources: readonly string[] = [];

  /** Registers a pattern; returns its slot for {@link FactorIndex.factorsOf}. */
  add(pattern: CompiledPattern): number {
    if (this.rules) throw new Error('FactorIndex: add() after build');
    this.patterns.push(pattern);
    return this.patterns.length - 1;
  }

  /** Extracts every registered pattern's factors and compiles the Sets (once). */
  build(): void {
    if (this.rules) return;
    const RE2 = loadRe2();
    const factorIds = new Map<string, number>();
    const sources: string[] = [];
    const idsOf = (f: Factors): Int32Array | null => {
      if (f === null) return null;
      const ids = new Int32Array(f.length);
      f.forEach((s, i) => {
        let id = factorIds.get(s);
        if (id === undefined) {
          id = sources.length;
          factorIds.set(s, id);
          sources.push(factorSource(s));
        }
        ids[i] = id;
      });
      return ids.sort();
    };
    this.rules = this.patterns.map((p) => {
      if (!RE2) return { narrow: null, any: null };
      const { factors } = patternInfo(p);
      return { narrow: idsOf(factors.narrow), any: idsOf(factors.any) };
    });
    this.sources = sources;
    if (RE2 && sources.length > 0) {
      const lost: number[] = [];
      compileSets(RE2, sources, 0, this.sets, lost);
      this.alwaysFound = lost;
      this.usable = true;
    }
  }

  /** The factor ids of the pattern in `slot` (after {@link FactorIndex.build}). */
  factorsOf(slot: number): RuleFactors {
    this.build();
    return this.rules![slot]!;
  }

  /** Scans a text (already encoded) for the factors. */
  scanBytes(bytes: Buffer, wide: boolean): TextScan {
    this.build();
    if (!this.usable) return { bytes, wide, found: null };
    let found: number[] = this.alwaysFound.length ? [...this.alwaysFound] : [];
    for (const { set, offset } of this.sets) {
      let hits: number[];
      try {
        hits = set.match(bytes as unknown as string);
      } catch {
        return { bytes, wide, found: null };
      }
      if (hits.length === 0) continue;
      if (offset === 0 && found.length === 0) found = hits;
      else for (const h of hits) found.push(h + offset);
    }
    if (this.sets.length > 1 || this.alwaysFound.length) found.sort((a, b) => a - b);
    return { bytes, wide, found };
  }

  /** Scans a text for the factors. */
  scan(text: string): TextScan {
    const bytes = utf8(text);
    return this.scanBytes(bytes, bytes.length !== text.length || text.includes('&'));
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
    const f = this.rules?.[slot] ?? this.factorsOf(slot);
    const ids = scan.wide ? f.any : f.narrow;
    if (ids === null || scan.found === null) return true;
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
