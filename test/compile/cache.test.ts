/**
 * The compiled-rules cache (src/rule-cache.ts, src/compile/cache/): `loadRuleSet()` reads a
 * current entry instead of compiling, gives exactly what compiling gives, and falls back to
 * compiling — with a diagnostic, never an error — when the entry is stale or damaged.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRuleSet, type LoadOptions } from '../../src/load-rule-set.js';
import type { CacheOutcome } from '../../src/rule-cache.js';
import { withUserPrefs } from '../../src/rule-set.js';
import type { RuleSet } from '../../src/rule-set.js';
import type { CheckResult } from '../../src/check/check.js';
import { runCompile } from '../../src/cli/compile.js';
import { localeFromEnv } from '../../src/config/line-reader.js';

const shared = path.resolve(__dirname, '../../../shared/spamassassin-4.0.1');
const fixtures = path.resolve(__dirname, '../../fixtures/messages');

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-cache-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** loadRuleSet through the cache in `dir`; returns the rule set and what the lookup found. */
async function load(options: LoadOptions, dir: string, write = false): Promise<{ rs: RuleSet; status: CacheOutcome['status'] | undefined; file: string | undefined }> {
  let outcome: CacheOutcome | undefined;
  const rs = await loadRuleSet({ ...options, cache: { dir, write, onOutcome: (o) => (outcome = o) } });
  return { rs, status: outcome?.status, file: outcome?.file };
}

/** What a scan gives, as data (every field a caller sees). */
const seen = (r: CheckResult) => JSON.stringify(r);

/** Everything a rule set holds besides its plugins' functions. */
const contents = (rs: RuleSet) =>
  JSON.stringify({ json: rs.toJSON(), rules: [...rs.rules.values()], settings: [...rs.settings].map(([k, v]) => [k, v instanceof Map ? [...v] : v]), directives: rs.directives, plugins: rs.pluginsLoaded, files: rs.files, diagnostics: rs.diagnostics, tl: rs.timeLimitScores }, (_k, v: unknown) => (v instanceof Set ? [...v] : v));

const MESSAGE = 'From: a@example.com\nTo: b@example.com\nSubject: free money\n\nBuy cheap pills now\n';

/** A small rule directory: local.cf, plus an included file. */
function rulesDir(body = '/cheap pills/'): string {
  const dir = path.join(tmp, 'rules');
  rmSync(dir, { recursive: true, force: true });
  const fs = { 'local.cf': `body PILLS ${body}\nscore PILLS 2.5\nheader __FREE Subject =~ /free/\nmeta BOTH PILLS && __FREE\nscore BOTH 1\ninclude extra.inc\n`, 'extra.inc': 'describe PILLS Mentions pills\n' };
  mkdirSync(dir);
  for (const [f, t] of Object.entries(fs)) writeFileSync(path.join(dir, f), t);
  return dir;
}

