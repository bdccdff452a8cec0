/**
 * What SA 4.0.1's DMARC plugin finds in `$pms` when it decides: SPF flags exist only if some SPF
 * rule ran (`spf_checked`), a DKIM verifier only if some DKIM rule ran. SA decides once every rule
 * ran (or after the first priority by which both checks happened), so whether a check "ran" is
 * a property of the rule set: does it hold a rule that runs with network tests on and calls an
 * eval that starts that check?
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { spfLists, type SpfLists } from '../spf/welcomelist.js';
import { dkimLists, type DkimLists } from '../dkim/welcomelist.js';

/** Evals whose first call makes SA run the envelope-sender SPF check. */
const SPF_MFROM = [
  'check_for_spf_pass',
  'check_for_spf_neutral',
  'check_for_spf_none',
  'check_for_spf_fail',
  'check_for_spf_softfail',
  'check_for_spf_permerror',
  'check_for_spf_temperror',
  'check_spf_skipped_noenvfrom',
];

/** …the HELO SPF check. */
const SPF_HELO = [
  'check_for_spf_helo_pass',
  'check_for_spf_helo_neutral',
  'check_for_spf_helo_none',
  'check_for_spf_helo_fail',
  'check_for_spf_helo_softfail',
  'check_for_spf_helo_permerror',
  'check_for_spf_helo_temperror',
];

/** The SPF welcomelist evals: they run the check only for a listed sender. */
export const SPF_WELCOMELIST = {
  user: ['check_for_spf_welcomelist_from', 'check_for_spf_whitelist_from'],
  def: ['check_for_def_spf_welcomelist_from', 'check_for_def_spf_whitelist_from'],
} as const;

/** …the DKIM (and ARC) verification. */
const DKIM = [
  'check_dkim_signed',
  'check_arc_signed',
  'check_dkim_valid',
  'check_arc_valid',
  'check_dkim_valid_author_sig',
  'check_dkim_valid_envelopefrom',
  'check_dkim_dependable',
  'check_dkim_verified',
  'check_dkim_adsp',
  'check_dkim_signall',
  'check_dkim_testing',
];

/** The DKIM welcomelist evals: they verify only when some list entry names an author. */
export const DKIM_WELCOMELIST = [
  'check_for_dkim_welcomelist_from',
  'check_for_dkim_whitelist_from',
  'check_for_def_dkim_welcomelist_from',
  'check_for_def_dkim_whitelist_from',
];

/** The eval functions that run in a network scan (runnable, `net` allowed, a non-zero score). */
export function runningEvals(api: PluginSettingsApi): ReadonlySet<string> {
  const fns = new Set<string>();
  for (const rule of api.rules.values()) {
    if (!rule.isEval || !rule.runnable || !rule.eval) continue;
    if (rule.flags.learn) continue;
    if (!rule.scores[1] && !rule.scores[3]) continue;
    fns.add(rule.eval.fn);
  }
  return fns;
}

/** DMARC's settings: what it reads of the rule set and of SPF's and DKIM's lists, compiled once. */
export interface DmarcSettings {
  /** The eval functions that run in a network scan. */
  readonly runningEvals: ReadonlySet<string>;
  /** SPF's welcomelists, for `senderListed` (SA's DMARC asks the SPF plugin). */
  readonly spfLists: SpfLists;
  /** DKIM's welcomelists (SA's DMARC asks the DKIM plugin). */
  readonly dkimLists: DkimLists;
}

/** DMARC's settings hook. */
export const dmarcSettings = (api: PluginSettingsApi): DmarcSettings => ({
  runningEvals: runningEvals(api),
  spfLists: spfLists(api),
  dkimLists: dkimLists(api),
});

/** Whether the rule set runs any of `names`. */
export function runsAny(ctx: EvalContext<DmarcSettings>, names: readonly string[]): boolean {
  const fns = ctx.settings.runningEvals;
  return names.some((n) => fns.has(n));
}

/** The checks SA's DMARC will see as done. */
export const checksRun = (ctx: EvalContext<DmarcSettings>) => ({
  spfMfrom: runsAny(ctx, SPF_MFROM),
  spfHelo: runsAny(ctx, SPF_HELO),
  dkim: runsAny(ctx, DKIM),
});
