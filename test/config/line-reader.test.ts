import { describe, expect, it } from 'vitest';
import { langApplies, localeFromEnv, readConfigLines, stripComment } from '../../src/config/line-reader.js';

describe('the line reader', () => {
  it('drops everything from an unescaped # and turns \\# into #', () => {
    expect(stripComment('body FOO /a\\#b/ # comment')).toBe('body FOO /a#b/');
    expect(stripComment('   # only a comment')).toBe('');
  });

  it('has no line continuation: a trailing backslash stays on its line', () => {
    const lines = [...readConfigLines('body A /x\\\n/\n', 'en_US')].map((l) => l.text);
    expect(lines).toEqual(['body A /x\\', '/']);
  });

  it('numbers lines from 1 and skips blank ones', () => {
    const lines = [...readConfigLines('\n\nscore A 1\n  \nscore B 2', 'en_US')];
    expect(lines).toEqual([
      { text: 'score A 1', line: 3 },
      { text: 'score B 2', line: 5 },
    ]);
  });

  it('keeps a lang line only when the locale starts with its tag', () => {
    const text = 'lang de describe A Deutsch\nlang pt_BR describe A Brasil\ndescribe A English\n';
    expect([...readConfigLines(text, 'en_US')].map((l) => l.text)).toEqual(['describe A English']);
    expect([...readConfigLines(text, 'de_DE')].map((l) => l.text)).toEqual(['describe A Deutsch', 'describe A English']);
    expect(langApplies('pt', 'pt_BR')).toBe(true);
  });

  it('derives the locale as SA does: C and POSIX mean en_US, C.UTF-8 stays C', () => {
    expect(localeFromEnv({})).toBe('en_US');
    expect(localeFromEnv({ LANG: 'POSIX' })).toBe('en_US');
    expect(localeFromEnv({ LANG: 'C.UTF-8' })).toBe('C');
    expect(localeFromEnv({ LANGUAGE: 'fr_FR:de', LANG: 'de_DE.UTF-8' })).toBe('fr_FR');
    expect(localeFromEnv({ LC_ALL: 'de_DE@euro' })).toBe('de_DE');
  });
});
