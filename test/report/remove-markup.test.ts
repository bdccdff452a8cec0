/**
 * `removeSpamAssassinMarkup` (Mail::SpamAssassin::remove_spamassassin_markup): messages
 * rewritten by spamscore itself with report_safe 0, 1 and 2 (and a `rewrite_header Subject`)
 * are stripped to what Perl's function answers on the same bytes (when Perl SpamAssassin is
 * installed), and learning a rewritten message the way sa-learn does learns the same msgid and
 * tokens as learning the original.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { markupRemovedForLearning, removeSpamAssassinMarkup } from '../../src/report/remove-markup.js';
import { bayesSettingsOf } from '../../src/plugins/builtin/bayes/index.js';
import { closeBayesStores, storeFor } from '../../src/bayes/open-store.js';
import { backupLines, parseBackup } from '../../src/bayes/backup.js';
import { createMemoryStore } from '../../src/bayes/memory-store.js';

const perlOk = spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1']).status === 0;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-remove-markup-'));
afterAll(async () => {
  await closeBayesStores();
  rmSync(tmp, { recursive: true, force: true });
});

const SUBJECT_TAG = '*****SPAM***** _SCORE_';
const cf = (reportSafe: number, bayesPath?: string) =>
  [
    `report_safe ${reportSafe}`,
    `rewrite_header Subject ${SUBJECT_TAG}`,
    'body FORCED_SPAM /cheap/',
    'score FORCED_SPAM 20',
    ...(bayesPath ? ['loadplugin Mail::SpamAssassin::Plugin::Bayes', 'use_bayes 1', 'bayes_auto_learn 0', `bayes_path ${bayesPath}`] : []),
  ].join('\n');

const ORIGINAL = [
  'Return-Path: <a@example.com>',
  'Received: from mx.example.com (mx.example.com [192.0.2.1])',
  '\tby mail.example.org with ESMTP id 123',
  '\tfor <b@example.org>; Mon, 7 Dec 2026 00:00:00 +0000',
  'From: Alice <a@example.com>',
  'To: b@example.org',
  'Subject: cheap watches, very',
  '  cheap',
  'Message-Id: <orig-1@example.com>',
  'Date: Mon, 7 Dec 2026 00:00:00 +0000',
  'X-Spam-Flag: NO',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'Buy cheap watches today. Visit http://watches.example.net/ now!',
  'Really cheap.',
  '',
].join('\n');
const HAM = ORIGINAL.replace(/cheap/g, 'nice').replace('orig-1', 'orig-2');

/** Perl's remove_spamassassin_markup on the bytes, with the same `.cf`. */
function perlRemove(raw: string, cfText: string): string {
  const dir = mkdtempSync(path.join(tmp, 'perl-'));
  writeFileSync(path.join(dir, 'local.cf'), cfText);
  const script = `
use strict; use Mail::SpamAssassin;
binmode STDIN; binmode STDOUT;
my $raw = do { local $/; <STDIN> };
my $sa = Mail::SpamAssassin->new({ rules_filename => $ARGV[0], site_rules_filename => $ARGV[0],
  userprefs_filename => '/dev/null', dont_copy_prefs => 1, local_tests_only => 1 });
my $msg = $sa->parse($raw);
print $sa->remove_spamassassin_markup($msg);
$msg->finish;`;
  const r = spawnSync('perl', ['-e', script, dir], { input: Buffer.from(raw, 'latin1'), maxBuffer: 1 << 26 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout.toString('latin1');
}

describe.each([0, 1, 2])('report_safe %i', (reportSafe) => {
  const variants: Array<[string, string]> = [
    ['LF', ORIGINAL],
    ['CRLF', ORIGINAL.replace(/\n/g, '\r\n')],
    ['mbox From line', `From a@example.com Mon Dec  7 00:00:00 2026\n${ORIGINAL}`],
    ['no Subject', ORIGINAL.replace(/Subject: [^\n]*\n {2}cheap\n/, '').replace('Buy', 'Buy cheap')],
  ];
  it.each(variants)('strips a rewritten message (%s) as Perl does', async (_name, original) => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf(reportSafe) }]);
    const result = await rs.check(original, { rewrite: true, network: false });
    expect(result.isSpam).toBe(true);
    const rewritten = result.message!.toString('latin1');
    expect(rewritten).not.toBe(original);
    const stripped = removeSpamAssassinMarkup(rewritten, rs.report.rewrite);
    if (reportSafe) {
      // the wrapper gives back the original message, as it was handed to check()
      expect(stripped).toBe((original.startsWith('From ') ? original.slice(0, original.indexOf('\n') + 1) : '') + original.replace(/^From [^\n]*\n/, ''));
    } else {
      expect(stripped).not.toMatch(/^X-Spam-(?!Prev)/im);
      expect(stripped).not.toContain('*****SPAM*****');
    }
    if (perlOk) expect(stripped).toBe(perlRemove(rewritten, cf(reportSafe)));
  });

  it('learns a rewritten message under the same msgid and tokens as the original', async () => {
    const dbA = path.join(tmp, `a${reportSafe}`, 'bayes');
    const dbB = path.join(tmp, `b${reportSafe}`, 'bayes');
    const rsA = compileRuleSet([{ name: 'local.cf', text: cf(reportSafe, dbA) }]);
    const rsB = compileRuleSet([{ name: 'local.cf', text: cf(reportSafe, dbB) }]);
    const spam = (await rsB.check(ORIGINAL, { rewrite: true, network: false })).message!;
    const ham = (await rsB.check(HAM, { rewrite: true, network: false })).message!;
    expect(spam.toString('latin1')).toContain('X-Spam-Checker-Version');
    expect(ham.toString('latin1')).toContain('X-Spam-Checker-Version'); // a ham is marked up too (report_safe 0 headers)
    expect((await rsA.learn(ORIGINAL, 'spam')).status).toBe('learned');
    expect((await rsA.learn(HAM, 'ham')).status).toBe('learned');
    expect((await rsB.learn(markupRemovedForLearning(rsB, spam), 'spam')).status).toBe('learned');
    expect((await rsB.learn(markupRemovedForLearning(rsB, ham), 'ham')).status).toBe('learned');
    // the same msgid: the original is already learned in B's terms
    expect((await rsB.learn(ORIGINAL, 'spam')).status).toBe('already-learned');
    // the same token counts, read back through a memory store
    const memory = async (rs: typeof rsA) => {
      const lines: string[] = [];
      for await (const l of backupLines((await storeFor(bayesSettingsOf(rs)))!)) lines.push(l);
      const data = parseBackup(lines.join('\n') + '\n');
      const store = createMemoryStore();
      await store.restore(data);
      const ids = [...data.tokens].map(([id]) => id);
      const tokens = [...(await store.getTokens(ids))].map(([id, c]) => [id, c.spam, c.ham]);
      return { counts: await store.nspamNham(), tokens: tokens.sort(), seen: [...data.seen].sort() };
    };
    const a = await memory(rsA);
    expect(a.counts).toEqual({ nspam: 1, nham: 1 });
    expect(await memory(rsB)).toEqual(a);
    // forgetting works on the rewritten message too
    expect((await rsB.forget(markupRemovedForLearning(rsB, spam))).status).toBe('learned');
  });
});

