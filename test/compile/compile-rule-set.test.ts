import { describe, expect, it } from 'vitest';
import { RuleSetError } from '../../src/config/diagnostics.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { compile, errors } from './helpers.js';

describe('compiling a rule set', () => {
  it('gives unscored rules 1.0, T_ rules 0.01 and nice rules the negative of those', () => {
    const rs = compile('body A /a/\nbody T_B /b/\nbody C /c/\ntflags C nice\nbody T_D /d/\ntflags T_D nice\nbody E /e/\nscore E 0 2 0 2');
    const s = (n: string) => rs.rules.get(n)!.scores;
    expect([s('A'), s('T_B'), s('C'), s('T_D'), s('E')]).toEqual([
      [1, 1, 1, 1],
      [0.01, 0.01, 0.01, 0.01],
      [-1, -1, -1, -1],
      [-0.01, -0.01, -0.01, -0.01],
      [0, 2, 0, 2],
    ]);
  });

  it('lets a later definition replace an earlier one, keeping one record per rule', () => {
    const rs = compile('body A /first/\nheader A Subject =~ /second/');
    expect(rs.rules.size).toBe(1);
    expect(rs.rules.get('A')).toMatchObject({ type: 'header', text: 'Subject =~ /second/', source: { line: 2 } });
  });

  it('reports a bad regex with file and line, keeps the earlier definition and loads the rest', () => {
    const rs = compile('body A /good/\nbody A /bad(/\nbody B /fine/');
    expect(rs.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'invalid-regexp', file: 'test.cf', line: 2, rule: 'A' }),
    ]);
    expect(rs.rules.get('A')!.pattern!.perl.pattern).toBe('good');
    expect(rs.rules.has('B')).toBe(true);
  });

  it('drops a rule whose only definition has a bad regex', () => {
    const rs = compile('body A /bad(/');
    expect(rs.rules.has('A')).toBe(false);
    expect(errors(rs)).toHaveLength(1);
  });

  it('strips delimiters and flags as SA does', () => {
    const rs = compile('body A m{fo+}i\nuri B m!x/y!\nfull C /a$/m');
    expect(rs.rules.get('A')!.pattern!.perl).toEqual({ pattern: 'fo+', flags: 'i' });
    expect(rs.rules.get('B')!.pattern!.perl).toEqual({ pattern: 'x/y', flags: '' });
    expect(rs.rules.get('C')!.pattern!.perl).toEqual({ pattern: 'a$', flags: 'm' });
  });

  it('throws every error at once in strict mode', () => {
    expect(() => compile('body A /(/\nbogus 1', { strict: true })).toThrow(RuleSetError);
  });

  it('refuses sources that are not { name, text } with a TypeError', () => {
    // @ts-expect-error deliberate misuse
    expect(() => compile.call(null, 42)).toThrow(TypeError);
  });
});

describe('meta rules', () => {
  it('parse their expression and list their dependencies', () => {
    const rs = compile('body A /a/\nbody B /b/\nmeta M (A && !B) || (A + B > 1)');
    expect(rs.rules.get('M')!.meta!.dependencies).toEqual(['A', 'B']);
  });

  it('expand rules_matching() to the sorted matching names, excluding the meta itself', () => {
    const rs = compile('body __X_2 /a/\nbody __X_1 /b/\nbody __Y /c/\nmeta __X_ALL rules_matching(__X_*) > 1');
    expect(rs.rules.get('__X_ALL')!.meta!.dependencies).toEqual(['__X_1', '__X_2']);
  });

  it('refuse syntax errors and Perl-ish characters with file and line', () => {
    const rs = compile('meta M1 A &&\nmeta M2 A + $x\nmeta M3 A / (B - B)\nmeta M4 (A');
    expect(errors(rs)).toEqual([
      expect.stringMatching(/^config: invalid expression for rule M1: "A &&"/),
      'config: invalid meta M2 rule: A + $x',
      expect.stringMatching(/^config: invalid expression for rule M3: .*division by zero possible/),
      expect.stringMatching(/^config: invalid expression for rule M4/),
    ]);
    expect(rs.rules.size).toBe(0);
    expect(rs.diagnostics[0]).toMatchObject({ file: 'test.cf', line: 1, rule: 'M1' });
  });

  it('keep metas in a dependency cycle but never run them', () => {
    const rs = compile('meta A B\nmeta B A\nmeta C 1');
    expect(rs.rules.get('A')!.runnable).toBe(false);
    expect(rs.rules.get('C')!.runnable).toBe(true);
    expect(errors(rs)).toEqual([
      'rules: excluding meta test A, unsolved meta dependencies: B',
      'rules: excluding meta test B, unsolved meta dependencies: A',
    ]);
  });

  it('inherit net from their dependencies and run at priority -100 then', () => {
    const rs = compile(
      'loadplugin Mail::SpamAssassin::Plugin::DNSEval\nheader RBL eval:check_rbl("x", "x.example.")\ntflags RBL net\nmeta M RBL && 1\nmeta N M',
    );
    expect(rs.rules.get('M')!.tflags).toBe('net');
    expect(rs.rules.get('N')).toMatchObject({ tflags: 'net', priority: -100 });
    expect(rs.rules.get('RBL')!.priority).toBe(-100);
  });

  it('lower the priority of their dependencies to their own', () => {
    const rs = compile('body A /a/\nmeta M A\npriority M -500\nbody B /b/');
    expect(rs.rules.get('A')!.priority).toBe(-500);
    expect(rs.rules.get('B')!.priority).toBe(0);
  });
});

