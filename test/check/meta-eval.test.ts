/**
 * Compiled metas (meta-eval.ts): the packed form built once per plan gives what the expression
 * interpreter gives — Perl's values, hit values and dying on a division by zero — on
 * hand-picked expressions and on generated ones, and very deep expressions are interpreted.
 */
import { describe, expect, it } from 'vitest';
import { parseMeta } from '../../src/compile/meta.js';
import { compileMeta, evaluateMeta, MAX_CLOSURE_DEPTH, MetaCode, type MetaInputs } from '../../src/check/meta-eval.js';
import { mulberry32 } from '../support/prng.mjs';

const NAMES = ['A', 'B', 'C', '__D', 'E'];

/** Inputs where A..E have the given values (undefined: no value yet) and names without an id read `other`. */
function inputs(values: Record<string, number | undefined>, localTestsOnly = false, other: Record<string, number> = {}): { s: MetaInputs; idOf: (n: string) => number | undefined } {
  const vals = new Float64Array(NAMES.length);
  const has = new Uint8Array(NAMES.length);
  NAMES.forEach((n, i) => {
    if (values[n] !== undefined) {
      vals[i] = values[n]!;
      has[i] = 1;
    }
  });
  const idOf = (n: string) => (NAMES.includes(n) ? NAMES.indexOf(n) : undefined);
  return { s: { vals, has, localTestsOnly, other: (n) => other[n] ?? 0 }, idOf };
}

/** Both ways of evaluating `text`: [compiled, interpreted], each a value or 'dies'. */
function both(text: string, values: Record<string, number | undefined>, localTestsOnly = false, other: Record<string, number> = {}): [number | string, number | string] {
  const expr = parseMeta(text);
  const { s, idOf } = inputs(values, localTestsOnly, other);
  const run = (f: () => number) => {
    try {
      return f();
    } catch {
      return 'dies';
    }
  };
  const read = (n: string) => {
    const id = idOf(n);
    return id === undefined ? (other[n] ?? 0) : s.has[id] ? s.vals[id]! : 0;
  };
  return [run(() => compileMeta(expr, idOf)(s)), run(() => evaluateMeta(expr, read, localTestsOnly))];
}

describe('a compiled meta', () => {
  it('reads rule values by id, unset ones as 0', () => {
    expect(both('A && B', { A: 1, B: 2 })).toEqual([2, 2]);
    expect(both('A && B', { A: 1 })).toEqual([0, 0]);
    expect(both('A || B', { B: 3 })).toEqual([3, 3]);
  });

  it('gives a negative or string-true result the hit value 1, as got_hit does', () => {
    expect(both('A - B', { A: 1, B: 3 })).toEqual([1, 1]);
    expect(both('!A', {})).toEqual([1, 1]);
    expect(both('!A', { A: 1 })).toEqual([0, 0]);
  });

  it('chains comparisons as Perl does', () => {
    expect(both('(A + B + C) > 1', { A: 1, B: 1 })).toEqual([1, 1]);
    expect(both('(A + B + C) > 2', { A: 1, B: 1 })).toEqual([0, 0]);
    expect(both('A == 1', { A: 1 })).toEqual([1, 1]);
  });

  it('reads local_tests_only and names the plan has no id for', () => {
    expect(both('local_tests_only && A', { A: 1 }, true)).toEqual([1, 1]);
    expect(both('local_tests_only && A', { A: 1 }, false)).toEqual([0, 0]);
    expect(both('A && UNKNOWN', { A: 1 }, false, { UNKNOWN: 5 })).toEqual([5, 5]);
  });

  it('dies on a division by zero where the interpreter does', () => {
    expect(both('A / B', { A: 1 })).toEqual(['dies', 'dies']);
    expect(both('B && A / B', { A: 1 })).toEqual([0, 0]);
  });

  it('agrees with the interpreter on generated expressions and values', () => {
    const rand = mulberry32(17);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const gen = (depth: number): string => {
      const r = rand();
      if (depth > 4 || r < 0.3) return pick([...NAMES, '0', '1', '2', '0.5', 'local_tests_only', 'NOPE']);
      if (r < 0.45) return `!${gen(depth + 1)}`;
      if (r < 0.5) return `-(${gen(depth + 1)})`;
      if (r < 0.85) return `(${gen(depth + 1)} ${pick(['&&', '||', '+', '-', '*', '/', '^'])} ${gen(depth + 1)})`;
      if (r < 0.95) return `(${gen(depth + 1)} ${pick(['>', '<', '==', '!=', '>=', '<='])} ${gen(depth + 1)})`;
      return `(${gen(depth + 1)} ? ${gen(depth + 1)} : ${gen(depth + 1)})`;
    };
    let hits = 0;
    for (let i = 0; i < 3000; i++) {
      const text = gen(0);
      const values: Record<string, number | undefined> = {};
      for (const n of NAMES) values[n] = rand() < 0.3 ? undefined : pick([0, 1, 2, 3, 0.5]);
      const [compiled, interpreted] = both(text, values, rand() < 0.5);
      expect(compiled, text).toEqual(interpreted);
      if (typeof compiled === 'number' && compiled > 0) hits++;
    }
    expect(hits).toBeGreaterThan(500);
  });

  it('packs many metas into one code array, each evaluating as it would alone', () => {
    const rand = mulberry32(5);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const gen = (depth: number): string =>
      depth > 3 || rand() < 0.35
        ? pick([...NAMES, '1', '2', 'NOPE'])
        : rand() < 0.2
          ? `!${gen(depth + 1)}`
          : `(${gen(depth + 1)} ${pick(['&&', '||', '+', '>', '-'])} ${gen(depth + 1)})`;
    const texts = Array.from({ length: 300 }, () => gen(0));
    const { s, idOf } = inputs({ A: 1, B: 0, C: 2, E: 0.5 }, false, { NOPE: 3 });
    const code = new MetaCode();
    const entries = texts.map((t) => code.add(parseMeta(t), idOf));
    texts.forEach((t, i) => expect(code.run(entries[i]!, s), t).toBe(compileMeta(parseMeta(t), idOf)(s)));
    // and the one-meta form agrees with the interpreter on these values too
    texts.forEach((t) => expect(both(t, { A: 1, B: 0, C: 2, E: 0.5 }, false, { NOPE: 3 })[0]).toBe(compileMeta(parseMeta(t), idOf)(s)));
  });

  it(`interprets expressions nested deeper than ${MAX_CLOSURE_DEPTH} levels (no JS recursion per level)`, () => {
    const text = '('.repeat(5000) + 'A' + ')'.repeat(5000) + ' + ' + '!'.repeat(3000) + 'B';
    expect(both(text, { A: 2, B: 1 })).toEqual([3, 3]);
  });
});
