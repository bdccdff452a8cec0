/**
 * Checks the hard-coded Perl answers of the SPF, DKIM and DMARC cases against Perl SpamAssassin
 * 4.0.1 itself (Mail::SPF 2.009, Mail::DKIM 1.20230212, Mail::DMARC 1.20211209), and our check()
 * against the same DNS server through Node's resolver. Needs Perl SA installed, so it only runs
 * on demand:
 *
 *   SA_AUTH_ORACLE=1 npx vitest run test/plugins/spf/perl-oracle.test.ts
 *
 * With SA_AUTH_ORACLE_OUT=file.json it also writes what Perl answered, to refresh the cases.
 */
import { execFile } from 'node:child_process';
import { promises as dns } from 'node:dns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer } from '../../support/dns-server.js';
import { runOurs, type AuthCase } from './auth-case.js';
import { spfCases } from './cases.js';
import { dkimCases } from '../dkim/cases.js';
import { dmarcCases } from '../dmarc/cases.js';

const run = promisify(execFile);
const ORACLE = join(import.meta.dirname, 'sa-auth-oracle.pl');
const answers: Record<string, unknown> = {};
const ON = !!process.env.SA_AUTH_ORACLE;
/** JSON with sorted tag names, for comparing answers. */
const canon = (a: { hits: string[]; tags?: Record<string, string> }) =>
  JSON.stringify({ hits: a.hits, tags: Object.fromEntries(Object.entries(a.tags ?? {}).sort(([x], [y]) => x.localeCompare(y))) });

describe.skipIf(!ON)('SPF, DKIM and DMARC against Perl SpamAssassin 4.0.1', () => {
  let cases: AuthCase[] = [];
  beforeAll(async () => {
    cases = [...spfCases(), ...(await dkimCases()), ...(await dmarcCases())];
  });
  afterAll(() => {
    if (process.env.SA_AUTH_ORACLE_OUT) writeFileSync(process.env.SA_AUTH_ORACLE_OUT, JSON.stringify(answers, null, 2));
  });

  it('every case', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const dir = mkdtempSync(join(tmpdir(), 'sa-auth-'));
      writeFileSync(join(dir, 'test.cf'), c.cf);
      writeFileSync(join(dir, 'msg.eml'), c.message, 'latin1');
      const server = await startDnsServer(c.zones);
      try {
        const { stdout } = await run('perl', [ORACLE, String(server.port), join(dir, 'test.cf'), join(dir, 'msg.eml'), c.local ? '1' : '0'], { timeout: 120_000 });
        const perl = JSON.parse(stdout) as { hits: string[]; tags: Record<string, string> };
        answers[c.name] = Object.keys(perl.tags).length ? perl : { hits: perl.hits };
        const want = { hits: c.perl.hits, tags: c.perl.tags ?? {} };
        if (canon(perl) !== canon(want)) failures.push(`${c.name}: Perl says ${JSON.stringify(perl)}, case says ${JSON.stringify(want)}`);
        const resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
        resolver.setServers([`127.0.0.1:${server.port}`]);
        const ours = await runOurs(c, resolver as never);
        if (canon(ours) !== canon(perl)) failures.push(`${c.name}: ours ${JSON.stringify(ours)} through the DNS server, Perl ${JSON.stringify(perl)}`);
      } finally {
        await server.close();
      }
    }
    expect(failures).toEqual([]);
  });
});
