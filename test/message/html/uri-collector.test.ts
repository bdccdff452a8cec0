/**
 * URIs from HTML attributes when the attributes are huge: a meta refresh with long blank runs
 * and a `<base href>` with a long path, plus relative links full of dot segments. The short
 * versions were rendered by Perl SpamAssassin 4.0.1 and give the same URIs.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/message/html/index.js';

const uris = (html: string) => [...(renderHtml(html, false).results.uri_detail ?? new Map()).keys()].sort();

/** A refresh with `blanks` blanks inside the URL, a refresh cut at `;`, a long base and dotted links. */
function page(blanks: number, depth: number): string {
  return (
    `<meta http-equiv="refresh" content="0; url=http://a.example.com/${' '.repeat(blanks)}x">` +
    `<meta http-equiv="Refresh" content="url=http://b.example.com/  ; ${' '.repeat(blanks)}">` +
    `<base href="http://c.example.com/${'d/'.repeat(depth)}index.html"><a href="x">l</a>` +
    `<a href="http://e.example.com/${'./'.repeat(depth)}${'a/'.repeat(depth)}${'../'.repeat(depth)}y">m</a>` +
    `<a href="/${'../'.repeat(depth + 1)}z">n</a>`
  );
}

describe('URIs of large HTML attributes', () => {
  it('resolves refresh, base and dot segments as Perl does on a small page', () => {
    expect(uris(page(5, 3))).toEqual([
      '/../../../../z',
      'http://a.example.com/     x',
      'http://b.example.com/',
      'http://c.example.com/d/d/d/index.html',
      'http://c.example.com/d/d/d/x',
      'http://c.example.com/z',
      'http://e.example.com/./././a/a/a/../../../y',
      'http://e.example.com/y',
      'x',
    ]);
  });

  it('gives the same URIs for 100,000 blanks and 1,000 path segments', () => {
    const blanks = 100_000;
    const depth = 1_000;
    const r = renderHtml(page(blanks, depth), false).results;
    expect([...(r.uri_detail ?? new Map()).keys()].sort()).toEqual(
      [
        `/${'../'.repeat(depth + 1)}z`,
        // canon_uri cuts a URI at 8,192 characters
        `http://a.example.com/${' '.repeat(blanks)}x`.slice(0, 8192),
        'http://b.example.com/',
        `http://c.example.com/${'d/'.repeat(depth)}index.html`,
        `http://c.example.com/${'d/'.repeat(depth)}x`,
        'http://c.example.com/z',
        `http://e.example.com/${'./'.repeat(depth)}${'a/'.repeat(depth)}${'../'.repeat(depth)}y`,
        'http://e.example.com/y',
        'x',
      ].sort(),
    );
    expect(r.uri_truncated).toBe(1);
  });
});
