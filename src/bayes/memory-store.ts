/**
 * An in-memory {@link BayesStore}: for tests and short-lived tools. Same semantics as SA's DBM
 * store (counts clamped at 0, atime never backwards, a token gone when both counts are 0).
 */
import type { BayesStore, BayesWriter, RestoreData, StoreMagic, TokenCounts } from './store.js';
import { Mutex } from './mutex.js';

/** Creates an empty in-memory store. */
export function createMemoryStore(): BayesStore {
  const toks = new Map<string, { spam: number; ham: number; atime: number }>();
  const seenMap = new Map<string, string>();
  let nspam = 0;
  let nham = 0;
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
        const t = toks.get(id) ?? { spam: 0, ham: 0, atime: 0 };
        t.spam = Math.max(0, t.spam + ds);
        t.ham = Math.max(0, t.ham + dh);
        if (atime !== undefined && atime > t.atime) t.atime = atime;
        if (t.spam === 0 && t.ham === 0) toks.delete(id);
        else toks.set(id, t);
      }
    },
  };
  return {
    name: 'memory',
    ...writer,
    nspamNham: async () => ({ nspam, nham }),
    async getTokens(ids) {
      const out = new Map<string, TokenCounts>();
      for (const id of ids) {
        const t = toks.get(id);
        if (t) out.set(id, { ...t });
      }
      return out;
    },
    async touch(ids, atime) {
      for (const id of ids) {
        const t = toks.get(id);
        if (t && atime > t.atime) t.atime = atime;
      }
    },
    write: (fn) => lock.run(() => fn(writer)),
    async magic(): Promise<StoreMagic> {
      let oldest = 0;
      let newest = 0;
      for (const t of toks.values()) {
        if (oldest === 0 || t.atime < oldest) oldest = t.atime;
        if (t.atime > newest) newest = t.atime;
      }
      return { dbVersion: 3, nspam, nham, ntokens: toks.size, oldestAtime: oldest, newestAtime: newest, lastJournalSync: 0, lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0 };
    },
    async *tokens() {
      for (const [id, t] of toks) yield [id, { ...t }];
    },
    async *seen() {
      yield* seenMap;
    },
    async restore(data: RestoreData) {
      nspam = data.nspam;
      nham = data.nham;
      for (const [id, t] of data.tokens) toks.set(id, { ...t });
      for (const [id, f] of data.seen) seenMap.set(id, f);
    },
    async clear() {
      toks.clear();
      seenMap.clear();
      nspam = nham = 0;
    },
    async close() {},
  };
}
