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
import type { ScanTarget } from './scan-target.js';
import type { Rule } from '../compile/rule.js';
import { buildViews } from '../message/views.js';
import { isBuiltinEval } from './eval-trust.js';
import type { AutolearnResult } from './autolearn.js';
import { newScanContext, scanResult } from './check.js';
import { runEvalRule } from './run-eval.js';
import { finishScan, newScanState, scan, scanOptions } from './scan.js';
import { ScanClock, runSlicedSync } from './scan-clock.js';
import { WARM_UP_MESSAGES } from './warm-up-messages.js';

/** The warm-up never learns: its results are rendered as if autolearn were off. */
const NO_AUTOLEARN: AutolearnResult = { status: 'disabled', force: false, forceNames: '', points: 0, text: 'disabled' };

/**
 * Passes over the warm-up messages. One pass left the first real `check()` at 3–5× the p50
 * of later ones; V8 optimises what ran a few times (and the result rendering, which the first
 * pass did not run): three passes, each rendering its results, brought it to about 2×. The
 * p50 has fallen since; five passes over more kinds of message (warm-up-messages.ts) bring the
 * first scan back to about 2× for ~0.5 s more of `prepare()` (docs/benchmarks.md).
 */
const PASSES = 5;

/**
 * The warm-up's deadline: far off, but finite as a real scan's is, so the slices a real scan
 * watches are watched here too (see runSlicedSync).
 */
const WARM_UP_TIMEOUT_MS = 60_000;

/**
 * Scans the warm-up messages with the plan of `scoreSet`, local tests only, and drops the
 * results. Never throws: a failure here would show again, and be reported, in a real scan.
 */
export function warmUp(ruleSet: ScanTarget, scoreSet: number): void {
  const builtin = new Map<Rule, boolean>();
  const runnable = (rule: Rule): boolean => {
    let b = builtin.get(rule);
    if (b === undefined) builtin.set(rule, (b = isBuiltinEval(ruleSet.plugins, rule)));
    return b;
  };
  for (let pass = 0; pass < PASSES; pass++) warmUpPass(ruleSet, scoreSet, runnable);
}

function warmUpPass(ruleSet: ScanTarget, scoreSet: number, runnable: (rule: Rule) => boolean): void {
  for (const raw of WARM_UP_MESSAGES) {
    try {
      const diagnostics: Diagnostic[] = [];
      const views = buildViews(raw, ruleSet.messageConfig, diagnostics);
      const { scanCtx, evalTags, testLogs } = newScanContext(undefined, undefined);
      const unsupported = new Set<string>();
      const options = scanOptions({
        scoreSet,
        localTestsOnly: true,
        diagnostics,
        clock: new ScanClock(WARM_UP_TIMEOUT_MS),
        runEval: (rule, extra) => {
          if (!runnable(rule)) return undefined;
          const r = runEvalRule(ruleSet, rule, views, extra, unsupported, scanCtx);
          if (r instanceof Promise) {
            r.catch(() => {});
            return undefined;
          }
          return r;
        },
      });
      const state = newScanState(ruleSet, scoreSet);
      // The scan yields where a real one would give the event loop a turn: here it just goes on.
      runSlicedSync(scan(state, views, options), options.clock);
      finishScan(state, options);
      // The evals only other score sets run (`learn` ones: check_bayes reads the Bayes settings).
      for (const rule of ruleSet.rules.values()) {
        if (!rule.isEval || !rule.runnable || rule.flags.net || !rule.flags.learn || rule.mimeheader) continue;
        const text = rule.type === 'body' ? views.bodyLines() : rule.type === 'rawbody' ? views.rawbodyLines() : rule.type === 'full' ? views.fullText() : undefined;
        options.runEval(rule, text === undefined ? {} : { text });
      }
      // The result as check() renders it: report, headers, the rewritten message.
      scanResult({ ruleSet, state, views, scanCtx, scoreSet, evalTags, testLogs, unsupported, autolearn: NO_AUTOLEARN, diagnostics, timedOut: false, options: { rewrite: true }, hop: '', text: raw });
    } catch {
      // See the function comment.
    }
  }
}
