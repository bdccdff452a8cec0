/**
 * The Redis {@link BayesStore}, in **Perl SpamAssassin's `BayesStore::Redis` format**
 * (`BayesStore/Redis.pm`), so one Redis database serves Perl SA and spamscore side by side:
 *
 * | key | type | value | TTL |
 * |---|---|---|---|
 * | `v:DB_VERSION` / `v:TOKEN_FORMAT` | string | `3` / `2` | none |
 * | `v:NSPAM`, `v:NHAM` | string | message counts (`INCRBY`, not clamped) | none |
 * | `w:` + 5 raw id bytes | hash | fields `s`, `h` (only when > 0) | `bayes_token_ttl` |
 * | `s:` + msgid | string | `s` or `h` | `bayes_seen_ttl` |
 *
 * A scan reads the message counts and every token in **one round trip**: `MGET` and SA's Lua
 * script (the exact text, so the SHA is SA's, `104f3670…`) through `EVALSHA`, pipelined; the
 * TTL refresh of the significant tokens goes with the next request. Redis keeps no atimes (they
 * read as 0), no token count and no expiry history, as in SA: tokens and seen entries expire
 * by their TTLs (`bayes_token_ttl`, `bayes_seen_ttl`, refreshed on every learn and, for the
 * significant tokens, every scan), and `--force-expire` does nothing.
 *
 * Configured as SA configures it: `bayes_store_module Mail::SpamAssassin::BayesStore::Redis`
 * and `bayes_sql_dsn server=host:port;database=N;password=P` (Redis.pm:146-191).
 */
import { createRequire } from 'node:module';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import type { BayesStore, BayesWriter, RestoreData, ScanLookup, StoreMagic, TokenCounts } from './store.js';

const require = createRequire(import.meta.url);

/** SA's multi-HMGET script (Redis.pm:1390-1412), byte for byte. */
export const REDIS_LUA_MULTI_HMGET = `
    local rcall = redis.call
    local nonce = ARGV[1]
    local KEYS = KEYS
    local r = {}
    for j = 1, #KEYS do
      local sh = rcall("HMGET", KEYS[j], "s", "h")
      -- returns counts as a list of spam/ham pairs, zeroes may be omitted
      local s, h = sh[1] or "0", sh[2] or "0"
      local pair
      if h == "0" then
        pair = s  -- just a spam field, possibly zero; a ham field omitted
      elseif s == "0" then
        pair = "/" .. h  -- just a ham field, zero in a spam field suppressed
      else
        pair = s .. "/" .. h
      end
      r[#r+1] = pair
    end
    r[#r+1] = nonce
    -- return counts as a single string, avoids overhead of multiresult parsing
    return table.concat(r," ")
`;

/** `tok_touch_all`'s EXPIREs (Redis.pm:892-916), every key of the scan in one command. */
const REDIS_LUA_EXPIRE_ALL = 'for i = 1, #KEYS do redis.call("EXPIRE", KEYS[i], ARGV[1]) end return #KEYS';

/** What `bayes_sql_dsn` gives (Redis.pm:146-191). */
export interface RedisDsn {
  host?: string;
  port?: number;
  path?: string;
  database: number;
  password?: string;
}

/** Parses `bayes_sql_dsn` the way Redis.pm does: `;`-separated `k=v`, split on the first `=`. */
export function parseRedisDsn(dsn: string | undefined): RedisDsn {
  const out: RedisDsn = { database: 0 };
  let server = '127.0.0.1:6379';
  for (const part of (dsn ?? '').split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) continue; // SA warns "invalid bayes_sql_dsn config"
    const k = part.slice(0, eq);
    const v = part.slice(eq + 1);
    if (k === 'database') out.database = Number(v) || 0;
    else if (k === 'password') out.password = v;
    else if (k === 'server') server = v;
  }
  if (server.startsWith('/')) out.path = server;
  else {
    const m = /^\[([^\]]*)\](?::(\d+))?$/.exec(server) ?? /^([^:]*)(?::(\d+))?$/.exec(server);
    out.host = m?.[1] || '127.0.0.1';
    out.port = m?.[2] ? Number(m[2]) : 6379;
  }
  return out;
}

