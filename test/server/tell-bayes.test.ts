/**
 * TELL with a real Bayes database, against Perl spamd 4.0.1: `spamscore serve --allow-tell`
 * learns through its scanner pool (SQLite at `bayes_path`), Perl spamd into its DBM files, and
 * the real spamc's output and exit code for `-L spam|ham|forget`, the raw `DidSet`/`DidRemove`
 * answers, and the scores after learning are the same, step by step.
 */
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpamdServer } from '../../src/server/server.js';
import { workerBundle } from '../support/worker-bundle.js';
import { dest, HAM, havePerlSpamd, haveSpamc, inlineRules, normalize, raw, SPAM, spamc, startPerlSpamd, type PerlSpamd } from './helpers.js';

/** The stock BAYES_xx ranges (23_bayes.cf) with their score set 2 scores. */
const BAYES_RULES: Array<[string, string, string, number]> = [
  ['BAYES_00', '0.00', '0.01', -1.9],
  ['BAYES_05', '0.01', '0.05', -0.5],
  ['BAYES_20', '0.05', '0.20', -0.001],
  ['BAYES_40', '0.20', '0.40', -0.001],
  ['BAYES_50', '0.40', '0.60', 0.8],
  ['BAYES_60', '0.60', '0.80', 1.5],
  ['BAYES_80', '0.80', '0.95', 2.0],
  ['BAYES_95', '0.95', '0.99', 3.0],
  ['BAYES_99', '0.99', '1.00', 3.5],
];

/** The Bayes part of both servers' rules; min counts of 1 so that two learned messages score. */
const bayesCf = (bayesPath: string) =>
  [
    'loadplugin Mail::SpamAssassin::Plugin::Bayes',
    'use_bayes 1',
    'bayes_auto_learn 0',
    `bayes_path ${bayesPath}`,
    'bayes_file_mode 0777',
    'bayes_min_spam_num 1',
    'bayes_min_ham_num 1',
    ...BAYES_RULES.map(([name, lo, hi, score]) => `body ${name} eval:check_bayes('${lo}', '${hi}')\nscore ${name} 0 0 ${score} ${score}`),
    'report Bayes _BAYES_ tokens _BAYESTC_ learned _BAYESTCLEARNED_ spammy _BAYESTCSPAMMY_ hammy _BAYESTCHAMMY_',
  ].join('\n');

const OTHER = 'From: c@example.com\nTo: d@example.com\nSubject: minutes\nMessage-Id: <2@y>\n\nThe minutes of the meeting are attached\n';

/** spamc runs in order: each answer depends on what the steps before learned. */
const STEPS: Array<[string[], string]> = [
  [['-L', 'forget'], SPAM], // never learned
  [['-L', 'spam'], SPAM],
  [['-L', 'spam'], SPAM], // already learned
  [['-L', 'ham'], SPAM], // relearned as the other class
  [['-L', 'forget'], SPAM],
  [['-L', 'forget'], SPAM], // already forgotten
  [['-L', 'spam'], SPAM],
  [['-L', 'ham'], HAM],
  [['-c'], SPAM], // Bayes now scores (1 spam, 1 ham)
  [['-y'], SPAM],
  [['-R'], SPAM],
  [['-c'], HAM],
  [['-y'], HAM],
  [['-R'], HAM],
  [['-R'], OTHER],
  [['-L', 'forget'], HAM],
  [['-c'], HAM], // below bayes_min_ham_num again
];

const tell = (msg: string, hdrs: string) => `TELL SPAMC/1.5\r\nContent-length: ${Buffer.byteLength(msg)}\r\n${hdrs}\r\n${msg}`;
const RAW: Array<[string, string]> = [
  ['set local, spam', tell(OTHER, 'Message-class: spam\r\nSet: local\r\n')],
  ['set local, spam again', tell(OTHER, 'Message-class: spam\r\nSet: local\r\n')],
  ['set local and remote, ham', tell(OTHER, 'Message-class: ham\r\nSet: local, remote\r\n')],
  ['set local without a class (ham)', tell(OTHER, 'Set: local\r\n')],
  ['remove local', tell(OTHER, 'Remove: local\r\n')],
  ['remove local again', tell(OTHER, 'Remove: local\r\n')],
  ['remove local and remote', tell(OTHER, 'Remove: local, remote\r\n')],
  ['remote only', tell(OTHER, 'Message-class: spam\r\nSet: remote\r\n')],
];

describe.skipIf(!havePerlSpamd || !haveSpamc)('TELL with a Bayes database, against Perl spamd', () => {
  let perl: PerlSpamd;
  let ours: SpamdServer;
  let port: number;
  beforeAll(async () => {
    const dbs = mkdtempSync(path.join(tmpdir(), 'spamscore-tell-'));
    for (const d of ['perl', 'ours']) mkdirSync(path.join(dbs, d));
    // Perl spamd running as root learns as nobody
    chmodSync(dbs, 0o755);
    chmodSync(path.join(dbs, 'perl'), 0o777);
    const p = inlineRules(bayesCf(path.join(dbs, 'perl', 'bayes')));
    const o = inlineRules(bayesCf(path.join(dbs, 'ours', 'bayes')));
    const workerUrl = await workerBundle();
    perl = await startPerlSpamd(p.rules, p.site, 1);
    ours = createServer({ listen: ['127.0.0.1:0'], rules: { rules: o.rules, site: o.site }, workerUrl, maxChildren: 2, network: false, allowTell: true });
    const [a] = await ours.listen();
    port = (a as { port: number }).port;
  }, 120_000);
  afterAll(async () => {
    await perl?.stop();
    await ours?.close();
  });

  it('gives spamc the same output, step by step (learn, relearn, forget, then score)', async () => {
    const seen: Array<{ flags: string[]; code: number | null; out: string }> = [];
    for (const [flags, msg] of STEPS) {
      const a = await spamc([...dest(perl.port), ...flags], msg);
      const b = await spamc([...dest(port), ...flags], msg);
      expect({ flags, code: b.code, out: normalize(b.stdout) }).toEqual({ flags, code: a.code, out: normalize(a.stdout) });
      seen.push({ flags, code: b.code, out: b.stdout });
    }
    // what was compared, so that a change on both sides is noticed too
    expect(seen.slice(0, 8).map((s) => s.out)).toEqual([
      'Message was already un/learned\n',
      'Message successfully un/learned\n',
      'Message was already un/learned\n',
      'Message successfully un/learned\n',
      'Message successfully un/learned\n',
      'Message was already un/learned\n',
      'Message successfully un/learned\n',
      'Message successfully un/learned\n',
    ]);
    expect(seen[9]!.out).toBe('BAYES_95,TEST_SUBJ,TEST_VIAGRA');
    expect(seen[10]!.out).toContain('\nBayes 0.9807 tokens 14 learned 13 spammy 3 hammy 0\n');
    expect(seen[12]!.out).toBe('BAYES_40');
    expect(seen.at(-1)!.out).toBe('0.0/5.0\n');
  });

  it('answers raw TELL requests byte for byte as spamd does (DidSet: local, DidRemove: local)', async () => {
    const answers: string[] = [];
    for (const [what, req] of RAW) {
      const a = await raw(perl.port, req);
      const b = await raw(port, req);
      expect({ what, answer: b }).toEqual({ what, answer: a });
      answers.push(b);
    }
    expect(answers.slice(0, 2)).toEqual(['SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n', 'SPAMD/1.1 0 EX_OK\r\n\r\n\r\n']);
    expect(answers[4]).toBe('SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n');
  });
});
