/**
 * The slice guard: a function run under a deadline is terminated when the deadline passes —
 * a regex mid-backtrack included — and the thread goes on. Both watchdogs, the addon's and
 * node's `vm` timeout, keep the same contract. Deadlines here are generous (a loaded CI machine
 * may be slow to wake a thread); what is checked is that the run ends, not how promptly.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { guarded, guardedByVm, sliceWatchdog, TIMED_OUT } from '../../src/check/slice-guard.js';
import { packageInfo } from '../../src/package-info.js';

/** Exponential backtracking in V8: 2^40 ways to fail. */
const hostile = () => /^(?:a+)+$/.test('a'.repeat(40) + 'b');

const engines = [
  ['the native watchdog', (fn: () => unknown, ms: number) => guarded(fn, ms)],
  ["node's vm timeout", guardedByVm],
] as const;

describe('the slice guard', () => {
  it.skipIf(process.env.SPAMSCORE_WATCHDOG === 'vm')('uses the native watchdog built at install', () => {
    expect(sliceWatchdog()).toEqual({ engine: 'native' });
  });

  for (const [name, run] of engines) {
    describe(`with ${name}`, () => {
      it('ends a catastrophically backtracking regex at its deadline and says so', () => {
        const t = performance.now();
        expect(run(hostile, 50)).toBe(TIMED_OUT);
        expect(performance.now() - t).toBeLessThan(5000);
        expect(/^(?:a+)+$/.test('aaa')).toBe(true); // the thread runs JS again
      });

      it("returns the function's value when it ends in time", () => {
        expect(run(() => 'done', 1000)).toBe('done');
      });

      it("lets the function's own exceptions through", () => {
        expect(() =>
          run(() => {
            throw new RangeError('boom');
          }, 1000),
        ).toThrow(RangeError);
      });
    });
  }

  it('answers Infinity without a watchdog and a budget under 1 ms as already timed out', () => {
    expect(guarded(() => 7, Infinity)).toBe(7);
    let ran = false;
    expect(guarded(() => (ran = true), 0.5)).toBe(TIMED_OUT);
    expect(ran).toBe(false);
  });

  it.skipIf(sliceWatchdog().engine !== 'native')('ends a short deadline on time after a long one', () => {
    expect(guarded(() => 1, 300_000)).toBe(1);
    const t = performance.now();
    expect(guarded(hostile, 40)).toBe(TIMED_OUT);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('keeps the outer deadline armed through a guarded call inside a guarded call', () => {
    const t = performance.now();
    const inner: unknown[] = [];
    const r = guarded(() => {
      inner.push(guarded(() => 'inner', 60_000));
      const end = performance.now() + 3000; // a busy loop that ends on its own, unguarded
      while (performance.now() < end);
      return 'ran to its end';
    }, 50);
    expect(inner).toEqual(['inner']);
    expect(r).toBe(TIMED_OUT);
    expect(performance.now() - t).toBeLessThan(2500);
  });

  it.skipIf(sliceWatchdog().engine !== 'native' || process.platform !== 'linux')('arms the native watchdog a thousand times on one thread', () => {
    guarded(() => 0, 60_000);
    const threads = () => readdirSync('/proc/self/task').length;
    const before = threads();
    for (let i = 0; i < 1000; i++) guarded(() => i, 60_000);
    expect(threads()).toBe(before);
  });

  it.skipIf(sliceWatchdog().engine !== 'native')("guards a worker thread's JS with the worker's own watchdog", async () => {
    const file = path.join(packageInfo().dir, 'build', 'Release', 'spamscore_watchdog.node');
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const watchdog = require(workerData);
       const timedOut = Symbol('timed out');
       const first = watchdog.run(() => { for (;;) {} }, 40, timedOut) === timedOut;
       parentPort.postMessage([first, watchdog.run(() => 42, 1000, timedOut)]);`,
      { eval: true, workerData: file },
    );
    const answer = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(answer).toEqual([true, 42]);
    expect(guarded(() => 'main', 1000)).toBe('main');
  });
});
