/** Lint finds what Perl's lint run finds: an eval no plugin provides, for rules that would run. */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../src/rule-set.js';
import { lintRuleSet } from '../src/lint-rule-set.js';

const rs = (text: string) => compileRuleSet([{ name: 'test.cf', text: 'loadplugin Mail::SpamAssassin::Plugin::HeaderEval\n' + text }]);

describe('lintRuleSet', () => {
  it('reports an eval rule whose function no loaded plugin provides, as Perl words it', () => {
    const d = lintRuleSet(rs('header FOO eval:check_nonexistent()\nscore FOO 1\n'));
    expect(d).toEqual([
      { severity: 'error', code: 'unsupported-eval', message: "rules: unknown eval 'check_nonexistent' for FOO", file: 'test.cf', line: 2, rule: 'FOO' },
    ]);
  });

  it('leaves out rules that would not run: zero score, net rules without network, learn rules without Bayes', () => {
    const text = [
      'header ZERO eval:check_nonexistent()',
      'score ZERO 0',
      'header NET eval:check_nonexistent()',
      'tflags NET net',
      'header LEARN eval:check_nonexistent()',
      'tflags LEARN learn',
      '',
    ].join('\n');
    expect(lintRuleSet(rs(text)).map((d) => d.rule)).toEqual(['NET']);
    expect(lintRuleSet(rs(text), { scoreSet: 0 })).toEqual([]);
    expect(lintRuleSet(rs(text), { scoreSet: 3 }).map((d) => d.rule).sort()).toEqual(['LEARN', 'NET']);
  });

  it('makes a loadplugin of a plugin nobody registered an error, at its line (a warning only when asked, as the update lint does)', () => {
    const set = rs('loadplugin Foo::Bar\nifplugin Foo::Bar\nheader FOO eval:check_foo()\nendif\n');
    expect(lintRuleSet(set)).toEqual([
      {
        severity: 'error',
        code: 'plugin-unknown',
        message: 'plugin: failed to load plugin Foo::Bar: no such plugin is registered; the rules that need it will not run (pass the plugin in code, or with --plugin)',
        file: 'test.cf',
        line: 2,
      },
    ]);
    expect(lintRuleSet(set, { unknownPlugins: 'warning' })).toEqual([]);
  });

  it('finds nothing wrong with evals a plugin provides', () => {
    expect(lintRuleSet(rs('header UNIQ eval:check_for_unique_subject_id()\n'))).toEqual([]);
  });
});
