/**
 * The scan's clock: SpamAssassin's `master_deadline` (from `time_limit` or the caller's
 * timeout) and `deadline_exceeded` flag, plus the time slices that keep a scan from holding
 * the host's event loop.
 *
 * SA bounds each rule-type pass with `Mail::SpamAssassin::Timeout` (an alarm at the master
 * deadline) and checks `time > $master_deadline` before each priority and each pass
 * (`Plugin::Check::check_main`, `run_generic_tests`, `run_eval_tests`). A JS scan cannot be
 * interrupted by a signal, so the scan asks this clock between rules instead, and gives the
 * event loop a turn whenever a slice of CPU time is used up: timers (an
 * `AbortSignal.timeout()`), I/O and other scans run between slices, and an aborted signal is
 * seen at the next check.
 */

import { guarded, TIMED_OUT } from './slice-guard.js';

/** How long the scan computes before it gives the event loop a turn, in milliseconds. */
export const SLICE_MS = 10;

/** The deadline and abort state of one scan. */
export class ScanClock {
  /** The deadline on `performance.now()`'s scale (Infinity: none). */
  readonly deadline: number;
  /**
   * SA's `deadline_exceeded`: set once the deadline passed or the signal aborted while rules
   * were still to run. Never reset.
   */
  exceeded = false;
  #sliceEnd: number;

  /**
   * @param timeoutMs the whole scan's budget from now (undefined: no deadline)
   * @param signal the caller's cancellation, seen at every check
   */
  constructor(
    timeoutMs: number | undefined,
    readonly signal?: AbortSignal,
  ) {
    const now = performance.now();
    this.deadline = timeoutMs === undefined ? Infinity : now + timeoutMs;
    this.#sliceEnd = now + SLICE_MS;
  }

  /** Milliseconds left before the deadline (0 once passed; Infinity without one). */
  remaining(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** Whether the scan must stop running rules now; sets {@link exceeded} when it must. */
  expired(): boolean {
    if (this.exceeded) return true;
    if (this.signal?.aborted || performance.now() > this.deadline) this.exceeded = true;
    return this.exceeded;
  }

  /** Whether the current slice is used up (or the scan must stop): time to {@link pause}. */
  due(): boolean {
    return this.exceeded || performance.now() >= this.#sliceEnd || this.signal?.aborted === true;
  }

  /** Gives the event loop a turn and starts a new slice. */
  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#sliceEnd = performance.now() + SLICE_MS;
  }

  /** Starts a new slice without pausing (after the scan waited on the network anyway). */
  resetSlice(): void {
    this.#sliceEnd = performance.now() + SLICE_MS;
  }
}

/**
 * Runs a step generator until it ends or the clock expires, pausing at every `yield` (the
 * generator yields when the clock's slice is used up, and checks {@link ScanClock.expired}
 * itself after each pause). Each slice runs under the slice guard with the time left: a
 * single unit of work that runs past the deadline is terminated there, the clock marked
 * exceeded and the generator abandoned — the caller keeps the state it was filling.
 */
export async function runSliced(steps: Generator<void, void, void>, clock: ScanClock): Promise<void> {
  for (;;) {
    const r = guarded(() => steps.next(), clock.remaining());
    if (r === TIMED_OUT) {
      clock.exceeded = true;
      return;
    }
    if (r.done) return;
    await clock.pause();
  }
}
