/**
 * WelcomeListSubject: SpamAssassin's `Plugin::WelcomeListSubject` evals. Each
 * `welcomelist_subject` / `blocklist_subject` line (old whitelist/blacklist names too) is one
 * lower-cased glob, spaces included, matched anywhere in the lower-cased Subject.
 */
import type { EvalContext, PluginSettingsApi } from '../types.js';
import { lc } from '../../perl/strings.js';
import { globPattern } from './wlbl-eval/lists.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

type SubjectList = Map<string, RegExp>;

/** The plugin's settings: the two lists. */
type SubjectLists = Readonly<Record<'welcomelist_subject' | 'blocklist_subject', SubjectList>>;

/** The settings hook: the lists, from their lines in configuration order (`set_config`'s handlers). */
function lists(api: PluginSettingsApi): SubjectLists {
  const out = { welcomelist_subject: new Map<string, RegExp>(), blocklist_subject: new Map<string, RegExp>() };
  for (const d of api.lines('welcomelist_subject', 'blocklist_subject', 'whitelist_subject', 'blacklist_subject')) {
    const name = d.name === 'whitelist_subject' ? 'welcomelist_subject' : d.name === 'blacklist_subject' ? 'blocklist_subject' : d.name;
    if (name !== 'welcomelist_subject' && name !== 'blocklist_subject') continue;
    const value = lc(d.value);
    // unlike the address lists, no character is replaced and the pattern is not anchored
    out[name].set(value, globPattern(value, false, false));
  }
  return out;
}

function check(ctx: EvalContext<SubjectLists>, which: 'welcomelist_subject' | 'blocklist_subject'): number {
  const subject = ctx.message.getScalar('Subject') ?? '';
  if (subject === '') return 0;
  const list = ctx.settings[which];
  const s = lc(subject);
  if (list.has(s)) return 1;
  for (const re of list.values()) if (re.test(s)) return 1;
  return 0;
}

/** WelcomeListSubject's evals by name. */
const WELCOMELIST_SUBJECT: EvalImpls<SubjectLists> = {
  check_subject_in_welcomelist: (ctx) => check(ctx, 'welcomelist_subject'),
  check_subject_in_whitelist: (ctx) => check(ctx, 'welcomelist_subject'),
  check_subject_in_blocklist: (ctx) => check(ctx, 'blocklist_subject'),
  check_subject_in_blacklist: (ctx) => check(ctx, 'blocklist_subject'),
};

/** `Mail::SpamAssassin::Plugin::WelcomeListSubject`: SA's vocabulary (catalog.ts) with the implementations above. */
export const WELCOMELIST_SUBJECT_PLUGIN = definePlugin({
  ...saVocabulary('WelcomeListSubject'),
  settings: lists,
  evals: saEvals('WelcomeListSubject', WELCOMELIST_SUBJECT),
});
