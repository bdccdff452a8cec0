/**
 * Computing under the scan's deadline: a slice of the scan that runs past the deadline is
 * terminated, whatever it is doing.
 *
 * Between rules the scan asks its clock (scan-clock.ts), but one unit of work can itself run
 * long: a backtracking V8 regex on hostile text (`(<+)+(?=x)` on 200 KB of `<`, which RE2
 * cannot run because of the lookahead), or any plugin's eval. Perl has the same weakness and
 * SA answers it with an alarm at the master deadline around each rule pass
 * (`Plugin::Check::run_generic_tests` under `Mail::SpamAssassin::Timeout`). The JS
 * counterpart of that alarm is a watchdog thread that terminates the running script — a regex
 * mid-backtrack included — when the time is up (`Isolate::TerminateExecution`); the guard is
 * armed once per slice (~10 ms of work), not per rule.
 *
 * Two watchdogs can do this. Node's `vm` timeout starts a new thread for every call and joins
 * it afterwards: ~0.1 ms on an idle machine, 0.3–1.6 ms on a busy one (the join waits for the
 * new thread to be scheduled), 7–9% of a scan. spamscore's addon (native/watchdog.cc, built at
 * install where a C++ toolchain is) keeps one sleeping thread per isolate and arms it with a
 * store under a mutex: ~0.4 µs. Without the addon, or with `SPAMSCORE_WATCHDOG=vm`, the `vm`
 * timeout guards the slices.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const context = vm.createContext({ run: undefined as (() => unknown) | undefined });
const script = new vm.Script('run()', { filename: 'spamscore-scan-slice' });

/** What {@link guarded} returns when the deadline ended the run. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/** The addon's one function: `fn`'s result, or `timedOut` when the deadline ended it. */
interface NativeWatchdog {
  run(fn: () => unknown, ms: number, timedOut: symbol): unknown;
}

let native: { watchdog: NativeWatchdog | null; why?: string } | undefined;

/**
 * The addon node-gyp built: `build/Release/` of the package root, the first such file walking
 * up from this module (src/check/, or dist/, dist/scanner/, dist/cli/ once bundled).
 */
function addonFile(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'build', 'Release', 'spamscore_watchdog.node');
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The addon, loaded on first use (each worker thread loads its own), or null. */
function nativeWatchdog(): NativeWatchdog | null {
  if (!native) {
    if (process.env.SPAMSCORE_WATCHDOG === 'vm') native = { watchdog: null, why: 'SPAMSCORE_WATCHDOG=vm' };
    else {
      const file = addonFile();
      try {
        if (!file) throw new Error('not built (build/Release/spamscore_watchdog.node: see native/build.mjs)');
        native = { watchdog: createRequire(import.meta.url)(file) as NativeWatchdog };
      } catch (err) {
        native = { watchdog: null, why: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
      }
    }
  }
  return native.watchdog;
}

/**
 * Which watchdog guards this thread's slices: `native` (the addon) or `vm` (node's `vm`
 * timeout), and why not the addon.
 */
export function sliceWatchdog(): { engine: 'native' | 'vm'; why?: string } {
  return nativeWatchdog() ? { engine: 'native' } : { engine: 'vm', why: native!.why! };
}

/**
 * Whether arming the guard costs next to nothing (the addon): then every slice of a scan with a
 * deadline runs guarded, and no rule needs to ask whether it could run long (scan-clock.ts).
 */
export function guardIsCheap(): boolean {
  return nativeWatchdog() !== null;
}

/**
 * Runs `fn` for at most `ms` milliseconds (Infinity: unguarded). On expiry it is terminated
 * and {@link TIMED_OUT} returned; its other exceptions propagate.
 */
export function guarded<T>(fn: () => T, ms: number): T | typeof TIMED_OUT {
  if (!Number.isFinite(ms)) return fn();
  const budget = Math.floor(ms);
  if (budget < 1) return TIMED_OUT;
  const watchdog = nativeWatchdog();
  if (!watchdog) return guardedByVm(fn, budget);
  // One watchdog per thread: a guarded call inside another (a plugin's code, say) runs under
  // the outer deadline, rather than disarming it when the inner one ends.
  if (nativeDepth > 0) return fn();
  nativeDepth++;
  try {
    return watchdog.run(fn, budget, TIMED_OUT) as T | typeof TIMED_OUT;
  } finally {
    nativeDepth--;
  }
}

/** How many native guarded calls are running on this thread (0 or 1). */
let nativeDepth = 0;

/** {@link guarded} by node's `vm` timeout, for a budget of at least 1 ms. */
export function guardedByVm<T>(fn: () => T, budget: number): T | typeof TIMED_OUT {
  context.run = fn;
  try {
    return script.runInContext(context, { timeout: budget }) as T;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return TIMED_OUT;
    throw e;
  } finally {
    context.run = undefined;
  }
}
