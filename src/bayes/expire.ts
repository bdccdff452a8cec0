/**
 * Token expiry for the stores that keep atimes (SQLite, memory), as SA runs it on its DBM store:
 * `BayesStore.pm` `expiry_due` and `expire_old_tokens_trapped`, with the store doing
 * `calculate_expire_delta` and `token_expiration` (see {@link ExpiryBackend}).
 *
 * - Opportunistically, at the end of a Bayes scan and before `spamscore learn` learns
 *   (`Plugin/Bayes.pm::_opportunistic_calls`, sa-learn's `rebuild_learner_caches`), when
 *   `bayes_auto_expire` is on, the last expiry is 12 hours old, the database holds more than
 *   100,000 and at least `bayes_expiry_max_db_size` tokens, and its atimes span 12 hours.
 * - On demand: `spamscore learn --force-expire` (sa-learn's), which skips those conditions.
 *
 * A run aims to keep `max(100000, bayes_expiry_max_db_size * 0.75)` tokens. It estimates the
 * atime cut-off from the previous run, or searches it (12 h × 1, 2, 4 … 512) when there was no
 * usable previous run, and removes nothing when fewer than 1,000 tokens would go or fewer than
 * 100,000 would stay. Redis stores expire through TTLs (`bayes_token_ttl`, `bayes_seen_ttl`)
 * instead; SA's `expiry_due` is always 0 there.
 */
import { sprintfFixed } from '../report/perl-format.js';
import type { BayesStore, ExpiryBackend, ExpiryCounts, StoreMagic } from './store.js';

/** `bayes_expiry_pct` (Conf.pm:5007; not a user setting in SA 4.0.1). */
export const EXPIRY_PCT = 0.75;
/** `bayes_expiry_period`, seconds (Conf.pm:5008). */
export const EXPIRY_PERIOD = 43200;
/** `bayes_expiry_max_exponent` (Conf.pm:5009): the search goes up to 512 periods. */
export const EXPIRY_MAX_EXPONENT = 9;
/** Expiry never shrinks the database below this many tokens (BayesStore.pm). */
const MIN_KEEP = 100000;
/** Runs that would remove fewer tokens than this are skipped. */
const MIN_REDUCTION = 1000;

/** What expiry reads from the configuration. */
export interface ExpiryConfig {
  /** `bayes_auto_expire`. */
  readonly autoExpire: boolean;
  /** `bayes_expiry_max_db_size`. */
  readonly maxDbSize: number;
  /** `sa-learn --force-expire`: run whatever the conditions. */
  readonly force?: boolean;
}

/** How an expiry run ended. */
export type ExpiryOutcome =
  /** Not due (or nothing to measure): nothing changed. */
  | { readonly status: 'not-due' }
  /**
   * Due, but fewer than 1,000 tokens were to go (`small-goal`) or no cut-off removes 1,000
   * (`no-delta`): only the last expiry time was set; or no token is even 12 hours older than the
   * newest (`no-old-tokens`): nothing was set.
   */
  | { readonly status: 'skipped'; readonly reason: 'small-goal' | 'no-delta' | 'no-old-tokens' }
  /** `token_expiration` ran (with `kept < 100000` it removed nothing: `deleted` 0). */
  | ({ readonly status: 'expired'; readonly atimeDelta: number; readonly method: 'first-pass' | 'estimate' } & ExpiryCounts);

/** `expiry_due` (BayesStore.pm:450-482). */
export function expiryDue(v: StoreMagic, conf: ExpiryConfig, now: number): boolean {
  if (conf.force) return true;
  if (!conf.autoExpire) return false;
  // at most one run every 12 hours
  if (now - v.lastExpire < 43200) return false;
  return v.ntokens > MIN_KEEP && conf.maxDbSize <= v.ntokens && v.newestAtime - v.oldestAtime >= 43200 && v.dbVersion >= 3;
}

