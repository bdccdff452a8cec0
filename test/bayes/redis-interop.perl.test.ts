/**
 * A Redis database spamscore trained serves Perl SpamAssassin: `ruleSet.learn()` writes 250 ham
 * + 250 spam into a real redis-server (Perl's key format), then Perl's `spamassassin` code
 * (test/bayes/perl/oracle.pl, `bayes_store_module …BayesStore::Redis` + `bayes_sql_dsn`) scores
 * 250 held-out messages from it: Perl's Bayes probability and BAYES_xx equal spamscore's on the
 * same database, and equal what Perl answers from the database it trains itself (the
 * perl-bayes-scores fixture).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/index.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import { corpusDir, haveCorpus, scoreCorpus, trainHam, trainSpam } from './corpus.mjs';
import { redisAvailable, startRedis, type RedisServer } from './redis-server.js';

const STOCK = '/usr/share/spamassassin';
const perlFixture = path.join(__dirname, 'fixtures', 'perl-bayes-scores.jsonl.gz');
const havePerl = spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1']).status === 0;
const have = haveCorpus() && existsSync(STOCK) && havePerl && redisAvailable() && existsSync(perlFixture);

interface Answer {
  file: string;
  bayes: number | undefined;
  rules: string;
}

/** Messages whose probability (within 1e-6) and BAYES_xx rules agree. */
function agreement(a: readonly Answer[], b: readonly Answer[]) {
  const byFile = new Map(b.map((x) => [x.file, x]));
  const bad: string[] = [];
  let n = 0;
  for (const x of a) {
    const y = byFile.get(x.file);
    const same =
      y !== undefined &&
      (x.bayes === undefined ? y.bayes === undefined : y.bayes !== undefined && Math.abs(x.bayes - y.bayes) <= 1e-6) &&
      x.rules === y.rules;
    if (same) n++;
    else bad.push(`${x.file}: ${x.bayes} ${x.rules} vs ${y?.bayes} ${y?.rules}`);
  }
  return { n, of: a.length, bad };
}

const perlAnswers = (lines: string): Answer[] =>
  lines
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; bayes_score: string | null; bayes_rules: string[] })
    .map((j) => ({
      file: path.isAbsolute(j.file) ? path.relative(corpusDir, j.file) : j.file,
      bayes: j.bayes_score === null ? undefined : Number(j.bayes_score),
      rules: [...j.bayes_rules].sort().join(),
    }));

describe.skipIf(!have)('a Redis database trained by spamscore, read by Perl SpamAssassin', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await closeBayesStores();
    await redis?.stop();
  });

  it('gives Perl the answers spamscore gives, and the answers of a database Perl trained', async () => {
    const cf = ['use_bayes 1', 'bayes_auto_learn 0', 'bayes_store_module Mail::SpamAssassin::BayesStore::Redis', `bayes_sql_dsn server=127.0.0.1:${redis.port};database=3`];
    const rs = await loadRuleSet({ rules: [STOCK], site: ['/etc/spamassassin'], cf });
    let learned = 0;
    for (const [files, cls] of [
      [trainHam(), 'ham'],
      [trainSpam(), 'spam'],
    ] as const) {
      for (const f of files) if ((await rs.learn(readFileSync(path.join(corpusDir, f)), cls)).status === 'learned') learned++;
    }
    expect(learned).toBe(497);

    const ours: Answer[] = [];
    for (const f of scoreCorpus()) {
      const r = await rs.check(readFileSync(path.join(corpusDir, f)));
      ours.push({ file: f, bayes: r.bayes, rules: r.hits.map((h) => h.name).filter((n) => n.startsWith('BAYES_')).sort().join() });
    }
    await closeBayesStores();

    const out = execFileSync('perl', [path.join(__dirname, 'perl', 'oracle.pl'), ...cf, '--', ...scoreCorpus().map((f) => path.join(corpusDir, f))], {
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString('latin1');
    const perl = perlAnswers(out);
    const own = perlAnswers(gunzipSync(readFileSync(perlFixture)).toString('latin1'));

    const withOurs = agreement(perl, ours);
    const withOwn = agreement(perl, own);
    console.log(`Perl on spamscore's Redis: ${withOurs.n}/${withOurs.of} equal to spamscore, ${withOwn.n}/${withOwn.of} equal to Perl on its own database`);
    expect(perl.length).toBe(scoreCorpus().length);
    expect(perl.filter((p) => p.bayes !== undefined).length).toBe(perl.length);
    expect(withOurs.n, withOurs.bad.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(Math.ceil(0.995 * withOurs.of));
    expect(withOwn.n, withOwn.bad.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(Math.ceil(0.995 * withOwn.of));
  }, 900_000);
});
