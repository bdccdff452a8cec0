/**
 * Rule, header, directive, eval, tag and locale names that are `Object.prototype` keys
 * (`constructor`, `__proto__`, `toString`, `hasOwnProperty`, `valueOf`, `__defineGetter__`) are
 * names like any other, as in Perl, whose hashes have no inherited keys. Every expectation is
 * what Perl SpamAssassin 4.0.1 answered for the same rule file and message
 * (`Mail::SpamAssassin->new({ rules_filename, local_tests_only => 1 })->check`): Perl's rule-name
 * pattern, `^[_a-zA-Z][_a-zA-Z0-9]{0,127}$`, accepts `__proto__` and `constructor`, and rules
 * whose names start with `__` are sub-rules (no score, listed in subtests).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { definePlugin, pluginDirective, pluginEval } from '../../src/plugins/define-plugin.js';

const pre = (...plugins: string[]) => plugins.map((p) => `loadplugin Mail::SpamAssassin::Plugin::${p}`).join('\n') + '\n';

/** Rules named after prototype keys, metas over them, and header rules on such headers. */
const RULES = [
  'body constructor /hello/',
  'describe constructor Constructor rule',
  'score constructor 1.1',
  'tflags constructor nice',
  'priority constructor 5',
  'body __proto__ /world/',
  'describe __proto__ Proto rule',
  'score __proto__ 1.2',
  'body toString /hello/',
  'score toString 1.3',
  'body hasOwnProperty /nomatchhere/',
  'score hasOwnProperty 1.4',
  'body valueOf /world/',
  'score valueOf 1.5',
  'meta META_PROTO constructor && __proto__ && !hasOwnProperty',
  'score META_PROTO 0.5',
  'meta META_TOSTR toString + valueOf > 1',
  'score META_TOSTR 0.6',
  'header H_CONSTRUCTOR Constructor =~ /yes/',
  'score H_CONSTRUCTOR 0.7',
  'header H_PROTO __proto__ =~ /yes/',
  'score H_PROTO 0.8',
  'header H_TOSTRING toString =~ /yes/',
  'score H_TOSTRING 0.9',
  'header H_HASOWN hasOwnProperty:raw =~ /yes/',
  'score H_HASOWN 0.3',
  'header __defineGetter__ exists:valueOf',
  'score __defineGetter__ 0.2',
].join('\n');

/** A message with headers of those names. */
const MESSAGE = [
  'From: a@example.com',
  'To: b@example.com',
  'Subject: test',
  'Constructor: yes',
  '__proto__: yes',
  'toString: yes',
  'hasOwnProperty: yes',
  'valueOf: 1',
  'Message-ID: <x@example.com>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  '',
  'hello world',
].join('\n');

/** Directives, evals, conditions, ReplaceTags tags and a locale named after prototype keys. */
const MORE_RULES = [
  'constructor foo',
  '__proto__ 1',
  'toString bar',
  'body E_CTOR eval:constructor()',
  'score E_CTOR 1',
  'body E_PROTO eval:__proto__()',
  'body E_HASOWN eval:hasOwnProperty()',
  'if can(Mail::SpamAssassin::Plugin::HeaderEval::constructor)',
  'body IF_CAN_CTOR /hello/',
  'endif',
  'if has(Mail::SpamAssassin::Plugin::HeaderEval::constructor)',
  'body IF_HAS_CTOR /hello/',
  'endif',
  'ifplugin constructor',
  'body IFPLUGIN_CTOR /hello/',
  'endif',
  'ifplugin Mail::SpamAssassin::Plugin::__proto__',
  'body IFPLUGIN_PROTO /hello/',
  'endif',
  'replace_tag constructor hel+o',
  'replace_tag __proto__ wor',
  'replace_pre toString h',
  'body RT_CTOR /<constructor>/',
  'body RT_PROTO /<__proto__>ld/',
  'body RT_TOSTR /<toString>ello/',
  'replace_rules RT_CTOR RT_PROTO RT_TOSTR',
  'body __proto__ /hello/',
  'tflags __proto__ multiple maxhits=3',
  'meta M_PROTO __proto__ > 0',
  'body M_CHAR eval:check_for_faraway_charset()',
  'ok_locales __proto__',
  'rawbody HTML_MS /constructor/',
  'header T_CTOR_RAW constructor:raw =~ /yes/',
  'header T_CTOR_ADDR constructor:addr =~ /x/',
  'header T_PROTO_NAME __proto__:name =~ /N/',
  'header T_PROTO_EXISTS exists:__proto__',
  'header T_PROTO_HOST constructor:host =~ /ex/',
  'describe T_CTOR_RAW constructor raw',
  'score toString (1)',
  'add_header all Constructor _SCORE_',
].join('\n');