/** `expire_old_tokens_trapped` (BayesStore.pm:273-420), on a store's expiry backend. */
export function expireOldTokens(b: ExpiryBackend, conf: ExpiryConfig, now: number): ExpiryOutcome {
  const stored = b.vars();
  if (!expiryDue(stored, conf, now)) return { status: 'not-due' };
  // a newest atime in the future is taken as now (and written back so by token_expiration)
  const vars: StoreMagic = stored.newestAtime > now ? { ...stored, newestAtime: now } : stored;
  const keep = Math.max(MIN_KEEP, Math.trunc(conf.maxDbSize * EXPIRY_PCT));
  const goal = vars.ntokens - keep;
  if (goal < MIN_REDUCTION) {
    b.setLastExpire(now);
    return { status: 'skipped', reason: 'small-goal' };
  }
  const lastDelta = vars.lastExpireAtimeDelta;
  const lastReduce = vars.lastExpireReduce;
  // the new cut-off estimated from the last run: a smaller delta expires more tokens
  let newdelta = lastReduce > 0 ? Math.trunc((lastDelta * lastReduce) / goal) : 0;
  const ratio = lastReduce === 0 || lastReduce > goal ? lastReduce / goal : goal / lastReduce;
  let method: 'first-pass' | 'estimate' = 'estimate';
  if (now - vars.lastExpire > 86400 * 30 || lastDelta < EXPIRY_PERIOD || lastReduce < MIN_REDUCTION || newdelta < EXPIRY_PERIOD || ratio > 1.5) {
    // first pass: how many tokens each cut-off (12 h × 1, 2, 4 … 512) would remove
    method = 'first-pass';
    let mult = 2 ** EXPIRY_MAX_EXPONENT;
    const delta = b.ageHistogram(vars.newestAtime, EXPIRY_PERIOD, mult);
    if (delta.size === 0) return { status: 'skipped', reason: 'no-old-tokens' };
    // from the largest cut-off down, stop at the first that removes more than the goal and
    // take the one above it (which removes at most the goal)
    for (; mult > 0; mult >>= 1) {
      const n = delta.get(mult);
      if (n === undefined) continue;
      if (n > goal) {
        mult <<= 1;
        break;
      }
    }
    if (mult === 0) mult = 1;
    const n = delta.get(mult);
    if (n === undefined || n < MIN_REDUCTION) {
      b.setLastExpire(now);
      return { status: 'skipped', reason: 'no-delta' };
    }
    newdelta = EXPIRY_PERIOD * mult;
  }
  return { status: 'expired', atimeDelta: newdelta, method, ...b.expireTokens(newdelta, vars, now) };
}

/**
 * Expires old tokens when due (`_opportunistic_calls`, sa-learn's `rebuild_learner_caches`), or
 * always with `conf.force`. The due check reads the store without its write lock (or takes the
 * magic values a scan's lookup just read); the run takes the lock and checks again, as SA ties
 * its database read-only and then writable.
 * @returns undefined for a store that expires by itself (Redis)
 */
export async function expireIfDue(store: BayesStore, conf: ExpiryConfig, now: number = Math.floor(Date.now() / 1000), magic?: StoreMagic): Promise<ExpiryOutcome | undefined> {
  if (!store.withExpiry) return undefined;
  if (!expiryDue(magic ?? (await store.magic()), conf, now)) return { status: 'not-due' };
  return store.withExpiry((b) => expireOldTokens(b, conf, now));
}

/**
 * What `sa-learn --force-expire` prints after a run that reached `token_expiration`
 * (BayesStore.pm:407-417, verbose): nothing for the other outcomes.
 */
export function expiryReport(o: ExpiryOutcome, seconds: number): string[] {
  if (o.status !== 'expired') return [];
  const pc = (n: number) => sprintfFixed((n * 100) / o.kept, 2);
  return [
    `expired old bayes database entries in ${seconds} seconds`,
    `${o.kept} entries kept, ${o.deleted} deleted`,
    `token frequency: 1-occurrence tokens: ${pc(o.hapaxes)}%`,
    `token frequency: less than 8 occurrences: ${pc(o.lowFreq)}%`,
  ];
}
