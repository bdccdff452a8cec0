/**
 * Token expiry as SA's DBM store does it (BayesStore.pm `expiry_due`,
 * `expire_old_tokens_trapped`; DBM.pm `calculate_expire_delta`, `token_expiration`), on the
 * SQLite and memory stores: `spamscore learn --force-expire` gives Perl's output, magic values
 * and remaining tokens on a 130,000-token database (first-pass search, then the estimate from
 * the previous run, then a run with too little to remove); and a scan expires when it is due.
 * Fixture: node test/bayes/perl/make-expiry-fixtures.mjs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLearn } from '../../src/cli/learn.js';
import { expireIfDue, expiryDue } from '../../src/bayes/expire.js';
import { createMemoryStore } from '../../src/bayes/memory-store.js';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { parseBackup, backupLines } from '../../src/bayes/backup.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import type { BayesStore, StoreMagic } from '../../src/bayes/store.js';
import { compileRuleSet } from '../../src/index.js';
import { EXPIRY_RUNS, NEWEST, expiryBackup, tokenDigest } from './expiry-data.mjs';

interface PerlRun {
  maxDbSize: number;
  out: string[];
  magic: string[];
  tokens: number;
  sha1: string;
}
const fixture = path.join(__dirname, 'fixtures', 'perl-expiry.json');
const perlRuns = (): PerlRun[] => (JSON.parse(readFileSync(fixture, 'utf8')) as { runs: PerlRun[] }).runs;
const backup = expiryBackup();

/** The fixture's form of `--dump magic`: the last expiry time is `now` when set by this run. */
const magicLines = (lines: string[], since: number) =>
  lines.map((l) => l.replace(/^(0\.000 +0 +)(\d+)( +0  non-token data: last expiry atime)$/, (m, a: string, t: string, b: string) => (Number(t) >= since ? `${a}now${b}` : m)));

const MAGIC0: StoreMagic = {
  dbVersion: 3, nspam: 400, nham: 600, ntokens: 150001, oldestAtime: NEWEST - 86400, newestAtime: NEWEST,
  lastJournalSync: 0, lastExpire: 0, lastExpireAtimeDelta: 0, lastExpireReduce: 0,
};
const CONF = { autoExpire: true, maxDbSize: 150000 };

describe('when an expiry is due', () => {
  const now = NEWEST + 3600;
  it('is due for a large database whose atimes span 12 hours, at most every 12 hours', () => {
    expect(expiryDue(MAGIC0, CONF, now)).toBe(true);
    expect(expiryDue({ ...MAGIC0, lastExpire: now - 43199 }, CONF, now)).toBe(false);
    expect(expiryDue({ ...MAGIC0, lastExpire: now - 43200 }, CONF, now)).toBe(true);
  });
  it('is not due with bayes_auto_expire 0, 100,000 tokens or fewer, fewer than bayes_expiry_max_db_size, or a short span', () => {
    expect(expiryDue(MAGIC0, { ...CONF, autoExpire: false }, now)).toBe(false);
    expect(expiryDue({ ...MAGIC0, ntokens: 100000 }, { ...CONF, maxDbSize: 1000 }, now)).toBe(false);
    expect(expiryDue({ ...MAGIC0, ntokens: 149999 }, CONF, now)).toBe(false);
    expect(expiryDue({ ...MAGIC0, oldestAtime: NEWEST - 43199 }, CONF, now)).toBe(false);
  });
  it('is always due when forced (sa-learn --force-expire)', () => {
    expect(expiryDue({ ...MAGIC0, ntokens: 10, lastExpire: now }, { ...CONF, autoExpire: false, force: true }, now)).toBe(true);
  });
});

describe('an expiry run', () => {
  it('on a small database removes nothing and records the time of the run', async () => {
    const store = createMemoryStore();
    await store.restore(parseBackup(expiryBackup(5000)));
    const o = await expireIfDue(store, { ...CONF, force: true }, NEWEST + 10);
    expect(o).toEqual({ status: 'skipped', reason: 'small-goal' });
    expect(await store.magic()).toMatchObject({ ntokens: 5000, lastExpire: NEWEST + 10, lastExpireReduce: 0 });
  });

  it('that would keep fewer than 100,000 tokens removes nothing and makes the next run search again', async () => {
    const store = openSqliteStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'spamscore-expire-')), 'b.sqlite'));
    try {
      await store.restore(parseBackup(expiryBackup(110000)));
      const before = await store.magic();
      const counts = await store.withExpiry!((b) => b.expireTokens(86400, b.vars(), NEWEST + 5));
      expect(counts).toEqual({ kept: 110000, deleted: 0, hapaxes: 0, lowFreq: 0 });
      expect(await store.magic()).toEqual({ ...before, lastExpire: NEWEST + 5, lastExpireAtimeDelta: 0, lastExpireReduce: 0 });
    } finally {
      await store.close();
    }
  });

  it('is skipped by Redis-like stores, which expire by themselves', async () => {
    const store = createMemoryStore();
    const noExpiry: BayesStore = { ...store, withExpiry: undefined };
    expect(await expireIfDue(noExpiry, { ...CONF, force: true })).toBeUndefined();
  });
});

