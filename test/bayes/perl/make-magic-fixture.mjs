#!/usr/bin/env node
// Regenerates test/bayes/fixtures/perl-learn-magic.txt: `sa-learn --dump magic` after Perl
// SpamAssassin 4.0.1 learned the 250 ham + 250 spam of the score fixtures (../corpus.mjs), then
// forgot 20 of the ham: the magic values (ntokens, oldest and newest atime…) a DBM store keeps.
//   node test/bayes/perl/make-magic-fixture.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, trainHam, trainSpam } from '../corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const abs = (fs) => fs.map((f) => path.join(corpusDir, f));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bayes-magic-'));
try {
  const db = ['--dbpath', path.join(tmp, 'bayes')];
  execFileSync('sa-learn', [...db, '--ham', ...abs(trainHam())]);
  execFileSync('sa-learn', [...db, '--spam', ...abs(trainSpam())]);
  const learned = execFileSync('sa-learn', [...db, '--dump', 'magic']).toString();
  execFileSync('sa-learn', [...db, '--forget', ...abs(trainHam().slice(0, 20))]);
  const forgot = execFileSync('sa-learn', [...db, '--dump', 'magic']).toString();
  writeFileSync(path.join(here, '..', 'fixtures', 'perl-learn-magic.txt'), `# after learning\n${learned}# after forgetting 20 ham\n${forgot}`);
  console.log(learned + forgot);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
