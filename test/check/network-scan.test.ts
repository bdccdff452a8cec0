/**
 * The scan with network tests on: evals that return promises are pending, metas reading them
 * wait, DNS-list evals start before the header rules, the deadline bounds the wait, and tags
 * set by evals reach the added headers.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import type { DnsRecordType, DnsResolver } from '../../src/net/types.js';

/** A resolver answering `127.0.0.2` for names in `listed` after `delay` ms, NXDOMAIN otherwise. */
function resolver(listed: string[], delay = 0): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: (name: string, rrtype: DnsRecordType) => {
      asked.push(`${rrtype} ${name}`);
      return new Promise((resolve, reject) =>
        setTimeout(() => (listed.includes(name) ? resolve(['127.0.0.2']) : reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }))), delay),
      );
    },
  };
}

const order: string[] = [];
const lists = definePlugin({
  name: 'Test::Lists',
  evals: {
    // `check_rbl…` names are DNS-list evals (Conf.pm): launched at priority -100.
    check_rbl_test: {
      ruleType: 'rbl',
      async run(ctx, zone) {
        order.push(`rbl ${ctx.rule}`);
        if (!ctx.net) return false;
        const a = await ctx.net.dns(`2.0.0.127.${zone}`, 'A', { rule: ctx.rule });
        return a.records.length > 0;
      },
    },
    check_header_order: {
      ruleType: 'header',
      run(ctx) {
        order.push(`header ${ctx.rule}`);
        return false;
      },
    },
    check_tagged: {
      ruleType: 'header',
      run(ctx) {
        ctx.setTag('TESTLIST', 'listed-by-test');
        return 1;
      },
    },
  },
  checkDnsbl(ctx) {
    order.push(`checkDnsbl net=${ctx.net !== undefined}`);
  },
  checkEnd() {
    order.push('checkEnd');
  },
});

const cf = (extra: string[] = []) =>
  compileRuleSet(
    [
      {
        name: 'test.cf',
        text: [
          'loadplugin Test::Lists',
          'header RCVD_IN_A eval:check_rbl_test("a.example")',
          'header RCVD_IN_B eval:check_rbl_test("b.example")',
          'header HDR_FIRST eval:check_header_order()',
          'priority HDR_FIRST -500',
          'header HDR_LATER eval:check_header_order()',
          'tflags RCVD_IN_A net',
          'tflags RCVD_IN_B net',
          'score RCVD_IN_A 1.5 2.5 1.5 2.5',
          'score RCVD_IN_B 1 1.25 1 1.25',
          'meta BOTH_LISTS RCVD_IN_A && RCVD_IN_B',
          'meta A_ONLY RCVD_IN_A && !RCVD_IN_B',
          'score BOTH_LISTS 0.5',
          'score A_ONLY 0.25',
          'header TAGGED eval:check_tagged()',
          'add_header all TestList _TESTLIST_',
          ...extra,
        ].join('\n'),
      },
    ],
    { plugins: [lists] },
  );

const msg = 'From: a@example.com\nSubject: hi\n\nhello\n';
const names = (r: { hits: { name: string }[] }) => r.hits.map((h) => h.name).sort();

