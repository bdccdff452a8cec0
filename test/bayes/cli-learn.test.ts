/** `spamscore learn`: learning from a directory, the summary line, --dump magic, --backup, --restore, --clear. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLearn } from '../../src/cli/learn.js';
import { corpusDir, haveCorpus } from './corpus.mjs';

describe.skipIf(!haveCorpus())('spamscore learn', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-cli-learn-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const rules = path.join(tmp, 'rules');
  writeFileSync(path.join(tmp, 'rules.cf'), 'loadplugin Mail::SpamAssassin::Plugin::Bayes\n');
  const base = { rules: [path.join(tmp, 'rules.cf')], dbpath: path.join(tmp, 'db', 'bayes') };
  const run = async (inputs: string[], opts: object) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLearn(inputs, { ...base, ...opts }, (s) => out.push(s), (s) => err.push(s));
    return { code, out, err };
  };
  void rules;

  it('learns a folder and prints sa-learn\'s summary line', async () => {
    const r = await run([path.join(corpusDir, 'spam-2', '00001.317e78fa8ee2f54cd4890fdc09ba8176.txt'), path.join(corpusDir, 'spam-2', '00002.9438920e9a55591b18e60d1ed37d992b.txt')], { spam: true });
    expect(r.out).toEqual(['Learned tokens from 2 message(s) (2 message(s) examined)']);
    const again = await run([path.join(corpusDir, 'spam-2', '00001.317e78fa8ee2f54cd4890fdc09ba8176.txt')], { spam: true });
    expect(again.out).toEqual(['Learned tokens from 0 message(s) (1 message(s) examined)']);
  });

  it('dumps the magic values in sa-learn\'s layout', async () => {
    const r = await run([], { dump: 'magic' });
    expect(r.out[0]).toBe('0.000          0          3          0  non-token data: bayes db version');
    expect(r.out[1]).toBe('0.000          0          2          0  non-token data: nspam');
  });

  it('backs up, clears and restores', async () => {
    const b = await run([], { backup: true });
    expect(b.out[0]).toBe('v\t3\tdb_version # this must be the first line!!!');
    const file = path.join(tmp, 'backup.txt');
    writeFileSync(file, b.out.join('\n') + '\n');
    expect((await run([], { clear: true })).code).toBe(0);
    expect((await run([], { dump: 'magic' })).out[1]).toContain(' 0          0  non-token data: nspam');
    expect((await run([], { restore: file })).code).toBe(0);
    expect((await run([], { backup: true })).out.sort()).toEqual([...b.out].sort());
  });
});