describe('the compiled-rules cache', () => {
  it('is written by a compile, then read by the next load, which gives the same rule set and the same scores', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    const written = await load({ rules, site: [] }, cache, true);
    expect(written.status).toBe('written');
    expect(existsSync(written.file!)).toBe(true);
    const read = await load({ rules, site: [] }, cache);
    expect(read.status).toBe('hit');
    expect(read.file).toBe(written.file);
    const compiled = await loadRuleSet({ rules, site: [], cache: false });
    expect(contents(read.rs)).toBe(contents(compiled));
    expect(seen(await read.rs.check(MESSAGE))).toBe(seen(await compiled.check(MESSAGE)));
    expect((await read.rs.check(MESSAGE)).hits.map((h) => h.name)).toEqual(['PILLS', 'BOTH']);
  });

  it('finds no entry for other files or other cf lines, and one per configuration in the same directory', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    await load({ rules, site: [] }, cache, true);
    expect((await load({ rules, site: [], cf: 'score PILLS 3' }, cache)).status).toBe('absent');
    await load({ rules, site: [], cf: 'score PILLS 3' }, cache, true);
    expect(readdirSync(cache).filter((f) => f.endsWith('.ssc'))).toHaveLength(2);
    const withCf = await load({ rules, site: [], cf: 'score PILLS 3' }, cache);
    expect(withCf.status).toBe('hit');
    expect(withCf.rs.rules.get('PILLS')!.scores[0]).toBe(3);
  });

  it('is stale once a rule file changes: the rules are compiled from the files, with an info diagnostic', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    await load({ rules, site: [] }, cache, true);
    writeFileSync(path.join(rules, 'local.cf'), readFileSync(path.join(rules, 'local.cf'), 'latin1').replace('cheap pills', 'cheap pillz'), 'latin1');
    const stale = await load({ rules, site: [] }, cache);
    expect(stale.status).toBe('stale');
    expect(stale.rs.diagnostics.filter((d) => d.code === 'compiled-cache').map((d) => d.severity)).toEqual(['info']);
    expect((await stale.rs.check(MESSAGE)).hits.map((h) => h.name)).toEqual([]);
    expect(stale.rs.rules.get('PILLS')!.text).toBe('/cheap pillz/');
  });

  it('is stale once a file read through `include` changes', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    await load({ rules, site: [] }, cache, true);
    writeFileSync(path.join(rules, 'extra.inc'), 'describe PILLS Something else\n');
    const stale = await load({ rules, site: [] }, cache);
    expect(stale.status).toBe('stale');
    expect(stale.rs.rules.get('PILLS')!.description).toBe('Something else');
  });

  it('is stale when written by another spamscore version', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    const { file } = await load({ rules, site: [] }, cache, true);
    const bytes = readFileSync(file!, 'latin1');
    writeFileSync(file!, bytes.replace(/"spamscore":"[^"]*"/, '"spamscore":"0.0.0-other"'), 'latin1');
    expect((await load({ rules, site: [] }, cache)).status).toBe('stale');
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, b.length - 100)],
    ['one byte changed', (b: Buffer) => Buffer.concat([b.subarray(0, b.length - 10), Buffer.from([b[b.length - 10]! ^ 0xff]), b.subarray(b.length - 9)])],
    ['not a cache file', () => Buffer.from('hello\n')],
    ['empty', () => Buffer.alloc(0)],
  ])('that is damaged (%s) gives a warning and the compiled rules, never an error', async (_what, damage) => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    const { file } = await load({ rules, site: [] }, cache, true);
    writeFileSync(file!, damage(readFileSync(file!)));
    const damaged = await load({ rules, site: [] }, cache);
    expect(damaged.status).toBe('damaged');
    const notes = damaged.rs.diagnostics.filter((d) => d.code === 'compiled-cache');
    expect(notes.map((d) => d.severity)).toEqual(['warning']);
    expect(notes[0]!.message).toContain(file!);
    expect(damaged.rs.errorCount).toBe(0);
    const compiled = await loadRuleSet({ rules, site: [], cache: false });
    expect(seen(await damaged.rs.check(MESSAGE))).toBe(seen(await compiled.check(MESSAGE)));
  });

  it('is what `spamscore compile --out DIR` writes', async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    const out: string[] = [];
    const err: string[] = [];
    const site = path.join(tmp, 'site');
    mkdirSync(site);
    expect(await runCompile({ rules: [rules], site: [site], out: cache }, (s) => out.push(s), (s) => err.push(s))).toBe(0);
    expect(err).toEqual([]);
    // the command loads as `spamscore check` does: with the locale of the environment
    const { file, status } = await load({ rules, site, locale: localeFromEnv(process.env) }, cache);
    expect(out.join('\n')).toMatch(/^compile: 3 rules from 2 files written to /);
    expect(out.join('\n')).toContain(file!);
    expect(status).toBe('hit');
  });

  it("keeps the rule set's parse, so a user's preferences can be read on top of a rule set read from it", async () => {
    const rules = rulesDir();
    const cache = path.join(tmp, 'cache');
    await load({ rules, site: [] }, cache, true);
    const read = await load({ rules, site: [] }, cache);
    expect(read.status).toBe('hit');
    const prefs = { name: '/home/bob/.spamassassin/user_prefs', text: 'required_score 2\nscore PILLS 0.5\n' };
    const bobCached = withUserPrefs(read.rs, prefs);
    const bobCompiled = withUserPrefs(await loadRuleSet({ rules, site: [], cache: false }), prefs);
    const r = await bobCached.check(MESSAGE);
    expect({ score: r.score, spam: r.isSpam }).toEqual({ score: 1.5, spam: false });
    expect(seen(r)).toBe(seen(await bobCompiled.check(MESSAGE)));
  });
});

describe.skipIf(!existsSync(shared))('the compiled-rules cache of the stock rules', () => {
  it('scores every fixture message exactly as the rules compiled from the files do', async () => {
    const cache = path.join(tmp, 'cache');
    const opts = { rules: path.join(shared, 'rules'), site: path.join(shared, 'site'), cf: 'report_hostname fixtures.example' };
    await load(opts, cache, true);
    const read = await load(opts, cache);
    expect(read.status).toBe('hit');
    const compiled = await loadRuleSet({ ...opts, cache: false });
    expect(contents(read.rs)).toBe(contents(compiled));
    const emls = readdirSync(fixtures).filter((f) => f.endsWith('.eml')).sort();
    expect(emls.length).toBeGreaterThanOrEqual(20);
    for (const f of emls) {
      const raw = readFileSync(path.join(fixtures, f));
      expect(seen(await read.rs.check(raw)), f).toBe(seen(await compiled.check(raw)));
    }
  }, 120_000);
});
