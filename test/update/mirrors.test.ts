/** MIRRORED.BY and the weighted choice of a mirror. */
import { describe, expect, it } from 'vitest';
import { chooseMirror, parseMirroredBy, urlsToTry } from '../../src/update/mirrors.js';

const LIST = `# mirrors
http://a.example/updates/ weight=5
https://b.example/sa weight=1 extra=x   # comment
ftp://c.example/ weight=9

http://d.example/x
`;

describe('parseMirroredBy', () => {
  it('keeps http(s) mirrors without trailing slashes, with their weights (default 1)', () => {
    expect(parseMirroredBy(LIST).map((m) => [m.url, m.weight])).toEqual([
      ['http://a.example/updates', 5],
      ['https://b.example/sa', 1],
      ['http://d.example/x', 1],
    ]);
    expect(parseMirroredBy(LIST)[1]!.options.extra).toBe('x');
  });
});

describe('chooseMirror', () => {
  const mirrors = parseMirroredBy(LIST);
  it('picks with a chance proportional to the weight, heaviest first', () => {
    expect(chooseMirror(mirrors, () => 0)!.url).toBe('http://a.example/updates');
    expect(chooseMirror(mirrors, () => 4.99 / 7)!.url).toBe('http://a.example/updates');
    expect(chooseMirror(mirrors, () => 5 / 7)!.url).toBe('https://b.example/sa');
    expect(chooseMirror(mirrors, () => 0.999)!.url).toBe('http://d.example/x');
  });

  it('gives nothing for an empty list', () => {
    expect(chooseMirror([])).toBeUndefined();
  });
});

describe('urlsToTry', () => {
  it('tries https first for an http mirror, then the URL as listed', () => {
    expect(urlsToTry('http://a.example/u', true)).toEqual(['https://a.example/u', 'http://a.example/u']);
    expect(urlsToTry('http://a.example/u', false)).toEqual(['http://a.example/u']);
    expect(urlsToTry('https://a.example/u', true)).toEqual(['https://a.example/u']);
  });
});
