/**
 * Grams: 3- or 4-byte case-folded substrings, looked up in a small hash table while walking a
 * text once. Each factor (factors.ts) that has a window of 3-4 single-byte positions with few
 * case-folded values is represented by the grams of that window: wherever the factor occurs,
 * one of its grams occurs in the folded text. A walk over the text finds every gram present at
 * a few nanoseconds per byte, with a table small enough to stay in the CPU cache (an RE2.Set
 * over thousands of class-sequence factors spends most of its time on cache misses in its DFA
 * when texts are scanned one message at a time).
 *
 * Folding is String.prototype.toLowerCase on each Latin-1 char (one char to one char), applied
 * the same way to the window's byte sets and to the text.
 */
import type { ByteSet } from '../compile/regex/byte-set.js';

/** The fold of each byte. */
export const FOLD: Uint8Array = Uint8Array.from({ length: 256 }, (_, c) => String.fromCharCode(c).toLowerCase().charCodeAt(0));

/** The folded values a byte set can take, ascending; null when more than `max`. */
export function foldImage(set: ByteSet, max: number): number[] | null {
  const seen = new Set<number>();
  for (let w = 0; w < 8; w++) {
    let bits = set.word(w);
    while (bits !== 0) {
      const low = bits & -bits;
      seen.add(FOLD[w * 32 + 31 - Math.clz32(low)]!);
      if (seen.size > max) return null;
      bits ^= low;
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/** How often a folded byte is expected in mail text (a rough English ranking: 0 = rare). */
function commonness(b: number): number {
  if (b === 0x20) return 3;
  const ch = String.fromCharCode(b);
  if ('etaoin'.includes(ch)) return 2;
  if ('srhldcum'.includes(ch)) return 1;
  return 0;
}

/** A gram: its length and its folded bytes packed big-endian into an unsigned 32-bit code. */
export interface Gram {
  n: 3 | 4;
  code: number;
}

/** Most grams one window may expand to. */
export let MAX_COMBOS = 16;
/** Most folded values one position of a window may take. */
export let MAX_IMAGE = 4;
/** For experiments: changes the window limits. */
export function setGramLimits(combos: number, image: number): void {
  MAX_COMBOS = combos;
  MAX_IMAGE = image;
}

/**
 * The grams of the best window of a factor whose positions are given by their fold images
 * (null for a position that cannot be part of a window: a repeat, or too many values).
 * Prefers 4 bytes to 3, then fewer combinations, then rarer bytes. Null when no window exists.
 */
export function windowGrams(images: ReadonlyArray<readonly number[] | null>): Gram[] | null {
  let best: { n: 3 | 4; at: number; score: number } | undefined;
  for (const n of [4, 3] as const) {
    for (let at = 0; at + n <= images.length; at++) {
      let combos = 1;
      let common = 0;
      let ok = true;
      for (let k = at; k < at + n && ok; k++) {
        const img = images[k];
        if (!img) ok = false;
        else {
          combos *= img.length;
          for (const b of img) common += commonness(b) / img.length;
        }
      }
      if (!ok || combos > MAX_COMBOS) continue;
      const score = combos * 4 + common;
      if (!best || score < best.score) best = { n, at, score };
    }
    if (best) break;
  }
  if (!best) return null;
  let codes = [0];
  for (let k = best.at; k < best.at + best.n; k++) {
    const next: number[] = [];
    for (const c of codes) for (const b of images[k]!) next.push(((c << 8) | b) >>> 0);
    codes = next;
  }
  return codes.map((code) => ({ n: best.n, code }));
}

/** The fold image of each position of a factor, for {@link windowGrams}. */
export function positionImages(sets: ReadonlyArray<{ set: ByteSet; single: boolean }>): Array<number[] | null> {
  return sets.map(({ set, single }) => (single ? foldImage(set, MAX_IMAGE) : null));
}

const EMPTY = -1;

/** An open-addressing table from gram codes to ids. */
class Table {
  readonly keys: Int32Array;
  readonly vals: Int32Array;
  readonly shift: number;
  readonly mask: number;

  constructor(entries: ReadonlyMap<number, number>) {
    let bits = 4;
    while (1 << bits < entries.size * 4) bits++;
    this.keys = new Int32Array(1 << bits);
    this.vals = new Int32Array(1 << bits).fill(EMPTY);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    for (const [code, id] of entries) {
      let h = hash(code, this.shift);
      while (this.vals[h] !== EMPTY) h = (h + 1) & this.mask;
      this.keys[h] = code | 0;
      this.vals[h] = id;
    }
  }
}

function hash(code: number, shift: number): number {
  return Math.imul(code ^ (code >>> 13), 0x5bd1e995) >>> shift;
}

/** What one walk over a text found. */
export interface GramScan {
  /** Ids of the grams present, ascending. */
  found: number[];
  /** Whether the text has a char above 0x7F or an `&`. */
  wide: boolean;
}

/** Grams by id, and the walk that finds them in a text. */
export class GramIndex {
  private readonly ids = [new Map<number, number>(), new Map<number, number>()];
  private tables: [Table, Table] | undefined;
  private stamp = new Uint32Array(0);
  private generation = 0;
  size = 0;

  /** The id of a gram (interned). */
  intern(gram: Gram): number {
    if (this.tables) throw new Error('GramIndex: intern() after the first scan');
    const map = this.ids[gram.n - 3]!;
    let id = map.get(gram.code);
    if (id === undefined) {
      id = this.size++;
      map.set(gram.code, id);
    }
    return id;
  }

  /** Finds the grams present in `text` (a Latin-1 string). */
  scan(text: string): GramScan {
    const [t3, t4] = (this.tables ??= [new Table(this.ids[0]!), new Table(this.ids[1]!)]);
    if (this.stamp.length < this.size) this.stamp = new Uint32Array(this.size);
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    const stamp = this.stamp;
    const gen = ++this.generation;
    const found: number[] = [];
    const fold = FOLD;
    const k3 = t3.keys;
    const v3 = t3.vals;
    const k4 = t4.keys;
    const v4 = t4.vals;
    const s3 = t3.shift;
    const s4 = t4.shift;
    const m3 = t3.mask;
    const m4 = t4.mask;
    let wideBits = 0;
    let code = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      wideBits |= ch & 0xff80;
      if (ch === 0x26) wideBits |= 1;
      code = (code << 8) | fold[ch & 0xff]!;
      if (i < 2) continue;
      const c3 = code & 0xffffff;
      let h = hash(c3, s3);
      for (let id = v3[h]!; id !== EMPTY; id = v3[(h = (h + 1) & m3)]!) {
        if (k3[h] === c3) {
          if (stamp[id] !== gen) {
            stamp[id] = gen;
            found.push(id);
          }
          break;
        }
      }
      if (i < 3) continue;
      const c4 = code >>> 0;
      h = hash(c4, s4);
      for (let id = v4[h]!; id !== EMPTY; id = v4[(h = (h + 1) & m4)]!) {
        if (k4[h] === (c4 | 0)) {
          if (stamp[id] !== gen) {
            stamp[id] = gen;
            found.push(id);
          }
          break;
        }
      }
    }
    if (found.length > 1) found.sort((a, b) => a - b);
    return { found, wide: wideBits !== 0 };
  }
}
