/**
 * The DNS lookups of one scan: sharing, restrictions, the budget, SA's shrinking timeout and
 * the hard deadline, over a fake resolver.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { compileRuleSet } from '../../src/rule-set.js';
import { DnsLookups } from '../../src/net/dns-lookups.js';
import { readDnsSettings, queryAllowed } from '../../src/config/dns-settings.js';
import type { DnsRecordType, DnsResolver } from '../../src/net/types.js';

const occ = (lines: string[]) =>
  lines.map((l, i) => {
    const [name, ...rest] = l.split(' ');
    return { name: name!, written: name!, value: rest.join(' '), source: { file: 'test.cf', line: i + 1 } };
  });

/** A resolver answering from a table after `delay` ms; unknown names are NXDOMAIN. */
function fakeResolver(table: Record<string, unknown>, delay = 0): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve(name: string, rrtype: DnsRecordType) {
      asked.push(`${rrtype} ${name}`);
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          const v = table[`${rrtype} ${name}`];
          if (v === undefined) reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }));
          else resolve(v);
        }, delay),
      );
    },
  };
}

const neverAnswers: DnsResolver = { resolve: () => new Promise(() => undefined) };

function lookups(resolver: DnsResolver, cf: string[] = [], extra: { maxQueries?: number; signal?: AbortSignal } = {}) {
  const diagnostics: Diagnostic[] = [];
  const l = new DnsLookups({
    resolver,
    settings: readDnsSettings(occ(cf), new Map()),
    maxQueries: extra.maxQueries ?? 100,
    signal: extra.signal ?? new AbortController().signal,
    diagnostics,
  });
  return { l, diagnostics };
}

describe('DNS lookups of a scan', () => {
  it('answers A and TXT records as strings, TXT chunks joined', async () => {
    const r = fakeResolver({ 'A 2.0.0.127.zen.example': ['127.0.0.2', '127.0.0.4'], 'TXT 2.0.0.127.zen.example': [['listed ', 'here']] });
    const { l } = lookups(r);
    expect(await l.lookup('2.0.0.127.zen.example', 'A')).toEqual({ name: '2.0.0.127.zen.example', rrtype: 'A', status: 'ok', records: ['127.0.0.2', '127.0.0.4'] });
    expect((await l.lookup('2.0.0.127.zen.example', 'TXT')).records).toEqual(['listed here']);
    expect(l.rawAnswer('2.0.0.127.zen.example', 'TXT')).toEqual([['listed ', 'here']]);
  });

  it('asks a name once per scan, whatever its case or trailing dot', async () => {
    const r = fakeResolver({ 'A x.example': ['127.0.0.2'] });
    const { l } = lookups(r);
    const [a, b] = await Promise.all([l.lookup('x.example', 'A'), l.lookup('X.Example.', 'A')]);
    expect(a).toBe(b);
    expect(r.asked).toEqual(['A x.example']);
  });

  it('tells NXDOMAIN from NODATA and reports failures but not NXDOMAIN', async () => {
    const r: DnsResolver = {
      resolve: (name) =>
        Promise.reject(Object.assign(new Error('x'), { code: name.startsWith('nodata') ? 'ENODATA' : name.startsWith('fail') ? 'ESERVFAIL' : 'ENOTFOUND' })),
    };
    const { l, diagnostics } = lookups(r);
    expect((await l.lookup('nodata.example', 'A')).status).toBe('nodata');
    expect((await l.lookup('none.example', 'A')).status).toBe('nxdomain');
    expect((await l.lookup('fail.example', 'A')).status).toBe('error');
    expect(diagnostics.map((d) => d.code)).toEqual(['dns-error']);
  });

  it('does not send queries dns_query_restriction denies, the tightest entry deciding', async () => {
    const r = fakeResolver({});
    const { l } = lookups(r, ['dns_query_restriction deny spamhaus.org', 'dns_query_restriction allow zen.spamhaus.org']);
    expect((await l.lookup('2.0.0.127.dbl.spamhaus.org', 'A')).status).toBe('skipped');
    expect((await l.lookup('2.0.0.127.zen.spamhaus.org', 'A')).status).toBe('nxdomain');
    expect(r.asked).toEqual(['A 2.0.0.127.zen.spamhaus.org']);
  });

  it('sends nothing when dns_available is no', async () => {
    const r = fakeResolver({});
    const { l } = lookups(r, ['dns_available no']);
    expect((await l.lookup('a.example', 'A')).status).toBe('skipped');
    expect(r.asked).toEqual([]);
  });

  it('stops at the query budget with one diagnostic', async () => {
    const { l, diagnostics } = lookups(fakeResolver({}), [], { maxQueries: 2 });
    const answers = await Promise.all(['a', 'b', 'c', 'd'].map((n) => l.lookup(`${n}.example`, 'A')));
    expect(answers.map((a) => a.status)).toEqual(['nxdomain', 'nxdomain', 'skipped', 'skipped']);
    expect(diagnostics.filter((d) => d.code === 'dns-budget')).toHaveLength(1);
  });

  it('gives up on a query after rbl_timeout when nothing else answered', async () => {
    const { l, diagnostics } = lookups(neverAnswers, ['rbl_timeout 0.2 0.05']);
    const t0 = Date.now();
    const a = await l.lookup('slow.example', 'A', { rule: 'RCVD_IN_SLOW' });
    expect(a.status).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(diagnostics[0]).toMatchObject({ code: 'dns-timeout' });
    expect(diagnostics[0]!.message).toContain('RCVD_IN_SLOW');
  });

  it('shrinks the wait of the last queries towards t_min once the others answered', async () => {
    // 9 of 10 answered: r = 0.9, so the last may wait 2 - (2 - 0.1) * 0.81 = 0.46 s, not 2 s.
    const fast = fakeResolver(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`A q${i}.example`, ['127.0.0.2']])));
    const r: DnsResolver = { resolve: (n, t) => (n === 'slow.example' ? new Promise(() => undefined) : fast.resolve(n, t)) };
    const { l } = lookups(r, ['rbl_timeout 2 0.1']);
    const t0 = Date.now();
    const all = await Promise.all([...Array.from({ length: 9 }, (_, i) => l.lookup(`q${i}.example`, 'A')), l.lookup('slow.example', 'A')]);
    const took = Date.now() - t0;
    expect(all.at(-1)!.status).toBe('timeout');
    expect(took).toBeGreaterThan(400);
    expect(took).toBeLessThan(1500);
  });

  it('uses the per-zone rbl_timeout of the queried name', async () => {
    const { l } = lookups(neverAnswers, ['rbl_timeout 30', 'rbl_timeout 0.1 0.1 fast.example']);
    expect((await l.lookup('2.0.0.127.fast.example', 'A')).status).toBe('timeout');
  });

  it('answers every open query as a timeout when the scan is cancelled', async () => {
    const ac = new AbortController();
    const { l } = lookups(neverAnswers, [], { signal: ac.signal });
    const p = l.lookup('a.example', 'A');
    setTimeout(() => ac.abort(), 20);
    expect((await p).status).toBe('timeout');
    expect((await l.lookup('b.example', 'A')).status).toBe('timeout');
  });
});

