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
const MAX_COMBOS = 16;
/** Most folded values one position of a window may take. */
const MAX_IMAGE = 4;

/**
 * The grams of the best window of a factor whose positions are given by their fold images
 * (null for a position that cannot be part of a window: a repeat, or too many values), between
 * positions `from` and `to`. Prefers 4 bytes to 3, then fewer combinations, then rarer bytes.
 */
function bestWindow(images: ReadonlyArray<readonly number[] | null>, from: number, to: number): { n: 3 | 4; at: number } | undefined {
  let best: { n: 3 | 4; at: number; score: number } | undefined;
  for (const n of [4, 3] as const) {
    for (let at = from; at + n <= to; at++) {
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
  return best;
}

function windowCodes(images: ReadonlyArray<readonly number[] | null>, w: { n: 3 | 4; at: number }): Gram[] {
  let codes = [0];
  for (let k = w.at; k < w.at + w.n; k++) {
    const next: number[] = [];
    for (const c of codes) for (const b of images[k]!) next.push(((c << 8) | b) >>> 0);
    codes = next;
  }
  return codes.map((code) => ({ n: w.n, code }));
}

/**
 * The grams of a factor whose positions are given by their fold images: wherever the factor
 * occurs, one gram of each returned list occurs (up to two lists, from two windows that do not
 * overlap: both must be found). Null when the factor has no window.
 */
export function windowGrams(images: ReadonlyArray<readonly number[] | null>): Gram[][] | null {
  const first = bestWindow(images, 0, images.length);
  if (!first) return null;
  const second = bestWindow(images, 0, first.at) ?? bestWindow(images, first.at + first.n, images.length);
  const out = [windowCodes(images, first)];
  if (second) out.push(windowCodes(images, second));
  return out;
}

/** The fold image of each position of a factor, for {@link windowGrams}. */
export function positionImages(sets: ReadonlyArray<{ set: ByteSet; single: boolean }>): Array<number[] | null> {
  return sets.map(({ set, single }) => (single ? foldImage(set, MAX_IMAGE) : null));
}

const EMPTY = -1;

function hash(code: number, shift: number): number {
  return Math.imul(code ^ (code >>> 13), 0x5bd1e995) >>> shift;
}

/**
 * The lookup structure: an open-addressing table from the folded 3-byte code ending at a
 * position to an entry holding the 3-gram with that code (if any) and the 4-grams starting with
 * it (by their 4th byte). One probe per byte of text finds both kinds.
 */
class Table {
  readonly keys: Int32Array;
  readonly vals: Int32Array;
  readonly shift: number;
  readonly mask: number;
  /** Per entry: the 3-gram's id or EMPTY. */
  readonly id3: Int32Array;
  /** Per entry: its 4-gram extensions are `extStart[e] .. extStart[e + 1]`. */
  readonly extStart: Int32Array;
  readonly extByte: Uint8Array;
  readonly extId: Int32Array;

  constructor(grams3: ReadonlyMap<number, number>, grams4: ReadonlyMap<number, number>) {
    const entries = new Map<number, { id3: number; ext: Array<[number, number]> }>();
    const entry = (c3: number) => {
      let e = entries.get(c3);
      if (!e) entries.set(c3, (e = { id3: EMPTY, ext: [] }));
      return e;
    };
    for (const [code, id] of grams3) entry(code).id3 = id;
    for (const [code, id] of grams4) entry(code >>> 8).ext.push([code & 0xff, id]);
    let bits = 4;
    while (1 << bits < entries.size * 4) bits++;
    this.keys = new Int32Array(1 << bits);
    this.vals = new Int32Array(1 << bits).fill(EMPTY);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    this.id3 = new Int32Array(entries.size);
    this.extStart = new Int32Array(entries.size + 1);
    const extCount = [...entries.values()].reduce((n, e) => n + e.ext.length, 0);
    this.extByte = new Uint8Array(extCount);
    this.extId = new Int32Array(extCount);
    let index = 0;
    let k = 0;
    for (const [c3, e] of entries) {
      let h = hash(c3, this.shift);
      while (this.vals[h] !== EMPTY) h = (h + 1) & this.mask;
      this.keys[h] = c3;
      this.vals[h] = index;
      this.id3[index] = e.id3;
      this.extStart[index] = k;
      for (const [b, id] of e.ext) {
        this.extByte[k] = b;
        this.extId[k++] = id;
      }
      index++;
    }
    this.extStart[index] = k;
  }
}

/** What one walk over a text found. */
export interface GramScan {
  /** Ids of the grams present (each once). */
  found: number[];
  /** Whether the text has a char above 0x7F or an `&`. */
  wide: boolean;
}

/** Grams by id, and the walk that finds them in a text. */
export class GramIndex {
  private readonly ids = [new Map<number, number>(), new Map<number, number>()];
  private table: Table | undefined;
  private stamp = new Uint32Array(0);
  private generation = 0;
  size = 0;

  /** The id of a gram (interned). */
  intern(gram: Gram): number {
    if (this.table) throw new Error('GramIndex: intern() after the first scan');
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
    const t = (this.table ??= new Table(this.ids[0]!, this.ids[1]!));
    if (this.stamp.length < this.size) this.stamp = new Uint32Array(this.size);
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    const stamp = this.stamp;
    const gen = ++this.generation;
    const found: number[] = [];
    const fold = FOLD;
    const { keys, vals, shift, mask, id3, extStart, extByte, extId } = t;
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
      let h = hash(c3, shift);
      for (let e = vals[h]!; e !== EMPTY; e = vals[(h = (h + 1) & mask)]!) {
        if (keys[h] !== c3) continue;
        const g = id3[e]!;
        if (g !== EMPTY && stamp[g] !== gen) {
          stamp[g] = gen;
          found.push(g);
        }
        const end = extStart[e + 1]!;
        if (i + 1 < n) {
          const next = fold[text.charCodeAt(i + 1) & 0xff]!;
          for (let k = extStart[e]!; k < end; k++) {
            if (extByte[k] !== next) continue;
            const g4 = extId[k]!;
            if (stamp[g4] !== gen) {
              stamp[g4] = gen;
              found.push(g4);
            }
          }
        }
        break;
      }
    }
    return { found, wide: wideBits !== 0 };
  }
}
