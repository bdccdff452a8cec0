/**
 * Checks the hard-coded Perl answers of `cases.ts` against Perl SpamAssassin 4.0.1 itself, and
 * our check() against the same DNS server through Node's resolver. Needs Perl SA installed, so
 * it only runs on demand:
 *
 *   SA_DNS_ORACLE=1 npx vitest run test/plugins/dns-eval/perl-oracle.test.ts
 *
 * With SA_DNS_ORACLE_OUT=file.json it also writes what Perl answered, to refresh `cases.ts`.
 */
import { execFile } from 'node:child_process';
import { promises as dns } from 'node:dns';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startDnsServer } from '../../support/dns-server.js';
import { CASES } from './cases.js';
import { expectedPieces } from '../report-lines.js';
import { normLogs, normQueries, normRbl, runOurs } from './run-case.js';

const run = promisify(execFile);
const ORACLE = join(import.meta.dirname, 'sa-dns-oracle.pl');
const answers: Record<string, unknown> = {};

describe.skipIf(!process.env.SA_DNS_ORACLE)('DNSEval against Perl SpamAssassin 4.0.1', () => {
  afterAll(() => {
    if (process.env.SA_DNS_ORACLE_OUT) writeFileSync(process.env.SA_DNS_ORACLE_OUT, JSON.stringify(answers, null, 2));
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dnseval-'));
      writeFileSync(join(dir, 'test.cf'), c.cf);
      writeFileSync(join(dir, 'msg.eml'), c.message, 'latin1');
      const server = await startDnsServer(c.zones);
      try {
        const { stdout } = await run('perl', [ORACLE, String(server.port), join(dir, 'test.cf'), join(dir, 'msg.eml')], { timeout: 60_000 });
        const got = JSON.parse(stdout) as { hits: string[]; subtests: string[]; rbl: string | null; logs: Record<string, string[]> };
        const perl = {
          hits: [...got.hits, ...got.subtests].sort(),
          queries: normQueries(server.queries.map((q) => `${q.type}/${q.name}`)),
          rbl: normRbl(got.rbl),
          logs: normLogs(got.logs),
        };
        answers[c.name] = perl;
        expect(perl).toEqual(c.perl);

        // Ours, through Node's resolver asking the same server.
        server.queries.length = 0;
        const resolver = new dns.Resolver({ timeout: 2000, tries: 1 });
        resolver.setServers([`127.0.0.1:${server.port}`]);
        const ours = await runOurs(c, resolver as never);
        expect(ours.hits).toEqual(c.perl.hits);
        expect(ours.rbl).toEqual(c.perl.rbl);
        expect(ours.pieces).toEqual(expectedPieces(c.perl.logs));
      } finally {
        await server.close();
      }
    });
  }
});
