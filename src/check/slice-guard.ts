/**
 * Computing under the scan's deadline: a slice of the scan that runs past the deadline is
 * terminated, whatever it is doing.
 *
 * Between rules the scan asks its clock (scan-clock.ts), but one unit of work can itself run
 * long: a backtracking V8 regex on hostile text (`(<+)+(?=x)` on 200 KB of `<`, which RE2
 * cannot run because of the lookahead), or any plugin's eval. Perl has the same weakness and
 * SA answers it with an alarm at the master deadline around each rule pass
 * (`Plugin::Check::run_generic_tests` under `Mail::SpamAssassin::Timeout`). The JS
 * counterpart of that alarm is `vm`'s `timeout`: a watchdog thread that terminates the running
 * script — a regex mid-backtrack included — when the time is up. Starting the watchdog costs a
 * few hundred microseconds, so it is paid once per slice (~10 ms of work), not per rule.
 */
import vm from 'node:vm';

const context = vm.createContext({ run: undefined as (() => unknown) | undefined });
const script = new vm.Script('run()', { filename: 'spamscore-scan-slice' });

/** What {@link guarded} returns when the deadline ended the run. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Runs `fn` for at most `ms` milliseconds (Infinity: unguarded). On expiry it is terminated
 * and {@link TIMED_OUT} returned; its other exceptions propagate.
 */
export function guarded<T>(fn: () => T, ms: number): T | typeof TIMED_OUT {
  if (!Number.isFinite(ms)) return fn();
  const budget = Math.floor(ms);
  if (budget < 1) return TIMED_OUT;
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
