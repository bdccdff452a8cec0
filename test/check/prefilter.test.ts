/**
 * The factor prefilter. The property that matters: a rule the prefilter skips for a text never
 * matches that text. Checked on hand-picked cases and on generated texts for a spread of
 * pattern shapes (classes, /i, alternations, gaps, lookarounds, backreferences, non-ASCII).
 */
import { describe, expect, it } from 'vitest';
import { compilePattern, type CompiledPattern } from '../../src/compile/pattern.js';
import { FactorIndex, SET_FACTORS } from '../../src/check/prefilter.js';
import { GramIndex } from '../../src/check/grams.js';

function pattern(text: string): CompiledPattern {
  const r = compilePattern(text);
  if (!r.ok) throw new Error(r.error);
  return r.pattern;
}

function indexOf(patterns: string[]): { index: FactorIndex; compiled: CompiledPattern[]; slots: number[] } {
  const index = new FactorIndex();
  const compiled = patterns.map(pattern);
  const slots = compiled.map((p) => index.add(p));
  return { index, compiled, slots };
}

const PATTERNS = [
  '/unsubscribe/',
  '/click\\s+here/i',
  '/\\bviagra\\b/i',
  '/v[_\\W]{0,3}i[_\\W]{0,3}a[_\\W]{0,3}g[_\\W]{0,3}r[_\\W]{0,3}a/i',
  '/(?:dear|hello) (?:friend|sir)/i',
  '/your (?:account|password) (?:has|will) (?:been|be) (?:suspended|locked)/i',
  '/hello.*world/',
  '/\\$\\d{3,},\\d{3}/',
  '/(?=.*money)transfer/i',
  '/(\\w{4})-\\1/',
  '/(?<!un)lock(?:ed)?\\b/i',
  '/caf\\xe9|caf&eacute;/',
  '/(?:[mM]|\\xc3\\x8c)(?:[oO0]|\\xc3\\xb6)(?:[nN]|\\xc3\\xb1)(?:[eE3]|\\xc3\\xa9)(?:[yY]|\\xc3\\xbd)/',
  '/^Subject: (?:re|fwd?):/im',
  '/\\bURGENT\\b.{0,40}\\bREPLY\\b/',
  '/<a\\s+href=["\']?https?:\\/\\/[^"\'>]+\\.ru/i',
  '/\\d{4}-\\d{4}-\\d{4}-\\d{4}/',
  '/(?:free|cheap) (?:pills?|meds?)|no prescription/i',
  '/[A-Z]{10,}/',
  '/\\bw[o0]rk fr[o0]m h[o0]me\\b/i',
  '/million (?:dollars|usd|euros?)/i',
  '/(?:^|\\s)(?:[iIl1|!]\\s(?:have|h@ve)\\s(?:installed|put))\\s(?:a\\s)?(?:malware|virus|trojan)/',
];

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts built from the words of the patterns, noise, case flips, Latin-1 bytes and `&`. */
function texts(count: number, seed: number): string[] {
  const rand = rng(seed);
  const words = ['unsubscribe', 'click', 'here', 'viagra', 'v.i-a_g r/a', 'dear', 'friend', 'sir', 'hello', 'world', 'your', 'account',
    'password', 'has', 'been', 'will', 'be', 'suspended', 'locked', 'unlocked', 'lock', '$123,456', '$1234,567', 'money', 'transfer',
    'abcd-abcd', 'abcd-abce', 'caf\xe9', 'caf&eacute;', 'M\xc3\xb6ney', 'm0n3y', 'Subject: Re: hi', 'subject: fwd: x', 'URGENT', 'REPLY',
    '<a href="http://x.example.ru/', 'https://a.ru', '1234-5678-9012-3456', 'free pills', 'cheap meds', 'no prescription',
    'ABCDEFGHIJKL', 'work from home', 'w0rk fr0m h0me', 'million dollars', 'million euro', 'I have installed a malware', 'l h@ve put virus'];
  const noise = ' \t\n.,;:!?-_/&\xa0\xe9\xfc\xc3\xb6\x85';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(rand() * 8);
    for (let k = 0; k < n; k++) {
      let w = words[Math.floor(rand() * words.length)]!;
      const r = rand();
      if (r < 0.2) w = w.toUpperCase();
      else if (r < 0.3) w = w.replace(/./g, (c) => (rand() < 0.5 ? c.toUpperCase() : c));
      else if (r < 0.4) w = w.slice(0, Math.floor(rand() * w.length));
      s += w + noise[Math.floor(rand() * noise.length)]!.repeat(1 + Math.floor(rand() * 2));
    }
    out.push(s);
  }
  return out;
}

