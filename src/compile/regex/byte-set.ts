/**
 * A set of byte values (0x00-0xFF).
 *
 * Every text we match is a Latin-1 "binary" string (one char per byte), exactly like the octet
 * strings SpamAssassin feeds to Perl. So every Perl character class, escape (`\s`, `\w`, POSIX
 * classes), literal under `/i` and `.` can be resolved at translation time to the exact set of
 * bytes it accepts, and emitted as an explicit class. That sidesteps every engine difference
 * in what `\s`, `.` or `[[:punct:]]` mean.
 *
 * Performance: ReplaceTags expansions hold tens of thousands of classes, so the hot queries
 * (`size`, emitted source) are memoised on the instance and dropped by every mutation, and
 * {@link ByteSet.intern} lets the parser share one instance per distinct set.
 */
export class ByteSet {
  /** 8 x 32 bits, bit `b` set when byte `b` is a member. */
  private readonly words: Uint32Array;
  /** Memoised member count, -1 when unknown. */
  private cachedSize = -1;
  /** Memoised answer of case-fold.ts `isFoldClosed`: -1 unknown, 0 no, 1 yes. */
  foldClosed = -1;
  /**
   * Memoised emitted class text for `high` false / true (see emit-chars.ts); only meaningful
   * for sets with 2..255 members, whose text does not depend on the engine.
   */
  classSource: [string | undefined, string | undefined] | undefined;
  /**
   * The parser's shared class nodes for this (interned) set, for `high` false / true. AST set
   * nodes are never mutated, so every occurrence of the same class can be the same object.
   * Typed opaquely: the nodes (ast.ts `SetNode`) hold a ByteSet, so naming their type here would
   * make byte-set.ts and ast.ts import each other; parse-escapes.ts, which fills it, knows the type.
   */
  classNodes: [unknown, unknown] | undefined;

  private constructor(words?: Uint32Array) {
    this.words = words ?? new Uint32Array(8);
  }

  /** An empty set. */
  static empty(): ByteSet {
    return new ByteSet();
  }

  /** The set of all 256 byte values. */
  static full(): ByteSet {
    return new ByteSet(new Uint32Array(8).fill(0xffffffff));
  }

  /** A set holding the given byte values. */
  static of(...codes: number[]): ByteSet {
    const set = new ByteSet();
    for (const c of codes) set.add(c);
    return set;
  }

  /** A set holding the inclusive range `lo..hi` (clamped to 0..255). */
  static range(lo: number, hi: number): ByteSet {
    return new ByteSet().addRange(lo, hi);
  }

  /** Adds one byte value (values outside 0..255 are ignored: they never occur in our texts). */
  add(code: number): this {
    if (code >= 0 && code <= 0xff) {
      this.words[code >>> 5]! |= 1 << (code & 31);
      this.changed();
    }
    return this;
  }

  /** Adds the inclusive range `lo..hi`, clamped to 0..255. */
  addRange(lo: number, hi: number): this {
    addRangeToWords(this.words, lo, hi);
    this.changed();
    return this;
  }

