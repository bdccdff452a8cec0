/**
 * The shape measures of a parsed pattern stay cheap on huge patterns: "a repeat of one path per
 * count has as many paths as counts", "a 5,000-way alternation is not split into branches".
 */
import { describe, expect, it } from 'vitest';
import { backtrackPaths, branchSources, splitBranches } from '../../src/check/pattern-shape.js';
import { parsePerlRegex } from '../../src/compile/regex/parser.js';

const root = (pattern: string) => parsePerlRegex(pattern, '').root;

describe('the paths a backtracking engine can try', () => {
  it('of a counted repeat of a single path are its counts, worked out without a loop per count', () => {
    expect(backtrackPaths(root('x{0,60000}'))).toBe(60001);
    expect(backtrackPaths(root('(?:x{0,3}y){2}'))).toBe(4 * 4);
  });

  it('of a counted repeat of several paths add up per count', () => {
    expect(backtrackPaths(root('(?:a|b){0,2}'))).toBe(1 + 2 + 4);
  });
});

describe('a huge pattern split into branches', () => {
  it('is split at its first alternation of three or more branches', () => {
    expect(splitBranches(root('x(?:a|b|c)y'))).toHaveLength(3);
  });

  it('is not split into more than the allowed branches', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    const parsed = parsePerlRegex(`\\b(?:${words.join('|')})\\b`, '');
    expect(splitBranches(parsed.root, 32)).toBeUndefined();
    expect(branchSources(parsed)).toBeUndefined();
    expect(branchSources(parsePerlRegex('\\b(?:one|two|three)\\b', ''))).toHaveLength(3);
  });
});
