#!/usr/bin/env node
// Regenerates test/bayes/fixtures/perl-expiry.json: what Perl SpamAssassin 4.0.1's DBM store
// does on `sa-learn --force-expire` runs over the synthetic database of ../expiry-data.mjs
// (restored with `sa-learn --restore`): each run's output, `--dump magic` and a digest of the
// tokens left (`--backup`, sorted). Times that depend on the clock are left out.
//   node test/bayes/perl/make-expiry-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPIRY_RUNS, expiryBackup, tokenDigest } from '../expiry-data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bayes-expiry-'));
const run = (...args) => execFileSync('sa-learn', ['--dbpath', path.join(tmp, 'bayes'), ...args], { maxBuffer: 1 << 30 }).toString('latin1');
// the magic values, the last expiry time as 'now' when it is the run's (it depends on the clock)
const magic = (since) =>
  run('--dump', 'magic')
    .trim()
    .split('\n')
    .map((l) => l.replace(/^(0\.000 +0 +)(\d+)( +0  non-token data: last expiry atime)$/, (m, a, t, b) => (Number(t) >= since ? `${a}now${b}` : m)));
try {
  const backup = path.join(tmp, 'backup.txt');
  writeFileSync(backup, expiryBackup());
  run('--restore', backup);
  const runs = [];
  for (const max of EXPIRY_RUNS) {
    const since = Math.floor(Date.now() / 1000);
    const out = run(`--cf=bayes_expiry_max_db_size ${max}`, '--force-expire')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/in \d+ seconds/, 'in N seconds'));
    runs.push({ maxDbSize: max, out, magic: magic(since), ...tokenDigest(run('--backup').split('\n')) });
    console.log(max, out[1] ?? '(nothing expired)');
  }
  writeFileSync(path.join(here, '..', 'fixtures', 'perl-expiry.json'), JSON.stringify({ runs }, null, 1) + '\n');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
