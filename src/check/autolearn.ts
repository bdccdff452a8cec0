/**
 * Learning around a scan, as `PerMsgStatus.pm` runs it:
 * - before the rules, the plugins' `scanStart` hooks (SA's `learner_is_scan_available`, which
 *   decides whether the Bayes score sets apply, PerMsgStatus.pm:419-423);
 * - after the rules, autolearn (`learn_timed` :560-640): the points (`_get_autolearn_points`
 *   :744-858), a plugin's `autolearnDiscriminator` (AutoLearnThreshold), then the learner's
 *   `learnMessage` with no relearning; and the `_AUTOLEARN_` text (`get_autolearn_status`
 *   :1035-1044).
 */
import type { ScanTarget } from './scan-target.js';
import type { Rule } from '../compile/rule.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { nameOccurrences, type Expr } from '../config/expression.js';
import { sprintfFixed } from '../report/perl-format.js';
import type { AutolearnContext, AutolearnPoints, LearnContext, Plugin } from '../plugins/types.js';
import { evalContext, type ScanContext } from './run-eval.js';
import type { MessageModel } from '../message/views.js';

/** What autolearn did, with SA's `_AUTOLEARN_` text. */
export interface AutolearnResult {
  /**
   * `disabled` (bayes_auto_learn or use_bayes off), `no` (the discriminator said no),
   * `spam` / `ham` (learned), `unavailable` (learning was tried and did not happen: already
   * learned, no database, or the scan ran out of time), `failed` (the learner threw).
   */
  readonly status: 'disabled' | 'no' | 'spam' | 'ham' | 'unavailable' | 'failed';
  /** Whether `autolearn_force` rules forced the decision, and which. */
  readonly force: boolean;
  readonly forceNames: string;
  /** `_AUTOLEARNSCORE_`: the points autolearn compared with its thresholds. */
  readonly points: number;
  /** `_AUTOLEARN_`, byte-identical to SA's (`ham autolearn_force=no`, `disabled`, …). */
  readonly text: string;
}

/** SA's `_get_autolearn_testtype` on our rule records. */
function autolearnType(rule: Rule | undefined): 'head' | 'body' | 'meta' | '' {
  if (!rule) return '';
  if (rule.type === 'header') return rule.isRbl ? '' : 'head';
  if (rule.type === 'body' || rule.type === 'rawbody' || rule.type === 'uri') return 'body';
  if (rule.type === 'meta') return 'meta';
  return '';
}

/** The rule names of a meta expression, one per occurrence (SA's `meta_dependencies`). */
function metaOccurrences(e: Expr, out: string[]): string[] {
  for (const name of nameOccurrences(e)) if (name !== 'local_tests_only') out.push(name);
  return out;
}

/** `_get_autolearn_points` (PerMsgStatus.pm:744-858) over the scan's scored hits. */
export function autolearnPoints(ruleSet: ScanTarget, hits: readonly string[], scoreSet: number): AutolearnPoints {
  const set = scoreSet & ~2;
  let points = 0;
  let learnedPoints = 0;
  let headPoints = 0;
  let bodyPoints = 0;
  let force = 0;
  const names: string[] = [];
  for (const name of hits) {
    const rule = ruleSet.rules.get(name);
    const tflags = rule?.tflags ?? '';
    let forceType = '';
    if (rule) {
      if (/\bnoautolearn\b/.test(tflags) || /\buserconf\b/.test(tflags)) continue;
      if (/\blearn\b/.test(tflags)) {
        learnedPoints += rule.scores[scoreSet] ?? 0;
        continue;
      }
      if (/\bautolearn_force\b/.test(tflags)) {
        force++;
        names.push(name);
      }
      const m = /\bautolearn_(body|header)\b/.exec(tflags);
      if (m) forceType = m[1]!;
    }
    const score = rule ? rule.scores[set] : name === 'TIME_LIMIT_EXCEEDED' ? (ruleSet.timeLimitScores?.[set] ?? 0.001) : 0;
    if (!score) continue;
    const type = autolearnType(rule);
    if (forceType === 'header' || (forceType === '' && type === 'head')) headPoints += score;
    else if (forceType === 'body' || (forceType === '' && type === 'body')) bodyPoints += score;
    else if (type === 'meta' && rule?.meta) {
      const deps = metaOccurrences(rule.meta.expr, []);
      let depHead = 0;
      let depBody = 0;
      for (const d of deps) {
        const t = autolearnType(ruleSet.rules.get(d));
        if (t === 'head') depHead++;
        else if (t === 'body') depBody++;
      }
      if (depHead || depBody) {
        const total = depHead + depBody;
        headPoints += Number(sprintfFixed(score * (depHead / total), 3));
        bodyPoints += Number(sprintfFixed(score * (depBody / total), 3));
      }
    }
    points += score;
  }
  return { points: Number(sprintfFixed(points, 3)), headPoints, bodyPoints, learnedPoints, force, forceNames: names.join(',') };
}

