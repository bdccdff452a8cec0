/**
 * `finish_parsing_start` behaviour of SpamAssassin's own plugins that changes the compiled
 * rule set: Razor2 and Pyzor move their rules to priority -100 when they fork (the default),
 * so their network queries start early (Razor2.pm / Pyzor.pm `finish_parsing_start`).
 */
import type { FinishParsingApi } from '../types.js';

function launchEarly(setting: string, evals: readonly string[]) {
  return (api: FinishParsingApi): void => {
    const fork = api.setting(setting);
    if (fork === undefined || fork === 0 || fork === false || fork === '0') return;
    for (const fn of evals) for (const rule of api.rulesCalling(fn)) api.setPriority(rule, -100);
  };
}

/** Hooks by plugin short name. */
export const BUILTIN_PARSE_HOOKS: Readonly<Record<string, (api: FinishParsingApi) => void>> = {
  Razor2: launchEarly('razor_fork', ['check_razor2', 'check_razor2_range']),
  Pyzor: launchEarly('pyzor_fork', ['check_pyzor']),
};