describe.skipIf(!existsSync(fixture))('spamscore learn --force-expire on 130,000 tokens', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-expire-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  writeFileSync(path.join(tmp, 'rules.cf'), 'loadplugin Mail::SpamAssassin::Plugin::Bayes\n');
  const run = async (opts: object) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runLearn([], { rules: [path.join(tmp, 'rules.cf')], dbpath: path.join(tmp, 'db', 'bayes'), ...opts }, (s) => out.push(s), (s) => err.push(s));
    expect(err).toEqual([]);
    expect(code).toBe(0);
    return out;
  };

  it("prints Perl's summaries and leaves Perl's magic values and tokens, run after run", async () => {
    writeFileSync(path.join(tmp, 'backup.txt'), backup);
    await run({ restore: path.join(tmp, 'backup.txt') });
    for (const perl of perlRuns()) {
      const since = Math.floor(Date.now() / 1000);
      const out = await run({ forceExpire: true, cf: [`bayes_expiry_max_db_size ${perl.maxDbSize}`] });
      expect(out.map((l) => l.replace(/in \d+ seconds/, 'in N seconds'))).toEqual(perl.out);
      expect(magicLines(await run({ dump: 'magic' }), since)).toEqual(perl.magic);
      expect(tokenDigest(await run({ backup: true }))).toEqual({ tokens: perl.tokens, sha1: perl.sha1 });
    }
  });
});

describe.skipIf(!existsSync(fixture))('the memory store', () => {
  it('expires as the DBM store does', async () => {
    const store = createMemoryStore();
    await store.restore(parseBackup(backup));
    for (const perl of perlRuns()) {
      const o = await expireIfDue(store, { ...CONF, maxDbSize: perl.maxDbSize, force: true });
      if (perl.out.length) expect(o).toMatchObject({ status: 'expired', kept: perl.tokens });
      else expect(o).toMatchObject({ status: 'skipped' });
      const lines: string[] = [];
      for await (const l of backupLines(store)) lines.push(l.slice(0, -1));
      expect(tokenDigest(lines)).toEqual({ tokens: perl.tokens, sha1: perl.sha1 });
    }
  });
});

describe('a scan', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-expire-scan-'));
  afterAll(async () => {
    await closeBayesStores();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Restores the backup into DIR's SQLite store, then scans one message with Bayes on (plus `extra` lines). */
  async function scanWithBayes(dir: string, extra: string[] = []): Promise<void> {
    const store = openSqliteStore(path.join(dir, 'bayes.sqlite'));
    await store.restore(parseBackup(backup));
    await store.close();
    const rs = compileRuleSet([
      {
        name: 'local.cf',
        text: [
          'loadplugin Mail::SpamAssassin::Plugin::Bayes',
          `bayes_path ${path.join(dir, 'bayes')}`,
          'bayes_auto_learn 0',
          ...extra,
          'bayes_expiry_max_db_size 120000',
          'body BAYES_50 eval:check_bayes(0.40, 0.60)',
          'tflags BAYES_50 learn',
        ].join('\n'),
      },
    ]);
    await rs.check('From: a@example.com\nSubject: hello\n\nhello world\n');
    await closeBayesStores();
  }

  it('expires old tokens when an expiry is due, as SA does at the end of a Bayes scan', async () => {
    await scanWithBayes(tmp);
    // the same expiry, run on the memory store
    const reference = createMemoryStore();
    await reference.restore(parseBackup(backup));
    const o = await expireIfDue(reference, { autoExpire: true, maxDbSize: 120000 });
    expect(o).toMatchObject({ status: 'expired', method: 'first-pass' });
    const after = openSqliteStore(path.join(tmp, 'bayes.sqlite'));
    try {
      const { lastExpire, ...rest } = await after.magic();
      const { lastExpire: refLast, ...want } = await reference.magic();
      expect(rest).toEqual(want);
      expect(lastExpire).toBeGreaterThanOrEqual(refLast - 60);
    } finally {
      await after.close();
    }
  });

  it('does not expire when bayes_auto_expire is 0', async () => {
    const dir = mkdtempSync(path.join(tmp, 'off-'));
    await scanWithBayes(dir, ['bayes_auto_expire 0']);
    const after = openSqliteStore(path.join(dir, 'bayes.sqlite'));
    try {
      expect(await after.magic()).toMatchObject({ ntokens: 130000, lastExpire: 0 });
    } finally {
      await after.close();
    }
  });
});
