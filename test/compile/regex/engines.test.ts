import { describe, expect, it } from 'vitest';
import { compileTranslated, compileV8Now, loadRe2, re2LoadError } from '../../../src/compile/regex/engines.js';
import { translatePerlRegex } from '../../../src/compile/regex/translate.js';

describe('engines', () => {
  it('loads re2 once and reports no load error when it is installed', () => {
    const first = loadRe2();
    expect(loadRe2()).toBe(first);
    if (first) expect(re2LoadError()).toBeUndefined();
  });

  it('compiles both forms of a translation', () => {
    const c = compileTranslated(translatePerlRegex('foo$', 'i'));
    expect(c.js.test('x FOO\n')).toBe(true);
    if (loadRe2()) expect(c.re2?.test('x FOO\n')).toBe(true);
  });

  it('adds g or y to the V8 form on request', () => {
    const c = compileTranslated(translatePerlRegex('a', ''), 'g');
    expect('banana'.match(c.js)).toEqual(['a', 'a', 'a']);
    expect(compileTranslated(translatePerlRegex('a', ''), 'y').js.sticky).toBe(true);
  });

  it('compiles a regex ahead and leaves it as it was: a global one finds every match from the start', () => {
    const g = /a(b)?/g;
    compileV8Now(g);
    expect(g.lastIndex).toBe(0);
    expect('ab a ab'.match(g)).toEqual(['ab', 'a', 'ab']);
    const once = /x+$/;
    compileV8Now(once);
    expect(once.test('yy xx')).toBe(true);
  });

  it('refuses m, s and u, which would change the meaning of the translated source', () => {
    expect(() => compileTranslated(translatePerlRegex('a', ''), 'm')).toThrow(TypeError);
  });

  it('gives no RE2 object when the translation has no RE2 form', () => {
    const t = translatePerlRegex('(?!x)', '');
    expect(t.re2).toBeNull();
    expect(compileTranslated(t).re2).toBeNull();
  });

  it('builds an RE2.Set from translated sources that reports the matching patterns', () => {
    const RE2 = loadRe2();
    if (!RE2) return;
    const sources = [translatePerlRegex('viagra', 'i'), translatePerlRegex('^Subject: x', 'm'), translatePerlRegex('\\bfree\\b', '')].map((t) => t.re2!.source);
    const set = new RE2.Set(sources, 'u');
    expect(set.match('From: a\nSubject: x\n\nget VIAGRA free').sort()).toEqual([0, 1, 2]);
    expect(set.match('freedom')).toEqual([]);
  });
});