/** An HTML message whose charset, marked section and font colour are prototype keys. */
const HTML_MESSAGE = [
  'From: a@example.com',
  'To: b@example.com',
  'Subject: test',
  'constructor: yes',
  '__proto__: N <x@example.com>',
  'Message-ID: <x@example.com>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  'Content-Type: text/html; charset=constructor',
  '',
  '<html><body><![constructor[ hello ]]> world <font color=constructor>x</font></body></html>',
].join('\n');

const names = (hits: readonly { name: string; score: number }[]) => hits.map((h) => `${h.name}=${h.score}`).sort();

describe('names that are Object.prototype keys', () => {
  it('score rules, metas and header rules named so, on headers named so, as Perl does', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: pre('Check', 'HeaderEval') },
      { name: 'proto.cf', text: RULES },
    ]);
    expect(rs.diagnostics).toEqual([]);
    const r = await rs.check(Buffer.from(MESSAGE + '\n', 'latin1'));
    expect(names(r.hits)).toEqual([
      'H_CONSTRUCTOR=0.7', 'H_HASOWN=0.3', 'H_PROTO=0.8', 'H_TOSTRING=0.9', 'META_PROTO=0.5', 'META_TOSTR=0.6',
      'constructor=1.1', 'toString=1.3', 'valueOf=1.5',
    ]);
    expect(r.score).toBeCloseTo(7.7, 10);
    expect(Object.hasOwn(r.subtests, '__defineGetter__')).toBe(true);
    // `priority constructor 5` is lowered to META_PROTO's 0 by fix_priorities, as in Perl.
    expect(rs.rules.get('constructor')).toMatchObject({ description: 'Constructor rule', tflags: 'nice', priority: 0 });
  });

  it('keep a sub-rule named __proto__ as data in result.subtests', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: pre('Check', 'HeaderEval') },
      { name: 'proto.cf', text: RULES },
    ]);
    const r = await rs.check(Buffer.from(MESSAGE + '\n', 'latin1'));
    expect(Object.keys(r.subtests).sort()).toEqual(['__defineGetter__', '__proto__']);
  });

  it('keep a rule named __proto__ as an own key of the rule set dump', () => {
    const rs = compileRuleSet([{ name: 'proto.cf', text: RULES }]);
    const rules = rs.toJSON().rules;
    expect(Object.hasOwn(rules, '__proto__')).toBe(true);
    expect(Object.hasOwn(rules, 'constructor')).toBe(true);
    expect(JSON.parse(JSON.stringify(rs.toJSON())).rules.__proto__.type).toBe('body');
  });

  it('are unknown directives and unknown evals, and the rest scores as in Perl', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: pre('Check', 'HeaderEval', 'BodyEval', 'MIMEEval', 'ReplaceTags', 'HTMLEval') },
      { name: 'proto2.cf', text: MORE_RULES },
    ]);
    // spamassassin --lint: three lines failed to parse, one invalid score (and three unknown evals).
    expect(rs.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.code}`)).toEqual([
      '1 unknown-directive', '2 unknown-directive', '3 unknown-directive', '39 invalid-value',
    ]);
    expect(rs.settings.has('constructor')).toBe(false);
    const r = await rs.check(Buffer.from(HTML_MESSAGE + '\n', 'latin1'));
    expect(names(r.hits)).toEqual([
      'HTML_MS=1', 'M_PROTO=1', 'RT_CTOR=1', 'RT_PROTO=1', 'T_CTOR_RAW=0.01', 'T_PROTO_EXISTS=0.01', 'T_PROTO_NAME=0.01',
    ]);
    expect(r.score).toBeCloseTo(4.03, 10);
  });

  it('find nothing among a plugin\'s evals and directives unless it declares them', () => {
    const p = definePlugin({ name: 'My::Plugin', evals: { check_it: 'body' }, directives: { my_option: { type: 'number' } } });
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(pluginEval(p, key)).toBeUndefined();
      expect(pluginDirective(p, key)).toBeUndefined();
    }
    expect(pluginEval(p, 'check_it')).toBe('body');
    const q = definePlugin({ name: 'My::Other', evals: { constructor: 'header' as const } });
    expect(pluginEval(q, 'constructor')).toBe('header');
  });
});
