/**
 * DNSEval through check(): each case of `cases.ts` scanned with a fake resolver answering from
 * the case's zones gives the rules, the questions, the `_RBL_` tag and the report lines under
 * each rule Perl SpamAssassin 4.0.1 gave (see `cases.ts` for how those answers were obtained).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { CASES } from './cases.js';
import { expectedPieces } from '../report-lines.js';
import { normQueries, PRE, runOurs } from './run-case.js';
import { zoneResolver } from './zone.js';

describe('DNSEval evals answer as Perl SpamAssassin 4.0.1 does', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const resolver = zoneResolver(c.zones);
      const ours = await runOurs(c, resolver);
      expect(ours.hits).toEqual(c.perl.hits);
      expect(ours.rbl).toEqual(c.perl.rbl);
      expect(ours.pieces).toEqual(expectedPieces(c.perl.logs));
      // check_rbl_ns_from asks for the enclosing SOA itself, where SA reads it from the
      // authority section of the NS answer (our resolver contract has no authority section).
      expect(normQueries(resolver.queries.filter((q) => !q.startsWith('SOA/')))).toEqual(c.perl.queries);
    });
  }
});

describe('check_rbl_sub settles without waiting for the deadline', () => {
  it('misses at once when its set launched nothing (parent scored 0, or no parent at all)', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      {
        name: 'test.cf',
        text: [
          "header T_PARENT eval:check_rbl('zero', 'zero.test.')",
          'score T_PARENT 0',
          "header T_CHILD eval:check_rbl_sub('zero', '127.0.0.2')",
          "header T_ORPHAN eval:check_rbl_sub('orphan', '127.0.0.2')",
        ].join('\n'),
      },
    ]);
    const never = { resolve: () => new Promise<never>(() => undefined) };
    const t0 = Date.now();
    const r = await rs.check(CASES[0]!.message, { network: true, clients: { resolver: never }, timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.hits).toEqual([]);
  });
});

describe('DNSEval without the network', () => {
  it('asks nothing and hits nothing when network tests are off', async () => {
    const c = CASES[0]!;
    const resolver = zoneResolver(c.zones);
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: c.cf },
    ]);
    const r = await rs.check(c.message, { network: false, clients: { resolver } });
    expect(r.hits).toEqual([]);
    expect(resolver.queries).toEqual([]);
  });

  it('asks nothing under skip_rbl_checks', async () => {
    const c = CASES[0]!;
    const resolver = zoneResolver(c.zones);
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: `${c.cf}\nskip_rbl_checks 1\n` },
    ]);
    const r = await rs.check(c.message, { network: true, clients: { resolver } });
    expect(r.hits).toEqual([]);
    expect(resolver.queries).toEqual([]);
  });

  it('settles as misses, with a diagnostic, when the resolver fails', async () => {
    const c = CASES[0]!;
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: c.cf },
    ]);
    const resolver = { resolve: () => Promise.reject(Object.assign(new Error('boom'), { code: 'ESERVFAIL' })) };
    const r = await rs.check(c.message, { network: true, clients: { resolver } });
    expect(r.hits).toEqual([]);
    expect(r.diagnostics.some((d) => d.code === 'dns-error')).toBe(true);
  });
});
