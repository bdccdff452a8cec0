/**
 * The boundary, charset and name parameters of `parse_content_type`, matched without the
 * regexes' backtracking. Reference: SA's own patterns run as JS regexes, which agree with our
 * matcher on every short value here; long hostile values are checked against answers known
 * by construction (the patterns themselves would take minutes on them).
 */
import { describe, expect, it } from 'vitest';
import { boundaryParam, charsetParam, nameContinuations, nameParam } from '../../../src/message/mime/content-type-params.js';
import { failures, randomString, seeded } from '../helpers/hostile.js';

// SA's patterns (Util::parse_content_type), with Perl's `.` as [^\n] and `$` as \n?$.
const S = '[\\t\\n\\x0b\\f\\r ]';
const BOUNDARY = new RegExp(`\\bboundary${S}*=${S}*("[^"]+|[^\\t\\n\\x0b\\f\\r ";]+(?=[\\t\\n\\x0b\\f\\r ;]|\\n?$))`, 'i');
const lazy = (key: string, flags: string) => new RegExp(`${key}${S}*=${S}*["']?([^\\n]*?)["']?(?:;|\\n?$)`, flags);
const CHARSET = lazy('\\bcharset', 'i');
const NAME = lazy('\\b(?:file)?name', 'i');
const NAME_CONT = new RegExp(`\\b(?:file)?name\\*(\\d+)${S}*=${S}*["']?([^\\n]*?)["']?(?:;|\\n?$)`, 'gi');

const alphabet = ['charset', 'name', 'filename', 'boundary', 'name*0', 'name*12', '=', ' ', '\t', '\n', ';', '"', "'", 'a', 'B', '/', '-', 'Charset', 'x name'];

describe('Content-Type parameters', () => {
  const rnd = seeded(2024);
  const value = () => randomString(rnd, alphabet, 14);

  it('finds the same boundary, charset and name as SA\'s regexes on 20,000 random short values', () => {
    expect(failures(20_000, value, (v) => boundaryParam(v) === BOUNDARY.exec(v)?.[1])).toEqual([]);
    expect(failures(20_000, value, (v) => charsetParam(v) === CHARSET.exec(v)?.[1])).toEqual([]);
    expect(failures(20_000, value, (v) => nameParam(v) === NAME.exec(v)?.[1])).toEqual([]);
    const continuations = (v: string) => [...v.matchAll(NAME_CONT)].map((m) => [m[1], m[2]]);
    expect(failures(20_000, value, (v) => JSON.stringify(nameContinuations(v)) === JSON.stringify(continuations(v)))).toEqual([]);
  });

  it('gives up on 20,000 charset values that a newline cuts off, and finds the value after the last key', () => {
    const k = 20_000;
    expect(charsetParam('text/plain; ' + 'charset=a '.repeat(k) + '\nx')).toBeUndefined();
    expect(CHARSET.exec('text/plain; ' + 'charset=a '.repeat(20) + '\nx')).toBeNull();
    expect(charsetParam('text/plain; ' + 'charset='.repeat(k) + 'utf-8')).toBe('charset='.repeat(k - 1) + 'utf-8');
    expect(nameParam('a/b; ' + 'name= '.repeat(k) + '\n;')).toBe(''); // only the last one's blanks reach the ';'
    expect(nameParam('a/b; name="' + ' '.repeat(k) + '\nx"; name=y')).toBe('y');
  });

  it('rejects unquoted boundaries that run into a quote, however many there are', () => {
    const k = 20_000;
    expect(boundaryParam('multipart/mixed; ' + 'boundary=a'.repeat(k) + '"')).toBeUndefined();
    expect(boundaryParam('multipart/mixed; ' + 'boundary=a'.repeat(k) + ' ')).toBe('a' + 'boundary=a'.repeat(k - 1));
    expect(boundaryParam('multipart/mixed; boundary="' + 'x'.repeat(k))).toBe('"' + 'x'.repeat(k));
  });

  it('joins thousands of name continuations in order', () => {
    const parts = Array.from({ length: 5_000 }, (_, i) => `name*${i}="p${i}"`);
    expect(nameContinuations('a/b; ' + parts.join('; ')).map(([, v]) => v)).toEqual(parts.map((_, i) => `p${i}`));
  });
});
