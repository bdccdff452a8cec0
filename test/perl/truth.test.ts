/**
 * Perl's truth of a scalar. Expected values are what perl 5.36 answered for `$v ? 1 : 0`.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { perlTrue } from '../../src/perl/truth.js';

describe('perlTrue', () => {
  it('is false for undef, "", "0" and the number 0 only', () => {
    for (const v of [undefined, null, false, '', '0', 0, -0]) expect([v, perlTrue(v)]).toEqual([v, false]);
  });

  it('is true for other strings that look like zero, and for NaN', () => {
    for (const v of ['0.0', '00', ' 0', '0E0', '0\n', 'a', 1, -1, NaN, Infinity, true]) expect([v, perlTrue(v)]).toEqual([v, true]);
  });

  it('narrows a string-or-undefined to a string', () => {
    const values: Array<string | undefined> = ['x', undefined, '0'];
    expect(values.map((v) => (perlTrue(v) ? v.length : -1))).toEqual([1, -1, -1]);
  });

  it('makes a meta rule whose value is NaN hit, as SpamAssassin does', async () => {
    const big = '9'.repeat(200);
    const rs = compileRuleSet([
      { name: 'init.pre', text: 'loadplugin Mail::SpamAssassin::Plugin::Check' },
      { name: 't.cf', text: `body __B /hello/\nmeta T_NAN (__B * ${big} * ${big} - __B * ${big} * ${big})\nmeta T_ZERO (__B * 0)\n` },
    ]);
    const r = await rs.check(Buffer.from('From: a@b.example\nSubject: x\n\nhello world\n', 'latin1'));
    expect(r.hits.map((h) => h.name)).toEqual(['T_NAN']);
  });
});
