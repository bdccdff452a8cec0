/**
 * A pattern V8 accepts at `new RegExp` but refuses when it first compiles it for a text
 * (its regex compiler overflows its stack): the rule is a miss with a diagnostic, never an
 * exception out of check().
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const big = '(?=x)' + '\\bx '.repeat(8000);
const cf = `loadplugin Mail::SpamAssassin::Plugin::Check\nfull BIG /${big}/\nheader OK Subject =~ /hi/\n`;
const raw = Buffer.from(`From: a@b.example\nSubject: hi\n\n${'x '.repeat(8000)}\n`);

describe('a pattern V8 refuses at its first use', () => {
  it('is a miss with a diagnostic, and the other rules still hit', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf }]);
    const r = await rs.check(raw);
    expect(r.hits.map((h) => h.name)).toEqual(['OK']);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-regexp', rule: 'BIG' }));
  });

  it('is found by prepare() too, without throwing', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf }]);
    expect(() => rs.prepare()).not.toThrow();
    expect((await rs.check(raw)).hits.map((h) => h.name)).toEqual(['OK']);
  });
});
