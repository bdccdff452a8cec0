/**
 * DCC: check_dcc and check_dcc_reputation_range against a fake dccifd, and the tags the answer sets.
 *
 * The hits, tags and requests below are what Perl SpamAssassin 4.0.1 answered with the same
 * .cf and message, its DCC plugin talking to the same fake dccifd through `dcc_dccifd_path`
 * (Mail::SpamAssassin->new with only these rules and `loadplugin Check/DCC`, network tests on,
 * then get_names_of_tests_hit and get_tag). One caveat pinned on purpose: SA 4.0.1 drops the
 * reputation-range callbacks at the `check_tick` that follows the range rules when dccifd has
 * not answered by then, so with a slow dccifd its range rules miss; the answers below are
 * those of the runs where dccifd answered in time, which is what this plugin always waits for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { createDccClient } from '../../../src/net/dcc/create-dcc-client.js';
import type { DccClient, DccRequest } from '../../../src/net/types.js';
import { startUnixDccifd, type FakeDccifd } from '../../net/dcc/fake-dccifd.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::DCC\n';
const RULES = [
  'trusted_networks 10.0.0.0/8',
  'full T_DCC eval:check_dcc()',
  'score T_DCC 1',
  "full T_REP_LOW eval:check_dcc_reputation_range('0','50')",
  'score T_REP_LOW 1',
  'full T_REP_ALL eval:check_dcc_reputation_range()',
  'score T_REP_ALL 1',
  'full T_REP_HIGH eval:check_dcc_reputation_range(90)',
  'score T_REP_HIGH 1',
  'add_header all DCC _DCCB_: _DCCR_',
  'add_header all DCCREP _DCCREP_',
].join('\n');

const MSG = [
  'Received: from mx.example.org (mx.example.org [10.1.1.1]) by inbox.example.org (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:01 +0000',
  'Received: from helo.sender.example (host.sender.example [198.51.100.7]) by mx.example.org (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
  'From: a@sender.example',
  'To: b@example.org',
  'Subject: bulk',
  'Message-ID: <1@sender.example>',
  '',
  'hello bulk',
  '',
].join('\n');

/** The header the fake dccifd answers with, per test. */
let header = '';
let dccifd: FakeDccifd & { path: string };
beforeAll(async () => {
  dccifd = await startUnixDccifd(() => `A\nA\n${header}\nreported: 0\nbody: 1 2 3 4 1\n`);
});
afterAll(() => dccifd.close());

async function scan(cf: string, message = MSG, dcc?: DccClient) {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: `${RULES}\n${cf}` },
  ]);
  const client = dcc ?? createDccClient(new Map([['dcc_dccifd_path', dccifd.path]]));
  const r = await rs.check(message, { network: true, clients: { dcc: client } });
  const h = (name: string) => r.headers.find(([n]) => n === name)?.[1];
  return { hits: r.hits.map((x) => x.name).sort(), dcc: h('X-Spam-DCC'), rep: h('X-Spam-DCCREP'), diagnostics: r.diagnostics };
}

describe('check_dcc', () => {
  it('hits when a count reaches its dcc_*_max ("many" is 999999), and the header fills _DCCB_, _DCCR_, _DCCREP_', async () => {
    header = 'X-DCC-Test-Metrics: fake.example 1234; bulk Body=1 Fuz1=many Fuz2=12 rep=97%';
    const r = await scan('dcc_fuz2_max 10');
    expect(r.hits).toEqual(['T_DCC', 'T_REP_ALL', 'T_REP_HIGH']);
    expect(r.dcc).toBe('Test: fake.example 1234; bulk Body=1 Fuz1=many Fuz2=12 rep=97%');
    expect(r.rep).toBe('97');
  });

  it('misses below every threshold ("ok" counts as 0); no rep= means no reputation rule hits', async () => {
    header = 'X-DCC-Brand-Metrics: h.example 1; Body=5 Fuz1=ok Fuz2=ok2';
    const r = await scan('');
    expect(r.hits).toEqual([]);
    expect(r.dcc).toBe('Brand: h.example 1; Body=5 Fuz1=ok Fuz2=ok2');
    expect(r.rep).toBe('');
  });

  it('honours lowered dcc_body_max, and a reputation at dcc_rep_percent lists the message too', async () => {
    header = 'X-DCC-Brand-Metrics: h.example 1; Body=5 Fuz1=ok Fuz2=ok2';
    expect((await scan('dcc_body_max 5')).hits).toEqual(['T_DCC']);
    header = 'X-DCC-Brand-Metrics: h.example 1; bulk\n\tBody=many Fuz1=3\n\tFuz2=1 rep=95%';
    const r = await scan('');
    expect(r.hits).toEqual(['T_DCC', 'T_REP_ALL', 'T_REP_HIGH']);
    expect(r.dcc).toBe('Brand: h.example 1; bulk Body=many Fuz1=3 Fuz2=1 rep=95%');
  });
});

