/**
 * `spamscore check` with network tests: on by default, off with --local, pointed at a DNS
 * server by `--cf 'dns_server …'`, and bounded by --timeout. A real DNS server on 127.0.0.1
 * (the tests' zone server) answers; a second one never answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-cli-net-'));
const message = path.join(dir, 'listed.eml');
writeFileSync(
  path.join(dir, 'rules.cf'),
  [
    'loadplugin Mail::SpamAssassin::Plugin::DNSEval',
    'header RCVD_IN_TESTLIST eval:check_rbl("testlist", "list.example.")',
    'tflags RCVD_IN_TESTLIST net',
    'score RCVD_IN_TESTLIST 0 3.5 0 3.5',
    'rbl_timeout 30 30',
  ].join('\n'),
);
writeFileSync(
  message,
  [
    'Received: from sender.example (sender.example [198.18.7.9]) by mx.example.org (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
    'From: a@sender.example',
    'To: b@example.org',
    'Subject: hello',
    'Message-ID: <1@sender.example>',
    '',
    'hello',
    '',
  ].join('\n'),
);

async function run(args: string[], opts: Parameters<typeof runCheck>[1]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck(args, { rules: [path.join(dir, 'rules.cf')], json: true, ...opts }, (s) => out.push(s), (s) => err.push(s));
  return { code, results: out.map((l) => JSON.parse(l) as { tests: { name: string; score: number }[] }), err };
}

describe('spamscore check with network tests', () => {
  let server: DnsServer;
  let blackHole: DnsServer;
  beforeAll(async () => {
    server = await startDnsServer([{ apex: 'list.example', names: { '9.7.18.198': { A: ['127.0.0.2'] } } }]);
    blackHole = await startDnsServer([], { blackHole: true });
  });
  afterAll(async () => {
    await server.close();
    await blackHole.close();
  });

  it('runs them by default, asking the server of a --cf dns_server line, with the network score', async () => {
    const r = await run([message], { cf: [`dns_server 127.0.0.1:${server.port}`] });
    expect(r.code).toBe(0);
    expect(r.results[0]!.tests).toEqual([expect.objectContaining({ name: 'RCVD_IN_TESTLIST', score: 3.5 })]);
    expect(server.queries.map((q) => `${q.type} ${q.name}`)).toContain('A 9.7.18.198.list.example');
  });

  it('asks nothing with --local', async () => {
    const before = server.queries.length;
    const r = await run([message], { cf: [`dns_server 127.0.0.1:${server.port}`], local: true });
    expect(r.results[0]!.tests).toEqual([]);
    expect(server.queries.length).toBe(before);
  });

  it('gives up on a server that never answers after --timeout seconds', async () => {
    const t0 = Date.now();
    const r = await run([message], { cf: [`dns_server 127.0.0.1:${blackHole.port}`], timeout: 0.5 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.code).toBe(0);
    expect(r.results[0]!.tests).toEqual([]);
    expect(blackHole.queries.length).toBeGreaterThan(0);
  });
});