describe('DNS settings', () => {
  it('reads dns_server lines in order, clear_dns_servers emptying them', () => {
    const s = readDnsSettings(occ(['dns_server 10.0.0.1', 'clear_dns_servers', 'dns_server 127.0.0.1:5353', 'dns_server [::1]:53']), new Map());
    expect(s.servers).toEqual(['127.0.0.1:5353', '[::1]:53']);
  });

  it('reports a dns_server or rbl_timeout line it cannot read, with its file and line', () => {
    const s = readDnsSettings(occ(['dns_server nonsense here', 'rbl_timeout fast']), new Map());
    expect(s.diagnostics.map((d) => [d.line, d.code])).toEqual([
      [1, 'invalid-value'],
      [2, 'invalid-value'],
    ]);
  });

  it('reports such lines when the rule set is compiled, so lint shows them', () => {
    const rs = compileRuleSet([{ name: 'net.cf', text: 'dns_server 127.0.0.1:53\ndns_block_rule ONLY_A_RULE\n' }]);
    expect(rs.diagnostics.filter((d) => d.code === 'invalid-value').map((d) => [d.file, d.line])).toEqual([['net.cf', 2]]);
  });

  it('defaults rbl_timeout to 15 s shrinking to 3 s, t_min to 0.2 t when left out', () => {
    expect(readDnsSettings([], new Map()).rblTimeout).toEqual({ initial: 15, min: 3 });
    expect(readDnsSettings(occ(['rbl_timeout 10']), new Map()).rblTimeout).toEqual({ initial: 10, min: 2 });
  });

  it('lets `*` deny what no tighter entry allows', () => {
    const r = readDnsSettings(occ(['dns_query_restriction deny *', 'dns_query_restriction allow dnswl.org']), new Map()).restrictions;
    expect(queryAllowed(r, 'list.dnswl.org')).toBe(true);
    expect(queryAllowed(r, 'zen.spamhaus.org')).toBe(false);
  });
});
