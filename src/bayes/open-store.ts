/**
 * The store a configuration names, as SA picks it (`Plugin/Bayes.pm::learner_new` → the
 * `bayes_store_module`, default DBM at `bayes_path`):
 * - `bayes_store_module Mail::SpamAssassin::BayesStore::Redis` → Redis, `bayes_sql_dsn`;
 * - else `bayes_path` set by a configuration line → the SQLite file `bayes_path.sqlite`.
 *
 * With neither, there is no store (SA would use `~/.spamassassin/bayes`; a library does not
 * write to the home directory unasked — the CLI resolves `__userstate__` itself).
 *
 * Stores are opened once per process and shared by every rule set naming the same database
 * (SA keeps its DB tied across messages the same way); {@link closeBayesStores} closes them.
 */
import { homedir } from 'node:os';
import type { BayesSettings } from './settings.js';
import type { BayesStore } from './store.js';
import { openSqliteStore } from './sqlite-store.js';
import { openRedisStore, parseRedisDsn } from './redis-store.js';

const REDIS_MODULE = 'Mail::SpamAssassin::BayesStore::Redis';
const open = new Map<string, Promise<BayesStore>>();

/** `bayes_path` with `~` and `__userstate__` expanded, plus the SQLite suffix. */
export function sqlitePath(bayesPath: string, userState = `${homedir()}/.spamassassin`): string {
  let p = bayesPath.replace(/__userstate__/g, userState);
  if (p === '~' || p.startsWith('~/')) p = homedir() + p.slice(1);
  return p + '.sqlite';
}

/** Which database the settings name, as a cache key; undefined when none. */
export function storeKey(s: BayesSettings, userState?: string): string | undefined {
  if (s.storeModule === REDIS_MODULE) {
    const ttl = s.autoExpire ? `${s.tokenTtl}/${s.seenTtl}` : '0/0';
    return `redis:${s.sqlDsn ?? ''}#${ttl}`;
  }
  if (s.storeModule !== undefined && s.storeModule !== 'Mail::SpamAssassin::BayesStore::DBM') return undefined;
  if (s.path !== undefined) return `sqlite:${sqlitePath(s.path, userState)}`;
  return undefined;
}

/**
 * The store the settings name, opened on first use; undefined when the configuration names
 * none (or a store module spamscore does not have, such as SA's SQL stores).
 * @param userState what `__userstate__` stands for (default `~/.spamassassin`)
 */
export function storeFor(s: BayesSettings, userState?: string): Promise<BayesStore> | undefined {
  const k = storeKey(s, userState);
  if (k === undefined) return undefined;
  let p = open.get(k);
  if (!p) {
    if (k.startsWith('redis:')) {
      p = openRedisStore(parseRedisDsn(s.sqlDsn), s.autoExpire ? { tokenTtl: s.tokenTtl, seenTtl: s.seenTtl } : {});
    } else {
      const file = k.slice('sqlite:'.length);
      p = (async () => openSqliteStore(file))();
    }
    open.set(k, p);
    // a failed open is not remembered: the next scan tries again
    p.catch(() => open.delete(k));
  }
  return p;
}

/** Closes every store opened through {@link storeFor} (tests, CLI exit, server shutdown). */
export async function closeBayesStores(): Promise<void> {
  const all = [...open.values()];
  open.clear();
  await Promise.all(all.map((p) => p.then((s) => s.close()).catch(() => undefined)));
}
