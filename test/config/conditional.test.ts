import { describe, expect, it } from 'vitest';
import { evaluateCondition, type ConditionEnvironment } from '../../src/config/conditional.js';

const env = (loaded: string[] = [], features: Record<string, string[]> = {}): ConditionEnvironment => ({
  pluginLoaded: (n) => loaded.includes(n),
  probe: (pkg, fn) => (pkg === 'Mail::SpamAssassin::Conf' ? fn.startsWith('feature_') : (features[pkg] ?? []).includes(fn)),
  localTestsOnly: false,
  canonicalName: (n) => n,
});
const value = (text: string, e = env()) => {
  const r = evaluateCondition(text, e);
  return r.kind === 'value' ? r.value : r.kind;
};

describe('if conditions', () => {
  it('compare the SpamAssassin version as the number 4.000001', () => {
    expect(value('(version >= 3.004002)')).toBe(true);
    expect(value('(version < 4.000000)')).toBe(false);
    expect(value('!((version >= 3.004000))')).toBe(false);
  });

  it('ask whether a plugin is loaded', () => {
    const e = env(['Mail::SpamAssassin::Plugin::DKIM']);
    expect(value('plugin(Mail::SpamAssassin::Plugin::DKIM)', e)).toBe(true);
    expect(value('!plugin(Mail::SpamAssassin::Plugin::SPF)', e)).toBe(true);
    expect(value('plugin (Mail::SpamAssassin::Plugin::DKIM) && !plugin(Mail::SpamAssassin::Plugin::SPF)', e)).toBe(true);
  });

  it('probe features and plugin capabilities with can()', () => {
    const e = env([], { 'Mail::SpamAssassin::Plugin::BodyEval': ['has_check_body_length'] });
    expect(value('can(Mail::SpamAssassin::Conf::feature_bug6558_free)', e)).toBe(true);
    expect(value('can(Mail::SpamAssassin::Plugin::BodyEval::has_check_body_length)', e)).toBe(true);
    expect(value('!(can(Mail::SpamAssassin::Plugin::ASN::has_check_asn))', e)).toBe(true);
  });

  it('follow Perl precedence and value rules (|| returns an operand, ! binds tightest)', () => {
    expect(value('0 || 2')).toBe(true);
    expect(value('1 && 0')).toBe(false);
    expect(value('! 0 && 1')).toBe(true);
    expect(value('1 + 2 * 3 == 7')).toBe(true);
    expect(value('1 ^ 1')).toBe(false);
    expect(value('1 ? 0 : 1')).toBe(false);
  });

  it('treat a bare class name as a true string, as the rebuilt Perl does', () => {
    expect(value('Mail::SpamAssassin::Plugin::Foo')).toBe(true);
  });

  it('refuse tokens SA refuses, before evaluating anything', () => {
    expect(evaluateCondition('version >= 3 && Foo:::Bar', env()).kind).toBe('refused');
    expect(evaluateCondition('version >= 3 ; system', env()).kind).toBe('error');
    expect(evaluateCondition('x', env()).kind).toBe('refused');
  });

  it('report an expression Perl could not compile as an error (the block is then skipped)', () => {
    expect(evaluateCondition('(version >=', env()).kind).toBe('error');
    expect(evaluateCondition('plugin Mail::SpamAssassin::Plugin::DKIM', env()).kind).toBe('error');
  });
});
