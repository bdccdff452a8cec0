/**
 * Razor2 (Razor2.pm): `check_razor2` and `check_razor2_range`, through the host's Razor client
 * (`ctx.net.clients.razor`; there is no default: Razor's protocol is not implemented here).
 *
 * SA's default `razor_fork 1` decides who may hit: the first `check_razor2` rule launches the
 * query and is the only one that can hit (another one asking before the answer gets 0), and the
 * range rules wait for that query — so without a scoring `check_razor2` rule they never hit.
 * With `razor_fork 0` every rule waits for the one query (SA runs it synchronously).
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { perlNum } from '../../../perl/numbers.js';
import { perlTrue } from '../../../perl/truth.js';
import { launchRazor, razorAvailable, razorFork, razorState, type RazorAnswer } from './razor-outcome.js';
import { definePlugin } from '../../define-plugin.js';
import { launchEarly } from '../launch-early.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

/** `use_razor2` (a number in SA; default 1). */
function useRazor(ctx: EvalContext): boolean {
  const v = ctx.config.get('use_razor2');
  return v === undefined || (v !== 0 && v !== false && v !== '0');
}

/** Razor2's settings: what it needs of the rule set, compiled once. */
interface Razor2Settings {
  /** Some runnable rule calls `check_razor2` with a network score (the rule that launches Razor). */
  readonly checkRazorRuns: boolean;
}

/** Razor2's settings hook. */
function razor2Settings(api: PluginSettingsApi): Razor2Settings {
  for (const rule of api.rules.values()) {
    if (rule.eval?.fn === 'check_razor2' && rule.runnable && rule.scores[1] !== 0) return { checkRazorRuns: true };
  }
  return { checkRazorRuns: false };
}

/** `check_razor2()`: whether Razor's servers call the message spam. */
function checkRazor2(ctx: EvalContext): boolean | Promise<boolean> {
  if (!ctx.net || !useRazor(ctx) || !razorAvailable(ctx)) return false;
  const state = razorState(ctx);
  if (state.settled) return state.answer?.spam === true;
  if (state.owner !== undefined && razorFork(ctx)) return false;
  state.owner ??= ctx.rule;
  return launchRazor(ctx).then((a) => a?.spam === true);
}

/** SA's `razor2_cf_score` lookup: one engine's confidence, or the best of all. */
function confidence(a: RazorAnswer, engine: string | undefined): number | undefined {
  // An own-key lookup: the engine name comes from the rule file (`check_razor2_range('constructor', …)`).
  if (perlTrue(engine)) return a.engines && Object.hasOwn(a.engines, engine!) ? a.engines[engine!] : undefined;
  let cf = 0;
  if (typeof a.confidence === 'number' && a.confidence > cf) cf = a.confidence;
  for (const v of Object.values(a.engines ?? {})) if (v > cf) cf = v;
  return cf;
}

/** The report line of a range rule that hit: SA's `sprintf("cf: %3d", $cf)` (truncated, padded to 3). */
export function razorLogText(cf: number): string {
  return `cf: ${String(Math.trunc(cf)).padStart(3)}`;
}

/**
 * `check_razor2_range(engine, min, max)`: whether the confidence of `engine` (the best engine
 * when '') is within min..max.
 */
function checkRazor2Range(ctx: EvalContext<Razor2Settings>, engine?: string, min?: string, max?: string): boolean | Promise<boolean> {
  if (!ctx.net || !useRazor(ctx) || !razorAvailable(ctx)) return false;
  const inRange = (a: RazorAnswer | undefined) => {
    if (!a) return false;
    const cf = confidence(a, engine);
    if (cf === undefined) return false;
    if (!(cf >= perlNum(min ?? '') && cf <= perlNum(max ?? ''))) return false;
    ctx.testLog(razorLogText(cf), undefined, 'latin1');
    return true;
  };
  const state = razorState(ctx);
  if (state.settled) return inRange(state.answer);
  // Forked, SA answers range rules from the query a check_razor2 rule started; none → none.
  if (razorFork(ctx) && !state.promise && !ctx.settings.checkRazorRuns) return false;
  return launchRazor(ctx).then(inRange);
}

/** Razor2's evals. */
const RAZOR2: EvalImpls<Razor2Settings> = {
  check_razor2: checkRazor2,
  check_razor2_range: checkRazor2Range,
};

/** `Mail::SpamAssassin::Plugin::Razor2`: SA's vocabulary (catalog.ts) with the implementations above. */
export const RAZOR2_PLUGIN = definePlugin({
  ...saVocabulary('Razor2'),
  settings: razor2Settings,
  evals: saEvals('Razor2', RAZOR2),
  // Razor2.pm finish_parsing_start: with razor_fork (the default) its rules move to priority
  // -100, so the queries start early.
  finishParsingStart: launchEarly('razor_fork', ['check_razor2', 'check_razor2_range']),
});
