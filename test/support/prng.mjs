// A small seeded pseudo-random generator (mulberry32), so generated test data reproduces.
// Plain JavaScript so that fixture scripts run by `node` can import it as the tests do.

/** Returns a function giving the next number in [0, 1) of the sequence for `seed`. */
export function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
