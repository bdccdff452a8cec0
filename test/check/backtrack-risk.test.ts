/**
 * The static rating of how long a backtracking engine can work on a pattern per start position:
 * "`(<+)+(?=x)` is exponential because of its nested quantifier".
 */
import { describe, expect, it } from 'vitest';
import { analyzeBacktracking } from '../../src/check/backtrack-risk.js';
import { backtrackRisk, mayBacktrackBadly } from '../../src/check/pattern-info.js';
import { compilePattern, type CompiledPattern } from '../../src/compile/pattern.js';
import { parsePerlRegex } from '../../src/compile/regex/parser.js';

const rate = (pattern: string, flags = '') => analyzeBacktracking(parsePerlRegex(pattern, flags).root);

function compiled(text: string): CompiledPattern {
  const r = compilePattern(text);
  if (!r.ok) throw new Error(r.error);
  return r.pattern;
}

describe('the backtracking rating', () => {
  it.each([
    ['^abc$', 'bounded', 0],
    ['colou?r \\d{1,3}', 'bounded', 0],
    ['\\bcheap\\s+pills\\b', 'linear', 1],
    ['(a+b)+c', 'linear', 1],
    ['(\\w+)\\s+\\1', 'linear', 1],
    ['(?:[^,]+,){50}', 'linear', 1],
    ['x{0,60000}', 'linear', 1],
    ['(?=(?:\\w+\\s+){3})offer', 'linear', 1],
  ] as const)('rates %s %s', (pattern, level, degree) => {
    expect(rate(pattern)).toMatchObject({ level, degree });
  });

  it.each([
    ['a*a*b', 2],
    ['.*foo.*bar', 2],
    ['(?:\\w+\\.)+\\w+\\@', 2],
    ['\\w+(?=\\w+x)', 2],
    ['(?:\\w+\\s*){3}x', 3],
  ] as const)('rates %s polynomial of degree %d (repeats of overlapping bytes in a row)', (pattern, degree) => {
    expect(rate(pattern)).toMatchObject({ level: 'polynomial', degree });
    expect(rate(pattern).reasons).toContain('adjacent-quantifiers');
  });

  it.each([
    ['(<+)+(?=x)', 'nested-quantifier'],
    ['(?:<+\\s?)+x', 'nested-quantifier'],
    ['^(?:[a-z]+\\s?)+$', 'nested-quantifier'],
    ['(?:\\d+\\s?)+[a-z]{3}', 'nested-quantifier'],
    ['(a*)*b', 'nested-quantifier'],
    ['<\\S+(?:\\!\\S+){1,}>', 'nested-quantifier'],
    ['(a|ab)+c', 'overlapping-alternatives'],
    ['(?:\\w+\\s*){20}x', 'adjacent-quantifiers'],
  ] as const)('rates %s exponential (%s)', (pattern, reason) => {
    expect(rate(pattern)).toMatchObject({ level: 'exponential', degree: Infinity });
    expect(rate(pattern).reasons).toContain(reason);
  });

  it('sees a catastrophic pattern inside a lookahead, which the RE2 prefilter cannot', () => {
    expect(rate('(?=(a+)+b)a')).toEqual({ level: 'exponential', degree: Infinity, reasons: ['nested-quantifier', 'quantifier-in-lookaround'], anchored: false });
  });

  it('flags a backreference under an unbounded repeat', () => {
    expect(rate('(?:(\\w)x\\1)+y').reasons).toContain('backref-under-quantifier');
    expect(rate('(?:(\\w)x\\1)+y').degree).toBeGreaterThanOrEqual(2);
  });

  it('trusts atomic groups and possessive repeats, which never give back what they took', () => {
    expect(rate('(?>a+)+b')).toMatchObject({ level: 'linear' });
    expect(rate('(?:a++\\s?)+b')).toMatchObject({ level: 'linear' });
    expect(rate('a++a')).toMatchObject({ level: 'linear' });
  });

  it('works through a 5,000-word alternation in one pass', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}x`);
    expect(rate(`(?:${words.join('|')})+`)).toMatchObject({ level: 'exponential', reasons: ['overlapping-alternatives'] });
    expect(rate(`\\b(?:${words.join('|')})\\b`)).toMatchObject({ level: 'bounded' });
  });
});

describe('a compiled pattern', () => {
  it('may backtrack badly when its rating is polynomial of degree 2 or more, or exponential', () => {
    expect(mayBacktrackBadly(compiled('/(<+)+(?=x)/'))).toBe(true);
    expect(mayBacktrackBadly(compiled('/\\s*\\w*\\s*x/'))).toBe(true);
    expect(mayBacktrackBadly(compiled('/\\bclick\\s+here\\b/i'))).toBe(false);
    expect(mayBacktrackBadly(compiled('/^Subject: (\\w+) \\1$/m'))).toBe(false);
  });

  it('keeps its rating once worked out', () => {
    const p = compiled('/(\\w+\\s?)+$/');
    expect(backtrackRisk(p)).toBe(backtrackRisk(p));
    expect(backtrackRisk(p).level).toBe('exponential');
  });
});

describe('anchoring at the start', () => {
  it.each([
    ['^[^\\]]+helo=(?=\\S*pool)\\S*\\d+[^\\d\\s]+\\d+[^\\]]+ auth= ', '', true],
    ['\\Afoo', '', true],
    ['(?:^a|^b)c', '', true],
    ['(^a)b', '', true],
    ['^a|b', '', false],
    ['^abc', 'm', false],
    ['x^', '', false],
    ['(?=^a)a', '', false],
  ] as const)('reads %s (flags "%s") as anchored: %s', (pattern, flags, anchored) => {
    expect(rate(pattern, flags).anchored).toBe(anchored);
  });
});
