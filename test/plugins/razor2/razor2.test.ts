/**
 * Razor2: check_razor2 and check_razor2_range through an injected Razor client.
 *
 * The expected hits are what Perl SpamAssassin 4.0.1 answered with the same rules, its Razor2
 * plugin loading a fake `Razor2::Client::Agent` (a Perl module put first on @INC) whose objects
 * carried the same spam flag and per-part, per-engine confidences: `spam=1; part 1: e4 80, e8 30`,
 * `spam=0; part 1: e4 60 contested, e8 30; part 2: e4 55`, and a part without any response.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import type { RazorClient } from '../../../src/net/types.js';
import type { RazorAnswer } from '../../../src/plugins/builtin/razor2/razor-outcome.js';
import { razorLogText } from '../../../src/plugins/builtin/razor2/index.js';
import { piecesByRule, REPORT_ONLY } from '../report-lines.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::Razor2\n';
const RULES = [
  'full T_RAZOR eval:check_razor2()',
  'score T_RAZOR 1',
  "full T_CF_51 eval:check_razor2_range('','51','100')",
  'score T_CF_51 1',
  "full T_CF_E4 eval:check_razor2_range('4','51','100')",
  'score T_CF_E4 1',
  "full T_CF_E8 eval:check_razor2_range('8','0','40')",
  'score T_CF_E8 1',
  "full T_CF_LOW eval:check_razor2_range('','0','10')",
  'score T_CF_LOW 1',
].join('\n');
const MSG = 'From: a@sender.example\nTo: b@example.org\nSubject: hi\n\nhello\n';

function fake(answer: RazorAnswer, calls: { n: number } = { n: 0 }): RazorClient {
  return {
    check: async () => {
      calls.n++;
      return answer;
    },
  };
}

async function hits(cf: string, razor?: RazorClient, network = true) {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: `${RULES}\n${cf}` },
  ]);
  const r = await rs.check(MSG, { network, clients: razor ? { razor } : {} });
  return { hits: r.hits.map((h) => h.name).sort(), diagnostics: r.diagnostics.filter((d) => d.code === 'net-client') };
}

const SPAM: RazorAnswer = { spam: true, confidence: 80, engines: { '4': 80, '8': 30 } };
/** Part 1's engine-4 answer was contested, so engine 4's best is part 2's 55. */
const CONTESTED: RazorAnswer = { spam: false, confidence: 55, engines: { '4': 55, '8': 30 } };

describe('check_razor2 and check_razor2_range', () => {
  it('hit on the spam flag and on the engine confidences', async () => {
    expect((await hits('', fake(SPAM))).hits).toEqual(['T_CF_51', 'T_CF_E4', 'T_CF_E8', 'T_RAZOR']);
    expect((await hits('', fake(CONTESTED))).hits).toEqual(['T_CF_51', 'T_CF_E4', 'T_CF_E8']);
  });

  it('with no response at all, the best confidence is 0 and a range from 0 hits, an engine range does not', async () => {
    expect((await hits('', fake({ spam: false, confidence: 0 }))).hits).toEqual(['T_CF_LOW']);
  });

  it('forked (the default), range rules only answer from the query a scoring check_razor2 rule starts', async () => {
    const calls = { n: 0 };
    expect((await hits('score T_RAZOR 0', fake(SPAM, calls))).hits).toEqual([]);
    expect(calls.n).toBe(0);
    expect((await hits('score T_RAZOR 0\nrazor_fork 0', fake(SPAM, calls))).hits).toEqual(['T_CF_51', 'T_CF_E4', 'T_CF_E8']);
    expect(calls.n).toBe(1);
  });

  it('asks once per message; a second check_razor2 rule asking before the answer gets 0 when forked', async () => {
    const calls = { n: 0 };
    const two = 'full T_RAZOR_B eval:check_razor2()\nscore T_RAZOR_B 1';
    expect((await hits(two, fake(SPAM, calls))).hits).toEqual(['T_CF_51', 'T_CF_E4', 'T_CF_E8', 'T_RAZOR']);
    expect(calls.n).toBe(1);
    expect((await hits(`${two}\nrazor_fork 0`, fake(SPAM))).hits).toEqual(['T_CF_51', 'T_CF_E4', 'T_CF_E8', 'T_RAZOR', 'T_RAZOR_B']);
  });

  it('without engines, the best confidence still serves the engine-less ranges', async () => {
    expect((await hits('', fake({ spam: true, confidence: 70 }))).hits).toEqual(['T_CF_51', 'T_RAZOR']);
  });

  it('ask nothing with use_razor2 0 or network off; without a client they miss with one info', async () => {
    const calls = { n: 0 };
    expect((await hits('use_razor2 0', fake(SPAM, calls))).hits).toEqual([]);
    expect((await hits('', fake(SPAM, calls), false)).hits).toEqual([]);
    expect(calls.n).toBe(0);
    const none = await hits('');
    expect(none.hits).toEqual([]);
    expect(none.diagnostics).toHaveLength(1);
  });

  it('a failing client answers "no confidence" (SA: an empty result list) plus a diagnostic', async () => {
    const r = await hits('', { check: () => Promise.reject(new Error('could not connect')) });
    expect(r.hits).toEqual(['T_CF_LOW']);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['razor2: razor2 check failed: could not connect']);
  });
});

describe('Razor2 report lines', () => {
  it('a range rule that hits logs its confidence as sprintf("cf: %3d")', () => {
    expect(razorLogText(80)).toBe('cf:  80');
    expect(razorLogText(100)).toBe('cf: 100');
    expect(razorLogText(5.9)).toBe('cf:   5');
    expect(razorLogText(0)).toBe('cf:   0');
  });

  it('shows the line under each range rule that hit, and none under check_razor2', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: `${RULES}\n${REPORT_ONLY}` },
    ]);
    const r = await rs.check(MSG, { network: true, clients: { razor: fake(SPAM) } });
    expect(piecesByRule(r.report)).toEqual({ T_CF_51: ['cf:  80'], T_CF_E4: ['cf:  80'], T_CF_E8: ['cf:  30'] });
  });
});
