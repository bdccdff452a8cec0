#!/usr/bin/env node
// Regenerates test/bayes/fixtures/perl-bayes-backup.txt.gz (a database Perl SpamAssassin 4.0.1
// trained with sa-learn on 250 ham + 250 spam, in `sa-learn --backup` format) and
// perl-bayes-scores.jsonl.gz (Perl's Bayes answers for 250 held-out messages, oracle.pl).
//   node test/bayes/perl/make-score-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, trainHam, trainSpam, scoreCorpus, autolearnCorpus } from '../corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const abs = (fs) => fs.map((f) => path.join(corpusDir, f));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bayes-oracle-'));
try {
  const db = path.join(tmp, 'a', 'bayes');
  console.log(execFileSync('sa-learn', ['--dbpath', db, '--ham', ...abs(trainHam())]).toString().trim());
  console.log(execFileSync('sa-learn', ['--dbpath', db, '--spam', ...abs(trainSpam())]).toString().trim());
  const backup = execFileSync('sa-learn', ['--dbpath', db, '--backup'], { maxBuffer: 1 << 30 });
  writeFileSync(path.join(here, '..', 'fixtures', 'perl-bayes-backup.txt.gz'), gzipSync(backup));
  // Scans write the journal: score from a copy.
  cpSync(path.join(tmp, 'a'), path.join(tmp, 'b'), { recursive: true });
  const out = execFileSync('perl', [path.join(here, 'oracle.pl'), `bayes_path ${path.join(tmp, 'b', 'bayes')}`, 'bayes_auto_learn 0', 'use_bayes 1', '--', ...abs(scoreCorpus())], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString('latin1');
  const lines = out.trim().split('\n').map((l) => {
    const j = JSON.parse(l);
    j.file = path.relative(corpusDir, j.file);
    return JSON.stringify(j);
  });
  writeFileSync(path.join(here, '..', 'fixtures', 'perl-bayes-scores.jsonl.gz'), gzipSync(lines.join('\n') + '\n'));
  console.log(`scores: ${lines.length} messages`);
  // Autolearn: a fresh DBM restored from the backup, 60 messages scanned in order with
  // bayes_auto_learn 1 (each learn changes what the next message sees).
  const bk = path.join(tmp, 'backup.txt');
  writeFileSync(bk, backup);
  const db3 = path.join(tmp, 'c', 'bayes');
  execFileSync('sa-learn', ['--dbpath', db3, '--restore', bk]);
  const al = execFileSync('perl', [path.join(here, 'oracle.pl'), `bayes_path ${db3}`, 'bayes_auto_learn 1', 'use_bayes 1', '--', ...abs(autolearnCorpus())], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString('latin1');
  const alLines = al.trim().split('\n').map((l) => {
    const j = JSON.parse(l);
    return JSON.stringify({ file: path.relative(corpusDir, j.file), autolearn: j.tags.AUTOLEARN, autolearnscore: String(j.tags.AUTOLEARNSCORE), score: j.score, bayes_score: j.bayes_score });
  });
  writeFileSync(path.join(here, '..', 'fixtures', 'perl-autolearn.jsonl.gz'), gzipSync(alLines.join('\n') + '\n'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
