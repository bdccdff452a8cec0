/**
 * An in-memory {@link BayesStore}: for tests and short-lived tools. Same semantics as SA's DBM
 * store and the SQLite store (token-update.ts: counts clamped at 0, atime never backwards, a
 * token gone when both counts are 0, DBM's magic values), expiry included.
 */
import type { BayesStore, BayesWriter, ExpiryBackend, RestoreData, StoreMagic, TokenCounts } from './store.js';
import { countChange, putAtime, type AgeMagic } from './token-update.js';
import { Mutex } from './mutex.js';

/** Creates an empty in-memory store. */
export function createMemoryStore(): BayesStore {
  const toks = new Map<string, TokenCounts>();
  const seenMap = new Map<string, string>();
  let nspam = 0;
  let nham = 0;
  let age: AgeMagic = { ntokens: 0, newest: 0, oldest: undefined };
  let expiryVars = { lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0 };
  const lock = new Mutex();
  const writer: BayesWriter = {
    seenGet: async (id) => seenMap.get(id),
    seenPut: async (id, flag) => void seenMap.set(id, flag),
    seenDelete: async (id) => void seenMap.delete(id),
    async nspamNhamChange(ds, dh) {
      nspam = Math.max(0, nspam + ds);
      nham = Math.max(0, nham + dh);
    },
    async tokCountChange(ds, dh, ids, atime) {
      for (const id of ids) {
        const t = countChange(toks.get(id), ds, dh, atime, age);
        if (t) toks.set(id, t);
        else toks.delete(id);
      }
    },
  };
  const magic = (): StoreMagic => ({
    dbVersion: 3,
    nspam,
    nham,
    ntokens: age.ntokens,
    oldestAtime: age.oldest ?? 0,
    newestAtime: age.newest,
    lastJournalSync: 0,
    ...expiryVars,
  });
  const getTokens = (ids: readonly string[]) => {
    const out = new Map<string, TokenCounts>();
    for (const id of ids) {
      const t = toks.get(id);
      if (t) out.set(id, { ...t });
    }
    return out;
  };
  const expiry: ExpiryBackend = {
    vars: magic,
    ageHistogram(newest, start, maxMult) {
      const out = new Map<number, number>();
      for (const t of toks.values()) {
        for (let i = 1; i <= maxMult && newest - t.atime >= start * i; i <<= 1) out.set(i, (out.get(i) ?? 0) + 1);
      }
      return out;
    },
    expireTokens(newdelta, vars, now) {
      const tooOld = vars.newestAtime - newdelta;
      const kept = [...toks].filter(([, t]) => t.atime >= tooOld);
      if (kept.length < 100000) {
        expiryVars = { lastExpire: now, lastExpireReduce: 0, lastExpireAtimeDelta: 0 };
        return { kept: vars.ntokens, deleted: 0, hapaxes: 0, lowFreq: 0 };
      }
      const deleted = toks.size - kept.length;
      let oldest: number | undefined;
      let hapaxes = 0;
      let lowFreq = 0;
      toks.clear();
      for (const [id, t] of kept) {
        const atime = Math.min(t.atime, vars.newestAtime);
        toks.set(id, { ...t, atime });
        if (oldest === undefined || atime < oldest) oldest = atime;
        if (t.spam + t.ham === 1) hapaxes++;
        else if (t.spam < 8 && t.ham < 8) lowFreq++;
      }
      age = { ntokens: kept.length, newest: vars.newestAtime, oldest };
      expiryVars = { lastExpire: now, lastExpireAtimeDelta: newdelta, lastExpireReduce: deleted };
      return { kept: kept.length, deleted, hapaxes, lowFreq };
    },
    setLastExpire(now) {
      expiryVars = { ...expiryVars, lastExpire: now };
    },
  };
  return {
    name: 'memory',
    ...writer,
    nspamNham: async () => ({ nspam, nham }),
    getTokens: async (ids) => getTokens(ids),
    lookup: async (ids) => ({ nspam, nham, tokens: getTokens(ids), magic: magic() }),
    async touch(ids, atime) {
      for (const id of ids) {
        const t = toks.get(id);
        if (t && atime > t.atime) {
          toks.set(id, { ...t, atime });
          putAtime(atime, age);
        }
      }
    },
    write: (fn) => lock.run(() => fn(writer)),
    withExpiry: (fn) => lock.run(async () => fn(expiry)),
    magic: async () => magic(),
    async *tokens() {
      for (const [id, t] of toks) yield [id, { ...t }];
    },
    async *seen() {
      yield* seenMap;
    },
    async restore(data: RestoreData) {
      // as the DBM/SQLite restore: replaces everything, a later line for the same id wins
      toks.clear();
      seenMap.clear();
      nspam = data.nspam;
      nham = data.nham;
      let oldest = Math.floor(Date.now() / 1000) + 100000;
      let newest = 0;
      for (const [id, t] of data.tokens) {
        toks.set(id, { ...t });
        if (t.atime < oldest) oldest = t.atime;
        if (t.atime > newest) newest = t.atime;
      }
      for (const [id, f] of data.seen) seenMap.set(id, f);
      age = { ntokens: toks.size, newest, oldest };
      expiryVars = { lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0 };
    },
    async clear() {
      toks.clear();
      seenMap.clear();
      nspam = nham = 0;
      age = { ntokens: 0, newest: 0, oldest: undefined };
      expiryVars = { lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0 };
    },
    async close() {},
  };
}
