/**
 * `bayes_ignore_from` / `bayes_ignore_to`: a message from or to a listed address gets no Bayes
 * score and is not autolearned, and `--use-ignores` learning skips it, exactly as Perl
 * SpamAssassin does on the same database (globs, case, Cc, X-Envelope-From, Resent-From).
 * Fixture: node test/bayes/perl/make-ignore-fixtures.mjs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/index.js';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { parseBackup } from '../../src/bayes/backup.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import { learnRaw } from '../../src/check/learn.js';
import { runLearn } from '../../src/cli/learn.js';
import { IGNORE_CASES, IGNORE_CF } from './ignore-cases.mjs';

const STOCK = '/usr/share/spamassassin';
const fixtures = path.join(__dirname, 'fixtures');
const fixture = path.join(fixtures, 'perl-ignore.json');
const have = existsSync(STOCK) && existsSync(fixture);

interface PerlIgnore {
  scans: Array<{ case: string; scoreset: number; score: number; bayes_score: string | null; bayes_rules: string[]; tags: Record<string, string> }>;
  after: { nspam: number; nham: number };
  learn: Array<{ case: string; plain: string; useIgnores: string }>;
}

const TAGS = ['BAYES', 'BAYESTC', 'BAYESTCLEARNED', 'BAYESTCSPAMMY', 'BAYESTCHAMMY', 'TOKENSUMMARY', 'AUTOLEARN'];

describe.skipIf(!have)('bayes_ignore_from and bayes_ignore_to', () => {
  const perl = JSON.parse(readFileSync(fixture, 'utf8')) as PerlIgnore;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-bayes-ignore-'));
  afterAll(async () => {
    await closeBayesStores();
    rmSync(tmp, { recursive: true, force: true });
  });
  const restored = async (name: string) => {
    const store = openSqliteStore(path.join(tmp, name, 'bayes.sqlite'));
    await store.restore(parseBackup(gunzipSync(readFileSync(path.join(fixtures, 'perl-bayes-backup.txt.gz'))).toString('latin1')));
    await store.close();
    return path.join(tmp, name, 'bayes');
  };
  const ruleSet = async (bayesPath: string, autolearn: boolean) =>
    loadRuleSet({
      rules: [STOCK],
      site: ['/etc/spamassassin'],
      cf: ['use_bayes 1', `bayes_auto_learn ${autolearn ? 1 : 0}`, `bayes_path ${bayesPath}`, ...IGNORE_CF, `add_header all BayesIgnore ${TAGS.map((t) => `${t}=_${t}_`).join('|')}`],
    });

  it("skip Bayes and autolearn for the listed senders and recipients, as Perl's scan does", async () => {
    const rs = await ruleSet(await restored('scan'), true);
    const got = [];
    for (const [name, text] of IGNORE_CASES) {
      const r = await rs.check(text);
      const hdr = (r.headers.find(([n]) => n === 'X-Spam-BayesIgnore')?.[1] ?? '').replace(/\s+/g, ' ');
      const tags = Object.fromEntries(hdr.split('|').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      got.push({
        case: name,
        // the score says the score set: 2, Bayes available, for every message
        score: r.score,
        bayes: r.bayes,
        rules: r.hits.map((h) => h.name).filter((n) => n.startsWith('BAYES_')),
        tags,
      });
    }
    const want = perl.scans.map((p) => ({
      case: p.case,
      score: p.score,
      bayes: p.bayes_score === null ? undefined : expect.closeTo(Number(p.bayes_score), 12),
      rules: p.bayes_rules,
      tags: Object.fromEntries(TAGS.map((t) => [t, String(p.tags[t] ?? '').replace(/\s+/g, ' ')])),
    }));
    expect(got).toEqual(want);
    await closeBayesStores();
    const store = openSqliteStore(path.join(tmp, 'scan', 'bayes.sqlite'));
    expect(await store.nspamNham()).toEqual(perl.after);
    await store.close();
  });

  it('are applied to learning only when asked (sa-learn --use-ignores)', async () => {
    const rs = await ruleSet(await restored('learn'), false);
    IGNORE_CASES.forEach(([name], i) => expect(perl.learn[i]!.case).toBe(name));
    for (const [i, [, text]] of IGNORE_CASES.entries()) {
      const count = (line: string) => Number(/from (\d+) message/.exec(line)![1]);
      for (const [useIgnores, line] of [
        [false, perl.learn[i]!.plain],
        [true, perl.learn[i]!.useIgnores],
      ] as const) {
        const r = await learnRaw(rs, text, 'ham', { useIgnores });
        expect([IGNORE_CASES[i]![0], useIgnores, r.status]).toEqual([IGNORE_CASES[i]![0], useIgnores, count(line) ? 'learned' : 'ignored']);
        if (r.status === 'learned') expect((await rs.forget(text)).status).toBe('learned');
      }
    }
  });

  it('make spamscore learn --use-ignores print what sa-learn --use-ignores prints', async () => {
    const dbpath = await restored('cli');
    const file = path.join(tmp, 'ignored.eml');
    writeFileSync(file, IGNORE_CASES[0]![1]);
    const run = async (useIgnores: boolean) => {
      const out: string[] = [];
      await runLearn([file], { rules: [STOCK], site: ['/etc/spamassassin'], cf: IGNORE_CF, dbpath, ham: true, useIgnores }, (l) => out.push(l), () => undefined);
      return out;
    };
    expect(await run(true)).toEqual([perl.learn[0]!.useIgnores]);
    expect(await run(false)).toEqual([perl.learn[0]!.plain]);
  });
});
