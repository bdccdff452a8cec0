/**
 * The part of better-sqlite3's API the SQLite store uses (the package ships no type
 * declarations and @types/better-sqlite3 is not a dependency).
 */
export interface Statement<P extends unknown[] = unknown[], R = unknown> {
  run(...params: P | [Record<string, unknown>]): { changes: number };
  get(...params: P): R | undefined;
  all(...params: P): R[];
  iterate(...params: P): IterableIterator<R>;
  /** Rows as arrays of column values instead of objects. */
  raw(toggle?: boolean): this;
  /** Rows as their first column's value. */
  pluck(toggle?: boolean): this;
}
export interface Transaction {
  (): void;
  immediate(): void;
}
export interface Database {
  pragma(source: string): unknown;
  exec(source: string): void;
  prepare<P extends unknown[] = unknown[], R = unknown>(source: string): Statement<P, R>;
  transaction(fn: () => void): Transaction;
  close(): void;
  readonly inTransaction: boolean;
}
export type DatabaseConstructor = new (file: string, options?: { timeout?: number; readonly?: boolean }) => Database;
