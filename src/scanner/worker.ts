/**
 * A scanner pool's worker thread: loads its own rule set once, then scores the messages the
 * pool sends, one at a time, with `RuleSet.check()`. An `abort` message for the running scan
 * reaches it between two slices of the scan (a scan gives the event loop a turn every few
 * milliseconds), like a caller's AbortSignal in the host thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { compileRuleSet } from '../compile/compile-rule-set.js';
import { loadRuleSet } from '../load-rule-set.js';
import type { RuleSet } from '../compile/rule-set.js';
import { RuleSetError } from '../config/diagnostics.js';
import type { Plugin } from '../plugins/types.js';
import type { LearnResult } from '../check/learn.js';
import { markupRemovedForLearning } from '../report/remove-markup.js';
import type { FromWorker, ToWorker, WorkerLearnOptions, WorkerRuleSpec } from './protocol.js';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);

/** Imports the plugin modules named in the spec (default export: a plugin or an array of them). */
async function importPlugins(modules: readonly string[]): Promise<Plugin[]> {
  const out: Plugin[] = [];
  for (const m of modules) {
    const mod = (await import(isAbsolute(m) ? pathToFileURL(m).href : m)) as { default?: Plugin | Plugin[] };
    const d = mod.default;
    if (d === undefined) throw new Error(`plugin module ${m} has no default export`);
    out.push(...(Array.isArray(d) ? d : [d]));
  }
  return out;
}

async function load(spec: WorkerRuleSpec): Promise<RuleSet> {
  const plugins = await importPlugins(spec.pluginModules ?? []);
  if (spec.load || !spec.sources) return loadRuleSet({ ...spec.load, plugins });
  return compileRuleSet(spec.sources, { plugins });
}

const running = new Map<number, AbortController>();

/** `ruleSet.learn()`/`forget()`; a TELL (`duringReport`) only when `bayes_learn_during_report` is on (spamd's `dotell`). */
async function learn(ruleSet: RuleSet, raw: Uint8Array | string, what: 'spam' | 'ham' | 'forget', options: WorkerLearnOptions): Promise<LearnResult> {
  if (options.duringReport && ruleSet.settings.get('bayes_learn_during_report') === false) {
    return { status: 'unavailable', diagnostics: [{ severity: 'info', code: 'bayes-learn-during-report', message: 'bayes_learn_during_report is off: a report does not learn' }] };
  }
  // spamd's dotell: a TELL message SpamAssassin marked up (X-Spam-Checker-Version) is parsed
  // again from remove_spamassassin_markup's answer before anything is learned or forgotten
  if (options.duringReport) raw = markupRemovedForLearning(ruleSet, raw);
  return what === 'forget' ? ruleSet.forget(raw) : ruleSet.learn(raw, what);
}

async function main(): Promise<void> {
  let ruleSet: RuleSet;
  try {
    ruleSet = await load(workerData as WorkerRuleSpec);
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
    ruleSet
      .check(m.raw, { ...m.options, signal: controller.signal })
      .then(
        (result) => post({ type: 'result', id: m.id, result }),
        (e: unknown) => post({ type: 'failed', id: m.id, message: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => running.delete(m.id));
  });
}

void main();
