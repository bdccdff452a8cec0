/**
 * Hostile rules cannot make loading or the first scan run away: a pattern over a size or shape
 * limit is refused with a lint error naming its file and line, a ReplaceTags expansion stops at
 * the size limit, and huge patterns within the limits compile and match as Perl would. Perl
 * SpamAssassin has no such limits; every stock rule stays well within them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { compilePattern } from '../../src/compile/pattern.js';
import { checkPatternText, nestingDepth, PATTERN_LIMITS, patternShape } from '../../src/compile/pattern-limits.js';
import { parsePerlRegex } from '../../src/compile/regex/parser.js';
import { replaceTags, ReplaceTagsTooLargeError, type ReplaceTagTables } from '../../src/compile/replace-tags.js';
import { compilePatternSource } from '../../src/check/capture-templates.js';
import { loadRuleSet } from '../../src/load-rule-set.js';

const PRE = ['Check', 'ReplaceTags'].map((p) => `loadplugin Mail::SpamAssassin::Plugin::${p}`).join('\n');

/** `n` distinct lower-case words of 5 to 11 letters, the same on every run. */
function words(n: number): string[] {
  let x = 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = '';
    for (let j = 0; j < 5 + (i % 7); j++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      w += String.fromCharCode(97 + (x % 26));
    }
    out.push(w + i.toString(36));
  }
  return out;
}

