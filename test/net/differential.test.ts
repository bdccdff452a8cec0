/**
 * The network stage against Perl SpamAssassin 4.0.1, with no Internet: both score the same
 * messages (fixtures/network/) with network tests on, the stock rules plus
 * fixtures/network/test.cf, every DNS question answered by the same test zone server
 * (test/support/dns-server.ts serving test/support/zones/). Perl's answers were made by
 * `node scripts/sa-expected-net.mjs`; here spamscore must give the same hits, sub-rule hits,
 * score, headers and report (`get_report`) for every message, and, whatever else differs, the
 * same detail lines (`test_log`: "[198.51.100.7 listed in …]", "[URI: …]") under every rule
 * both hit.
 *
 * Two behaviours of the network stage itself are checked against a server we control: a dead
 * server cannot hold check() past its timeout, and twenty lists answered at 50 ms each cost one
 * round trip, not twenty.
 *
 * Runs when ../shared (the stock rules) is present, as in CI.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import type { RuleSet } from '../../src/rule-set.js';
import type { CheckResult } from '../../src/check/check.js';
import { loadRuleSet } from '../../src/load-rule-set.js';
import { startDnsServer, type DnsServer, type Zone } from '../support/dns-server.js';
import { NETWORK_ZONES } from '../support/zones/index.js';
import { rev } from '../support/zones/names.js';
import { detailLines, orderedReport } from '../support/report-table.js';

const shared = path.resolve(__dirname, '../../../shared/spamassassin-4.0.1');
const dir = path.resolve(__dirname, '../../fixtures/network');
/**
 * Rules whose hit blocks a list for later messages (`dns_block_rule`). Perl's answers were made
 * with the block files removed between messages; our blocks live in the rule set, so messages
 * on which Perl hit such a rule are scanned after all the others.
 */
function blockRuleNames(): Set<string> {
  const rules = path.join(shared, 'rules');
  if (!existsSync(rules)) return new Set();
  const text = readdirSync(rules).filter((f) => f.endsWith('.cf')).map((f) => readFileSync(path.join(rules, f), 'latin1')).join('\n');
  return new Set([...text.matchAll(/^[ \t]*dns_block_rule[ \t]+(\S+)/gm)].map((m) => m[1]!));
}
const blockRules = blockRuleNames();
const hitsBlockRule = (f: string): boolean => {
  const e = JSON.parse(readFileSync(path.join(dir, f.replace(/\.eml$/, '.expected.json')), 'latin1')) as { tests: { name: string }[] };
  return e.tests.some((t) => blockRules.has(t.name));
};
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .sort((a, b) => Number(hitsBlockRule(a)) - Number(hitsBlockRule(b)));
const perlQueries = JSON.parse(readFileSync(path.join(dir, 'perl-queries.json'), 'utf8')) as Record<string, string[]>;

interface Expected {
  score: number;
  isSpam: boolean;
  tests: { name: string; score: number }[];
  subtests: Record<string, number>;
  headers: string;
  /** `$status->get_report()`. */
  report: string;
}

/** What Perl asked that we did not, and the reverse: shown when a fixture differs. */
function queryDiff(name: string, ours: readonly string[]): { notAskedByUs: string[]; notAskedByPerl: string[] } {
  const theirs = new Set(perlQueries[name] ?? []);
  const mine = new Set(ours);
  return {
    notAskedByUs: [...theirs].filter((q) => !mine.has(q)),
    notAskedByPerl: [...mine].filter((q) => !theirs.has(q)),
  };
}

const title = existsSync(shared)
  ? 'network fixtures against Perl SpamAssassin'
  : `network fixtures against Perl SpamAssassin (skipped: no stock rules at ${shared})`;

