#!/usr/bin/env node
// Regenerates test/bayes/fixtures/perl-ignore.json: what Perl SpamAssassin 4.0.1 does with
// bayes_ignore_from / bayes_ignore_to (../ignore-cases.mjs) on the Perl-trained database
// (perl-bayes-backup.txt.gz restored into DBM): the scan of each message with autolearn on
// (oracle.pl: Bayes score, BAYES_xx, score set, tags, autolearn), the message counts after,
// and sa-learn --ham of each message with and without --use-ignores.
//   node test/bayes/perl/make-ignore-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IGNORE_CASES, IGNORE_CF } from '../ignore-cases.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '..', 'fixtures');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bayes-ignore-'));
try {
  const backup = path.join(tmp, 'backup.txt');
  writeFileSync(backup, gunzipSync(readFileSync(path.join(fixtures, 'perl-bayes-backup.txt.gz'))));
  const files = IGNORE_CASES.map(([, text], i) => {
    const f = path.join(tmp, `case${i}.eml`);
    writeFileSync(f, text);
    return f;
  });
  const fresh = (name) => {
    const db = path.join(tmp, name, 'bayes');
    execFileSync('sa-learn', ['--dbpath', db, '--restore', backup]);
    return db;
  };
  const cf = IGNORE_CF.flatMap((l) => [`--cf=${l}`]);
  const scanDb = fresh('scan');
  const scans = execFileSync('perl', [path.join(here, 'oracle.pl'), `bayes_path ${scanDb}`, 'bayes_auto_learn 1', 'use_bayes 1', ...IGNORE_CF, '--', ...files], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .toString('latin1')
    .trim()
    .split('\n')
    .map((l, i) => {
      const j = JSON.parse(l);
      return { case: IGNORE_CASES[i][0], scoreset: j.scoreset, score: j.score, bayes_score: j.bayes_score, bayes_rules: j.bayes_rules, tags: j.tags };
    });
  const after = execFileSync('sa-learn', ['--dbpath', scanDb, '--dump', 'magic']).toString().split('\n').slice(1, 3).map((l) => Number(l.trim().split(/\s+/)[2]));
  const learn = files.map((f, i) => {
    const run = (extra) => execFileSync('sa-learn', ['--dbpath', fresh(`learn${i}${extra.length}`), ...cf, ...extra, '--ham', f]).toString().trim();
    return { case: IGNORE_CASES[i][0], plain: run([]), useIgnores: run(['--use-ignores']) };
  });
  writeFileSync(path.join(fixtures, 'perl-ignore.json'), JSON.stringify({ scans, after: { nspam: after[0], nham: after[1] }, learn }, null, 1) + '\n');
  for (const s of scans) console.log(s.case, '|', s.bayes_score, s.bayes_rules.join(), '|', s.tags.AUTOLEARN, '|', s.tags.TOKENSUMMARY);
  console.log(after, learn);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
