/**
 * `RuleSet.prepare()`: every pattern and prefilter compiled ahead of the first scan, results
 * unchanged.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const cf = [
  'loadplugin Mail::SpamAssassin::Plugin::Check',
  'header SUBJ_FREE Subject =~ /\\bfree\\b/i',
  'body LOOKAHEAD /money(?= now)/',
  'rawbody RAW /now/',
  'uri URI_EX /example\\.com/',
  'full FULL /^From:/m',
  'header NET_ONLY Subject =~ /free/',
  'tflags NET_ONLY net',
  'score NET_ONLY 0 1 0 1',
].join('\n');
const raw = Buffer.from('From: a@b.example\nSubject: free stuff\n\nmoney now http://www.example.com/x\n');

describe('prepare()', () => {
  it('returns the rule set and gives the same answers, local and network', async () => {
    const cold = compileRuleSet([{ name: 'local.cf', text: cf }]);
    const warm = compileRuleSet([{ name: 'local.cf', text: cf }]);
    expect(warm.prepare({ network: true })).toBe(warm);
    for (const network of [false, true]) {
      const a = await cold.check(raw, { network, clients: { resolver: { resolve: async () => [] } } });
      const b = await warm.check(raw, { network, clients: { resolver: { resolve: async () => [] } } });
      expect(b.hits).toEqual(a.hits);
      expect(b.score).toBe(a.score);
    }
    expect((await warm.check(raw)).hits.map((h) => h.name)).toEqual(expect.arrayContaining(['FULL', 'LOOKAHEAD', 'RAW', 'SUBJ_FREE']));
  });
});