/** TTLs as Redis.pm sets them: none when `bayes_auto_expire` is off or a TTL is ≤ 0. */
export interface RedisStoreOptions {
  readonly tokenTtl?: number;
  readonly seenTtl?: number;
}

const key = (prefix: string, hex: string) => Buffer.concat([Buffer.from(prefix, 'latin1'), Buffer.from(hex, 'hex')]);

/** The `w:` keys of many ids: views of one buffer (a scan sends hundreds). */
function tokenKeys(ids: readonly string[]): Buffer[] {
  const buf = Buffer.allocUnsafe(7 * ids.length);
  const out: Buffer[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const at = 7 * i;
    buf[at] = 0x77; // 'w'
    buf[at + 1] = 0x3a; // ':'
    buf.write(ids[i]!, at + 2, 5, 'hex');
    out[i] = buf.subarray(at, at + 7);
  }
  return out;
}

/** Connects to Redis and opens the Bayes database (`_open_db`: initializes the `v:` keys when missing). */
export async function openRedisStore(dsn: RedisDsn, opts: RedisStoreOptions = {}): Promise<BayesStore> {
  const Redis = require('ioredis') as new (o: RedisOptions) => RedisClient;
  const client = new Redis({
    ...(dsn.path ? { path: dsn.path } : { host: dsn.host, port: dsn.port }),
    db: dsn.database,
    ...(dsn.password !== undefined ? { password: dsn.password } : {}),
    connectionName: `sa[${process.pid}]`,
    lazyConnect: true,
    connectTimeout: 10000,
    commandTimeout: 10000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
  });
  await client.connect();
  const tokenTtl = opts.tokenTtl && opts.tokenTtl > 0 ? Math.trunc(opts.tokenTtl) : 0;
  const seenTtl = opts.seenTtl && opts.seenTtl > 0 ? Math.trunc(opts.seenTtl) : 0;
  const version = await client.get('v:DB_VERSION');
  if (!version) await client.mset('v:DB_VERSION', '3', 'v:NSPAM', '0', 'v:NHAM', '0', 'v:TOKEN_FORMAT', '2');
  else if (version !== '3') {
    client.disconnect();
    throw new Error(`bayes: redis: unrecognized database version ${version} (expected 3)`);
  } else {
    const fmt = Number(await client.get('v:TOKEN_FORMAT'));
    if (!(fmt >= 2)) {
      client.disconnect();
      throw new Error(`bayes: redis: old token format ${fmt}, not supported`);
    }
  }
  let sha = (await client.script('LOAD', REDIS_LUA_MULTI_HMGET)) as string;

  // tok_touch_all's EXPIREs wait for the next request (or a second): a scan then costs one
  // round trip, and the TTLs are refreshed as SA refreshes them.
  let pendingTouch: Buffer[] = [];
  let touchTimer: NodeJS.Timeout | undefined;
  const queueTouches = (p: ReturnType<RedisClient['pipeline']>) => {
    // SA pipelines one EXPIRE per token; one EVAL doing the same EXPIREs costs far less to encode
    if (pendingTouch.length) p.eval(REDIS_LUA_EXPIRE_ALL, pendingTouch.length, ...pendingTouch, tokenTtl);
    pendingTouch = [];
    if (touchTimer) clearTimeout(touchTimer);
    touchTimer = undefined;
  };
  const flushTouches = async () => {
    if (pendingTouch.length === 0) return;
    const p = client.pipeline();
    queueTouches(p);
    await p.exec();
  };

  const writer: BayesWriter = {
    seenGet: async (id) => (await client.get('s:' + id)) ?? undefined,
    async seenPut(id, flag) {
      if (seenTtl) await client.setex('s:' + id, seenTtl, flag);
      else await client.set('s:' + id, flag);
    },
    seenDelete: async (id) => void (await client.del('s:' + id)),
    async nspamNhamChange(ds, dh) {
      if (ds) await client.incrby('v:NSPAM', ds);
      if (dh) await client.incrby('v:NHAM', dh);
    },
    async tokCountChange(ds, dh, ids) {
      if (ds > 0 || dh > 0) {
        const p = client.pipeline();
        for (const hex of ids) {
          const k = key('w:', hex);
          if (ds > 0) p.hincrby(k, 's', Math.trunc(ds));
          if (dh > 0) p.hincrby(k, 'h', Math.trunc(dh));
          if (tokenTtl) p.expire(k, tokenTtl);
        }
        await p.exec();
      }
      if (ds < 0 || dh < 0) {
        // unlearning: command by command, as Redis.pm does
        for (const hex of ids) {
          const k = key('w:', hex);
          for (const [field, d] of [['s', ds], ['h', dh]] as const) {
            if (d >= 0) continue;
            const r = await client.hincrby(k, field, Math.trunc(d));
            if (!r || r <= 0) await client.hdel(k, field);
            else if (tokenTtl) await client.expire(k, tokenTtl);
          }
        }
      }
    },
  };

  async function* scanKeys(pattern: string): AsyncGenerator<Buffer> {
    let cursor = '0';
    do {
      const [next, keys] = await client.scanBuffer(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next.toString();
      yield* keys;
    } while (cursor !== '0');
  }

  const nspamNham = async () => {
    const [s, h] = await client.mget('v:NSPAM', 'v:NHAM');
    return { nspam: Number(s) || 0, nham: Number(h) || 0 };
  };

  /**
   * `nspam_nham_get` (MGET) and `tok_get_all` (SA's Lua script through EVALSHA) in one pipeline,
   * with any queued touches: one round trip. The script's reply is one string, an item per key
   * (`s`, `/h` or `s/h`) and the nonce.
   */
  const lookup = async (ids: readonly string[], withCounts: boolean): Promise<ScanLookup> => {
    const keys = tokenKeys(ids);
    const nonce = Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0');
    const run = async () => {
      const p = client.pipeline();
      queueTouches(p);
      if (withCounts) p.mget('v:NSPAM', 'v:NHAM');
      if (keys.length) p.evalsha(sha, keys.length, ...keys, nonce);
      const res = (await p.exec()) ?? [];
      return res.slice(res.length - (withCounts ? 1 : 0) - (keys.length ? 1 : 0));
    };
    let res = await run();
    const scriptErr = keys.length ? res[res.length - 1]![0] : null;
    if (scriptErr && /NOSCRIPT/.test(String(scriptErr))) {
      sha = (await client.script('LOAD', REDIS_LUA_MULTI_HMGET)) as string;
      res = await run();
    }
    for (const [err] of res) if (err) throw err;
    const [s, h] = withCounts ? (res[0]![1] as Array<string | null>) : [];
    const tokens = new Map<string, TokenCounts>();
    if (keys.length) {
      const items = String(res[res.length - 1]![1]).split(' ');
      if (items.length !== ids.length + 1 || items[ids.length] !== nonce) throw new Error('bayes: redis: unexpected reply to the token lookup');
      for (let i = 0; i < ids.length; i++) {
        const item = items[i]!;
        const slash = item.indexOf('/');
        const spam = Number(slash < 0 ? item : item.slice(0, slash)) || 0;
        const ham = slash < 0 ? 0 : Number(item.slice(slash + 1)) || 0;
        if (spam || ham) tokens.set(ids[i]!, { spam, ham, atime: 0 });
      }
    }
    return { nspam: Number(s) || 0, nham: Number(h) || 0, tokens };
  };

  return {
    name: `redis:${dsn.path ?? `${dsn.host}:${dsn.port}`}/${dsn.database}`,
    ...writer,
    nspamNham,
    async getTokens(ids) {
      return (await lookup(ids, false)).tokens;
    },
    lookup: (ids) => lookup(ids, true),
    async touch(ids) {
      if (!tokenTtl || ids.length === 0) return;
      pendingTouch.push(...tokenKeys(ids));
      touchTimer ??= setTimeout(() => void flushTouches().catch(() => undefined), 1000).unref();
    },
    // Redis.pm has no transactions: each command applies as it comes.
    write: (fn) => fn(writer),
    async magic(): Promise<StoreMagic> {
      const { nspam, nham } = await nspamNham();
      return { dbVersion: Number(await client.get('v:DB_VERSION')) || 0, nspam, nham, ntokens: 0, oldestAtime: 0, newestAtime: 0, lastJournalSync: 0, lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0 };
    },
    async *tokens() {
      const now = Math.floor(Date.now() / 1000);
      const batch: Buffer[] = [];
      const flush = async function* () {
        const p = client.pipeline();
        for (const k of batch) p.hmget(k, 's', 'h');
        const res = (await p.exec()) ?? [];
        for (let i = 0; i < batch.length; i++) {
          const [s, h] = (res[i]?.[1] as Array<string | null>) ?? [];
          const spam = Number(s) || 0;
          const ham = Number(h) || 0;
          // Redis keeps no atime: SA's backup prints the current time.
          if (spam || ham) yield [batch[i]!.subarray(2).toString('hex'), { spam, ham, atime: now }] as [string, TokenCounts];
        }
        batch.length = 0;
      };
      for await (const k of scanKeys('w:*')) {
        if (k.length !== 7) continue;
        batch.push(k);
        if (batch.length >= 1000) yield* flush();
      }
      yield* flush();
    },
    async *seen() {
      for await (const k of scanKeys('s:*')) {
        const v = await client.get(k);
        if (v !== null) yield [k.subarray(2).toString('latin1'), v];
      }
    },
    async restore(data: RestoreData) {
      // restore_database (Redis.pm:1189-1345): adds counts, TTLs randomized to 0.7-1.7 × the TTL
      if (data.nspam) await client.incrby('v:NSPAM', data.nspam);
      if (data.nham) await client.incrby('v:NHAM', data.nham);
      let p = client.pipeline();
      let n = 0;
      for (const [hex, t] of data.tokens) {
        const k = key('w:', hex);
        if (t.spam > 0) p.hincrby(k, 's', t.spam);
        if (t.ham > 0) p.hincrby(k, 'h', t.ham);
        if (tokenTtl) p.expire(k, Math.trunc(tokenTtl * (Math.random() + 0.7)));
        if (++n % 1000 === 0) {
          await p.exec();
          p = client.pipeline();
        }
      }
      for (const [id, f] of data.seen) {
        if (seenTtl) p.setex('s:' + id, Math.trunc(seenTtl * (Math.random() + 0.7)), f);
        else p.set('s:' + id, f);
      }
      await p.exec();
    },
    async clear() {
      // Redis.pm's clear_database only warns; we remove the Bayes keys (w:, s:, v:) of this database.
      for (const pattern of ['w:*', 's:*']) {
        let batch: Buffer[] = [];
        for await (const k of scanKeys(pattern)) {
          batch.push(k);
          if (batch.length >= 1000) {
            await client.del(...batch);
            batch = [];
          }
        }
        if (batch.length) await client.del(...batch);
      }
      await client.mset('v:DB_VERSION', '3', 'v:NSPAM', '0', 'v:NHAM', '0', 'v:TOKEN_FORMAT', '2');
    },
    async close() {
      await flushTouches().catch(() => undefined);
      await client.quit().catch(() => client.disconnect());
    },
  };
}
