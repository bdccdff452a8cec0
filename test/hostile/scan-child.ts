/**
 * The child process of the hostile tests (see harness.ts): it holds rule sets by key, scans the
 * messages the test process sends it and answers with a plain, serializable summary.
 *
 * Running scans here rather than in the test process is what lets a hostile test fail instead of
 * hanging: a scan that never yields (a quadratic loop, a backtracking regex) blocks its event
 * loop, so no timer in the same process can fire; from outside, the test process kills this one
 * and reports the case as a hang. It also keeps a memory blow-up from taking the test runner down.
 *
 * Built by harness.ts (tsup, this file plus ../../src) into node_modules/.cache; never imported
 * by a test directly.
 */
import { performance } from 'node:perf_hooks';
import { compileRuleSet, formatDiagnostic, loadRuleSet, type RuleSet } from '../../src/index.js';
import type { ChildReply, ChildRequest, DiagnosticSummary, ResultSummary, RuleSetSummary } from './protocol.js';

const ruleSets = new Map<string, RuleSet>();

const MAX_DIAGNOSTICS = 100;

function diagnosticSummaries(list: readonly { severity: string; code: string; message: string; file?: string; line?: number; rule?: string }[]): DiagnosticSummary[] {
  return list.slice(0, MAX_DIAGNOSTICS).map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message.length > 500 ? d.message.slice(0, 500) + '…' : d.message,
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.rule !== undefined ? { rule: d.rule } : {}),
  }));
}

function summarizeRuleSet(rs: RuleSet, has: readonly string[], probes: readonly string[]): RuleSetSummary {
  const rules: Record<string, { type: string; score: number; runnable: boolean }> = {};
  for (const name of has) {
    const rule = rs.rules.get(name);
    if (rule) Object.defineProperty(rules, name, { value: { type: rule.type, score: rule.scores[0] ?? 0, runnable: rule.runnable }, enumerable: true });
  }
  let probeHits: string[] = [];
  if (probes.length > 0) {
    // Everything the rule set exposes as text: its diagnostics, rendered, and its rule dump.
    const text = rs.diagnostics.map((d) => formatDiagnostic(d)).join('\n') + '\n' + JSON.stringify(rs.toJSON());
    probeHits = probes.filter((p) => text.includes(p));
  }
  return {
    ruleCount: rs.rules.size,
    rulesJson: JSON.stringify(rules),
    diagnostics: diagnosticSummaries(rs.diagnostics),
    diagnosticCount: rs.diagnostics.length,
    files: rs.files.slice(0, 50),
    probeHits,
  };
}

async function handle(req: ChildRequest): Promise<ChildReply> {
  const t0 = performance.now();
  try {
    if (req.op === 'load' || req.op === 'compile') {
      const rs =
        req.op === 'load'
          ? await loadRuleSet(req.options)
          : compileRuleSet(req.sources, {
              resolveInclude: (file) => {
                const text = req.files?.[file];
                return text === undefined ? undefined : { name: file, text };
              },
            });
      ruleSets.set(req.key, rs);
      return { id: req.id, ok: true, elapsedMs: performance.now() - t0, ruleSet: summarizeRuleSet(rs, req.has ?? [], req.probes ?? []) };
    }
    const rs = ruleSets.get(req.key);
    if (!rs) throw new Error(`no rule set loaded under the key ${req.key}`);
    const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
    const t1 = performance.now();
    const r = await rs.check(raw, req.options);
    const elapsedMs = performance.now() - t1;
    const status = r.headers.find(([n]) => n === 'X-Spam-Status');
    const result: ResultSummary = {
      score: r.score,
      isSpam: r.isSpam,
      timedOut: (r as { timedOut?: unknown }).timedOut === true,
      hitsJson: JSON.stringify(r.hits.map((h) => ({ name: h.name, score: h.score }))),
      subtestsJson: JSON.stringify(r.subtests),
      diagnostics: diagnosticSummaries(r.diagnostics),
      statusHeader: status ? status[1] : null,
    };
    return { id: req.id, ok: true, elapsedMs, result };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    return { id: req.id, ok: false, elapsedMs: performance.now() - t0, error: error.slice(0, 4000) };
  }
}

process.on('message', (req: ChildRequest) => {
  void handle(req).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
