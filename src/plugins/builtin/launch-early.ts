/**
 * The `finish_parsing_start` of SA's Razor2 and Pyzor plugins (Razor2.pm / Pyzor.pm): when
 * they fork (`razor_fork` / `pyzor_fork`, on by default) their rules move to priority -100, so
 * the network queries start early.
 */
import type { FinishParsingApi } from '../types.js';

/** A `finishParsingStart` hook moving the rules calling `evals` to -100 unless `setting` is off. */
export function launchEarly(setting: string, evals: readonly string[]): (api: FinishParsingApi) => void {
  return (api) => {
    const fork = api.setting(setting);
    if (fork === undefined || fork === 0 || fork === false || fork === '0') return;
    for (const fn of evals) for (const rule of api.rulesCalling(fn)) api.setPriority(rule, -100);
  };
}
