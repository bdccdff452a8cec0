/**
 * Per-user preferences against Perl spamd 4.0.1: `spamc -u USER` to `spamscore serve` and to
 * Perl spamd given the same virtual configuration directory (`-x --virtual-config-dir
 * DIR/%u`), spamc's output compared flag by flag. Preferences rescore, set headers and
 * templates; administrator settings are refused; user rules count only when the site
 * configuration says `allow_user_rules 1`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpamdServer } from '../../src/server/server.js';
import { DEFAULT_PREFS_PATH, findUserPrefs, homeDirOf, virtualConfigDir } from '../../src/server/user-prefs.js';
import { workerBundle } from '../support/worker-bundle.js';
import { dest, havePerlSpamd, haveSpamc, HAM, inlineRules, normalize, SPAM, spamc, startPerlSpamd, type PerlSpamd } from './helpers.js';

/** Users' preferences: one directory per user, as `--virtual-config-dir DIR/%u` reads them. */
const USERS: Record<string, string> = {
  bob: 'required_score 2\nscore TEST_SUBJ 1.5\nrewrite_header Subject [bob _SCORE_]\nreport_safe 0\nadd_header all Bob _SCORE_/_REQD_\n',
  eve: 'required_score 20\nrbl_timeout 1\nloadplugin Mail::SpamAssassin::Plugin::Foo\nbayes_path /tmp/eve\nbody EVE_RULE /now/\nscore EVE_RULE 10\n',
  'carol@example.com': 'score TEST_VIAGRA (-3)\ndescribe TEST_VIAGRA Carol does not mind viagra\n',
  dave: 'body DAVE_RULE /now/\nscore DAVE_RULE 2.5\nmeta DAVE_META DAVE_RULE && TEST_VIAGRA\nscore DAVE_META 1\ntflags TEST_SUBJ nice\nscore TEST_SUBJ -1\n',
};

function prefsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-prefs-'));
  for (const [user, text] of Object.entries(USERS)) {
    mkdirSync(path.join(dir, user));
    writeFileSync(path.join(dir, user, 'user_prefs'), text);
  }
  spawnSync('chmod', ['-R', 'a+rwX', dir]);
  return dir;
}

const FLAGS: string[][] = [['-c'], ['-y'], ['-R'], [], ['--headers']];
const WHO = [['bob'], ['eve'], ['carol@example.com'], ['dave'], ['nobody-here'], ['../bob'], []];

async function pair(site: { rules: string; site: string }, prefs: string): Promise<{ perl: PerlSpamd; ours: SpamdServer; port: number }> {
  // our worker first: a Perl spamd started before a failure here would be left running
  const workerUrl = await workerBundle();
  const ours = createServer({ listen: ['127.0.0.1:0'], rules: site, workerUrl, maxChildren: 1, network: false, userPrefs: { virtualConfigDir: `${prefs}/%u` } });
  const [a] = await ours.listen();
  let perl: PerlSpamd;
  try {
    perl = await startPerlSpamd(site.rules, site.site, 1, ['-x', '--virtual-config-dir', `${prefs}/%u`, '-u', 'nobody']);
  } catch (e) {
    await ours.close();
    throw e;
  }
  return { perl, ours, port: (a as { port: number }).port };
}

describe.skipIf(!havePerlSpamd || !haveSpamc).each([
  ['without allow_user_rules', ''],
  ['with allow_user_rules 1', 'allow_user_rules 1'],
])("spamc -u against Perl spamd's virtual configs, a site %s", (_, cf) => {
  let p: Awaited<ReturnType<typeof pair>>;
  let prefs: string;
  beforeAll(async () => {
    prefs = prefsDir();
    p = await pair(inlineRules(`report Score _SCORE_ of _REQD_, tests _TESTS_\n${cf}\n`), prefs);
  }, 120_000);
  afterAll(async () => {
    await p?.perl.stop();
    await p?.ours.close();
  });

  for (const who of WHO) {
    const label = who.length ? `user ${who[0]}` : 'no user';
    it(`gives spamc the same output for ${label}, flag by flag`, async () => {
      for (const msg of [SPAM, HAM, SPAM.replace('Buy viagra now', 'Buy viagra now, now')]) {
        for (const flags of FLAGS) {
          const args = [...(who.length ? ['-u', who[0]!] : []), ...flags];
          const [a, b] = await Promise.all([spamc([...dest(p.perl.port), ...args], msg), spamc([...dest(p.port), ...args], msg)]);
          expect({ args, code: b.code, out: normalize(b.stdout) }).toEqual({ args, code: a.code, out: normalize(a.stdout) });
        }
      }
    });
  }

  it('reads a changed user_prefs on the next request, as spamd does', async () => {
    const file = path.join(prefs, 'bob', 'user_prefs');
    writeFileSync(file, 'required_score 50\n');
    try {
      const [a, b] = await Promise.all([spamc([...dest(p.perl.port), '-u', 'bob', '-c'], SPAM), spamc([...dest(p.port), '-u', 'bob', '-c'], SPAM)]);
      expect(b.stdout).toBe(a.stdout);
      expect(b.stdout).toMatch(/\/50\.0\n$/);
    } finally {
      writeFileSync(file, USERS.bob!);
    }
  });
});

