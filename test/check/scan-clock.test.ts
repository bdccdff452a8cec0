/**
 * runSliced's slice guard. Where arming it is dear (node's `vm` timeout) it is armed on demand:
 * a slice runs unwatched until the scan asks for the guard (`yield NEEDS_GUARD`) before a unit
 * it cannot bound; from there the slice is watched. Where it is cheap (the native watchdog)
 * every slice is watched. Either way a unit running past the deadline is stopped.
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
    await runSliced(steps(), clock, false);
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
    await runSliced(steps(), clock, false);
    expect(performance.now() - t0).toBeLessThan(150 + 4000);
    expect(clock.exceeded).toBe(true);
    expect(after).toBe(false);
  });

  it('watches every slice when the guard is cheap, and stops a unit that never asked for it', async () => {
    const clock = new ScanClock(150);
    const seen: boolean[] = [];
    let after = false;
    function* steps(): Generator<void | typeof NEEDS_GUARD, void, void> {
      seen.push(clock.guarded);
      yield; // a pause: the next slice is watched too
      seen.push(clock.guarded);
      for (;;); // no NEEDS_GUARD asked for
      after = true;
    }
    const t0 = performance.now();
    await runSliced(steps(), clock, true);
    expect(performance.now() - t0).toBeLessThan(150 + 4000);
    expect(seen).toEqual([true, true]);
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