describe('check_dcc_reputation_range', () => {
  it('compares the reputation with min..max (max defaults to 100)', async () => {
    header = 'X-DCC-Brand-Metrics: h.example 1; Body=1 rep=40%';
    expect((await scan('')).hits).toEqual(['T_REP_ALL', 'T_REP_LOW']);
  });

  it('is off with use_dcc_rep 0, which also keeps rep= out of check_dcc and _DCCREP_', async () => {
    header = 'X-DCC-Brand-Metrics: h.example 1; Body=1 rep=95%';
    const r = await scan('use_dcc_rep 0');
    expect(r.hits).toEqual([]);
    expect(r.rep).toBe('');
  });
});

describe('the request', () => {
  it('names the first external relay (IP, rDNS, HELO), no sender and the recipient "unknown", as DCC.pm sends them', async () => {
    header = 'X-DCC-B-Metrics: h 1; Body=1';
    dccifd.requests.length = 0;
    await scan('');
    expect(dccifd.requests).toHaveLength(1);
    const { message, ...rest } = dccifd.requests[0]!;
    expect(rest).toEqual({
      options: 'cksums grey-off ',
      client: '198.51.100.7\rhost.sender.example',
      helo: 'helo.sender.example',
      sender: '',
      recipients: ['unknown'],
    });
    expect(message).toBe(MSG);
  });

  it('sends the CR with an empty rDNS, and an empty client line without any relay', async () => {
    const seen: DccRequest[] = [];
    const spy: DccClient = {
      check: async (_m, req) => {
        seen.push(req);
        return { result: 'A', header: 'X-DCC-B-Metrics: h 1; Body=1' };
      },
    };
    const noRdns = 'Received: from helo.sender.example (unknown [198.51.100.8]) by mx.example.org (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000\nFrom: a@sender.example\nSubject: x\n\nbody\n';
    await scan('', noRdns, spy);
    await scan('', 'From: a@sender.example\nSubject: x\n\nbody\n', spy);
    expect(seen).toEqual([{ clientIp: '198.51.100.8', clientName: '', helo: 'helo.sender.example' }, {}]);
  });
});

describe('without an answer', () => {
  it('is a miss plus a diagnostic when dccifd is not there, and the tags stay empty', async () => {
    const r = await scan('', MSG, createDccClient(new Map([['dcc_dccifd_path', '/nonexistent/dccifd']])));
    expect(r.hits).toEqual([]);
    expect(r.dcc).toBe(': ');
    expect(r.diagnostics.some((d) => d.code === 'net-client' && /dccifd failed/.test(d.message))).toBe(true);
  });

  it('asks nothing with network tests off or use_dcc 0', async () => {
    let asked = 0;
    const spy: DccClient = {
      check: async () => {
        asked++;
        return { result: 'A', header: 'X-DCC-B-Metrics: h 1; Body=many' };
      },
    };
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: RULES },
    ]);
    expect((await rs.check(MSG, { clients: { dcc: spy } })).hits).toEqual([]);
    expect((await scan('use_dcc 0', MSG, spy)).hits).toEqual([]);
    expect(asked).toBe(0);
    expect((await scan('', MSG, spy)).hits).toEqual(['T_DCC']);
    expect(asked).toBe(1);
  });
});
