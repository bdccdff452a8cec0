/**
 * The expression language of `if` lines and metas parses and evaluates as deep and as wide as
 * Perl's parser takes it: 10,000 nested parentheses, 10,000 `!`, 10,000 operands. (Perl
 * SpamAssassin 4.0.1 reads and evaluates all of these; see test/hostile/rules.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../src/config/conditional.js';
import { collectNames, evaluate, lexExpression, parseTokens, type Expr, type PerlValue } from '../../src/config/expression.js';

const parse = (text: string): Expr => parseTokens(lexExpression(text), (t) => ({ kind: 'name', name: t }));
const run = (text: string, values: Record<string, PerlValue> = {}, eager = false): PerlValue =>
  evaluate(parse(text), { name: (n) => values[n] ?? 0, call: () => 0 }, eager);
const names = (n: number) => Array.from({ length: n }, (_, i) => `R${i}`);

describe('an expression', () => {
  it('10,000 parentheses deep has the value of what they enclose', () => {
    expect(run(`${'('.repeat(10_000)}A${')'.repeat(10_000)}`, { A: 2 })).toBe(2);
  });

  it('behind 10,000 negations is as true as its operand (an even count)', () => {
    expect(run(`${'!'.repeat(10_000)}A`, { A: 1 })).toBe(1);
    expect(run(`${'!'.repeat(10_001)}A`, { A: 1 })).toBe('');
  });

  it('of 10,000 operands adds them and short-circuits them as Perl does', () => {
    expect(run(`(${names(10_000).join(' + ')}) > 1`, { R1: 1, R9999: 1 })).toBe(1);
    expect(run(names(10_000).join(' || '), { R7777: 'x' })).toBe('x');
    expect(run(names(10_000).join(' && '), { R0: 1 })).toBe(0);
    expect(run(names(10_000).join(' && '), { R0: 1 }, true)).toBe(0);
  });

  it('of 5,000 nested conditionals picks the branch of the first true test', () => {
    const text = names(5000).map((n, i) => `${n} ? ${i + 1} :`).join(' ') + ' 0';
    expect(run(text, { R4321: 1 })).toBe(4322);
    expect(run(text, { R4321: 1 }, true)).toBe(4322);
  });

  it('lists the 10,000 names it reads once each, in order', () => {
    const all = names(10_000);
    expect(collectNames(parse(`${all.join(' + ')} + ${all.join(' + ')}`))).toEqual(all);
  });

  it('reports a missing parenthesis after 10,000 open ones as a syntax error', () => {
    expect(() => parse(`${'('.repeat(10_000)}A`)).toThrow(/syntax error: expected '\)'/);
  });
});

describe('an if line', () => {
  it('10,000 parentheses deep is read', () => {
    const r = evaluateCondition(`${'('.repeat(10_000)}1${')'.repeat(10_000)}`, {
      pluginLoaded: () => false,
      probe: () => false,
      localTestsOnly: false,
      canonicalName: (n) => n,
    });
    expect(r).toEqual({ kind: 'value', value: true });
  });
});
