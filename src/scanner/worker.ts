/**
 * A scanner pool's worker thread: loads its own rule set once, then scores the messages the
 * pool sends, one at a time, with `RuleSet.check()`. An `abort` message for the running scan
 * reaches it between two slices of the scan (a scan gives the event loop a turn every few
 * milliseconds), like a caller's AbortSignal in the host thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileRuleSet } from '../rule-set.js';
import { loadRuleSet } from '../load-rule-set.js';
import type { RuleSet } from '../rule-set.js';
import { RuleSetError } from '../config/diagnostics.js';
import { importPluginModules } from '../plugins/import-plugins.js';
import type { LearnResult } from '../check/learn.js';
import { markupRemovedForLearning } from '../report/remove-markup.js';
import { withUserPrefs } from '../rule-set.js';
import type { ConfigSource } from '../config/parser.js';
import type { Diagnostic } from '../config/diagnostics.js';
import type { FromWorker, ToWorker, WorkerLearnOptions, WorkerRuleSpec } from './protocol.js';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

async function load(spec: WorkerRuleSpec): Promise<RuleSet> {
  // The plugin modules named in the spec: default or named exports, a plugin or an array of them.
  const plugins = await importPluginModules(spec.pluginModules ?? []);
  if (spec.load || !spec.sources) return loadRuleSet({ ...spec.load, plugins });
  return compileRuleSet(spec.sources, { plugins });
}

const running = new Map<number, AbortController>();

/**
 * Users' rule sets (the pool's rule set with their preferences read on top), by name and
 * text, least recently used first: spamd reads a user's preferences for every request
 * (`read_scoreonly_config`) and restores the site's afterwards (`copy_config`); compiling them
 * once per distinct text and keeping them is the same, without the work per message.
 */
const userRuleSets = new Map<string, RuleSet>();

/** The rule set of a scan: the pool's, or a user's; `fresh` holds the preferences' diagnostics when just compiled. */
function ruleSetFor(ruleSet: RuleSet, prefs: ConfigSource | undefined, cacheSize: number): { rs: RuleSet; fresh: Diagnostic[] } {
  if (!prefs) return { rs: ruleSet, fresh: [] };
  // text and bytes are different preferences even when they look alike (a string is UTF-8 encoded)
  const body = typeof prefs.text === 'string' ? `t${prefs.text}` : `b${Buffer.from(prefs.text.buffer, prefs.text.byteOffset, prefs.text.byteLength).toString('latin1')}`;
  const key = `${prefs.name}\0${body}`;
  const hit = userRuleSets.get(key);
  if (hit) {
    userRuleSets.delete(key);
    userRuleSets.set(key, hit);
    return { rs: hit, fresh: [] };
  }
  const rs = withUserPrefs(ruleSet, prefs);
  userRuleSets.set(key, rs);
  while (userRuleSets.size > cacheSize) userRuleSets.delete(userRuleSets.keys().next().value!);
  return { rs, fresh: rs.diagnostics.filter((d) => d.file === prefs.name) };
}

/** `ruleSet.learn()`/`forget()`; a TELL (`duringReport`) only when `bayes_learn_during_report` is on (spamd's `dotell`). */
async function learn(ruleSet: RuleSet, raw: Uint8Array | string, what: 'spam' | 'ham' | 'forget', options: WorkerLearnOptions): Promise<LearnResult> {
  if (options.duringReport && ruleSet.settings.get('bayes_learn_during_report') === false) {
    return { status: 'unavailable', diagnostics: [{ severity: 'info', code: 'bayes-learn-during-report', message: 'bayes_learn_during_report is off: a report does not learn' }] };
  }
  // spamd's dotell: a TELL message SpamAssassin marked up (X-Spam-Checker-Version) is parsed
  // again from remove_spamassassin_markup's answer before anything is learned or forgotten
  if (options.duringReport) raw = markupRemovedForLearning(ruleSet, raw);
  // SA's Bayes learner starts with use_ignores on; only sa-learn turns it off: a TELL honours
  // bayes_ignore_from/to (Mail::SpamAssassin::Bayes::learn), a forget never looks
  return what === 'forget' ? ruleSet.forget(raw) : ruleSet.learn(raw, what, options.duringReport ? { useIgnores: true } : undefined);
}

async function main(): Promise<void> {
  let ruleSet: RuleSet;
  const spec = workerData as WorkerRuleSpec;
  try {
    ruleSet = await load(spec);
  } catch (e) {
    const diagnostics = e instanceof RuleSetError ? [...e.diagnostics] : [];
    post({ type: 'load-failed', message: e instanceof Error ? e.message : String(e), diagnostics });
    return;
  }
  // Everything compiled before the first scan: a first scan must not spend its deadline on
  // compiling patterns (scans may run with or without network tests).
  ruleSet.prepare({ network: true });
  const timeLimit = ruleSet.settings.get('time_limit');
  post({
    type: 'ready',
    requiredScore: ruleSet.requiredScore,
    timeLimitMs: (typeof timeLimit === 'number' ? timeLimit : 300) * 1000,
    ruleCount: ruleSet.rules.size,
    diagnostics: [...ruleSet.diagnostics],
  });
  port.on('message', (m: ToWorker) => {
    if (m.type === 'abort') {
      running.get(m.id)?.abort();
      return;
    }
    if (m.type === 'learn') {
      // One store transaction: not interruptible (an abort for it is ignored); a learn that
      // hangs past its deadline has its worker terminated by the pool, which rolls it back.
      learn(ruleSet, m.raw, m.what, m.options).then(
        (result) => post({ type: 'learned', id: m.id, result }),
        (e: unknown) => post({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) }),
      );
      return;
    }
    const controller = new AbortController();
    running.set(m.id, controller);
    const { userPrefs, ...options } = m.options;
    let user: ReturnType<typeof ruleSetFor>;
    try {
      user = ruleSetFor(ruleSet, userPrefs, spec.userPrefsCacheSize ?? 100);
    } catch (e) {
      running.delete(m.id);
      post({ type: 'failed', id: m.id, message: `user preferences ${userPrefs?.name}: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    user.rs
      .check(m.raw, { ...options, signal: controller.signal })
      .then(
        // the preferences' own diagnostics come with the scan that compiled them
        (result) => post({ type: 'result', id: m.id, result: user.fresh.length ? { ...result, diagnostics: [...user.fresh, ...result.diagnostics] } : result }),
        (e: unknown) => post({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => running.delete(m.id));
  });
}

void main();
