/**
 * runSliced's guard on demand: a slice runs unwatched until the scan asks for the slice guard
 * (`yield NEEDS_GUARD`) before a unit it cannot bound; from there the slice is watched, and such
 * a unit running past the deadline is stopped.
 */
import { describe, expect, it } from 'vitest';
import { NEEDS_GUARD, runSliced, ScanClock } from '../../src/check/scan-clock.js';

describe('runSliced', () => {
  it('runs linear steps without the slice guard, and each slice from a guard request on with it', async () => {
    const clock = new ScanClock(60_000);
    const seen: boolean[] = [];
    function* steps(): Generator<void | typeof NEEDS_GUARD, void, void> {
      seen.push(clock.guarded);
      yield NEEDS_GUARD;
      seen.push(clock.guarded);
      yield; // a pause: the next slice starts unwatched
      seen.push(clock.guarded);
    }
    await runSliced(steps(), clock);
    expect(seen).toEqual([false, true, false]);
    expect(clock.exceeded).toBe(false);
  });

  it('stops a unit that runs past the deadline once the guard was asked for', async () => {
    const clock = new ScanClock(150);
    let after = false;
    function* steps(): Generator<void | typeof NEEDS_GUARD, void, void> {
      yield NEEDS_GUARD;
      for (;;); // a regex backtracking for ever, say
      after = true;
    }
    const t0 = performance.now();
    await runSliced(steps(), clock);
    expect(performance.now() - t0).toBeLessThan(150 + 4000);
    expect(clock.exceeded).toBe(true);
    expect(after).toBe(false);
  });

  it('counts every step as watched when there is no deadline (nothing to watch for)', async () => {
    const clock = new ScanClock(undefined);
    const seen: boolean[] = [];
    function* steps(): Generator<void | typeof NEEDS_GUARD, void, void> {
      seen.push(clock.guarded);
      yield;
      seen.push(clock.guarded);
    }
    await runSliced(steps(), clock);
    expect(seen).toEqual([true, true]);
  });
});
