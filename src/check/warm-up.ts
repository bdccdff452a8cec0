/**
 * The warm-up scan of `RuleSet.prepare()`: a few built-in messages (warm-up-messages.ts) run
 * through the scan of a rule set's plan, synchronously, so that what a first `check()` would
 * otherwise build is built now — the plugins' per-rule-set data (address lists, the Bayes
 * settings, the text-URI pattern over the TLD list), the first-use compiles of the message
 * parser's own patterns, and the bytecode of the code every scan runs.
 *
 * It changes nothing a later scan sees: its results are dropped; the Bayes store is not opened
 * and nothing is learned (no `scanStart` hook, no autolearn); no network client exists; and
 * only built-in evals run (a user plugin's eval may count or log what it sees, so it never sees
 * these messages). Evals that answer with a promise are left to settle on their own.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { RuleSet } from '../compile/rule-set.js';
import type { Rule } from '../compile/rule.js';
import { buildViews } from '../message/views.js';
import { isBuiltinEval } from './eval-trust.js';
import { runEvalRule, type ScanContext } from './run-eval.js';
import { finishScan, scan, type ScanOptions } from './scan.js';
import { ScanClock } from './scan-clock.js';
import { ScanState } from './scan-state.js';
import { scanPlan } from './plan.js';
import { WARM_UP_MESSAGES } from './warm-up-messages.js';

const NEVER_ABORTED = new AbortController().signal;

/**
 * Scans the warm-up messages with the plan of `scoreSet`, local tests only, and drops the
 * results. Never throws: a failure here would show again, and be reported, in a real scan.
 */
export function warmUp(ruleSet: RuleSet, scoreSet: number): void {
  const builtin = new Map<Rule, boolean>();
  const runnable = (rule: Rule): boolean => {
    let b = builtin.get(rule);
    if (b === undefined) builtin.set(rule, (b = isBuiltinEval(ruleSet.plugins, rule)));
    return b;
  };
  for (const raw of WARM_UP_MESSAGES) {
    try {
      const diagnostics: Diagnostic[] = [];
      const views = buildViews(raw, ruleSet.messageConfig, diagnostics);
      const scanCtx: ScanContext = {
        net: undefined,
        setTag: () => {},
        setLazyTag: () => {},
        testLog: () => {},
        signal: NEVER_ABORTED,
        scanData: new Map<string, unknown>(),
        memo: new Map<string, unknown>(),
      };
      const unsupported = new Set<string>();
      const options: ScanOptions = {
        scoreSet,
        localTestsOnly: true,
        diagnostics,
        clock: new ScanClock(undefined),
        runEval: (rule, extra) => {
          if (!runnable(rule)) return undefined;
          const r = runEvalRule(ruleSet, rule, views, extra, unsupported, scanCtx);
          if (r instanceof Promise) {
            r.catch(() => {});
            return undefined;
          }
          return r;
        },
      };
      const state = new ScanState(scanPlan(ruleSet, scoreSet));
      // The scan yields where a real one would give the event loop a turn: here it just goes on.
      const steps = scan(state, views, options);
      while (!steps.next().done);
      finishScan(state, options);
      // The evals only other score sets run (`learn` ones: check_bayes reads the Bayes settings).
      for (const rule of ruleSet.rules.values()) {
        if (!rule.isEval || !rule.runnable || rule.flags.net || !rule.flags.learn || rule.mimeheader) continue;
        const text = rule.type === 'body' ? views.bodyLines() : rule.type === 'rawbody' ? views.rawbodyLines() : rule.type === 'full' ? views.fullText() : undefined;
        options.runEval(rule, text === undefined ? {} : { text });
      }
    } catch {
      // See the function comment.
    }
  }
}
