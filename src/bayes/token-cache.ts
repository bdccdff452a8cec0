/**
 * The SQLite store's memory of token rows it has read: a scan looks up every token of a message,
 * and two thirds of a message's tokens were in earlier messages, so most rows are known already.
 *
 * The memory is exact, never merely recent: it is dropped whenever another connection (another
 * process or worker thread) has committed anything since the last scan (SQLite's
 * `PRAGMA data_version` changes then), and this connection's own writes update it once they are
 * committed (dropped if the transaction rolls back). Absent tokens are remembered too (`null`).
 * It is bounded: two generations of at most {@link GENERATION} ids each, the older dropped when
 * the younger fills up.
 */
import type { TokenCounts } from './store.js';

/** Ids per generation: about 3 MB each. */
const GENERATION = 32768;

/** Rows by token id; `null` for an id the database does not hold. */
export class TokenCache {
  private young = new Map<string, TokenCounts | null>();
  private old = new Map<string, TokenCounts | null>();
  private version: unknown = undefined;
  /** Writes of the open transaction, applied when it commits. */
  private pending: Array<[string, TokenCounts | null]> = [];
  private clearPending = false;

  /** Forgets everything when the database's data version is not the one last seen. */
  validate(dataVersion: unknown): void {
    if (dataVersion !== this.version) this.clear();
    this.version = dataVersion;
  }

  /** The row of an id: counts, `null` (absent) or undefined (not known). */
  get(id: string): TokenCounts | null | undefined {
    const y = this.young.get(id);
    if (y !== undefined) return y;
    const o = this.old.get(id);
    if (o !== undefined) this.put(id, o);
    return o;
  }

  /** Remembers a row read from the database. */
  put(id: string, row: TokenCounts | null): void {
    this.young.set(id, row);
    if (this.young.size >= GENERATION) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  /** Records a write of the open transaction. */
  written(id: string, row: TokenCounts | null): void {
    this.pending.push([id, row]);
  }

  /** Records that the open transaction rewrites more than single rows (restore, expiry, clear). */
  rewritten(): void {
    this.clearPending = true;
  }

  /** The transaction committed: its writes become what is remembered. */
  commit(): void {
    if (this.clearPending) this.clear();
    else for (const [id, row] of this.pending) this.put(id, row);
    this.pending = [];
    this.clearPending = false;
  }

  /** The transaction rolled back: nothing it did is remembered, and what was may be stale. */
  rollback(): void {
    this.clear();
  }

  /** Forgets everything. */
  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.pending = [];
    this.clearPending = false;
  }
}