describe('eval rules', () => {
  it('parse their arguments: quoted strings and bare words', () => {
    const rs = compile(`header A eval:check_rbl_sub('zen', "127.0.0.2", 10, ::1)`);
    expect(rs.rules.get('A')!.eval).toEqual({ fn: 'check_rbl_sub', args: ['zen', '127.0.0.2', '10', '::1'] });
  });

  it('refuse a malformed call but keep the name and its score', () => {
    const rs = compile('header A eval:check_x(a b)\nscore A 3');
    expect(errors(rs)).toEqual(['syntax error for eval function A: check_x(a b)']);
    expect(rs.rules.get('A')).toMatchObject({ runnable: false, scores: [3, 3, 3, 3] });
  });

  it('refuse an eval used from the wrong rule type, as SA 4 does', () => {
    const plugin = definePlugin({ name: 'My::Plugin', evals: { check_body_thing: 'body' } });
    const rs = compile('loadplugin My::Plugin\nheader A eval:check_body_thing()\nrawbody B eval:check_body_thing()', {
      plugins: [plugin],
    });
    expect(errors(rs)).toEqual(["wrong rule type defined for A, expected 'body'"]);
    expect(rs.rules.get('B')!.runnable).toBe(true);
  });
});

describe('ReplaceTags', () => {
  const tags = [
    'loadplugin Mail::SpamAssassin::Plugin::ReplaceTags',
    'replace_tag A (?:a|4)',
    'replace_tag B (?:b|8)',
    'replace_tag SP [\\s_]',
    'replace_post P2 {1,2}',
    'replace_inter W1 \\W?',
  ].join('\n');

  it('substitutes tags in the rules listed by replace_rules', () => {
    const rs = compile(`${tags}\nbody X /<A><B>/\nbody Y /<A><B>/\nreplace_rules X`);
    expect(rs.rules.get('X')!.pattern!.perl.pattern).toBe('(?:a|4)(?:b|8)');
    expect(rs.rules.get('Y')!.pattern!.perl.pattern).toBe('<A><B>');
  });

  it('applies post after every tag and inter between adjacent tags', () => {
    const rs = compile(`${tags}\nbody X /<post P2><inter W1><A><B>c<SP>/i\nreplace_rules X`);
    expect(rs.rules.get('X')!.pattern!.perl).toEqual({
      pattern: '\\W?(?:a|4){1,2}\\W?(?:b|8){1,2}c[\\s_]{1,2}',
      flags: 'i',
    });
  });

  it('leaves unknown tags as literal text', () => {
    const rs = compile(`${tags}\nbody X /<NOPE>/\nreplace_rules X`);
    expect(rs.rules.get('X')!.pattern!.perl.pattern).toBe('<NOPE>');
  });

  it('does nothing when the ReplaceTags plugin is not loaded', () => {
    const rs = compile('replace_tag A a\nbody X /<A>/\nreplace_rules X');
    expect(rs.rules.get('X')!.pattern!.perl.pattern).toBe('<A>');
    expect(errors(rs)).toHaveLength(2);
  });
});

describe('capture rules', () => {
  it('run first, at priority -10000', () => {
    const rs = compile('header __CAP To =~ /^(?<CAP_TO>\\S+)/\nheader USE From =~ /%{CAP_TO}/');
    expect(rs.rules.get('__CAP')!.priority).toBe(-10000);
    expect(rs.rules.get('USE')!.captureTemplates).toEqual(['CAP_TO']);
  });
});

describe('patterns V8 cannot express exactly', () => {
  it('run a case-insensitive backreference in a case-sensitive pattern under /i, with an info note', () => {
    const rs = compile('header H X-Spam-Relays-Untrusted =~ /^[^\\]]+ rdns=(\\S+) helo=(?!(?i)\\1)\\S/');
    const rule = rs.rules.get('H')!;
    expect(rule.pattern!.js.flags).toBe('i');
    expect(rule.pattern!.re2?.exact ?? false).toBe(false);
    expect(errors(rs)).toEqual([]);
    expect(rs.diagnostics).toEqual([expect.objectContaining({ severity: 'info', code: 'regexp-untranslatable', rule: 'H' })]);
    const re = new RegExp(rule.pattern!.js.source, rule.pattern!.js.flags);
    expect(re.test('[ ip=1.2.3.4 rdns=mx.example.com helo=MX.EXAMPLE.COM ]')).toBe(false);
    expect(re.test('[ ip=1.2.3.4 rdns=mx.example.com helo=other.example ]')).toBe(true);
  });
});