describe('the factor prefilter', () => {
  it('never skips a rule on a text it matches (generated texts)', () => {
    const { index, compiled, slots } = indexOf(PATTERNS);
    const exact = compiled.map((p) => new RegExp(p.js.source, p.js.flags));
    let matched = 0;
    let skipped = 0;
    for (const text of texts(3000, 7)) {
      const scan = index.scan(text);
      slots.forEach((slot, k) => {
        const may = index.mayMatch(slot, scan);
        if (exact[k]!.test(text)) {
          matched++;
          expect(may, `${PATTERNS[k]} on ${JSON.stringify(text)}`).toBe(true);
        } else if (!may) skipped++;
      });
    }
    // The check is not vacuous: many texts match, and most rules are skipped on most texts.
    expect(matched).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(30000);
  });

  it('never rules out, from the union of several texts, a rule that matches one of them (generated groups)', () => {
    const { index, compiled, slots } = indexOf(PATTERNS);
    const exact = compiled.map((p) => new RegExp(p.js.source, p.js.flags));
    const all = texts(1200, 11);
    let ruledOut = 0;
    for (let g = 0; g < all.length; g += 6) {
      const group = all.slice(g, g + 6);
      const summary = index.summarize(group.map((t) => index.scan(t)));
      slots.forEach((slot, k) => {
        const some = index.mayMatchSome(slot, summary);
        if (group.some((t) => exact[k]!.test(t))) expect(some, `${PATTERNS[k]} on ${JSON.stringify(group)}`).toBe(true);
        else if (!some) ruledOut++;
      });
    }
    // Not vacuous: most rules are ruled out for most groups with one test.
    expect(ruledOut).toBeGreaterThan(1500);
  });

  it('rules out a rule for a group of texts none of which holds its words', () => {
    const { index, slots } = indexOf(['/click\\s+here/i']);
    const scans = ['nothing to see', 'caf\xe9 & more', 'here only'].map((t) => index.scan(t));
    expect(index.mayMatchSome(slots[0]!, index.summarize(scans))).toBe(false);
    scans.push(index.scan('CLICK here'));
    expect(index.mayMatchSome(slots[0]!, index.summarize(scans))).toBe(true);
  });

  it('skips a rule whose words are absent', () => {
    const { index, slots } = indexOf(['/click\\s+here/i']);
    expect(index.mayMatch(slots[0]!, index.scan('nothing to see'))).toBe(false);
    expect(index.mayMatch(slots[0]!, index.scan('please CLICK   Here now'))).toBe(true);
  });

  it('keeps a rule without a usable requirement on every text', () => {
    const { index, slots } = indexOf(['/\\d+/']);
    expect(index.mayMatch(slots[0]!, index.scan('no digits at all'))).toBe(true);
  });

  it('uses the weaker "any text" factors for texts with a byte above 0x7F or an &', () => {
    const { index, slots } = indexOf(['/(?:[mM]|\\xc3\\x8c)(?:[oO0]|\\xc3\\xb6)(?:[nN]|\\xc3\\xb1)(?:[eE3]|\\xc3\\xa9)(?:[yY]|\\xc3\\xbd)/']);
    const wide = index.scan('M\xc3\xb6ney back');
    expect(wide.wide).toBe(true);
    expect(index.mayMatch(slots[0]!, wide)).toBe(true);
    expect(index.scan('plain & simple').wide).toBe(true);
    expect(index.scan('plain text').wide).toBe(false);
  });

  it('looks for factors without grams (no three fixed bytes in a row) with an RE2 Set', () => {
    const { index, slots } = indexOf(['/v[_\\W]{0,3}i[_\\W]{0,3}a[_\\W]{0,3}g[_\\W]{0,3}r[_\\W]{0,3}a/i']);
    expect(index.mayMatch(slots[0]!, index.scan('buy v.i.a.g.r.a today'))).toBe(true);
    expect(index.mayMatch(slots[0]!, index.scan('buy vitamins today'))).toBe(false);
  });

  it('finds each of many factors without grams, in the rule that needs it, across the Sets holding them', () => {
    // 70 such patterns, more factors than one Set holds; each rule is asked about a text with
    // its own spelling and another's.
    const letters = 'bcdfghjklmnpqrstvwxz';
    const words = Array.from({ length: 70 }, (_, i) => letters[i % 20]! + 'o' + letters[Math.floor(i / 20) + 3]! + 'u');
    const { index, slots } = indexOf(words.map((w) => `/${[...w].join('[_\\W]{0,3}')}/`));
    expect(index.setCount).toBe(Math.ceil(index.residual.sources.length / SET_FACTORS));
    expect(index.setCount).toBeGreaterThan(1);
    words.forEach((w, i) => {
      const spaced = [...w].join('.');
      expect(index.mayMatch(slots[i]!, index.scan(`say ${spaced} now`)), w).toBe(true);
      expect(index.mayMatch(slots[i]!, index.scan(`say ${words[(i + 1) % 70]!.split('').join('.')} now`)), w).toBe(false);
    });
  });

  it('rescans a line that was changed in place in a line array it has seen', () => {
    const { index, slots } = indexOf(['/unsubscribe/']);
    const lines = ['hello', 'to unsubscribe write to us'];
    expect(index.mayMatch(slots[0]!, index.scanLines(lines)[1]!)).toBe(true);
    lines[1] = 'to leave write to us';
    const again = index.scanLines(lines);
    expect(again[1]!.text).toBe('to leave write to us');
    expect(index.mayMatch(slots[0]!, again[1]!)).toBe(false);
  });

  it('gives each scan the UTF-8 bytes RE2 reads for the Latin-1 text', () => {
    const { index } = indexOf(['/caf\\xe9/']);
    expect([...index.scan('caf\xe9').bytes]).toEqual([0x63, 0x61, 0x66, 0xc3, 0xa9]);
  });
});

describe('grams', () => {
  it('are found case-insensitively, once per text', () => {
    const g = new GramIndex();
    const abc = g.intern({ n: 3, code: (0x61 << 16) | (0x62 << 8) | 0x63 });
    const word = g.intern({ n: 4, code: ((0x77 << 24) | (0x6f << 16) | (0x72 << 8) | 0x64) >>> 0 });
    expect(g.scan('xxABCxxabc WORD').found).toEqual([abc, word]);
    expect(g.scan('ab c wor d').found).toEqual([]);
  });
});