  /** Adds every member of `other`. */
  addSet(other: ByteSet): this {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < 8; i++) a[i]! |= b[i]!;
    this.changed();
    return this;
  }

  /** Whether `code` is a member. */
  has(code: number): boolean {
    if (code < 0 || code > 0xff) return false;
    return (this.words[code >>> 5]! & (1 << (code & 31))) !== 0;
  }

  /** A new set with every byte not in this one. */
  complement(): ByteSet {
    const words = new Uint32Array(8);
    const own = this.words;
    for (let i = 0; i < 8; i++) words[i] = ~own[i]!;
    return new ByteSet(words);
  }

  /** A new set with the bytes in both this one and `other`. */
  intersect(other: ByteSet): ByteSet {
    const words = new Uint32Array(8);
    const own = this.words;
    for (let i = 0; i < 8; i++) words[i] = own[i]! & other.words[i]!;
    return new ByteSet(words);
  }

  /** A copy of this set. */
  clone(): ByteSet {
    return new ByteSet(this.words.slice());
  }

  /** Bits for bytes `32*i .. 32*i+31` (bit `k` = byte `32*i+k`). */
  word(i: number): number {
    return this.words[i]!;
  }

  /** A set from 8 words as returned by {@link ByteSet.word}. */
  static fromWords(words: ArrayLike<number>): ByteSet {
    return new ByteSet(words instanceof Uint32Array ? words : Uint32Array.from(words));
  }

  /** Number of members. */
  get size(): number {
    let n = this.cachedSize;
    if (n < 0) {
      n = 0;
      const words = this.words;
      for (let i = 0; i < 8; i++) n += popcount(words[i]!);
      this.cachedSize = n;
    }
    return n;
  }

  /** Whether the set has no members. */
  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Whether the set holds all 256 bytes. */
  get isFull(): boolean {
    return this.size === 256;
  }

  /** Whether both sets hold the same bytes. */
  equals(other: ByteSet): boolean {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** The only member, or `undefined` when the set does not have exactly one. */
  single(): number | undefined {
    if (this.size !== 1) return undefined;
    const words = this.words;
    let i = 0;
    while (words[i] === 0) i++;
    return i * 32 + (31 - Math.clz32(words[i]! & -words[i]!));
  }

  /** Members as sorted, maximal inclusive ranges. */
  ranges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const words = this.words;
    let start = -1;
    for (let i = 0; i < 8; i++) {
      const w = words[i]!;
      // Whole words in or out need no per-bit scan.
      if (w === 0) {
        if (start >= 0) {
          out.push([start, i * 32 - 1]);
          start = -1;
        }
        continue;
      }
      if (w === 0xffffffff) {
        if (start < 0) start = i * 32;
        continue;
      }
      for (let k = 0; k < 32; k++) {
        const inSet = ((w >>> k) & 1) === 1;
        if (inSet && start < 0) start = i * 32 + k;
        else if (!inSet && start >= 0) {
          out.push([start, i * 32 + k - 1]);
          start = -1;
        }
      }
    }
    if (start >= 0) out.push([start, 255]);
    return out;
  }

  /**
   * The shared instance holding the same bytes as `set` (`set` itself the first time). Only for
   * sets that are never mutated afterwards: the parser interns every finished class, so that
   * the memoised facts of one instance serve every occurrence of the same class.
   */
  static intern(set: ByteSet): ByteSet {
    return ByteSet.internWords(set.words, set);
  }

  /**
   * The shared instance holding the bytes of `words` (8 words as in {@link ByteSet.word}); the
   * words are copied when no such instance exists yet, so a caller may reuse its array.
   */
  static internWords(words: Uint32Array, own?: ByteSet): ByteSet {
    let h = 0;
    for (let i = 0; i < 8; i++) h = (Math.imul(h, 0x01000193) ^ words[i]!) | 0;
    let bucket = internTable.get(h);
    if (bucket !== undefined) {
      for (let k = 0, list = bucket; k < list.length; k++) {
        const other = list[k]!;
        if (sameWords(other.words, words)) return other;
      }
    } else {
      if (internTable.size >= MAX_INTERNED) internTable.clear();
      bucket = [];
      internTable.set(h, bucket);
    }
    const set = own ?? new ByteSet(words.slice());
    bucket.push(set);
    return set;
  }

  /** Drops the memoised facts after a mutation. */
  private changed(): void {
    this.cachedSize = -1;
    this.foldClosed = -1;
    this.classSource = undefined;
    this.classNodes = undefined;
  }
}

/** Hash buckets kept by {@link ByteSet.intern} before it starts afresh (the stock rules need about 900). */
const MAX_INTERNED = 1 << 14;
const internTable = new Map<number, ByteSet[]>();

/** Sets the bits of the inclusive range `lo..hi` (clamped to 0..255) in 8 words. */
export function addRangeToWords(words: Uint32Array, lo: number, hi: number): void {
  const from = Math.max(0, lo);
  const to = Math.min(0xff, hi);
  for (let i = from >>> 5; from <= to && i <= to >>> 5; i++) {
    const first = i === from >>> 5 ? from & 31 : 0;
    const last = i === to >>> 5 ? to & 31 : 31;
    // Bits first..last of one word.
    const upper = last === 31 ? 0xffffffff : (1 << (last + 1)) - 1;
    words[i]! |= upper & ~((1 << first) - 1);
  }
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Number of set bits in a 32-bit word. */
function popcount(word: number): number {
  let v = word >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
