/**
 * Robinson's f(w) and chi-square combining, as SA 4.0.1 computes them
 * (`Plugin/Bayes.pm::_compute_prob_for_all_tokens` BP:1616-1670, `Bayes/CombineChi.pm:37-122`).
 * Plain IEEE doubles throughout, in Perl's order of operations; only `Math.exp`/`Math.log` may
 * differ from glibc's by one ulp.
 */

/** FW_X_CONSTANT (CombineChi.pm:41). */
export const FW_X_CONSTANT = 0.538;
/** FW_S_CONSTANT (CombineChi.pm:47). */
export const FW_S_CONSTANT = 0.03;
/** FW_S_DOT_X (CombineChi.pm:50), computed in double as Perl does. */
export const FW_S_DOT_X = FW_X_CONSTANT * FW_S_CONSTANT;
/** MIN_PROB_STRENGTH (CombineChi.pm:54). */
export const MIN_PROB_STRENGTH = 0.346;
const LN2 = Math.log(2);

/**
 * A token's spam probability from its counts (`_compute_prob_for_all_tokens`), or undefined
 * when it counts as not learned (fewer than 1 — without hapaxes 2 — occurrences, or an empty
 * corpus side).
 */
export function tokenProbability(s: number, n: number, ns: number, nn: number, useHapaxes: boolean): number | undefined {
  if (!ns || !nn) return undefined;
  const threshold = useHapaxes ? 1 : 2;
  if (s + n < threshold) return undefined;
  let prob = (s * nn) / (n * ns + s * nn);
  // USE_ROBINSON_FX_EQUATION_FOR_LOW_FREQS: Robinson's f(w)
  prob = (FW_S_DOT_X + (s + n) * prob) / (FW_S_CONSTANT + (s + n));
  return prob;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** POSIX `frexp`: mantissa in [0.5, 1) and exponent, exact (subnormals included). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  f64[0] = x;
  let exp = (u32[HI]! >>> 20) & 0x7ff;
  let extra = 0;
  if (exp === 0) {
    // subnormal: scale up by 2^64 first
    f64[0] = x * 2 ** 64;
    exp = (u32[HI]! >>> 20) & 0x7ff;
    extra = -64;
  }
  const e = exp - 1022;
  u32[HI] = (u32[HI]! & 0x800fffff) | (1022 << 20);
  return [f64[0]!, e + extra];
}

/** `chi2q` (CombineChi.pm:95-110): the upper tail of chi-square with `2*halfv` degrees of freedom. */
function chi2q(x2: number, halfv: number): number {
  const m = x2 / 2.0;
  let term = Math.exp(0 - m);
  let sum = term;
  for (let i = 1; i < halfv; i++) {
    term *= m / i;
    sum += term;
  }
  return sum < 1.0 ? sum : 1.0;
}

/**
 * `combine($ns, $nn, \@sorted)` (CombineChi.pm:60-93): the message's spam probability from the
 * significant tokens' probabilities in strength order; undefined when there are none.
 */
export function combineChi(ns: number, nn: number, probs: readonly number[]): number | undefined {
  const wc = probs.length;
  if (wc === 0 || ns + nn === 0) return undefined;
  let S = ns / (ns + nn);
  let H = nn / (ns + nn);
  let Sexp = 0;
  let Hexp = 0;
  for (const prob of probs) {
    S *= 1.0 - prob;
    H *= prob;
    if (S < 1e-200) {
      const [m, e] = frexp(S);
      S = m;
      Sexp += e;
    }
    if (H < 1e-200) {
      const [m, e] = frexp(H);
      H = m;
      Hexp += e;
    }
  }
  S = Math.log(S) + Sexp * LN2;
  H = Math.log(H) + Hexp * LN2;
  S = 1.0 - chi2q(-2.0 * S, wc);
  H = 1.0 - chi2q(-2.0 * H, wc);
  return (S - H + 1.0) / 2.0;
}
