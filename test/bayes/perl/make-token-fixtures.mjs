#!/usr/bin/env node
// Regenerates test/bayes/fixtures/perl-tokens-{learn,scan}.txt.gz: the token ids Perl
// SpamAssassin 4.0.1 computes for the tokenizer test's 300 corpus messages, on both paths.
//   node test/bayes/perl/make-token-fixtures.mjs      (needs `perl` with Mail::SpamAssassin and sa-learn)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenCorpus, corpusDir } from '../corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = tokenCorpus();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bayes-oracle-'));
try {
  const db = path.join(tmp, 'bayes');
  // A database with one ham and one spam (from outside the test set) so that the scan runs check_bayes.
  execFileSync('sa-learn', ['--dbpath', db, '--ham', path.join(corpusDir, 'easy-ham-2', '00001.1a31cc283af0060967a233d26548a6ce.txt')]);
  execFileSync('sa-learn', ['--dbpath', db, '--spam', path.join(corpusDir, 'spam-2', '00001.317e78fa8ee2f54cd4890fdc09ba8176.txt')]);
  for (const mode of ['learn', 'scan']) {
    const out = execFileSync('perl', [path.join(here, 'toks-batch.pl'), mode, db, ...files.map((f) => path.join(corpusDir, f))], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString('latin1');
    // Keep ids only, file names relative to the corpus.
    const lines = out.split('\n').map((l) => (l.startsWith('#FILE ') ? '#FILE ' + path.relative(corpusDir, l.slice(6)) : l.split('\t')[0]));
    writeFileSync(path.join(here, '..', 'fixtures', `perl-tokens-${mode}.txt.gz`), gzipSync(lines.join('\n')));
    console.log(`${mode}: ${files.length} messages`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
