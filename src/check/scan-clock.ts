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

import { guarded, guardIsCheap, TIMED_OUT } from './slice-guard.js';

/** How long the scan computes before it gives the event loop a turn, in milliseconds. */
export const SLICE_MS = 10;

/**
 * What a scan's step generator yields before a unit of work whose time it cannot bound (a
 * regex that may backtrack, a plugin's eval) when {@link ScanClock.guarded} is false:
 * {@link runSliced} then goes on with the same slice under the slice guard.
 */
export const NEEDS_GUARD: unique symbol = Symbol('needs guard');

/** The deadline and abort state of one scan. */
export class ScanClock {
  /** The deadline on `performance.now()`'s scale (Infinity: none). */
  readonly deadline: number;
  /**
   * SA's `deadline_exceeded`: set once the deadline passed or the signal aborted while rules
   * were still to run. Never reset.
   */
  exceeded = false;
  /**
   * Whether the running step is watched by the slice guard (always true without a deadline:
   * there is nothing to watch for). Set by {@link runSliced}.
   */
  guarded = false;
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
 * Runs a step generator until it ends or the clock expires, pausing at every plain `yield`
 * (the generator yields when the clock's slice is used up, and checks
 * {@link ScanClock.expired} itself after each pause).
 *
 * With the native watchdog (slice-guard.ts), arming the guard costs under a microsecond, so
 * every slice runs guarded with the time left: a unit of work that runs past the deadline is
 * terminated there, the clock marked exceeded and the generator abandoned — the caller keeps
 * the state it was filling. With node's `vm` timeout instead, arming starts a thread (about
 * 0.1 ms, and a few ms on a busy machine, more than many rules cost): a slice then starts
 * unwatched, and when the generator is about to run a unit whose time it cannot bound it
 * yields {@link NEEDS_GUARD} and the rest of that slice runs guarded; most slices, which run
 * only linear-time work (RE2, V8 patterns that cannot backtrack, built-in evals), do without.
 * `everySlice` chooses between the two (default: guard every slice when the guard is cheap).
 */
export async function runSliced(steps: Generator<void | typeof NEEDS_GUARD, void, void>, clock: ScanClock, everySlice = guardIsCheap()): Promise<void> {
  const unbounded = !Number.isFinite(clock.deadline);
  const always = unbounded || everySlice;
  let guard = always;
  for (;;) {
    const r = nextSlice(steps, clock, guard, unbounded);
    if (r === TIMED_OUT || r.done) return;
    if (r.value === NEEDS_GUARD) {
      guard = true;
      continue;
    }
    guard = always;
    await clock.pause();
  }
}

/**
 * {@link runSliced} without the pauses, for `prepare()`'s warm-up (synchronous): the same
 * guard and clock path, so that what the first `check()` runs — the watched slices, the
 * clock's `guarded` flag changing — has run before (V8 discards code optimised for a field
 * that never changed when it first does: measured with --trace-deopt).
 */
export function runSlicedSync(steps: Generator<void | typeof NEEDS_GUARD, void, void>, clock: ScanClock, everySlice = guardIsCheap()): void {
  const unbounded = !Number.isFinite(clock.deadline);
  const always = unbounded || everySlice;
  let guard = always;
  for (;;) {
    const r = nextSlice(steps, clock, guard, unbounded);
    if (r === TIMED_OUT || r.done) return;
    if (r.value !== NEEDS_GUARD) clock.resetSlice();
    guard = r.value === NEEDS_GUARD || always;
  }
}

/** Runs the steps up to their next yield, under the slice guard when `guard` (a finite deadline). */
function nextSlice(steps: Generator<void | typeof NEEDS_GUARD, void, void>, clock: ScanClock, guard: boolean, unbounded: boolean): IteratorResult<void | typeof NEEDS_GUARD, void> | typeof TIMED_OUT {
  clock.guarded = guard;
  const r = guard && !unbounded ? guarded(() => steps.next(), clock.remaining()) : steps.next();
  if (r === TIMED_OUT) clock.exceeded = true;
  return r;
}
