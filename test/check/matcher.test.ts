/**
 * The matcher gives the same answers on every engine path it picks (V8 alone, RE2 alone, an
 * RE2 superset then V8, a relaxed RE2 pass first), and counts like Perl's `while (/re/g)`:
 * an empty match moves on by one char, `max` stops the loop.
 */
import { describe, expect, it } from 'vitest';
import { compilePattern, type CompiledPattern } from '../../src/compile/pattern.js';
import { buildMatcher } from '../../src/check/matcher.js';
import { patternInfo } from '../../src/check/pattern-info.js';
import { utf8 } from '../../src/check/prefilter.js';

function pattern(text: string): CompiledPattern {
  const r = compilePattern(text);
  if (!r.ok) throw new Error(r.error);
  return r.pattern;
}

/** Perl's loop, on the exact V8 translation: the reference every path must agree with. */
function referenceCount(p: CompiledPattern, text: string, max: number): number {
  const re = new RegExp(p.js.source, p.js.flags + 'g');
  let n = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    n++;
    if (max > 0 && n >= max) break;
    if (m[0] === '') re.lastIndex++;
    if (re.lastIndex > text.length) break;
  }
  return n;
}

const TEXTS = [
  '',
  'e',
  'caf\xe9 cr\xe8me br\xfbl\xe9e, \xe9\xe9\xe9',
  'The quick brown fox jumps over the lazy dog. eee',
  'name: ______ address: ...... city: ------',
  'x'.repeat(300) + '\xe9' + 'y'.repeat(10),
  'line one\nline two\n',
  '\xc3\xa9t\xc3\xa9 (UTF-8 bytes of \u00e9t\u00e9 as Latin-1 chars)',
];

const CASES: Array<[string, string]> = [
  ['/e/', 'V8 alone: no unbounded repeat'],
  ['/(?:e|\\xe9)/', 'V8 alone, non-ASCII'],
  ['/\\xe9*/', 'RE2 exact, empty matches between 2-byte chars'],
  ['/\\w+/', 'RE2 exact'],
  ['/[\\xe0-\\xff]+\\w*/', 'RE2 exact on non-ASCII runs'],
  ['/(?=e)\\w+/', 'RE2 superset then V8'],
  ['/(\\w)\\1+/', 'backreference: RE2 superset then V8'],
  ['/(?:\\w+[:.]\\s?){1,3}[-_.]{1,100}/', 'relaxed RE2 pass first'],
  ['/^line \\w+$/m', 'multiline anchors'],
  ['/\\w+e$/', 'RE2 answers tests alone (its form is exact for yes/no only), V8 counts'],
  ['/$/', 'empty match at the end'],
];