describe('a scan with network tests', () => {
  it('scores pending DNS rules with the network score set and evaluates the metas that waited on them', async () => {
    const rs = cf();
    const r = await rs.check(msg, { network: true, clients: { resolver: resolver(['2.0.0.127.a.example'], 20) } });
    expect(names(r)).toEqual(['A_ONLY', 'RCVD_IN_A', 'TAGGED']);
    expect(r.hits.find((h) => h.name === 'RCVD_IN_A')!.score).toBe(2.5);
  });

  it('reads both lists before deciding a meta over them', async () => {
    const r = await cf().check(msg, { network: true, clients: { resolver: resolver(['2.0.0.127.a.example', '2.0.0.127.b.example'], 30) } });
    expect(names(r)).toEqual(['BOTH_LISTS', 'RCVD_IN_A', 'RCVD_IN_B', 'TAGGED']);
  });

  it('runs no network rule in local mode, and metas read them as 0', async () => {
    const res = resolver(['2.0.0.127.a.example']);
    const r = await cf().check(msg, { clients: { resolver: res } });
    expect(names(r)).toEqual(['TAGGED']);
    expect(res.asked).toEqual([]);
  });

  it('launches the DNS lists before any header rule at priority -100 or later, then calls checkDnsbl', async () => {
    order.length = 0;
    await cf().check(msg, { network: true, clients: { resolver: resolver([]) } });
    expect(order.slice(0, 5)).toEqual(['header HDR_FIRST', 'rbl RCVD_IN_A', 'rbl RCVD_IN_B', 'checkDnsbl net=true', 'header HDR_LATER']);
    expect(order.at(-1)).toBe('checkEnd');
  });

  it('does not launch the lists with dns_available no', async () => {
    const res = resolver(['2.0.0.127.a.example']);
    const r = await cf(['dns_available no']).check(msg, { network: true, clients: { resolver: res } });
    expect(res.asked).toEqual([]);
    expect(names(r)).toEqual(['TAGGED']);
  });

  it('returns by its timeout when the resolver never answers, the lists counting as misses', async () => {
    const blackHole: DnsResolver = { resolve: () => new Promise(() => undefined) };
    const t0 = Date.now();
    const r = await cf().check(msg, { network: true, timeout: 300, clients: { resolver: blackHole } });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(names(r)).toEqual(['TAGGED']);
    expect(r.diagnostics.map((d) => d.code)).toContain('net-deadline');
  });

  it('returns when the caller cancels, with what it had', async () => {
    const ac = new AbortController();
    const blackHole: DnsResolver = { resolve: () => new Promise(() => undefined) };
    setTimeout(() => ac.abort(), 50);
    const r = await cf().check(msg, { network: true, signal: ac.signal, clients: { resolver: blackHole } });
    expect(names(r)).toEqual(['TAGGED']);
  });

  it('puts tags set by evals into the added headers', async () => {
    const r = await cf().check(msg, { network: true, clients: { resolver: resolver([]) } });
    expect(r.headers).toContainEqual(['X-Spam-TestList', 'listed-by-test']);
  });

  it('counts a rejected eval promise as a miss with a diagnostic', async () => {
    const failing = definePlugin({
      name: 'Test::Failing',
      evals: { check_rbl_broken: { ruleType: 'rbl', run: () => Promise.reject(new Error('list down')) } },
    });
    const rs = compileRuleSet([{ name: 't.cf', text: 'loadplugin Test::Failing\nheader RCVD_BROKEN eval:check_rbl_broken()\ntflags RCVD_BROKEN net' }], {
      plugins: [failing],
    });
    const r = await rs.check(msg, { network: true, clients: { resolver: resolver([]) } });
    expect(r.hits).toEqual([]);
    expect(r.diagnostics.find((d) => d.rule === 'RCVD_BROKEN')?.message).toContain('list down');
  });

  it('waits for a pending eval that makes no DNS lookup (a client call) and scores it', async () => {
    const slowClient = definePlugin({
      name: 'Test::SlowClient',
      evals: { check_slow_client: { ruleType: 'full', run: () => new Promise((resolve) => setTimeout(() => resolve(1), 30)) } },
    });
    const rs = compileRuleSet([{ name: 't.cf', text: 'loadplugin Test::SlowClient\nfull SLOW_CLIENT eval:check_slow_client()\nmeta SLOW_META SLOW_CLIENT\nscore SLOW_META 0.5' }], {
      plugins: [slowClient],
    });
    const r = await rs.check(msg, { network: true, clients: { resolver: resolver([]) } });
    expect(names(r)).toEqual(['SLOW_CLIENT', 'SLOW_META']);
  });

  it('pauses queries to a list after its dns_block_rule rule hit, for dns_block_time, in later scans of the rule set', async () => {
    const rs = cf(['dns_block_rule RCVD_IN_A a.example', 'dns_block_time 60']);
    const res = resolver(['2.0.0.127.a.example']);
    const first = await rs.check(msg, { network: true, clients: { resolver: res } });
    expect(names(first)).toContain('RCVD_IN_A');
    expect(first.diagnostics.find((d) => d.code === 'dns-blocked')).toMatchObject({ severity: 'warning', rule: 'RCVD_IN_A' });
    const second = await rs.check(msg, { network: true, clients: { resolver: res } });
    expect(names(second)).not.toContain('RCVD_IN_A');
    expect(res.asked.filter((q) => q.endsWith('a.example'))).toHaveLength(1);
    expect(second.diagnostics.find((d) => d.code === 'dns-blocked')?.message).toContain('not sent');
    // another rule set starts unblocked
    const other = await cf(['dns_block_rule RCVD_IN_A a.example']).check(msg, { network: true, clients: { resolver: res } });
    expect(names(other)).toContain('RCVD_IN_A');
  });

  it('refuses options it cannot use with a TypeError, before scanning', async () => {
    const rs = cf();
    await expect(rs.check(msg, { network: true, timeout: -1 })).rejects.toThrow(TypeError);
    await expect(rs.check(msg, { network: true, maxDnsQueries: 1.5 })).rejects.toThrow(/maxDnsQueries/);
    await expect(rs.check(msg, { network: true, clients: { resolver: {} as never } })).rejects.toThrow(/clients.resolver/);
  });
});

