/**
 * Two processes learning into one SQLite store at the same time lose no count: the database
 * they build together equals the one a single process builds from the same messages.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSync } from 'esbuild';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { backupLines } from '../../src/bayes/backup.js';
import { corpusDir, group, haveCorpus } from './corpus.mjs';

const run = promisify(execFile);

async function dump(file: string): Promise<string[]> {
  const store = openSqliteStore(file);
  const lines: string[] = [];
  for await (const l of backupLines(store)) lines.push(l);
  await store.close();
  return lines.sort();
}

describe.skipIf(!haveCorpus())('two learner processes on one SQLite store', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-conc-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keep exact counts', async () => {
    const worker = path.join(tmp, 'worker.mjs');
    buildSync({
      entryPoints: [path.join(__dirname, 'learn-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: worker,
      external: ['better-sqlite3', 'ioredis', 're2'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      nodePaths: [path.resolve(__dirname, '../../node_modules')],
      logLevel: 'silent',
    });
    const spam = group('spam-2', 60).map((f) => path.join(corpusDir, f));
    const ham = group('easy-ham-2', 60).map((f) => path.join(corpusDir, f));
    writeFileSync(path.join(tmp, 'spam.json'), JSON.stringify(spam));
    writeFileSync(path.join(tmp, 'ham.json'), JSON.stringify(ham));
    const env = { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules') };
    // together: both processes at once into one file
    const [a, b] = await Promise.all([
      run(process.execPath, [worker, path.join(tmp, 'shared'), path.join(tmp, 'spam.json'), 'spam'], { env }),
      run(process.execPath, [worker, path.join(tmp, 'shared'), path.join(tmp, 'ham.json'), 'ham'], { env }),
    ]);
    expect([Number(a.stdout), Number(b.stdout)], `not learned: ${a.stderr}${b.stderr}`).toEqual([60, 60]);
    // alone: one process after the other into another file
    await run(process.execPath, [worker, path.join(tmp, 'alone'), path.join(tmp, 'spam.json'), 'spam'], { env });
    await run(process.execPath, [worker, path.join(tmp, 'alone'), path.join(tmp, 'ham.json'), 'ham'], { env });
    const together = await dump(path.join(tmp, 'shared.sqlite'));
    const alone = await dump(path.join(tmp, 'alone.sqlite'));
    expect(together.filter((l) => l.startsWith('v'))).toContain('v\t60\tnum_spam\n');
    expect(together.filter((l) => l.startsWith('v'))).toContain('v\t60\tnum_nonspam\n');
    expect(together.length).toBe(alone.length);
    expect(together).toEqual(alone);
  });
});
