/**
 * The scan's arithmetic (`Plugin/Bayes.pm::scan` BP:795-1021): token probabilities, the 150 most
 * significant tokens, chi-square combining, and the token lists the tags report. No I/O: the
 * caller fetched the counts.
 */
import { combineChi, MIN_PROB_STRENGTH, tokenProbability } from './combine-chi.js';
import type { TokenCounts } from './store.js';

/** N_SIGNIFICANT_TOKENS (BP:250). */
export const N_SIGNIFICANT_TOKENS = 150;

/** One significant token as the tag lists show it (`[raw, prob, s, n, atime]`). */
export interface TokenInfo {
  readonly token: string;
  readonly prob: number;
  readonly spam: number;
  readonly ham: number;
  readonly atime: number;
}

/** What a Bayes scan found. */
export interface Classification {
  /** The message's spam probability; undefined when Bayes could not score it. */
  readonly score: number | undefined;
  /** `_BAYESTC_`: unique token ids; undefined when no token was found at all. */
  readonly tokenCount: number | undefined;
  /** `_BAYESTCLEARNED_`: tokens with a probability. */
  readonly learnedCount: number | undefined;
  /** Significant spammy / hammy tokens in strength order; undefined when the scan stopped before making them. */
  readonly spammy: readonly TokenInfo[] | undefined;
  readonly hammy: readonly TokenInfo[] | undefined;
  /** Ids of the significant tokens (`tok_touch_all`). */
  readonly significant: readonly string[];
}

/**
 * Classifies a message from its tokens and their stored counts.
 * @param tokens id → raw token (from `tokenize`)
 * @param counts id → counts for the ids the store knows (unknown ids may be absent)
 */
export function classify(
  tokens: ReadonlyMap<string, string>,
  counts: ReadonlyMap<string, TokenCounts>,
  ns: number,
  nn: number,
  useHapaxes: boolean,
): Classification {
  const pw: Array<{ id: string; prob: number; strength: number; c: TokenCounts }> = [];
  let learnedCount = 0;
  for (const [id, c] of counts) {
    if (!tokens.has(id)) continue;
    const prob = tokenProbability(c.spam, c.ham, ns, nn, useHapaxes);
    if (prob === undefined) continue;
    learnedCount++;
    // SA sorts every token, keeps 150 and then drops those weaker than 0.346: the strong ones
    // come first, so dropping them before the sort keeps the same tokens in the same order.
    const strength = Math.abs(prob - 0.5);
    if (strength >= MIN_PROB_STRENGTH) pw.push({ id, prob, strength, c });
  }
  if (learnedCount === 0) return { score: undefined, tokenCount: undefined, learnedCount: undefined, spammy: undefined, hammy: undefined, significant: [] };
  // Numeric sort by strength, descending (Perl's sort is a stable mergesort; ties keep hash order,
  // which is random per process there and token order here), cut to 150.
  pw.sort((a, b) => b.strength - a.strength);
  if (pw.length > N_SIGNIFICANT_TOKENS) pw.length = N_SIGNIFICANT_TOKENS;
  const spammy: TokenInfo[] = [];
  const hammy: TokenInfo[] = [];
  const sorted: number[] = [];
  const significant: string[] = [];
  for (const t of pw) {
    const raw = tokens.get(t.id);
    const info = { token: raw || '(unknown)', prob: t.prob, spam: t.c.spam, ham: t.c.ham, atime: t.c.atime };
    (t.prob < 0.5 ? hammy : spammy).push(info);
    sorted.push(t.prob);
    significant.push(t.id);
  }
  const score = sorted.length ? combineChi(ns, nn, sorted) : undefined;
  return { score, tokenCount: tokens.size, learnedCount, spammy, hammy, significant: score === undefined ? [] : significant };
}
