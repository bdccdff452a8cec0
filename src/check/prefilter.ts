/**
 * The prefilter of one kind of text (body lines, URIs, rawbody chunks, header values, the full
 * message): one walk over a text finds which rule factors may occur in it (factors.ts, via
 * their grams, grams.ts), and a rule is then only run on the texts where one of its factors
 * may occur. A rule without a usable requirement runs on every text, as before.
 *
 * Texts holding a byte above 0x7F or an `&` use the factors extracted for any text, the others
 * the stronger "narrow" ones.
 */
import type { CompiledPattern } from '../compile/pattern.js';
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

/** The UTF-8 bytes of a Latin-1 string, as the `re2` package would encode it. */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

class Scan implements TextScan {
  private encoded: Buffer | undefined;

  constructor(
    private readonly text: string,
    readonly wide: boolean,
    readonly found: readonly number[],
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

  /** Registers a pattern; returns its slot for {@link FactorIndex.mayMatch}. */
  add(pattern: CompiledPattern): number {
    if (this.rules) throw new Error('FactorIndex: add() after build');
    this.patterns.push(pattern);
    return this.patterns.length - 1;
  }

  /** Extracts every registered pattern's factors and their grams (once). */
  build(): void {
    if (this.rules) return;
    const gramsOfFactor = new Map<string, number[] | null>();
    const gramIds = (factor: string): number[] | null => {
      let ids = gramsOfFactor.get(factor);
      if (ids === undefined) {
        const positions = [...factor].map((c) => {
          const t = tokenAt(c.charCodeAt(0));
          return { set: t.set, single: t.min === 1 && t.max === 1 };
        });
        const grams = windowGrams(positionImages(positions));
        ids = grams ? grams.map((g) => this.grams.intern(g)) : null;
        gramsOfFactor.set(factor, ids);
      }
      return ids;
    };
    const idsOf = (f: Factors): Int32Array | null => {
      if (f === null) return null;
      const all = new Set<number>();
      for (const factor of f) {
        const ids = gramIds(factor);
        if (!ids) return null; // a factor without grams: the rule cannot be skipped
        for (const id of ids) all.add(id);
      }
      return Int32Array.from(all).sort();
    };
    this.rules = this.patterns.map((p) => {
      const { factors } = patternInfo(p);
      return { narrow: idsOf(factors.narrow), any: idsOf(factors.any) };
    });
  }

  /** The gram ids of the pattern in `slot`. */
  gramsOf(slot: number): RuleGrams {
    this.build();
    return this.rules![slot]!;
  }

  /** Scans a text for the grams. */
  scan(text: string): TextScan {
    this.build();
    const { found, wide } = this.grams.scan(text);
    return new Scan(text, wide, found);
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
