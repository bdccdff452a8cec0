/**
 * The Redis store's expiry is SA's: TTLs. Learning gives every token `bayes_token_ttl` and the
 * seen entry `bayes_seen_ttl`; a scan refreshes the TTL of its significant tokens (sent with
 * the next request); with no TTL (`bayes_auto_expire 0`) nothing expires; and an expiry run
 * (`--force-expire`) does nothing. On a real redis-server.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis as RedisClient } from 'ioredis';
import { openRedisStore, parseRedisDsn } from '../../src/bayes/redis-store.js';
import { expireIfDue } from '../../src/bayes/expire.js';
import { tokenId } from '../../src/bayes/token-id.js';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.js';

const Redis = createRequire(import.meta.url)('ioredis') as new (o: object) => RedisClient;
const key = (hex: string) => Buffer.concat([Buffer.from('w:'), Buffer.from(hex, 'hex')]);
const hello = tokenId('hello');
const there = tokenId('there');

describe.skipIf(!redisAvailable())('the Redis store', () => {
  let server: RedisServer;
  let client: RedisClient;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis({ host: '127.0.0.1', port: server.port, db: 4 });
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  const open = (ttl: { tokenTtl?: number; seenTtl?: number }) => openRedisStore(parseRedisDsn(`server=127.0.0.1:${server.port};database=4`), ttl);

  it('gives learned tokens and seen entries their TTLs', async () => {
    const store = await open({ tokenTtl: 1814400, seenTtl: 691200 });
    try {
      await store.write(async (w) => {
        await w.tokCountChange(1, 0, [hello, there], 1000);
        await w.seenPut('abc@sa_generated', 's');
      });
      expect(await client.ttl(key(hello))).toBeGreaterThan(1814400 - 60);
      expect(await client.ttl('s:abc@sa_generated')).toBeGreaterThan(691200 - 60);
    } finally {
      await store.close();
    }
  });

  it("refreshes the TTL of a scan's significant tokens, with its next request", async () => {
    const store = await open({ tokenTtl: 1814400, seenTtl: 691200 });
    try {
      await client.expire(key(hello), 100);
      await client.expire(key(there), 100);
      await store.touch([hello], 0);
      expect(await client.ttl(key(hello))).toBeLessThanOrEqual(100);
      await store.lookup([there]);
      expect(await client.ttl(key(hello))).toBeGreaterThan(1814400 - 60);
      expect(await client.ttl(key(there))).toBeLessThanOrEqual(100);
    } finally {
      await store.close();
    }
  });

  it('sets no TTL when there is none (bayes_auto_expire 0), and never runs an expiry', async () => {
    await client.flushdb();
    const store = await open({});
    try {
      await store.write((w) => w.tokCountChange(0, 1, [hello], 1000));
      await store.touch([hello], 0);
      await store.lookup([hello]);
      expect(await client.ttl(key(hello))).toBe(-1);
      expect(await expireIfDue(store, { autoExpire: true, maxDbSize: 0, force: true })).toBeUndefined();
      expect((await store.lookup([hello])).tokens.get(hello)).toEqual({ spam: 0, ham: 1, atime: 0 });
    } finally {
      await store.close();
    }
  });
});
