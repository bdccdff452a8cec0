/** Token probabilities, chi-square combining and the tag texts (values checked against Perl). */
import { describe, expect, it } from 'vitest';
import { combineChi, frexp, tokenProbability } from '../../src/bayes/combine-chi.js';
import { reportList } from '../../src/bayes/report-list.js';
import { tokenId } from '../../src/bayes/token-id.js';
import { tokenizeLine } from '../../src/bayes/tokenize-line.js';

describe('Bayes arithmetic', () => {
  it("gives H*ct:html with 86 spam and 0 ham Perl's probability", () => {
    expect(tokenProbability(86, 0, 247, 250, true)).toBeCloseTo(0.999838893409276, 14);
  });
  it('ignores hapaxes when bayes_use_hapaxes is off', () => {
    expect(tokenProbability(1, 0, 10, 10, false)).toBeUndefined();
    expect(tokenProbability(1, 0, 10, 10, true)).toBeDefined();
  });
  it('splits doubles like POSIX frexp', () => {
    expect(frexp(8)).toEqual([0.5, 4]);
    expect(frexp(1e-310)[0]).toBeGreaterThanOrEqual(0.5);
    const [m, e] = frexp(1e-310);
    expect(m * 2 ** e).toBe(1e-310);
  });
  it('combines strong spam evidence near 1 and nothing into undefined', () => {
    expect(combineChi(10, 10, [0.99, 0.98, 0.97])).toBeGreaterThan(0.9);
    expect(combineChi(10, 10, [])).toBeUndefined();
  });
  it('prints token lists in SA formats', () => {
    const info = [{ token: 'H*ct:html', prob: 0.999838893409276, spam: 86, ham: 0, atime: 0 }];
    expect(reportList(info, '5,short', { nspam: 247, nham: 250, useHapaxes: true, now: 86400 })).toBe('H*ct:html');
    expect(reportList(info, '5,long', { nspam: 247, nham: 250, useHapaxes: true, now: 86400 })).toBe('1.000-16--0h-86s--1d--H*ct:html');
    expect(reportList(undefined, '5', { nspam: 1, nham: 1, useHapaxes: true, now: 0 })).toBe('Tokens not available.');
  });
});

describe('the tokenizer', () => {
  const opts = { maxTokenLength: 15, stopwords: [] as RegExp[] };
  it("gives SA's token ids (sha1 low 40 bits)", () => {
    expect(tokenId('0500')).toBe('d0f4486404');
  });
  it('decomposes body tokens as SA does', () => {
    expect(tokenizeLine('FREE!!!', '', 1, opts, new Map())).toEqual(['FREE', 'free!!!', 'free', 'FREE!!!']);
  });
  it('splits addresses and domains in the body', () => {
    expect(tokenizeLine('bob@Example.COM', '', 1, opts, new Map())).toEqual(['U*bob', 'D*Example.COM', 'D*COM', 'bobExampleCOM', 'bob@example.com', 'bobexamplecom', 'bob@Example.COM']);
    expect(tokenizeLine('www.example.co.uk', '', 2, opts, new Map()).slice(0, 4)).toEqual(['UD:www.example.co.uk', 'UD:example.co.uk', 'UD:co.uk', 'UD:uk']);
  });
  it('keeps only the 3- and 4-byte UTF-8 characters of long 8-bit tokens', () => {
    const smiley = '\xf0\x9f\x98\x80';
    expect(tokenizeLine(smiley.repeat(4) + 'abc', '', 1, opts, new Map())).toEqual(Array(4).fill('u8:' + smiley));
  });
  it('shortens long ASCII tokens to sk: plus seven characters, except in URIs', () => {
    expect(tokenizeLine('abcdefghijklmnopq', '', 0, opts, new Map())).toEqual(['sk:abcdefg']);
    expect(tokenizeLine('abcdefghijklmnopq', '', 2, opts, new Map())).toEqual(['abcdefghijklmnopq']);
  });
});
