/**
 * Reading the settings the SPF, DKIM and DMARC plugins share: booleans and numbers from the rule
 * set's settings map (plugin directives included, with their declared defaults).
 */
import type { EvalContext } from '../../types.js';

/** A boolean setting as SA reads it (`yes`/`1` on, `no`/`0` off); `dflt` when unset. */
export function boolSetting(ctx: EvalContext, key: string, dflt = false): boolean {
  const v = ctx.config.get(key);
  if (v === undefined || v === null) return dflt;
  return v === true || v === 1 || v === '1' || (typeof v === 'number' && v !== 0);
}

/** A numeric setting (durations are seconds); `dflt` when unset or not a number. */
export function numSetting(ctx: EvalContext, key: string, dflt: number): number {
  const v = ctx.config.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

/**
 * Races `work` against `seconds` (SA's `Mail::SpamAssassin::Timeout` around a blocking lookup):
 * resolves `onTimeout` when the time runs out first. The timer never keeps the process alive.
 */
export function withTimeout<T>(work: Promise<T>, seconds: number, onTimeout: T): Promise<T> {
  if (!(seconds > 0)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(onTimeout), seconds * 1000);
    (timer as { unref?: () => void }).unref?.();
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
