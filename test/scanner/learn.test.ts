/**
 * Learning through the scanner pool: `scanner.learn(raw, 'spam' | 'ham' | 'forget')` runs the
 * worker's `ruleSet.learn()`/`forget()` into the SQLite store `bayes_path` names, and every
 * worker scores from that same database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, ScannerClosedError, type Scanner } from '../../src/scanner/scanner.js';
import { workerBundle } from '../support/worker-bundle.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'spamscore-scanner-learn-'));
const bayesCf = (extra = '') =>
  [
    'loadplugin Mail::SpamAssassin::Plugin::Check',
    'loadplugin Mail::SpamAssassin::Plugin::Bayes',
    'use_bayes 1',
    'bayes_auto_learn 0',
    `bayes_path ${path.join(tmp, 'bayes')}`,
    'bayes_min_spam_num 1',
    'bayes_min_ham_num 1',
    'body BAYES_00 eval:check_bayes(\'0.00\', \'0.01\')',
    'body BAYES_50 eval:check_bayes(\'0.40\', \'0.60\')',
    'body BAYES_99 eval:check_bayes(\'0.99\', \'1.00\')',
    'score BAYES_00 0 0 -1.9 -1.9',
    'score BAYES_50 0 0 0.8 0.8',
    'score BAYES_99 0 0 3.5 3.5',
    'add_header all Bayes _BAYES_ tc=_BAYESTC_ learned=_BAYESTCLEARNED_',
    extra,
    '',
  ].join('\n');

const SPAM = Buffer.from(
  'From: seller@pills.example\nTo: you@example.com\nSubject: cheap pills\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMessage-Id: <s1@pills.example>\n\nBuy cheap viagra pills now, best prices online pharmacy discount\n',
);
const HAM = Buffer.from(
  'From: alice@example.com\nTo: bob@example.com\nSubject: lunch tomorrow\nDate: Mon, 1 Jan 2024 11:00:00 +0000\nMessage-Id: <h1@example.com>\n\nShall we meet for lunch tomorrow at the usual place near the office?\n',
);

// A learner plugin that blocks its thread for 3 s (nothing inside the thread can stop it).
const slowPlugin = path.join(tmp, 'slow-learn.mjs');
writeFileSync(
  slowPlugin,
  `import { execFileSync } from 'node:child_process';\nexport default { name: 'Test::SlowLearn', directives: {}, evals: {}, async learnMessage() { execFileSync('sleep', ['3']); return 'learned'; } };\n`,
);

let workerUrl: URL;
beforeAll(async () => {
  workerUrl = await workerBundle();
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bayesHeader = (r: { headers: Array<[string, string]> }) => r.headers.find(([n]) => n === 'X-Spam-Bayes')?.[1];

describe('learning through a scanner pool', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = createScanner({ workerUrl, workers: 2, sources: [{ name: 'local.cf', text: bayesCf() }] });
    await scanner.ready;
  }, 60_000);
  afterAll(() => scanner?.close());

  it('scores nothing from Bayes before anything is learned', async () => {
    const r = await scanner.scan(SPAM);
    expect(r.bayes).toBeUndefined();
    expect(bayesHeader(r)).toBe('0.5 tc= learned='); // SA leaves the count tags empty when Bayes did not score
  });

  it('learns spam and ham, answering as ruleSet.learn() does', async () => {
    expect(await scanner.learn(SPAM, 'spam')).toEqual({ status: 'learned', diagnostics: [], abandoned: false, truncated: false });
    expect(await scanner.learn(HAM, 'ham')).toMatchObject({ status: 'learned', abandoned: false });
    expect(await scanner.learn(SPAM, 'spam')).toMatchObject({ status: 'already-learned' });
  });

  it('scores from what was learned on every worker (one database)', async () => {
    // two scans at once: one on each worker
    const [a, b] = await Promise.all([scanner.scan(SPAM), scanner.scan(SPAM)]);
    for (const r of [a, b]) {
      expect(r.bayes).toBeGreaterThan(0.99);
      expect(r.hits.map((h) => h.name)).toContain('BAYES_99');
      expect(bayesHeader(r)).toMatch(/^1\.0000 tc=\d+ learned=\d+$/);
    }
    expect(bayesHeader(a)).toBe(bayesHeader(b));
    const [h1, h2] = await Promise.all([scanner.scan(HAM), scanner.scan(HAM)]);
    expect(h1.hits.map((h) => h.name)).toContain('BAYES_00');
    expect(bayesHeader(h1)).toBe(bayesHeader(h2));
  });

  it('relearns a message as the other class, and forgets', async () => {
    expect(await scanner.learn(HAM, 'spam')).toMatchObject({ status: 'learned' });
    expect((await scanner.scan(HAM)).bayes).toBeUndefined(); // 2 spam, 0 ham: below bayes_min_ham_num
    expect(await scanner.learn(HAM, 'forget')).toMatchObject({ status: 'learned' });
    expect(await scanner.learn(HAM, 'forget')).toMatchObject({ status: 'not-learned' });
    expect(await scanner.learn(HAM, 'ham')).toMatchObject({ status: 'learned' });
    const [a, b] = await Promise.all([scanner.scan(HAM), scanner.scan(HAM)]);
    expect(a.bayes).toBeLessThan(0.01);
    expect(b.bayes).toBe(a.bayes);
  });

  it('queues learns with the scans, in order', async () => {
    const jobs = await Promise.all([scanner.scan(SPAM), scanner.learn(SPAM, 'spam'), scanner.learn(HAM, 'ham'), scanner.scan(HAM), scanner.learn(SPAM, 'forget')]);
    expect(jobs.map((j) => ('status' in j ? j.status : j.isSpam))).toEqual([false, 'already-learned', 'already-learned', false, 'learned']);
    expect(await scanner.learn(SPAM, 'spam')).toMatchObject({ status: 'learned' });
  });

  it('refuses bad arguments, and drops a queued learn whose signal aborts', async () => {
    await expect(scanner.learn(SPAM, 'junk' as 'spam')).rejects.toThrow(TypeError);
    await expect(scanner.learn(42 as unknown as Buffer, 'spam')).rejects.toThrow(TypeError);
    await expect(scanner.learn(SPAM, 'spam', { timeout: -5 })).rejects.toThrow(TypeError);
    const ac = new AbortController();
    const busy = Array.from({ length: 4 }, () => scanner.scan(SPAM));
    const dropped = scanner.learn(HAM, 'forget', { signal: ac.signal });
    ac.abort(new Error('never mind'));
    await expect(dropped).rejects.toThrow('never mind');
    await Promise.all(busy);
    expect(await scanner.learn(HAM, 'ham')).toMatchObject({ status: 'already-learned' });
  });

  it('answers unavailable for a TELL learn when bayes_learn_during_report is off', async () => {
    const off = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: bayesCf('bayes_learn_during_report 0') }] });
    try {
      const r = await off.learn(HAM, 'forget', { duringReport: true });
      expect(r).toMatchObject({ status: 'unavailable', abandoned: false });
      expect(r.diagnostics[0]?.code).toBe('bayes-learn-during-report');
      // not a report: learned as usual
      expect(await off.learn(HAM, 'forget')).toMatchObject({ status: 'learned' });
      expect(await off.learn(HAM, 'ham', { duringReport: true })).toMatchObject({ status: 'unavailable' });
      expect(await off.learn(HAM, 'ham')).toMatchObject({ status: 'learned' });
    } finally {
      await off.close();
    }
  }, 60_000);

  it('skips a TELL learn of mail from a bayes_ignore_from address (spamd learns with use_ignores on), not a plain learn', async () => {
    const cfText = bayesCf('loadplugin Mail::SpamAssassin::Plugin::WLBLEval\nbayes_ignore_from *@ignored.example').replace(path.join(tmp, 'bayes'), path.join(tmp, 'ignores', 'bayes'));
    const pool = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: cfText }] });
    const ignored = 'From: list@ignored.example\nTo: b@example.com\nSubject: weekly news\nMessage-Id: <ign-1@ignored.example>\n\nThe weekly news.\n';
    try {
      expect(await pool.learn(ignored, 'spam', { duringReport: true })).toMatchObject({ status: 'ignored' });
      expect(await pool.learn(ignored, 'spam')).toMatchObject({ status: 'learned' });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('strips SpamAssassin markup from a TELL learn (spamd dotell), not from a plain learn', async () => {
    const cfText = bayesCf('report_safe 1\nbody FORCED_SPAM /viagra/\nscore FORCED_SPAM 20').replace(path.join(tmp, 'bayes'), path.join(tmp, 'markup', 'bayes'));
    const pool = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: cfText }] });
    try {
      const rewritten = (await pool.scan(SPAM, { rewrite: true })).message!;
      expect(Buffer.isBuffer(rewritten)).toBe(true);
      expect(rewritten.toString('latin1')).toContain('x-spam-type=original');
      expect(await pool.learn(SPAM, 'spam')).toMatchObject({ status: 'learned' });
      // the wrapper's original is the message already learned
      expect(await pool.learn(rewritten, 'spam', { duringReport: true })).toMatchObject({ status: 'already-learned' });
      // ruleSet.learn() is SA's learn(): the wrapper itself is another message
      expect(await pool.learn(rewritten, 'spam')).toMatchObject({ status: 'learned' });
      expect(await pool.learn(rewritten, 'forget', { duringReport: true })).toMatchObject({ status: 'learned' });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('answers unavailable without a Bayes store, and refuses after close()', async () => {
    const none = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: 'loadplugin Mail::SpamAssassin::Plugin::Bayes\nuse_bayes 1\n' }] });
    expect(await none.learn(SPAM, 'spam')).toMatchObject({ status: 'unavailable', abandoned: false });
    await none.close();
    await expect(none.learn(SPAM, 'spam')).rejects.toThrow(ScannerClosedError);
  }, 60_000);

  it('abandons a learn that overruns its deadline: the worker is replaced, the pool goes on', async () => {
    const slow = createScanner({ workerUrl, workers: 1, abandonAfter: 200, pluginModules: [slowPlugin], sources: [{ name: 'local.cf', text: 'loadplugin Test::SlowLearn\n' }] });
    try {
      await slow.ready;
      const t0 = performance.now();
      const r = await slow.learn(SPAM, 'spam', { timeout: 100 });
      expect(performance.now() - t0).toBeLessThan(2500);
      expect(r).toMatchObject({ status: 'unavailable', abandoned: true, truncated: false });
      expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'learn-abandoned' });
      expect(r.diagnostics[0]!.message).toContain('the learn overran its deadline of 100 ms');
      expect(await slow.scan(SPAM)).toMatchObject({ abandoned: false });
    } finally {
      await slow.close();
    }
  }, 60_000);
});
