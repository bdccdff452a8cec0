/**
 * Learning with `ruleSet.learn()` builds the database sa-learn builds: 250 ham + 250 spam give
 * the same token lines (counts and atimes), the same seen entries and the same message counts
 * (247 spam: three spam-1 messages were already seen) as Perl's `sa-learn --backup`, and the
 * magic values `sa-learn --dump magic` shows, before and after forgetting.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/index.js';
import { backupLines } from '../../src/bayes/backup.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { runLearn } from '../../src/cli/learn.js';
import { corpusDir, haveCorpus, trainHam, trainSpam } from './corpus.mjs';

const STOCK = '/usr/share/spamassassin';
const backup = path.join(__dirname, 'fixtures', 'perl-bayes-backup.txt.gz');
const magicFixture = path.join(__dirname, 'fixtures', 'perl-learn-magic.txt');

describe.skipIf(!haveCorpus() || !existsSync(STOCK) || !existsSync(backup))('learning 250 ham and 250 spam', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-learn-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("gives sa-learn's database, line for line", async () => {
    const rs = await loadRuleSet({ rules: [STOCK], site: ['/etc/spamassassin'], cf: ['use_bayes 1', `bayes_path ${tmp}/bayes`] });
    const t0 = performance.now();
    const counts = { learned: 0, other: 0 };
    for (const [files, cls] of [
      [trainHam(), 'ham'],
      [trainSpam(), 'spam'],
    ] as const) {
      for (const f of files) {
        const r = await rs.learn(readFileSync(path.join(corpusDir, f)), cls);
        counts[r.status === 'learned' ? 'learned' : 'other']++;
      }
    }
    const ms = performance.now() - t0;
    console.log(`learned ${counts.learned} of 500 in ${(ms / 1000).toFixed(1)} s (${((500 * 1000) / ms).toFixed(0)} messages/s)`);
    await closeBayesStores();
    expect(counts).toEqual({ learned: 497, other: 3 });
    const store = openSqliteStore(`${tmp}/bayes.sqlite`);
    const ours: string[] = [];
    for await (const l of backupLines(store)) ours.push(l.replace(/\n$/, ''));
    await store.close();
    const perl = gunzipSync(readFileSync(backup)).toString('latin1').trim().split('\n');
    const pick = (ls: string[], p: string) => ls.filter((l) => l.startsWith(p)).sort();
    expect(pick(ours, 'v')).toEqual(pick(perl, 'v'));
    expect(pick(ours, 's').length).toBe(pick(perl, 's').length);
    expect(pick(ours, 's')).toEqual(pick(perl, 's'));
    const t = pick(ours, 't');
    const pt = pick(perl, 't');
    expect(t.length).toBe(pt.length);
    expect(t.filter((l, i) => l !== pt[i]).slice(0, 5)).toEqual([]);
  });

  it.skipIf(!existsSync(magicFixture))("keeps DBM's magic values (ntokens, oldest and newest atime), after learning and after forgetting", async () => {
    const [learned, forgot] = readFileSync(magicFixture, 'utf8').split(/^# .*\n/m).filter(Boolean).map((b) => b.trimEnd().split('\n'));
    const dump = async () => {
      const out: string[] = [];
      await runLearn([], { rules: [STOCK], site: ['/etc/spamassassin'], cf: ['use_bayes 1'], dbpath: `${tmp}/bayes`, dump: 'magic' }, (l) => out.push(l), () => undefined);
      return out;
    };
    expect(await dump()).toEqual(learned);
    const rs = await loadRuleSet({ rules: [STOCK], site: ['/etc/spamassassin'], cf: ['use_bayes 1', `bayes_path ${tmp}/bayes`] });
    for (const f of trainHam().slice(0, 20)) expect((await rs.forget(readFileSync(path.join(corpusDir, f)))).status).toBe('learned');
    await closeBayesStores();
    expect(await dump()).toEqual(forgot);
  });
});
