/**
 * Loading rules loudly: a path that does not exist, a rules directory without rules, the
 * fallback to the bundled rules — each is a diagnostic, and `strict` throws on it. The
 * machine's SpamAssassin directories are replaced by temporary ones, so the search order is
 * tested the same on every machine.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { mkdtempSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('node:os') as typeof import('node:os');
  const root = mkdtempSync(`${os.tmpdir()}/spamscore-search-`);
  return { root, saUpdate: `${root}/var-lib-spamassassin/4.000001`, saRules: `${root}/usr-share-spamassassin`, saSite: `${root}/etc-spamassassin` };
});
vi.mock('../src/config/load-files.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/config/load-files.js')>()),
  SA_RULES_DIRS: [fake.saUpdate, fake.saRules],
  SA_SITE_DIRS: [fake.saSite],
}));

const { loadRuleSet, resolveRulePaths, ruleSearchOrder, bundledSiteDir, bundledRulesDir } = await import('../src/load-rule-set.js');
const { RuleSetError } = await import('../src/config/diagnostics.js');

const nowhere = path.join(fake.root, 'no-update-dir');
afterAll(() => rmSync(fake.root, { recursive: true, force: true }));
const codes = (rs: { diagnostics: readonly { code: string; severity: string }[] }) => rs.diagnostics.map((d) => `${d.severity}:${d.code}`);

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-rules-'));
  made.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  return dir;
}

describe('without SpamAssassin or spamscore rules installed', () => {
  it('falls back to the bundled rules with a warning that says to run spamscore update', async () => {
    const rs = await loadRuleSet({ updateDir: nowhere });
    expect(resolveRulePaths({ updateDir: nowhere })).toEqual({ rules: [bundledRulesDir()], site: [], source: 'bundled' });
    const d = rs.diagnostics.find((x) => x.code === 'bundled-rules')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toMatch(/spamscore update/);
    expect(rs.errorCount).toBe(0);
  });

  it('throws on the fallback with strict', async () => {
    await expect(loadRuleSet({ updateDir: nowhere, strict: true })).rejects.toThrow(/bundled fallback rules/);
  });

  it('is announced on standard error by spamscore check, which still scores (exit 0)', async () => {
    const { runCheck } = await import('../src/cli/check.js');
    const msg = path.join(dirWith({}), 'gtube.eml');
    writeFileSync(msg, 'Subject: x\n\nXJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n');
    const previous = process.env.SPAMSCORE_UPDATE_DIR;
    process.env.SPAMSCORE_UPDATE_DIR = nowhere;
    const out: string[] = [];
    const err: string[] = [];
    try {
      expect(await runCheck([msg], { local: true, json: true }, (s) => out.push(s), (s) => err.push(s))).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.SPAMSCORE_UPDATE_DIR;
      else process.env.SPAMSCORE_UPDATE_DIR = previous;
    }
    expect(err.join('\n')).toMatch(/^warning: config: no SpamAssassin rules found .*Run 'spamscore update'/);
    expect(JSON.parse(out[0]!)).toMatchObject({ isSpam: true });
  });

  it('names spamscore, not SpamAssassin, in X-Spam-Checker-Version', async () => {
    const rs = await loadRuleSet({ updateDir: nowhere });
    const r = await rs.check('Subject: hi\n\nhello\n', { hostname: 'test.host' });
    expect(r.headers[0]).toEqual(['X-Spam-Checker-Version', 'spamscore (bundled fallback rules) on test.host']);
  });
});

describe('the search order', () => {
  it('is spamscore\'s update directory, SpamAssassin\'s update and rules directories, then the bundled rules', () => {
    expect(ruleSearchOrder({ updateDir: nowhere }).map((e) => [e.source, e.dir, e.found])).toEqual([
      ['spamscore-update', nowhere, false],
      ['sa-update', fake.saUpdate, false],
      ['sa-rules', fake.saRules, false],
      ['bundled', bundledRulesDir(), true],
    ]);
  });

  it('takes SpamAssassin\'s rules when they exist, with spamscore\'s default site when SpamAssassin has none', () => {
    mkdirSync(fake.saRules, { recursive: true });
    expect(resolveRulePaths({ updateDir: nowhere })).toEqual({ rules: [fake.saRules], site: [bundledSiteDir()], source: 'sa-rules' });
    mkdirSync(fake.saSite, { recursive: true });
    expect(resolveRulePaths({ updateDir: nowhere }).site).toEqual([fake.saSite]);
  });

  it('takes spamscore\'s update directory first once it holds a .cf file', () => {
    const upd = dirWith({ 'updates_spamassassin_org.cf': '# UPDATE version 1\n' });
    expect(resolveRulePaths({ updateDir: upd }).source).toBe('spamscore-update');
    expect(resolveRulePaths({ updateDir: dirWith({ 'MIRRORED.BY': '' }) }).source).not.toBe('spamscore-update');
  });

  it('keeps the default site directory when only rules are given, as Perl\'s -C does', () => {
    mkdirSync(fake.saSite, { recursive: true });
    const rules = dirWith({ 'a.cf': 'body A /a/\n' });
    expect(resolveRulePaths({ rules })).toEqual({ rules: [rules], site: [fake.saSite], source: 'given' });
    expect(resolveRulePaths({ rules, site: [] }).site).toEqual([]);
  });
});

describe('rules that are not there', () => {
  it('is a no-rules error (and the path a warning) for a rules directory that does not exist', async () => {
    const rs = await loadRuleSet({ rules: '/usr/share/spamasassin', site: [] });
    expect(codes(rs)).toEqual(['warning:config-missing', 'error:no-rules']);
    expect(rs.diagnostics[1]!.message).toMatch(/no rules were found in \/usr\/share\/spamasassin!.*spamscore update/);
  });

  it('throws with strict instead of giving an empty rule set', async () => {
    const e = await loadRuleSet({ rules: '/no/such/dir', strict: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuleSetError);
    expect((e as InstanceType<typeof RuleSetError>).diagnostics.map((d) => d.code)).toContain('no-rules');
  });

  it('is a no-rules error when the rules directory has no rule file, even if site files define rules', async () => {
    const site = dirWith({ 'local.cf': 'header SITE_RULE Subject =~ /x/\n' });
    const rs = await loadRuleSet({ rules: dirWith({ 'init.pre': 'loadplugin Mail::SpamAssassin::Plugin::HeaderEval\n' }), site });
    expect(rs.rules.has('SITE_RULE')).toBe(true);
    expect(codes(rs)).toContain('error:no-rules');
  });

  it('warns about a site directory or user_prefs file that does not exist', async () => {
    const rs = await loadRuleSet({ rules: dirWith({ 'a.cf': 'body A /a/\n' }), site: '/no/site', userPrefs: '/no/prefs' });
    expect(codes(rs)).toEqual(['warning:config-missing', 'warning:config-missing']);
  });

  it('adds nothing when the rules are fine', async () => {
    const rs = await loadRuleSet({ rules: dirWith({ 'a.cf': 'body A /a/\n' }), site: [] });
    expect(rs.diagnostics).toEqual([]);
  });
});