const compile = (cf: string) => compileRuleSet([{ name: 'init.pre', text: PRE }, { name: 't.cf', text: cf }]);
const codes = (rs: ReturnType<typeof compile>) => rs.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`);
const message = (body: string) => Buffer.from(`From: a@b.example\nSubject: x\n\n${body}\n`, 'latin1');

describe('a rule pattern', () => {
  it('longer than the source limit is refused with pattern-too-large at its line, and the other rules still run', async () => {
    const big = 'x'.repeat(PATTERN_LIMITS.source + 1);
    const rs = compile(`body OK /hello/\nbody BIG /${big}/\n`);
    expect(codes(rs)).toEqual(['t.cf:2 error pattern-too-large']);
    expect(rs.diagnostics[0]!.message.length).toBeLessThan(300);
    expect(rs.rules.has('BIG')).toBe(false);
    expect((await rs.check(message('hello'))).hits.map((h) => h.name)).toEqual(['OK']);
  });

  it('nested deeper than the depth limit is refused with pattern-too-complex, not a stack overflow', () => {
    const n = PATTERN_LIMITS.depth + 1;
    const rs = compile(`body DEEP /${'(?:a'.repeat(n)}${')?'.repeat(n)}/\nbody DEEPER /${'('.repeat(100_000)}${')'.repeat(100_000)}/\n`);
    expect(codes(rs)).toEqual(['t.cf:1 error pattern-too-complex', 't.cf:2 error pattern-too-complex']);
  });

  it('with a long chain of quantified items (quadratic for V8 and RE2 to compile) is refused', () => {
    const rs = compile(`body CHAIN /(?=x)${'a?'.repeat(PATTERN_LIMITS.repeatsInSequence + 1)}b/\n`);
    expect(codes(rs)).toEqual(['t.cf:1 error pattern-too-complex']);
  });

  it('with more quantifiers than the limit is refused, however they are spread', () => {
    const branches = Array.from({ length: 100 }, (_, i) => `x${i}${'\\s+y'.repeat(41)}`);
    const rs = compile(`body MANY /(?:${branches.join('|')})/\n`);
    expect(codes(rs)).toEqual(['t.cf:1 error pattern-too-complex']);
  });

  it('within the limits but huge compiles and matches: a 60 KB alternation of 5,000 words', async () => {
    const w = words(5000);
    const rs = compile(`body WORDS /\\b(?:${w.join('|')})\\b/i\n`);
    expect(rs.diagnostics).toEqual([]);
    expect((await rs.check(message(`some text ${w[4321]!.toUpperCase()} more`))).hits.map((h) => h.name)).toEqual(['WORDS']);
    expect((await rs.check(message('nothing of the kind'))).hits).toEqual([]);
  });

  it('within the limits but huge compiles and matches: a 60 KB pattern with a backreference', async () => {
    const w = words(5000);
    const rs = compile(`body BACKREF /(\\w+) (?:${w.join('|')}) \\1/\n`);
    expect(rs.diagnostics).toEqual([]);
    expect((await rs.check(message(`echo ${w[17]} echo`))).hits.map((h) => h.name)).toEqual(['BACKREF']);
    expect((await rs.check(message(`echo ${w[17]} zzz`))).hits).toEqual([]);
  });
});

describe('the limits', () => {
  it('count the nesting of groups in the text, ignoring escaped parentheses and classes', () => {
    expect(nestingDepth('a(b(c)d)(e)')).toBe(2);
    expect(nestingDepth('\\(\\(\\(x')).toBe(0);
    expect(nestingDepth('[(((]x[^]((]')).toBe(0);
  });

  it('count every quantifier, and the most in one sequence', () => {
    expect(patternShape(parsePerlRegex('a?b*(?:c+d{2,3})+|e?', '').root)).toEqual({ repeats: 6, repeatsInSequence: 3 });
  });

  it('accept every stock rule, with room to spare', async () => {
    const rules = path.resolve(__dirname, '../../../shared/spamassassin-4.0.1/rules');
    if (!existsSync(rules)) return;
    const rs = await loadRuleSet({ rules, site: path.resolve(rules, '../site') });
    expect(rs.diagnostics.filter((d) => /too-(large|complex)/.test(d.code))).toEqual([]);
    let longest = 0;
    for (const r of rs.rules.values()) if (r.pattern) longest = Math.max(longest, r.pattern.perl.pattern.length);
    expect(longest).toBeLessThan(PATTERN_LIMITS.source / 2);
  });

  it('leave a pattern within them untouched', () => {
    expect(checkPatternText('\\bfree\\s+money\\b')).toBeUndefined();
    const r = compilePattern('/\\bfree\\s+money\\b/i');
    expect(r.ok).toBe(true);
  });
});

describe('ReplaceTags', () => {
  const tables = (tags: Record<string, string>): ReplaceTagTables => ({
    tags: new Map(Object.entries(tags)),
    pre: new Map(),
    post: new Map(),
    inter: new Map(),
  });

  it('stops an expansion that grows geometrically at the size limit, before building it', () => {
    // Each tag is ten of the next: six passes would make 10^6 copies of <F>'s text.
    const t = tables({ A: '<B>'.repeat(10), B: '<C>'.repeat(10), C: '<D>'.repeat(10), D: '<E>'.repeat(10), E: '<F>'.repeat(10), F: 'abcdefgh' });
    expect(() => replaceTags('x<A>y', t, PATTERN_LIMITS.source)).toThrow(ReplaceTagsTooLargeError);
    expect(replaceTags('x<E>y', t, PATTERN_LIMITS.source)).toBe(`x${'abcdefgh'.repeat(10)}y`);
  });

  it('leaves a rule whose expansion is too large unrun, with a replace-tags-too-large error, and the rest runs', async () => {
    const cf = [
      'replace_tag A ' + '<B>'.repeat(20),
      'replace_tag B ' + '<C>'.repeat(20),
      'replace_tag C ' + '<D>'.repeat(20),
      'replace_tag D ' + '<E>'.repeat(20),
      'replace_tag E hello',
      'body HUGE /<A>/',
      'body SMALL /<E> world/',
      'replace_rules HUGE SMALL',
    ].join('\n');
    const rs = compile(cf);
    expect(codes(rs)).toEqual(['t.cf:6 error replace-tags-too-large']);
    expect(rs.rules.get('HUGE')!.runnable).toBe(false);
    expect((await rs.check(message('hello world <A>'))).hits.map((h) => h.name)).toEqual(['SMALL']);
  });
});

describe('a capture template filled from the message', () => {
  it('past the size limit is not run', () => {
    const rs = compileRuleSet([{ name: 't.cf', text: 'body T_TPL /%{NAME} again/\n' }]);
    const rule = rs.rules.get('T_TPL')!;
    expect(rule.captureTemplates).toEqual(['NAME']);
    expect(compilePatternSource(rule, new Map([['NAME', ['x'.repeat(PATTERN_LIMITS.source)]]]))).toBeUndefined();
  });
});
