/**
 * The local on-disk {@link BayesStore}: one SQLite file (better-sqlite3), the default when
 * `bayes_path` is set, as SA's DBM store is. The file is `bayes_path` + `.sqlite`
 * (`~/.spamassassin/bayes` → `~/.spamassassin/bayes.sqlite`), next to SA's `_toks`/`_seen`.
 *
 * Why SQLite: it is an embedded database with real transactions and cross-process locking.
 * - Every learn or forget is one `BEGIN IMMEDIATE` transaction: the seen check, the message
 *   count and every token count change commit together, so two processes learning at once
 *   serialize on the write lock and never lose a count (SA's DBM store takes a lock file for
 *   the same reason).
 * - WAL mode: scans read while a learner writes, without waiting for it.
 * - `busy_timeout`: a writer waits for the lock (up to 30 s) instead of failing.
 *
 * Semantics are SA's DBM store's (`BayesStore/DBM.pm` `tok_sync_counters`, `nspam_nham_change`):
 * counts clamped at 0, atime never backwards, a token gone when both counts are 0.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { DatabaseConstructor } from './sqlite-types.js';
import type { BayesStore, BayesWriter, RestoreData, StoreMagic, TokenCounts } from './store.js';
import { Mutex } from './mutex.js';

const require = createRequire(import.meta.url);

/** DB version written to `bayes_vars` (SA's Bayes DB version 3: SHA-1 token ids). */
const DB_VERSION = 3;

/** Opens (creating if needed) the SQLite store at `file`. */
export function openSqliteStore(file: string): BayesStore {
  const Database = require('better-sqlite3') as DatabaseConstructor;
  // SA's DBM store creates bayes_path's folder too (BayesStore/DBM.pm `mkpath`, bayes_file_mode 0700)
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 30000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS bayes_vars (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bayes_token (id BLOB PRIMARY KEY, spam INTEGER NOT NULL, ham INTEGER NOT NULL, atime INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bayes_seen (msgid TEXT PRIMARY KEY, flag TEXT NOT NULL) WITHOUT ROWID;
    INSERT OR IGNORE INTO bayes_vars VALUES ('db_version', ${DB_VERSION}), ('nspam', 0), ('nham', 0);
  `);
  const q = {
    getVar: db.prepare<[string], { value: number }>('SELECT value FROM bayes_vars WHERE name = ?'),
    setVar: db.prepare('INSERT INTO bayes_vars VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    addCounts: db.prepare('UPDATE bayes_vars SET value = max(0, value + ?) WHERE name = ?'),
    getTok: db.prepare<[Buffer], { spam: number; ham: number; atime: number }>('SELECT spam, ham, atime FROM bayes_token WHERE id = ?'),
    changeTok: db.prepare(
      `INSERT INTO bayes_token VALUES (@id, max(0, @ds), max(0, @dh), coalesce(@atime, 0))
       ON CONFLICT(id) DO UPDATE SET spam = max(0, spam + @ds), ham = max(0, ham + @dh), atime = max(atime, coalesce(@atime, atime))`,
    ),
    dropEmpty: db.prepare('DELETE FROM bayes_token WHERE id = ? AND spam = 0 AND ham = 0'),
    touchTok: db.prepare('UPDATE bayes_token SET atime = ? WHERE id = ? AND atime < ?'),
    putTok: db.prepare('INSERT INTO bayes_token VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET spam = excluded.spam, ham = excluded.ham, atime = excluded.atime'),
    seenGet: db.prepare<[string], { flag: string }>('SELECT flag FROM bayes_seen WHERE msgid = ?'),
    seenPut: db.prepare('INSERT INTO bayes_seen VALUES (?, ?) ON CONFLICT(msgid) DO UPDATE SET flag = excluded.flag'),
    seenDelete: db.prepare('DELETE FROM bayes_seen WHERE msgid = ?'),
    allToks: db.prepare<[], { id: Buffer; spam: number; ham: number; atime: number }>('SELECT id, spam, ham, atime FROM bayes_token'),
    allSeen: db.prepare<[], { msgid: string; flag: string }>('SELECT msgid, flag FROM bayes_seen'),
    stats: db.prepare<[], { n: number; oldest: number | null; newest: number | null }>('SELECT count(*) AS n, min(atime) AS oldest, max(atime) AS newest FROM bayes_token'),
  };
  const getVar = (name: string) => q.getVar.get(name)?.value ?? 0;
  const lock = new Mutex();
  const writer: BayesWriter = {
    seenGet: async (id) => q.seenGet.get(id)?.flag,
    seenPut: async (id, flag) => void q.seenPut.run(id, flag),
    seenDelete: async (id) => void q.seenDelete.run(id),
    async nspamNhamChange(ds, dh) {
      if (ds) q.addCounts.run(ds, 'nspam');
      if (dh) q.addCounts.run(dh, 'nham');
    },
    async tokCountChange(ds, dh, ids, atime) {
      for (const hex of ids) {
        const id = Buffer.from(hex, 'hex');
        q.changeTok.run({ id, ds, dh, atime: atime ?? null });
        if (ds < 0 || dh < 0) q.dropEmpty.run(id);
      }
    },
  };
  let closed = false;
  return {
    name: `sqlite:${file}`,
    ...writer,
    nspamNham: async () => ({ nspam: getVar('nspam'), nham: getVar('nham') }),
    async getTokens(ids) {
      const out = new Map<string, TokenCounts>();
      for (const hex of ids) {
        const r = q.getTok.get(Buffer.from(hex, 'hex'));
        if (r && (r.spam || r.ham)) out.set(hex, r);
      }
      return out;
    },
    async touch(ids, atime) {
      await lock.run(async () => {
        db.transaction(() => {
          for (const hex of ids) q.touchTok.run(atime, Buffer.from(hex, 'hex'), atime);
        }).immediate();
      });
    },
    write: (fn) =>
      lock.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const r = await fn(writer);
          db.exec('COMMIT');
          return r;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      }),
    async magic(): Promise<StoreMagic> {
      const s = q.stats.get()!;
      return {
        dbVersion: getVar('db_version'),
        nspam: getVar('nspam'),
        nham: getVar('nham'),
        ntokens: s.n,
        oldestAtime: s.oldest ?? 0,
        newestAtime: s.newest ?? 0,
        lastJournalSync: 0,
        lastExpire: getVar('last_expire'),
        lastExpireAtimeDelta: getVar('last_expire_atime_delta'),
        lastExpireReduce: getVar('last_expire_reduce'),
      };
    },
    async *tokens() {
      for (const r of q.allToks.iterate()) yield [r.id.toString('hex'), { spam: r.spam, ham: r.ham, atime: r.atime }];
    },
    async *seen() {
      for (const r of q.allSeen.iterate()) yield [r.msgid, r.flag];
    },
    async restore(data: RestoreData) {
      await lock.run(async () => {
        db.transaction(() => {
          q.setVar.run('nspam', data.nspam);
          q.setVar.run('nham', data.nham);
          for (const [hex, t] of data.tokens) q.putTok.run(Buffer.from(hex, 'hex'), t.spam, t.ham, t.atime);
          for (const [id, f] of data.seen) q.seenPut.run(id, f);
        }).immediate();
      });
    },
    async clear() {
      await lock.run(async () => {
        db.transaction(() => {
          db.exec(`DELETE FROM bayes_token; DELETE FROM bayes_seen; UPDATE bayes_vars SET value = 0 WHERE name <> 'db_version';`);
        }).immediate();
      });
    },
    async close() {
      if (!closed) db.close();
      closed = true;
    },
  };
}
