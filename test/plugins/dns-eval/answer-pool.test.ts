/**
 * The answer pool rules wait on: a hit as soon as one answer matches (SA hits from inside the
 * answer callback), a miss only once the pool is closed and every lookup answered.
 */
import { describe, expect, it } from 'vitest';
import type { DnsAnswer } from '../../../src/net/types.js';
import { AnswerPool } from '../../../src/plugins/builtin/dns-eval/answer-pool.js';

const answer = (records: string[]): DnsAnswer => ({ name: 'x.test', rrtype: 'A', status: 'ok', records });
const listed = (a: DnsAnswer) => a.records.length > 0;

function deferred() {
  let resolve!: (a: DnsAnswer) => void;
  const promise = new Promise<DnsAnswer>((r) => (resolve = r));
  return { promise, resolve };
}

describe('AnswerPool', () => {
  it('hits on the first matching answer without waiting for the others', async () => {
    const pool = new AnswerPool();
    const slow = deferred();
    pool.add(slow.promise);
    pool.add(Promise.resolve(answer(['127.0.0.2'])));
    pool.close();
    await expect(pool.firstMatch(listed)).resolves.toBe(true);
  });

  it('misses once closed and every lookup answered without a match', async () => {
    const pool = new AnswerPool();
    const d = deferred();
    pool.add(d.promise);
    const result = pool.firstMatch(listed);
    pool.close();
    d.resolve(answer([]));
    await expect(result).resolves.toBe(false);
  });

  it('stays undecided while open, so lookups added later still count', async () => {
    const pool = new AnswerPool();
    const result = pool.firstMatch(listed);
    await Promise.resolve();
    pool.add(Promise.resolve(answer(['127.0.0.2'])));
    await expect(result).resolves.toBe(true);
  });

  it('is a miss at once when closed empty', async () => {
    const pool = new AnswerPool();
    pool.close();
    await expect(pool.firstMatch(listed)).resolves.toBe(false);
  });

  it('waits for a hold to be released before missing', async () => {
    const pool = new AnswerPool();
    const release = pool.hold();
    pool.close();
    let settled = false;
    const result = pool.firstMatch(listed).then((v) => ((settled = true), v));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    pool.add(Promise.resolve(answer(['127.0.0.2'])));
    release();
    await expect(result).resolves.toBe(true);
  });
});
