/** `spamscore lint` and `spamscore check` fail loudly when the rules are not what was asked for. */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { runLint } from '../../src/cli/lint.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-cli-lint-'));
  made.push(dir);
  for (const [n, t] of Object.entries(files)) writeFileSync(path.join(dir, n), t);
  return dir;
}

async function lint(opts: Parameters<typeof runLint>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLint(opts, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('spamscore lint', () => {
  it('exits 1 on a rules path that does not exist (a typo), saying no rules were found', async () => {
    const r = await lint({ rules: ['/usr/share/spamasassin'], site: [dirWith({})] });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/config: no rules were found in \/usr\/share\/spamasassin!/);
  });

  it('exits 1 on an eval no plugin provides, as Perl\'s lint does', async () => {
    const r = await lint({ rules: [dirWith({ 'a.cf': 'header FOO eval:check_nonexistent()\nscore FOO 1\n' })], site: [dirWith({})] });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/rules: unknown eval 'check_nonexistent' for FOO/);
  });

  it('exits 0 on good rules, and --json names the files read and where the rules came from', async () => {
    const rules = dirWith({ 'a.cf': 'body A /a/\n' });
    const site = dirWith({ 'local.cf': 'required_score 6\n' });
    const r = await lint({ rules: [rules], site: [site], json: true });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { files: string[]; paths: unknown; rule_count: number; required_score: number };
    expect(json).toMatchObject({ rule_count: 1, required_score: 6, files: [path.join(rules, 'a.cf'), path.join(site, 'local.cf')] });
    expect(json.paths).toEqual({ rules: [rules], site: [site], source: 'given' });
  });
});

describe('spamscore check', () => {
  it('exits 2 without scoring when no rules were found, saying so on standard error', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCheck([path.join(dirWith({ 'm.eml': 'Subject: x\n\nhi\n' }), 'm.eml')], { rules: ['/no/such/rules'], site: [], local: true }, (s) => out.push(s), (s) => err.push(s));
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/no rules were found in \/no\/such\/rules!/);
  });
});
