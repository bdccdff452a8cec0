/**
 * A set of byte values (0x00-0xFF).
 *
 * Every text we match is a Latin-1 "binary" string (one char per byte), exactly like the octet
 * strings SpamAssassin feeds to Perl. So every Perl character class, escape (`\s`, `\w`, POSIX
 * classes), literal under `/i` and `.` can be resolved at translation time to the exact set of
 * bytes it accepts, and emitted as an explicit class. That sidesteps every engine difference
 * in what `\s`, `.` or `[[:punct:]]` mean.
 */
export class ByteSet {
  /** 8 x 32 bits, bit `b` set when byte `b` is a member. */
  private readonly words: Uint32Array;

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
    if (code >= 0 && code <= 0xff) this.words[code >>> 5]! |= 1 << (code & 31);
    return this;
  }

  /** Adds the inclusive range `lo..hi`, clamped to 0..255. */
  addRange(lo: number, hi: number): this {
    for (let c = Math.max(0, lo); c <= Math.min(0xff, hi); c++) this.add(c);
    return this;
  }

  /** Adds every member of `other`. */
  addSet(other: ByteSet): this {
    for (let i = 0; i < 8; i++) this.words[i]! |= other.words[i]!;
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
    for (let i = 0; i < 8; i++) words[i] = ~this.words[i]! >>> 0;
    return new ByteSet(words);
  }

  /** A copy of this set. */
  clone(): ByteSet {
    return new ByteSet(Uint32Array.from(this.words));
  }

  /** Bits for bytes `32*i .. 32*i+31` (bit `k` = byte `32*i+k`). */
  word(i: number): number {
    return this.words[i]! >>> 0;
  }

  /** A set from 8 words as returned by {@link ByteSet.word}. */
  static fromWords(words: ArrayLike<number>): ByteSet {
    return new ByteSet(words instanceof Uint32Array ? words : Uint32Array.from(words));
  }

  /** Number of members. */
  get size(): number {
    let n = 0;
    for (const w of this.words) n += popcount(w);
    return n;
  }

  /** Whether the set has no members. */
  get isEmpty(): boolean {
    return this.words.every((w) => w === 0);
  }

  /** Whether the set holds all 256 bytes. */
  get isFull(): boolean {
    return this.words.every((w) => w === 0xffffffff);
  }

  /** Whether both sets hold the same bytes. */
  equals(other: ByteSet): boolean {
    for (let i = 0; i < 8; i++) if (this.words[i] !== other.words[i]) return false;
    return true;
  }

  /** The only member, or `undefined` when the set does not have exactly one. */
  single(): number | undefined {
    if (this.size !== 1) return undefined;
    const i = this.words.findIndex((w) => w !== 0);
    return i * 32 + (31 - Math.clz32(this.words[i]! & -this.words[i]!));
  }

  /** Members as sorted, maximal inclusive ranges. */
  ranges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let start = -1;
    for (let c = 0; c < 256; c++) {
      const inSet = ((this.words[c >>> 5]! >>> (c & 31)) & 1) === 1;
      if (inSet && start < 0) start = c;
      else if (!inSet && start >= 0) {
        out.push([start, c - 1]);
        start = -1;
      }
    }
    if (start >= 0) out.push([start, 255]);
    return out;
  }
}

/** Number of set bits in a 32-bit word. */
function popcount(word: number): number {
  let v = word >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
