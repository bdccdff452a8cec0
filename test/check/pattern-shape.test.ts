/**
 * The shape measures of a parsed pattern stay cheap on huge patterns: "a repeat of one path per
 * count has as many paths as counts", "a 5,000-way alternation is not split into branches";
 * and a pattern cut to the bytes of ASCII texts keeps only what can match in one.
 */
import { describe, expect, it } from 'vitest';
import { backtrackPaths, branchSources, cutSources, cutToBytes, splitBranches } from '../../src/check/pattern-shape.js';
import { ByteSet } from '../../src/compile/regex/byte-set.js';
import { emitRe2 } from '../../src/compile/regex/emit-re2.js';
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

describe('a pattern cut to the bytes of ASCII texts', () => {
  const ASCII = ByteSet.range(0, 0x7f);
  const cut = (pattern: string) => {
    const node = cutToBytes(root(pattern), ASCII);
    return node === null ? null : emitRe2({ root: node, groupCount: 0, names: [] }, false).source;
  };

  it('cuts its classes and drops the alternatives that need a byte above 0x7F', () => {
    expect(cut('[a\xe9]b(?:c|\xc3\xa9)d')).toBe(cut('ab(?:c)d'));
  });

  it('cannot match when every way through needs such a byte', () => {
    expect(cut('x(?:\xc3\xa9|[\x80-\xff])y')).toBeNull();
    expect(cutSources(parsePerlRegex('caf\\xc3\\xa9', ''), ASCII, 20_000)).toEqual([]);
  });

  it('keeps a repeat that may match nothing, and a negative lookahead that no longer can match, as empty', () => {
    expect(cut('a[\xe9]*b')).toBe(cut('ab'));
    expect(cut('a(?!\xe9)b')).toBe(cut('ab'));
    expect(cut('a(?=\xe9)b')).toBeNull();
  });

  it('is left as it is when it needs no such byte', () => {
    const node = root('ab+c');
    expect(cutToBytes(node, ASCII)).toEqual(node);
  });
});
