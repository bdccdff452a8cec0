/**
 * `spamscore check --json` with Bayes: each line carries `bayes` (the probability `_BAYES_`
 * prints, present only when Bayes scored the message) and `autolearn` (what autolearn did),
 * as the scan reports them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import { runCheck } from '../../src/cli/check.js';
import { loadRuleSet } from '../../src/load-rule-set.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-cli-bayes-'));
const rulesCf = path.join(dir, 'rules.cf');
writeFileSync(
  rulesCf,
  [
    'loadplugin Mail::SpamAssassin::Plugin::Check',
    'loadplugin Mail::SpamAssassin::Plugin::Bayes',
    'loadplugin Mail::SpamAssassin::Plugin::AutoLearnThreshold',
    'use_bayes 1',
    `bayes_path ${path.join(dir, 'bayes')}`,
    'bayes_min_spam_num 1',
    'bayes_min_ham_num 1',
    "body BAYES_99 eval:check_bayes('0.99', '1.00')",
    'score BAYES_99 0 0 3.5 3.5',
    '',
  ].join('\n'),
);
const spam = path.join(dir, 'spam.eml');
const ham = path.join(dir, 'ham.eml');
writeFileSync(spam, 'From: seller@pills.example\nTo: you@example.com\nSubject: cheap pills\nMessage-Id: <s1@pills.example>\n\nBuy cheap viagra pills now, best prices online pharmacy discount\n');
writeFileSync(ham, 'From: alice@example.com\nTo: bob@example.com\nSubject: lunch tomorrow\nMessage-Id: <h1@example.com>\n\nShall we meet for lunch tomorrow at the usual place near the office?\n');

async function run(files: string[], cf: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck(files, { rules: [rulesCf], site: [], cf, json: true, local: true }, (s) => out.push(s), (s) => err.push(s));
  return { code, lines: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
}

beforeAll(async () => {
  const rs = await loadRuleSet({ rules: [rulesCf], site: [], cf: ['bayes_auto_learn 0'] });
  expect((await rs.learn(readFileSync(spam), 'spam')).status).toBe('learned');
  expect((await rs.learn(readFileSync(ham), 'ham')).status).toBe('learned');
}, 60_000);
afterAll(async () => {
  await closeBayesStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('spamscore check --json with Bayes', () => {
  it('adds bayes and autolearn to each line', async () => {
    const { code, lines } = await run([spam, ham], ['bayes_auto_learn 0']);
    expect(code).toBe(0);
    expect(lines[0]!.bayes).toBeGreaterThan(0.99);
    expect(lines[0]!.tests).toContainEqual(expect.objectContaining({ name: 'BAYES_99', score: 3.5 }));
    expect(lines[0]!.autolearn).toBe('disabled');
    expect(lines[1]!.bayes).toBeLessThan(0.01);
  });

  it('reports what autolearn did (the message was already learned: unavailable)', async () => {
    const { lines } = await run([ham], ['bayes_auto_learn 1']);
    expect(lines[0]).toMatchObject({ autolearn: 'unavailable' });
  });

  it('leaves bayes out when Bayes did not score the message', async () => {
    const { lines } = await run([ham], ['use_bayes 0']);
    expect(lines[0]).not.toHaveProperty('bayes');
    expect(lines[0]).toMatchObject({ autolearn: 'disabled' });
  });
});