describe('the matcher', () => {
  for (const [source, path] of CASES) {
    it(`counts like Perl's while (//g) for ${source} (${path})`, () => {
      const p = pattern(source);
      const m = buildMatcher(p);
      for (const text of TEXTS) {
        for (const max of [0, 1, 2, 5]) {
          const want = referenceCount(p, text, max);
          expect(m.count(text, max), `${JSON.stringify(text)} max ${max}`).toBe(want);
          expect(m.count(text, max, utf8(text)), `${JSON.stringify(text)} max ${max}, bytes`).toBe(want);
        }
        const hit = referenceCount(p, text, 1) > 0;
        expect(m.test(text)).toBe(hit);
        expect(m.test(text, utf8(text))).toBe(hit);
      }
    });
  }

  it('takes the paths the cases above name', () => {
    expect(patternInfo(pattern('/e/')).v8Safe).toBe(true);
    expect(patternInfo(pattern('/\\w+/')).v8Safe).toBe(false);
    expect(patternInfo(pattern('/(?:\\w+[:.]\\s?){1,3}[-_.]{1,100}/')).relaxed).toBeDefined();
    expect(pattern('/(?=e)\\w+/').re2?.exact).toBe(false);
  });

  it('tests a huge pattern with a top-level alternation branch by branch, with the same answers', () => {
    const words = (prefix: string) => Array.from({ length: 1200 }, (_, i) => `${prefix}${i.toString(36)}x`).join('|');
    const source = `/(?:^|\\s)(?:(?:${words('alpha')})\\s+one|(?:${words('beta')})\\s+two|(?:${words('gamma')})\\s+three)\\b/i`;
    const p = pattern(source);
    expect(patternInfo(p).branches).toHaveLength(3);
    const m = buildMatcher(p);
    for (const text of ['say ALPHA1ax  one!', 'beta2bx two', 'xgamma3cx three', 'gamma3cx threes', 'beta2bx one', '']) {
      expect(m.test(text), text).toBe(referenceCount(p, text, 1) > 0);
      expect(m.count(text, 0), text).toBe(referenceCount(p, text, 0));
    }
  });

  it('tests a large pattern of look-alike letters by its ASCII form on ASCII texts, with the same answers', () => {
    // As ReplaceTags spells the words of __MY_MALWARE: each letter with look-alikes in UTF-8.
    const letter = (c: string) => `(?:[${c}${c.toUpperCase()}]|\\xd0[\\x80-\\xbf]|\\xc3[\\xa0-\\xbf]|&#x?[0-9a-f]{2,4};)`;
    const word = (w: string) => [...w].map(letter).join('');
    const words = ['malware', 'webcam', 'password', 'bitcoin', 'wallet', 'payment', 'deadline', 'recorded'];
    const p = pattern(`/(?:^|\\s)(?:${words.map(word).join('|')})(?:\\s+(?:${words.map(word).join('|')}))+/`);
    const info = patternInfo(p);
    expect(info.asciiForms).toHaveLength(1);
    expect(info.asciiForms![0]!.length).toBeLessThan(p.re2!.source.length / 2);
    const m = buildMatcher(p);
    const texts = [
      'your Webcam recorded you',
      'your web\xd0\xb0am recorded you',
      'my malware  PASSWORD',
      'send bitcoin w&#x61;llet',
      'send bitcoin to wallet\xc3\xa9',
      'no words here \xc3\xa9',
      'webcamrecorded',
      '',
    ];
    for (const text of texts) {
      expect(m.test(text), text).toBe(referenceCount(p, text, 1) > 0);
      expect(m.count(text, 0), text).toBe(referenceCount(p, text, 0));
    }
    expect(texts.filter((t) => m.test(t))).toHaveLength(4);
  });

  it('returns the named groups of a huge pattern it tests branch by branch', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i.toString(36)}x`).join('|');
    const p = pattern(`/(?<WHO>${words})\\s+(?:one|two|three)|(?:${words})\\s+four|(?:${words})\\s+five/`);
    expect(patternInfo(p).branches).toHaveLength(3);
    const m = buildMatcher(p);
    m.prepare();
    expect(m.test('a w1x four')).toBe(true);
    expect(m.captures('a w2x two, w3x one')).toEqual({ WHO: 'w2x' });
  });

  it('returns the named groups of the first match', () => {
    const m = buildMatcher(pattern('/(?<WHO>\\w+)@example/'));
    expect(m.captures('mail bob@example.com or eve@example.org')).toEqual({ WHO: 'bob' });
    expect(m.captures('nobody')).toBeUndefined();
  });

  it('returns the same groups from V8 on a short text as from RE2 on one too long for an unguarded V8 run', () => {
    const p = pattern('/(?P<NAME>[a-z]+)\\s+(?P<NUM>\\d+)/');
    expect(p.re2?.exact).toBe(true);
    const m = buildMatcher(p);
    expect(m.mayRunLong(10_000, true)).toBe(false); // RE2 runs it, not V8: no guard either way
    const short = 'id: alpha 42 beta 7';
    const long = 'x '.repeat(5000) + short;
    expect(m.captures(short)).toEqual({ NAME: 'alpha', NUM: '42' });
    expect(m.captures(long)).toEqual({ NAME: 'alpha', NUM: '42' });
    expect(m.captures('nothing here')).toBeUndefined();
  });
});

describe('when a V8 run needs the slice guard', () => {
  it('guards an unanchored degree-2 pattern on a long text, not the same pattern anchored at the start', () => {
    const unanchored = buildMatcher(pattern('/a\\w+\\s*\\w+x(?=y)/'));
    const anchored = buildMatcher(pattern('/^\\w+\\s*\\w+x(?=y)/'));
    expect(unanchored.mayRunLong(4000)).toBe(true);
    expect(anchored.mayRunLong(4000)).toBe(false);
    // ...until the text is long enough for n^2 steps to count.
    expect(anchored.mayRunLong(100_000)).toBe(true);
  });

  it('needs no guard for a text its RE2 superset rules out, V8 never running on it', () => {
    // The negative lookahead keeps this pattern from RE2; RE2 runs it without the lookahead first.
    const m = buildMatcher(pattern('/^[^\\]]+ rdns=(?![^\\s\\]]+[-.]static[-.])\\S*\\d+[^\\d\\s]\\d+[^\\d\\s]\\d+\\S*\\.\\S+\\.\\S/i'));
    expect(m.reachesV8('[ ip=192.0.2.1 rdns=mail.example.com helo=x ]')).toBe(false);
    expect(m.reachesV8('[ ip=192.0.2.1 rdns=host-1-2-3.dyn.example.com helo=x ]')).toBe(true);
    // An exact RE2 form: V8 never runs.
    expect(buildMatcher(pattern('/(\\w+\\s*)+x/')).reachesV8('aaaa x')).toBe(false);
  });

  it('answers a yes/no test by RE2 alone when its form gives Perl\'s answer, so the test needs no guard', () => {
    // `$` keeps the form from giving Perl's spans, not its answer. V8 backtracks
    // exponentially here (2^40 ways to cut the a's before failing at the b); RE2 is linear.
    const m = buildMatcher(pattern('/^(?:a+)+$/'));
    expect(pattern('/^(?:a+)+$/').re2).toMatchObject({ exact: false, testExact: true });
    expect(m.mayRunLong(Infinity, false)).toBe(false);
    expect(m.mayRunLong(Infinity, true)).toBe(true);
    expect(m.test('a'.repeat(40) + 'b')).toBe(false);
    expect(m.test('a'.repeat(40) + '\n')).toBe(true);
  });

  it('stops running RE2 supersets that let nearly every text through, with the same answers', () => {
    const m = buildMatcher(pattern('/^[^\\]]+ rdns=(?![^\\s\\]]+[-.]static[-.])\\S*\\d+[^\\d\\s]\\d+[^\\d\\s]\\d+\\S*\\.\\S+\\.\\S/i'));
    const through = '[ ip=192.0.2.1 rdns=host-1-2-3.dyn.example.com helo=x ]';
    const ruledOut = '[ ip=192.0.2.1 rdns=mail.example.com helo=x ]';
    for (let i = 0; i < 255; i++) expect(m.test(through)).toBe(true);
    expect(m.reachesV8(ruledOut)).toBe(false);
    // 256 texts, all but one through: V8 now runs on every text, the superset on none.
    expect(m.reachesV8(ruledOut)).toBe(true);
    expect(m.test(ruledOut)).toBe(false);
    expect(m.test(through)).toBe(true);
    expect(m.count(ruledOut, 0)).toBe(0);
  });

  it('judges RE2 supersets again on later texts: a first window that ruled texts out does not keep them for good', () => {
    const m = buildMatcher(pattern('/a\\w+\\s*\\w+x(?=y)/'));
    const through = `a${'b'.repeat(5000)}xy`;
    const ruledOut = 'q'.repeat(5000);
    expect(m.mayRunLong(ruledOut.length)).toBe(true);
    // As a warm-up does: a window of texts the superset rules out, then traffic it all lets through.
    for (let i = 0; i < 256; i++) expect(m.test(ruledOut)).toBe(false);
    expect(m.reachesV8(ruledOut)).toBe(false);
    for (let i = 0; i < 255; i++) expect(m.test(through)).toBe(true);
    expect(m.reachesV8(ruledOut)).toBe(true);
    expect(m.test(ruledOut)).toBe(false);
  });

  it('keeps RE2 supersets that rule out a share of the texts', () => {
    const m = buildMatcher(pattern('/a\\w+\\s*\\w+x(?=y)/'));
    const through = `a${'b'.repeat(5000)}xy`;
    const ruledOut = 'q'.repeat(5000);
    for (let i = 0; i < 1100; i++) m.test(i % 10 === 0 ? ruledOut : through);
    expect(m.reachesV8(ruledOut)).toBe(false);
  });
});