/**
 * Runs every plugin's `scanStart` hook (awaited, in load order).
 * @returns whether a learner said it can score this message
 */
export async function runScanStart(ruleSet: ScanTarget, views: MessageModel, scanCtx: ScanContext, diagnostics: Diagnostic[]): Promise<boolean> {
  let available = false;
  for (const p of ruleSet.plugins) {
    if (!p.scanStart) continue;
    try {
      const r = await p.scanStart(evalContext(ruleSet, views, scanCtx, '', undefined, p));
      if (r && r.learnerAvailable) available = true;
      for (const w of r?.warnings ?? []) diagnostics.push({ severity: 'warning', code: 'message', message: `${p.name}: ${w}` });
    } catch (e) {
      diagnostics.push({ severity: 'warning', code: 'message', message: `${p.name} scanStart failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return available;
}

/** What autolearn needs from the finished scan. */
export interface FinishedScan {
  readonly score: number;
  readonly scoreSet: number;
  readonly hits: readonly string[];
  /** The scan ran out of time (SA's check_main skips learning then). */
  readonly timedOut: boolean;
}

const isOn = (ruleSet: ScanTarget, k: string) => {
  const v = ruleSet.settings.get(k);
  return v === undefined || v === true || v === 1 || v === '1';
};

/** `learn_timed` and `get_autolearn_status`. */
export async function runAutolearn(ruleSet: ScanTarget, views: MessageModel, scanCtx: ScanContext, scan: FinishedScan, diagnostics: Diagnostic[]): Promise<AutolearnResult> {
  const points = autolearnPoints(ruleSet, scan.hits, scan.scoreSet);
  const done = (status: AutolearnResult['status'] | undefined, force?: string): AutolearnResult => {
    const s = status ?? 'unavailable';
    return {
      status: s,
      force: force !== undefined && force !== 'no',
      forceNames: points.forceNames,
      points: points.points,
      text: force === undefined ? s : `${s} autolearn_force=${force}`,
    };
  };
  if (!isOn(ruleSet, 'bayes_auto_learn') || !isOn(ruleSet, 'use_bayes')) return done('disabled');
  if (scan.timedOut) return done(undefined);
  const ctxOf = (p: Plugin): AutolearnContext => ({
    ...evalContext(ruleSet, views, scanCtx, '', undefined, p),
    score: scan.score,
    requiredScore: ruleSet.requiredScore,
    scoreSet: scan.scoreSet,
    hits: scan.hits,
    points,
  });
  let decision;
  for (const p of ruleSet.plugins) {
    if (!p.autolearnDiscriminator) continue;
    try {
      decision = p.autolearnDiscriminator(ctxOf(p));
    } catch (e) {
      diagnostics.push({ severity: 'warning', code: 'message', message: `${p.name} autolearnDiscriminator failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (decision) break;
  }
  const force = decision && decision.force > 0 ? `yes${decision.forceNames ? ` (${decision.forceNames})` : ''}` : 'no';
  if (!decision) return done('no', force);
  // Bayes.pm::learn applies bayes_ignore_from/_to when autolearning (use_ignores is 1 there)
  let status: AutolearnResult['status'] | undefined;
  try {
    for (const p of ruleSet.plugins) {
      if (!p.learnMessage) continue;
      const learnCtx: LearnContext = { ...ctxOf(p), auto: true, path: 'scan', useIgnores: true };
      const r = await p.learnMessage(learnCtx, decision.isSpam);
      if (r === 'learned') status = decision.isSpam ? 'spam' : 'ham';
    }
  } catch (e) {
    diagnostics.push({ severity: 'warning', code: 'message', message: `autolearn failed: ${e instanceof Error ? e.message : String(e)}` });
    status = 'failed';
  }
  return done(status, force);
}