describe('markupRemovedForLearning', () => {
  it('leaves a message without X-Spam-Checker-Version alone, as sa-learn and spamd do', () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf(0) }]);
    const raw = Buffer.from(ORIGINAL.replace('Subject: cheap', 'Subject: *****SPAM***** 20.00 cheap'), 'latin1');
    expect(markupRemovedForLearning(rs, raw)).toBe(raw);
    expect(removeSpamAssassinMarkup(raw, rs.report.rewrite).toString('latin1')).toContain('Subject: cheap watches');
  });

  it('answers in the kind it is given: bytes for bytes, text for text (a UTF-8 Subject survives both)', () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf(0) }]);
    const marked = 'X-Spam-Checker-Version: SpamAssassin 4.0.1\nX-Spam-Flag: YES\nSubject: Größe 中奖\n\nbody\n';
    expect(markupRemovedForLearning(rs, marked)).toBe('Subject: Größe 中奖\n\nbody\n');
    const bytes = markupRemovedForLearning(rs, Buffer.from(marked, 'utf8'));
    expect(Buffer.isBuffer(bytes) && bytes.toString('utf8')).toBe('Subject: Größe 中奖\n\nbody\n');
  });
});

describe('markup from older SpamAssassin versions, hand-built', () => {
  const rs = compileRuleSet([{ name: 'local.cf', text: `${cf(0)}\nrewrite_header From (spam)` }]);
  const cases: Array<[string, string, string | undefined]> = [
    [
      'a pre-3.0 Subject tag without X-Spam-Prev-Subject, a From comment, a 2.4x body report',
      'From: a@example.com\t(spam)\nSubject: *****SPAM***** 12.50 hello\nX-Spam-Status: Yes, score=12.5\n\ttests=FOO\nX-Spam-Checker-Version: SpamAssassin 2.64\n\nSPAM: -------- report\nSPAM: FOO hits\nSPAM: -------- end\n\nbody\n',
      'From: a@example.com\nSubject: hello\n\nbody\n',
    ],
    [
      'an X-Spam-Prev-Subject: (nonexistent) (Perl removes the Subject and what follows it)',
      'From: a@example.com\nX-Spam-Prev-Subject: (nonexistent)\nSubject: *****SPAM***** 12.50\nTo: b@example.org\nX-Spam-Checker-Version: SpamAssassin 3.0\n\nbody\n',
      undefined,
    ],
    [
      'an X-Spam-Prev header whose rewritten header is gone, CRLF',
      'From: a@example.com\r\nX-Spam-Prev-To: b@example.org\r\n\tc@example.org\r\nX-Spam-Checker-Version: SpamAssassin 3.0\r\n\r\nbody\r\n',
      undefined,
    ],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    const stripped = removeSpamAssassinMarkup(raw, rs.report.rewrite);
    if (expected !== undefined) expect(stripped).toBe(expected);
    if (perlOk) expect(stripped).toBe(perlRemove(raw, `${cf(0)}\nrewrite_header From (spam)`));
  });
});

