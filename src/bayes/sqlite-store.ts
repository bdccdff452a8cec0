/**
 * The local on-disk {@link BayesStore}: one SQLite file (better-sqlite3), the default when
 * `bayes_path` is set, as SA's DBM store is. The file is `bayes_path` + `.sqlite`
 * (`~/.spamassassin/bayes` → `~/.spamassassin/bayes.sqlite`), next to SA's `_toks`/`_seen`.
 *
 * Why SQLite: it is an embedded database with real transactions and cross-process locking.
 * - Every learn or forget is one `BEGIN IMMEDIATE` transaction: the seen check, the message
 *   count and every token count change commit together, so two processes learning at once
 *   serialize on the write lock and never lose a count (SA's DBM store takes a lock file for
 *   the same reason). An expiry run is one transaction too.
 * - WAL mode: scans read while a learner writes, without waiting for it.
 * - `busy_timeout`: a writer waits for the lock (up to 30 s) instead of failing.
 *
 * Tokens are rows keyed by their 40-bit id as an integer (SQLite's rowid: the fastest lookup);
 * a scan reads the tokens it does not know yet (token-cache.ts) with one statement (the ids go
 * in as one JSON array).
 * Semantics are SA's DBM store's (see token-update.ts), and the "magic" values DBM keeps
 * (`NTOKENS`, `OLDESTAGE`, `NEWESTAGE`, `LASTEXPIRE`, `LASTATIMEDELTA`, `LASTEXPIREREDUCE`) are
 * rows of `bayes_vars`, kept the way DBM keeps them, for `--dump magic` and expiry.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Database, DatabaseConstructor } from './sqlite-types.js';
import type { BayesStore, BayesWriter, ExpiryBackend, RestoreData, ScanLookup, StoreMagic, TokenCounts } from './store.js';
import { countChange, putAtime, type AgeMagic } from './token-update.js';
import { Mutex } from './mutex.js';
import { TokenCache } from './token-cache.js';

const require = createRequire(import.meta.url);

/** DB version written to `bayes_vars` (SA's Bayes DB version 3: SHA-1 token ids). */
const DB_VERSION = 3;

/** `bayes_vars` rows and the magic value each holds. */
const VARS = {
  db_version: 'dbVersion',
  nspam: 'nspam',
  nham: 'nham',
  ntokens: 'ntokens',
  oldest_atime: 'oldestAtime',
  newest_atime: 'newestAtime',
  last_journal_sync: 'lastJournalSync',
  last_expire: 'lastExpire',
  last_atime_delta: 'lastExpireAtimeDelta',
  last_expire_reduce: 'lastExpireReduce',
} as const satisfies Record<string, keyof StoreMagic>;
type VarName = keyof typeof VARS;

const toInt = (hex: string) => parseInt(hex, 16);
const toHex = (id: number) => id.toString(16).padStart(10, '0');
const idsJson = (ids: readonly string[]) => JSON.stringify(ids.map(toInt));

/**
 * Runs `step`, again after a short pause while SQLite answers SQLITE_BUSY (at most ~3 s in all).
 * Switching a new file to WAL needs a moment alone with it, and SQLite reports BUSY for that
 * without calling the busy handler when another process is opening the same file: several
 * learners started together (sa-learn runs, pool workers) would otherwise lose one open.
 */
function whileBusy<T>(step: () => T, undo: () => void = () => undefined): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return step();
    } catch (e) {
      undo();
      if (attempt >= 60 || !(e instanceof Error && 'code' in e && String(e.code).startsWith('SQLITE_BUSY'))) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + attempt * 2);
    }
  }
}

