/**
 * Building blocks for the hostile-input tests: a seeded generator (so every run checks the
 * same strings) and random strings over a small alphabet of the characters a parser cares
 * about. The tests compare our linear code with a plain reference on many small inputs and
 * with answers known by construction on large ones; they never time anything.
 */

/** A deterministic pseudo-random source in [0, 1) (xorshift32). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A string of up to `maxPieces` pieces drawn from `alphabet` (pieces may be several characters). */
export function randomString(rnd: () => number, alphabet: readonly string[], maxPieces: number): string {
  let s = '';
  const n = Math.floor(rnd() * (maxPieces + 1));
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
  return s;
}

/** Runs `check` on `count` random strings; returns the inputs where it failed (at most 5). */
export function failures(count: number, make: () => string, check: (s: string) => boolean): string[] {
  const bad: string[] = [];
  for (let i = 0; i < count && bad.length < 5; i++) {
    const s = make();
    if (!check(s)) bad.push(s);
  }
  return bad;
}