describe('the user preferences of spamscore serve', () => {
  it("fills spamd's virtual config dir pattern, %x falling back to the domain", () => {
    const none = () => false;
    expect(virtualConfigDir('/p/%d/%l/%u/%%', 'Bob.Smith@Example.com', none)).toBe('/p/Example.com/Bob.Smith/Bob.Smith@Example.com/%');
    expect(virtualConfigDir('/p/%u', 'a b/c;d', none)).toBe('/p/a_b_c_d');
    expect(virtualConfigDir('/p/%x', 'bob@example.com', none)).toBe('/p/example.com');
    expect(virtualConfigDir('/p/%x', 'bob@example.com', (f) => f === '/p/bob@example.com/user_prefs')).toBe('/p/bob@example.com');
  });

  it('reads nothing for a user name that would name a parent directory', () => {
    expect(virtualConfigDir('/p/%u', '..', () => false)).toBeUndefined();
    expect(virtualConfigDir('/p/%d', 'x@..', () => false)).toBeUndefined();
  });

  it('keeps a bounded number of users per worker and still answers each with its own preferences', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-prefs-'));
    const users = Array.from({ length: 6 }, (_, i) => `u${i}`);
    for (const [i, u] of users.entries()) {
      mkdirSync(path.join(dir, u));
      writeFileSync(path.join(dir, u, 'user_prefs'), `required_score ${i + 1}\n`);
    }
    const { rules, site } = inlineRules();
    const server = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl: await workerBundle(), maxChildren: 1, network: false, userPrefs: { virtualConfigDir: `${dir}/%u`, cacheSize: 2 } });
    try {
      const [a] = await server.listen();
      const port = (a as { port: number }).port;
      for (let round = 0; round < 2; round++) {
        for (const [i, u] of users.entries()) {
          const r = await server.scanner!.scan(SPAM, { userPrefs: { name: u, text: `required_score ${i + 1}\n` } });
          expect(r.requiredScore).toBe(i + 1);
        }
      }
      const out = await Promise.all(users.map((u) => spamc([...dest(port), '-u', u, '-c'], HAM)));
      expect(out.map((o) => o.stdout)).toEqual(users.map((_, i) => `0.0/${i + 1}.0\n`));
    } finally {
      await server.close();
    }
  }, 60_000);

  it('logs the refused lines of a user\'s preferences', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-prefs-'));
    mkdirSync(path.join(dir, 'eve'));
    writeFileSync(path.join(dir, 'eve', 'user_prefs'), USERS.eve!);
    const lines: string[] = [];
    const server = createServer({
      listen: ['127.0.0.1:0'],
      rules: inlineRules(),
      workerUrl: await workerBundle(),
      maxChildren: 1,
      network: false,
      userPrefs: { virtualConfigDir: `${dir}/%u` },
      log: (_, m) => lines.push(m),
    });
    try {
      const [a] = await server.listen();
      await spamc([...dest((a as { port: number }).port), '-u', 'eve', '-c'], SPAM);
      expect(lines).toContain(`spamd: using default config for eve: ${dir}/eve/user_prefs`);
      expect(lines.filter((l) => l.includes('not parsing'))).toEqual([
        `spamd: config: not parsing, administrator setting in ${dir}/eve/user_prefs (line 2): rbl_timeout 1`,
        `spamd: config: not parsing, administrator setting in ${dir}/eve/user_prefs (line 3): loadplugin Mail::SpamAssassin::Plugin::Foo`,
        `spamd: config: not parsing, administrator setting in ${dir}/eve/user_prefs (line 4): bayes_path /tmp/eve`,
        `spamd: config: not parsing, 'allow_user_rules' is 0 in ${dir}/eve/user_prefs (line 5): body EVE_RULE /now/`,
      ]);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("reads ~USER/.spamassassin/user_prefs from the user's home directory, and says when the user is unknown", async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'spamscore-home-'));
    mkdirSync(path.join(home, '.spamassassin'));
    writeFileSync(path.join(home, '.spamassassin', 'user_prefs'), 'required_score 9\n');
    const homes = async (u: string) => (u === 'bob' ? home : undefined);
    expect(await findUserPrefs('bob', { homeDir: true }, homes)).toEqual({ prefs: { name: path.join(home, '.spamassassin', 'user_prefs'), text: Buffer.from('required_score 9\n') }, log: [] });
    expect(await findUserPrefs('carol', { homeDir: true }, homes)).toEqual({ log: ["spamd: handle_user (userdir) unable to find user: 'carol'"] });
  });

  it('finds a home directory through getpwnam (getent), and none for an unknown user', async () => {
    expect(await homeDirOf('root')).toBe('/root');
    expect(await homeDirOf('no-such-user-spamscore')).toBeUndefined();
  });

  it.skipIf(!DEFAULT_PREFS_PATH.some((p) => existsSync(p)))("creates a missing user_prefs from SpamAssassin's template with --create-prefs", async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'spamscore-home-'));
    const file = path.join(home, '.spamassassin', 'user_prefs');
    const found = await findUserPrefs('bob', { homeDir: true, createPrefs: true }, async () => home);
    const template = DEFAULT_PREFS_PATH.find((p) => existsSync(p))!;
    expect(found.log).toEqual([`spamd: creating default_prefs: ${file}`, `config: created user preferences file: ${file}`]);
    expect(found.prefs).toEqual({ name: file, text: readFileSync(template) });
  });

  it('refuses contradictory options with a TypeError', () => {
    expect(() => createServer({ userPrefs: { virtualConfigDir: '/p/%u', homeDir: true } })).toThrow(TypeError);
    expect(() => createServer({ userPrefs: { virtualConfigDir: '' } })).toThrow(TypeError);
  });
});