/** WAL, the pragmas and the tables (created when missing). */
function setUpSchema(db: Database): void {
  whileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  // a 150,000-token database (bayes_expiry_max_db_size) is about 5 MB: keep it in the page cache
  db.pragma('cache_size = -16000');
  // `oldest_atime` is NULL until a token is written (DBM's OLDESTAGE is undefined then).
  // BEGIN IMMEDIATE takes the write lock first, so processes creating the file at once wait
  // for each other through the busy timeout (an auto-commit statement that reads the schema
  // and then writes can get SQLITE_BUSY at once, without waiting, to avoid a deadlock).
  whileBusy(
    () =>
      db.exec(`
    BEGIN IMMEDIATE;
    CREATE TABLE IF NOT EXISTS bayes_vars (name TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS bayes_token (id INTEGER PRIMARY KEY, spam INTEGER NOT NULL, ham INTEGER NOT NULL, atime INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS bayes_seen (msgid TEXT PRIMARY KEY, flag TEXT NOT NULL) WITHOUT ROWID;
    INSERT OR IGNORE INTO bayes_vars VALUES ('db_version', ${DB_VERSION}), ('nspam', 0), ('nham', 0), ('ntokens', 0),
      ('oldest_atime', NULL), ('newest_atime', 0), ('last_journal_sync', 0), ('last_expire', 0), ('last_atime_delta', 0), ('last_expire_reduce', 0);
    COMMIT;
  `),
    () => {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
  );
}

/** Opens (creating if needed) the SQLite store at `file`. */
export function openSqliteStore(file: string): BayesStore {
  const Database = require('better-sqlite3') as DatabaseConstructor;
  // SA's DBM store creates bayes_path's folder too (BayesStore/DBM.pm `mkpath`, bayes_file_mode 0700)
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 30000 });
  try {
    setUpSchema(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const idType = (db.prepare("SELECT type FROM pragma_table_info('bayes_token') WHERE name = 'id'").get() as { type: string } | undefined)?.type;
  if (idType !== 'INTEGER') {
    db.close();
    throw new Error(`bayes: ${file} was written by a development version of spamscore (token ids as ${idType}); restore it from a backup`);
  }
  const q = {
    allVars: db.prepare<[], [string, number | null]>('SELECT name, value FROM bayes_vars').raw(true),
    counts: db.prepare<[], [number | null, number | null]>("SELECT (SELECT value FROM bayes_vars WHERE name = 'nspam'), (SELECT value FROM bayes_vars WHERE name = 'nham')").raw(true),
    setVar: db.prepare('INSERT INTO bayes_vars VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    addCounts: db.prepare('UPDATE bayes_vars SET value = max(0, value + ?) WHERE name = ?'),
    getToks: db.prepare<[string], [number, number, number, number]>('SELECT id, spam, ham, atime FROM bayes_token WHERE id IN (SELECT value FROM json_each(?))').raw(true),
    // the scan's lookup: each row comes with its index in the id array (json_each's key)
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(true),
    scanToks: db.prepare<[string], [number, number, number, number]>('SELECT j.key, t.spam, t.ham, t.atime FROM json_each(?) AS j JOIN bayes_token AS t ON t.id = j.value').raw(true),
    putToks: db.prepare('INSERT OR REPLACE INTO bayes_token (id, spam, ham, atime) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)'),
    delToks: db.prepare('DELETE FROM bayes_token WHERE id IN (SELECT value FROM json_each(?))'),
    touchToks: db.prepare('UPDATE bayes_token SET atime = @atime WHERE atime < @atime AND id IN (SELECT value FROM json_each(@ids))'),
    seenGet: db.prepare<[string], { flag: string }>('SELECT flag FROM bayes_seen WHERE msgid = ?'),
    seenPut: db.prepare('INSERT INTO bayes_seen VALUES (?, ?) ON CONFLICT(msgid) DO UPDATE SET flag = excluded.flag'),
    seenDelete: db.prepare('DELETE FROM bayes_seen WHERE msgid = ?'),
    allToks: db.prepare<[], [number, number, number, number]>('SELECT id, spam, ham, atime FROM bayes_token').raw(true),
    allSeen: db.prepare<[], { msgid: string; flag: string }>('SELECT msgid, flag FROM bayes_seen'),
    // calculate_expire_delta: one column per power of two, 1 … 512
    ageHistogram: db.prepare<[{ newest: number; start: number }], number[]>(
      `SELECT ${Array.from({ length: 10 }, (_, i) => `sum(@newest - atime >= @start * ${2 ** i})`).join(', ')} FROM bayes_token`,
    ).raw(true),
    keptStats: db.prepare<[{ tooOld: number; newest: number }], { kept: number; hapaxes: number | null; lowFreq: number | null; oldest: number | null }>(
      `SELECT count(*) AS kept, sum(spam + ham = 1) AS hapaxes, sum(spam + ham <> 1 AND spam < 8 AND ham < 8) AS lowFreq,
              min(min(atime, @newest)) AS oldest FROM bayes_token WHERE atime >= @tooOld`,
    ),
    expireOld: db.prepare('DELETE FROM bayes_token WHERE atime < ?'),
    clampNewest: db.prepare('UPDATE bayes_token SET atime = @newest WHERE atime > @newest'),
  };

  const readVars = (): Record<VarName, number | null> => {
    const out = Object.fromEntries(Object.keys(VARS).map((k) => [k, 0])) as Record<VarName, number | null>;
    for (const [name, value] of q.allVars.all()) if (name in VARS) out[name as VarName] = value;
    return out;
  };
  const magicNow = (): StoreMagic => {
    const v = readVars();
    // get_storage_variables: anything undefined reads as 0
    return Object.fromEntries(Object.entries(VARS).map(([k, m]) => [m, v[k as VarName] ?? 0])) as unknown as StoreMagic;
  };
  const setVars = (vars: Partial<Record<VarName, number | null>>) => {
    for (const [k, v] of Object.entries(vars)) q.setVar.run(k, v);
  };
  const ageMagic = (): AgeMagic => {
    const v = readVars();
    return { ntokens: v.ntokens ?? 0, newest: v.newest_atime ?? 0, oldest: v.oldest_atime ?? undefined };
  };
  const saveAge = (m: AgeMagic) => setVars({ ntokens: m.ntokens, newest_atime: m.newest, oldest_atime: m.oldest ?? null });
  // rows and magic values read before, valid until another connection commits (token-cache.ts)
  const cache = new TokenCache();
  let knownMagic: StoreMagic | undefined;
  let dataVersion: number | undefined;
  const validate = () => {
    const v = q.dataVersion.get();
    if (v !== dataVersion) knownMagic = undefined;
    dataVersion = v;
    cache.validate(v);
  };
  const readTokens = (ids: readonly string[]): Map<string, TokenCounts> => {
    const out = new Map<string, TokenCounts>();
    if (ids.length === 0) return out;
    validate();
    const unknown: string[] = [];
    for (const id of ids) {
      const row = cache.get(id);
      if (row === undefined) unknown.push(id);
      else if (row) out.set(id, row);
    }
    if (unknown.length === 0) return out;
    const found = new Set<number>();
    for (const [i, spam, ham, atime] of q.scanToks.all(idsJson(unknown))) {
      found.add(i);
      const row = spam || ham ? { spam, ham, atime } : null;
      cache.put(unknown[i]!, row);
      if (row) out.set(unknown[i]!, row);
    }
    for (let i = 0; i < unknown.length; i++) if (!found.has(i)) cache.put(unknown[i]!, null);
    return out;
  };

  // tok_touch_all: queued and applied in one transaction with the next write, on close, or
  // within a second (SA's DBM store queues touches in its journal the same way); a touch only
  // ever raises an atime, so the order they are applied in does not matter.
  let pendingTouch = new Map<number, string[]>();
  let touchTimer: NodeJS.Timeout | undefined;
  const applyTouches = () => {
    if (touchTimer) clearTimeout(touchTimer);
    touchTimer = undefined;
    if (pendingTouch.size === 0) return;
    const batches = pendingTouch;
    pendingTouch = new Map();
    let m: AgeMagic | undefined;
    // tok_touch_token: only raises atimes; the newest atime follows
    for (const [atime, ids] of batches) {
      if (q.touchToks.run({ atime, ids: idsJson(ids) }).changes > 0) putAtime(atime, (m ??= ageMagic()));
      for (const id of ids) {
        const row = cache.get(id);
        if (row && row.atime < atime) cache.written(id, { ...row, atime });
      }
    }
    if (m) saveAge(m);
  };

  const lock = new Mutex();
  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction (other processes wait for the write lock), queued touches first. */
  const inWrite = <T>(fn: () => Promise<T> | T): Promise<T> =>
    lock.run(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        applyTouches();
        const r = await fn();
        db.exec('COMMIT');
        cache.commit();
        knownMagic = undefined;
        return r;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        cache.rollback();
        knownMagic = undefined;
        throw e;
      }
    });

  const writer: BayesWriter = {
    seenGet: async (id) => q.seenGet.get(id)?.flag,
    seenPut: async (id, flag) => void q.seenPut.run(id, flag),
    seenDelete: async (id) => void q.seenDelete.run(id),
    async nspamNhamChange(ds, dh) {
      if (ds) q.addCounts.run(ds, 'nspam');
      if (dh) q.addCounts.run(dh, 'nham');
    },
    async tokCountChange(ds, dh, ids, atime) {
      if (ids.length === 0) return;
      // read what is stored, apply DBM's rules in JS, write back in two statements
      const stored = new Map<number, TokenCounts>();
      for (const [id, spam, ham, a] of q.getToks.iterate(idsJson(ids))) stored.set(id, { spam, ham, atime: a });
      const magic = ageMagic();
      const puts: Array<[number, number, number, number]> = [];
      const dels: number[] = [];
      for (const hex of ids) {
        const id = toInt(hex);
        const t = countChange(stored.get(id), ds, dh, atime, magic);
        if (t) puts.push([id, t.spam, t.ham, t.atime]);
        else if (stored.has(id)) dels.push(id);
        cache.written(hex, t ?? null);
      }
      if (puts.length) q.putToks.run(JSON.stringify(puts));
      if (dels.length) q.delToks.run(JSON.stringify(dels));
      saveAge(magic);
    },
  };
  let closed = false;
  const expiry: ExpiryBackend = {
    vars: magicNow,
    ageHistogram(newest, start, maxMult) {
      const row = q.ageHistogram.get({ newest, start }) ?? [];
      const out = new Map<number, number>();
      for (let i = 0, m = 1; m <= maxMult && i < row.length; i++, m <<= 1) if (row[i]) out.set(m, row[i]!);
      return out;
    },
    expireTokens(newdelta, vars, now) {
      // token_expiration (DBM.pm:662-796): keep atime >= newest - delta, clamp later atimes to newest
      const tooOld = vars.newestAtime - newdelta;
      const s = q.keptStats.get({ tooOld, newest: vars.newestAtime })!;
      if (s.kept < 100000) {
        // would expire too many: abort, and make the next run search again
        setVars({ last_expire: now, last_expire_reduce: 0, last_atime_delta: 0 });
        return { kept: vars.ntokens, deleted: 0, hapaxes: 0, lowFreq: 0 };
      }
      const deleted = q.expireOld.run(tooOld).changes;
      q.clampNewest.run({ newest: vars.newestAtime });
      cache.rewritten();
      setVars({
        last_atime_delta: newdelta,
        ntokens: s.kept,
        last_expire: now,
        oldest_atime: s.oldest,
        last_expire_reduce: deleted,
        newest_atime: vars.newestAtime,
        // DBM rewrites its file without the journal-sync time
        last_journal_sync: 0,
      });
      return { kept: s.kept, deleted, hapaxes: s.hapaxes ?? 0, lowFreq: s.lowFreq ?? 0 };
    },
    setLastExpire: (now) => setVars({ last_expire: now }),
  };

  return {
    name: `sqlite:${file}`,
    ...writer,
    async nspamNham() {
      const [nspam, nham] = q.counts.get()!;
      return { nspam: nspam ?? 0, nham: nham ?? 0 };
    },
    getTokens: async (ids) => readTokens(ids),
    async lookup(ids): Promise<ScanLookup> {
      validate();
      const magic = (knownMagic ??= magicNow());
      return { nspam: magic.nspam, nham: magic.nham, tokens: readTokens(ids), magic };
    },
    async touch(ids, atime) {
      if (ids.length === 0) return;
      const list = pendingTouch.get(atime);
      if (list) list.push(...ids);
      else pendingTouch.set(atime, [...ids]);
      touchTimer ??= setTimeout(() => void inWrite(() => undefined).catch(() => undefined), 1000).unref();
    },
    write: (fn) => inWrite(() => fn(writer)),
    withExpiry: (fn) => inWrite(() => fn(expiry)),
    magic: async () => magicNow(),
    async *tokens() {
      for (const [id, spam, ham, atime] of q.allToks.iterate()) yield [toHex(id), { spam, ham, atime }];
    },
    async *seen() {
      for (const r of q.allSeen.iterate()) yield [r.msgid, r.flag];
    },
    async restore(data: RestoreData) {
      // restore_database (DBM.pm): replaces the database; a later line for the same id wins;
      // oldest/newest from the token atimes, expiry history reset
      await inWrite(() => {
        db.exec('DELETE FROM bayes_token; DELETE FROM bayes_seen;');
        cache.rewritten();
        const now = Math.floor(Date.now() / 1000);
        let oldest = now + 100000;
        let newest = 0;
        let batch: Array<[number, number, number, number]> = [];
        for (const [hex, t] of data.tokens) {
          batch.push([toInt(hex), t.spam, t.ham, t.atime]);
          if (t.atime < oldest) oldest = t.atime;
          if (t.atime > newest) newest = t.atime;
          if (batch.length >= 5000) {
            q.putToks.run(JSON.stringify(batch));
            batch = [];
          }
        }
        if (batch.length) q.putToks.run(JSON.stringify(batch));
        for (const [id, f] of data.seen) q.seenPut.run(id, f);
        const ntokens = (db.prepare('SELECT count(*) AS n FROM bayes_token').get() as { n: number }).n;
        setVars({
          db_version: DB_VERSION, nspam: data.nspam, nham: data.nham, ntokens, oldest_atime: oldest, newest_atime: newest,
          last_expire: 0, last_journal_sync: 0, last_atime_delta: 0, last_expire_reduce: 0,
        });
      });
    },
    async clear() {
      await inWrite(() => {
        db.exec('DELETE FROM bayes_token; DELETE FROM bayes_seen;');
        cache.rewritten();
        setVars({
          db_version: DB_VERSION, nspam: 0, nham: 0, ntokens: 0, oldest_atime: null, newest_atime: 0,
          last_expire: 0, last_journal_sync: 0, last_atime_delta: 0, last_expire_reduce: 0,
        });
      });
    },
    async close() {
      if (closed) return;
      await inWrite(() => undefined).catch(() => undefined);
      db.close();
      closed = true;
    },
  };
}
