/**
 * The `BayesStore` contract: what the learner and the scan need from a Bayes database, async so
 * that a network store (Redis) and a local one (SQLite) fit behind it. It mirrors the calls
 * `Plugin/Bayes.pm` makes on SA's `BayesStore` objects (`nspam_nham_get`, `tok_get_all`,
 * `seen_get`/`seen_put`/`seen_delete`, `nspam_nham_change`, `multi_tok_count_change`,
 * `tok_touch_all`, `backup_database`/`restore_database`, `clear_database`).
 *
 * Token ids are 10 lower-case hex digits (the low 40 bits of SHA-1, see token-id.ts).
 */

/** A token's counts and last access time (seconds since the epoch; 0 when the store keeps none). */
export interface TokenCounts {
  readonly spam: number;
  readonly ham: number;
  readonly atime: number;
}

/**
 * A store's "magic" values, as `sa-learn --dump magic` prints them (SA's
 * `get_storage_variables`; 0 for what a store does not keep).
 */
export interface StoreMagic {
  readonly dbVersion: number;
  readonly nspam: number;
  readonly nham: number;
  readonly ntokens: number;
  readonly oldestAtime: number;
  readonly newestAtime: number;
  readonly lastJournalSync: number;
  readonly lastExpire: number;
  readonly lastExpireAtimeDelta: number;
  readonly lastExpireReduce: number;
}

/**
 * The write side, valid inside {@link BayesStore.write}. Counts are changed the way SA's stores
 * change them: a token's counts never go below 0 (DBM; Redis removes a field that reaches 0), it
 * disappears when both reach 0, and its atime never goes backwards.
 */
export interface BayesWriter {
  /** `seen_get`: `'s'`, `'h'` (or whatever else is stored), undefined when unknown. */
  seenGet(msgid: string): Promise<string | undefined>;
  /** `seen_put`. */
  seenPut(msgid: string, flag: 's' | 'h'): Promise<void>;
  /** `seen_delete`. */
  seenDelete(msgid: string): Promise<void>;
  /** `nspam_nham_change`. */
  nspamNhamChange(ds: number, dh: number): Promise<void>;
  /** `multi_tok_count_change`: the same delta for every id; `atime` undefined keeps the old one (forget). */
  tokCountChange(ds: number, dh: number, ids: readonly string[], atime: number | undefined): Promise<void>;
}

/** What a scan reads: the message counts and the counts of the message's tokens. */
export interface ScanLookup {
  readonly nspam: number;
  readonly nham: number;
  /** The ids the store knows with a non-zero count (others absent). */
  readonly tokens: Map<string, TokenCounts>;
  /** All magic values, when the store read them with the counts (SQLite, memory): the expiry check uses them. */
  readonly magic?: StoreMagic;
}

/**
 * SA's expiry (`BayesStore.pm` `expire_old_tokens_trapped`, `BayesStore/DBM.pm`
 * `calculate_expire_delta`/`token_expiration`) needs these from a store that keeps atimes. They
 * run synchronously inside {@link BayesStore.withExpiry}, under the store's write lock.
 */
export interface ExpiryBackend {
  /** `get_storage_variables`. */
  vars(): StoreMagic;
  /**
   * `calculate_expire_delta`: for each `i` = 1, 2, 4 … `maxMult`, how many tokens are at least
   * `start * i` seconds older than `newest` (an `i` with none is absent).
   */
  ageHistogram(newest: number, start: number, maxMult: number): Map<number, number>;
  /**
   * `token_expiration`: drops the tokens older than `vars.newestAtime - newdelta` unless fewer
   * than 100,000 would be kept, and records the run in the magic values.
   */
  expireTokens(newdelta: number, vars: StoreMagic, now: number): ExpiryCounts;
  /** `set_last_expire`. */
  setLastExpire(now: number): void;
}

/** What `token_expiration` reports. */
export interface ExpiryCounts {
  readonly kept: number;
  readonly deleted: number;
  /** Kept tokens seen in one message only. */
  readonly hapaxes: number;
  /** Kept tokens with fewer than 8 spam and 8 ham. */
  readonly lowFreq: number;
}

/** A Bayes database. */
export interface BayesStore extends BayesWriter {
  /** A short name for messages (`sqlite:/path`, `redis:127.0.0.1:6379/2`, `memory`). */
  readonly name: string;
  /** `nspam_nham_get`. */
  nspamNham(): Promise<{ nspam: number; nham: number }>;
  /** `tok_get_all`: counts of the ids the store knows with a non-zero count (others absent). */
  getTokens(ids: readonly string[]): Promise<Map<string, TokenCounts>>;
  /**
   * `nspam_nham_get` and `tok_get_all` together, as a scan needs them: one statement on SQLite,
   * one round trip on Redis.
   */
  lookup(ids: readonly string[]): Promise<ScanLookup>;
  /**
   * `tok_touch_all`: raises the atime of existing tokens (and refreshes TTLs on Redis). Redis
   * sends it with its next request (or within a second), the way SA's DBM store defers touches
   * to its journal.
   */
  touch(ids: readonly string[], atime: number): Promise<void>;
  /**
   * Runs `fn` on the store's expiry backend under its write lock; undefined for a store that
   * expires by itself (Redis: TTLs, `expiry_due` is always 0 there).
   */
  withExpiry?<T>(fn: (b: ExpiryBackend) => T): Promise<T>;
  /**
   * Runs `fn` with exclusive write access: a transaction on SQLite (two processes learning at
   * once never lose counts), a per-store queue in memory; Redis applies each command as it
   * comes (as SA's Redis store does). A throw rolls back where the store can.
   */
  write<T>(fn: (w: BayesWriter) => Promise<T>): Promise<T>;
  /** The values `--dump magic` prints. */
  magic(): Promise<StoreMagic>;
  /** Every token with its counts (`--backup`, `--dump data`), in the store's order. */
  tokens(): AsyncIterable<[string, TokenCounts]>;
  /** Every seen entry (`--backup`). */
  seen(): AsyncIterable<[string, string]>;
  /**
   * `restore_database`'s writes: SQLite and memory replace the whole database (DBM's restore
   * writes new files); Redis adds the counts to what is there, as SA's does.
   */
  restore(data: RestoreData): Promise<void>;
  /** `clear_database`: removes everything. */
  clear(): Promise<void>;
  /** Releases the connection or file handle. */
  close(): Promise<void>;
}

/** What a restore writes. */
export interface RestoreData {
  readonly nspam: number;
  readonly nham: number;
  /**
   * Token lines in file order. An id given twice: the later line replaces the earlier on
   * SQLite and in memory (DBM's restore), the counts add up on Redis (`HINCRBY`), as in SA.
   */
  readonly tokens: Iterable<[string, TokenCounts]>;
  readonly seen: Iterable<[string, 's' | 'h']>;
}