describe('spamscore learn (sa-learn) strips the markup', () => {
  it('sees a rewritten message as the original it already learned', async () => {
    const { runLearn } = await import('../../src/cli/learn.js');
    const cfFile = path.join(tmp, 'cli.cf');
    writeFileSync(cfFile, cf(1));
    const rs = compileRuleSet([{ name: 'local.cf', text: cf(1) }]);
    const rewritten = (await rs.check(ORIGINAL, { rewrite: true, network: false })).message!;
    const orig = path.join(tmp, 'orig.eml');
    const wrapped = path.join(tmp, 'wrapped.eml');
    writeFileSync(orig, ORIGINAL, 'latin1');
    writeFileSync(wrapped, rewritten, 'latin1');
    const run = async (file: string, opts: object) => {
      const out: string[] = [];
      await runLearn([file], { rules: [cfFile], dbpath: path.join(tmp, 'cli', 'bayes'), ...opts }, (s) => out.push(s), () => undefined);
      return out;
    };
    expect(await run(orig, { spam: true })).toEqual(['Learned tokens from 1 message(s) (1 message(s) examined)']);
    expect(await run(wrapped, { spam: true })).toEqual(['Learned tokens from 0 message(s) (1 message(s) examined)']);
    expect(await run(wrapped, { forget: true })).toEqual(['Forgot tokens from 1 message(s) (1 message(s) examined)']);
  });
});