describe.skipIf(!existsSync(shared))(title, () => {
  let server: DnsServer;
  let rs: RuleSet;

  beforeAll(async () => {
    server = await startDnsServer(NETWORK_ZONES);
    rs = await loadRuleSet({
      rules: path.join(shared, 'rules'),
      site: path.join(shared, 'site'),
      cf: [
        `dns_server 127.0.0.1:${server.port}`,
        'dns_available yes',
        'report_hostname fixtures.example',
        'rbl_timeout 5 2',
        readFileSync(path.join(dir, 'test.cf'), 'utf8'),
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('has at least 45 fixtures, each with Perl answers that did use the network', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(45);
    let listed = 0;
    for (const f of fixtures) {
      const name = f.replace(/\.eml$/, '');
      expect(existsSync(path.join(dir, `${name}.expected.json`)), `${name}.expected.json`).toBe(true);
      expect(perlQueries[name]?.length ?? 0, `Perl asked no DNS question for ${name}`).toBeGreaterThan(0);
      const e = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Expected;
      if (e.tests.some((t) => /^(RCVD_IN_|URIBL_)/.test(t.name))) listed++;
    }
    expect(listed).toBeGreaterThanOrEqual(30);
  });

  /** Our result for each fixture, scored once by the first test and read again by the second. */
  const results = new Map<string, CheckResult>();
  const resultOf = async (f: string): Promise<CheckResult> => results.get(f) ?? (await rs.check(readFileSync(path.join(dir, f)), { network: true }));

  // Sequential on purpose: each fixture's questions are read off the server's log.
  it.each(fixtures)('%s: same hits, sub-rule hits, score, headers and report as Perl', async (f) => {
    const name = f.replace(/\.eml$/, '');
    const expected = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Expected;
    const first = server.queries.length;
    const r = await rs.check(readFileSync(path.join(dir, f)), { network: true });
    results.set(f, r);
    const asked = [...new Set(server.queries.slice(first).map((q) => `${q.type} ${q.name.toLowerCase()}`))].sort();

    const ours = r.hits.map((h) => ({ name: h.name, score: h.score })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const theirs = [...expected.tests].sort((a, b) => (a.name < b.name ? -1 : 1));
    const context = JSON.stringify(
      {
        missing: theirs.filter((t) => !ours.some((o) => o.name === t.name)).map((t) => t.name),
        extra: ours.filter((o) => !theirs.some((t) => t.name === o.name)).map((o) => o.name),
        dns: queryDiff(name, asked),
        diagnostics: r.diagnostics.map((d) => `${d.code}: ${d.message}`),
      },
      null,
      1,
    );
    expect(ours, context).toEqual(theirs);
    expect(r.subtests, context).toEqual(expected.subtests);
    expect(r.score, context).toBeCloseTo(expected.score, 3);
    expect(r.isSpam).toBe(expected.isSpam);
    expect(r.headers.map(([n, v]) => `${n}: ${v}\n`).join('')).toBe(expected.headers);
    expect(orderedReport(r.report)).toBe(orderedReport(expected.report));
  });

  it.each(fixtures)('%s: the same detail lines as Perl under every rule both hit', async (f) => {
    const name = f.replace(/\.eml$/, '');
    const expected = JSON.parse(readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Expected;
    const ours = detailLines((await resultOf(f)).report);
    const theirs = detailLines(expected.report);
    const both = [...theirs.keys()].filter((rule) => ours.has(rule)).sort();
    expect(both.length).toBeGreaterThan(0);
    expect(Object.fromEntries(both.map((rule) => [rule, ours.get(rule)]))).toEqual(Object.fromEntries(both.map((rule) => [rule, theirs.get(rule)])));
  });
});

// ---------------------------------------------------------------------------------------------
// The stage's own guarantees, on small inline rule sets.

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::DNSEval\n';
const LISTED = '198.18.113.10';

/** A message relayed to our MX (10.20.0.25, trusted) by one untrusted relay. */
const message = (ip: string) =>
  [
    `Received: from relay.sender-fixture.com (relay.sender-fixture.com [${ip}])`,
    '\tby mx1.inbox-fixture.net (Postfix) with ESMTP id 4ZABC1',
    '\tfor <user@inbox-fixture.net>; Mon, 03 Mar 2025 10:00:05 +0000',
    'From: Sender <news@sender-fixture.com>',
    'To: user@inbox-fixture.net',
    'Subject: network stage',
    'Date: Mon, 03 Mar 2025 10:00:00 +0000',
    'Message-ID: <stage@sender-fixture.com>',
    '',
    'Hello.',
    '',
  ].join('\n');

/** `count` DNS lists bl1…blN.sa-fixtures.test, each listing {@link LISTED}, and a rule per list. */
function lists(count: number): { zones: Zone[]; cf: string[]; rules: string[] } {
  const zones: Zone[] = [];
  const cf: string[] = [];
  const rules: string[] = [];
  for (let i = 1; i <= count; i++) {
    zones.push({ apex: `bl${i}.sa-fixtures.test`, names: { [rev(LISTED)]: { A: ['127.0.0.2'] } } });
    cf.push(`header T_BL${i} eval:check_rbl('bl${i}', 'bl${i}.sa-fixtures.test.')`, `tflags T_BL${i} net`, `score T_BL${i} 0.1`);
    rules.push(`T_BL${i}`);
  }
  return { zones, cf, rules };
}

const ruleSetFor = (port: number, cf: readonly string[]) =>
  compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: [`dns_server 127.0.0.1:${port}`, 'trusted_networks 10.20.0.0/16', ...cf].join('\n') },
  ]);

describe('the network stage on a DNS server we control', () => {
  it('gives up on a server that never answers at its timeout, with a diagnostic, and still scores', async () => {
    const { zones, cf } = lists(2);
    const hole = await startDnsServer(zones, { blackHole: true });
    try {
      const rs = ruleSetFor(hole.port, cf);
      const t0 = Date.now();
      const r = await rs.check(message(LISTED), { network: true, timeout: 500 });
      const took = Date.now() - t0;
      expect(hole.queries.map((q) => q.name)).toContain(`${rev(LISTED)}.bl1.sa-fixtures.test`);
      expect(took).toBeLessThan(2000);
      expect(r.hits.map((h) => h.name)).not.toContain('T_BL1');
      expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')).toMatch(/deadline|time/i);
    } finally {
      await hole.close();
    }
  });

  it('asks twenty lists at once: twenty 50 ms answers take about one round trip', async () => {
    const { zones, cf, rules } = lists(20);
    const slow = await startDnsServer(zones, { delay: 50 });
    try {
      const rs = ruleSetFor(slow.port, cf);
      // A first scan warms up what is compiled or loaded lazily.
      await rs.check(message('198.18.113.2'), { network: true });
      const first = slow.queries.length;
      const t0 = Date.now();
      const r = await rs.check(message(LISTED), { network: true });
      const took = Date.now() - t0;
      const asked = slow.queries.slice(first);
      expect(r.hits.map((h) => h.name).sort()).toEqual([...rules].sort());
      expect(asked).toHaveLength(20);
      // All twenty questions left together…
      const spread = Math.max(...asked.map((q) => q.at)) - Math.min(...asked.map((q) => q.at));
      expect(spread).toBeLessThan(100);
      // …so the scan waited about one 50 ms answer, not twenty (1 s).
      expect(took).toBeLessThan(400);
    } finally {
      await slow.close();
    }
  });
});
