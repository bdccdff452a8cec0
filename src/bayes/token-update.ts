/**
 * How SA's DBM store changes one token and its age "magic" values (`BayesStore/DBM.pm`
 * `tok_sync_counters`, `tok_put`, `tok_touch_token`), shared by the stores that keep atimes
 * (SQLite, memory) so that `--dump magic` and expiry see what a DBM database would:
 * - counts never go below 0; a token whose counts both reach 0 is deleted;
 * - a token's atime never goes backwards (a forget, with no atime, keeps the old one);
 * - every write of a token raises the newest atime and lowers the oldest one, which are never
 *   recomputed from the tokens (forgetting the oldest token leaves the oldest atime as it was).
 */
import type { TokenCounts } from './store.js';

/** The database-wide values a token write updates (DBM's NTOKENS, NEWESTAGE, OLDESTAGE). */
export interface AgeMagic {
  ntokens: number;
  newest: number;
  /** Undefined until the first token is written (a fresh DBM has no OLDESTAGE). */
  oldest: number | undefined;
}

/**
 * `tok_sync_counters` + `tok_put`: the token's new counts, or undefined when it is to be deleted
 * (or never existed and still has no count). Updates `magic`.
 * @param old the stored counts, undefined when the token is not stored
 * @param atime the learn's atime; undefined for a forget
 */
export function countChange(old: TokenCounts | undefined, ds: number, dh: number, atime: number | undefined, magic: AgeMagic): TokenCounts | undefined {
  const spam = Math.max(0, (old?.spam ?? 0) + ds);
  const ham = Math.max(0, (old?.ham ?? 0) + dh);
  const oldAtime = old?.atime ?? 0;
  // `$atime = $oldatime if ($oldatime > $atime)`, an undefined atime being 0
  const a = oldAtime > (atime ?? 0) ? oldAtime : (atime ?? 0);
  if (spam === 0 && ham === 0) {
    if (old) magic.ntokens--;
    return undefined;
  }
  if (!old) magic.ntokens++;
  putAtime(a, magic);
  return { spam, ham, atime: a };
}

/** `tok_put`'s NEWESTAGE / OLDESTAGE update for a token written with atime `a`. */
export function putAtime(a: number, magic: AgeMagic): void {
  if (a > magic.newest) magic.newest = a;
  if (magic.oldest === undefined || a < magic.oldest) magic.oldest = a;
}
