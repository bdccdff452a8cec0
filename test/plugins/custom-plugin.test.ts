/**
 * The worked example of docs/plugins.md: a custom eval plugin with its own directive, loaded by
 * `loadplugin`, used from a .cf rule.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';

const recipientCount = definePlugin({
  name: 'My::Plugin::RecipientCount',
  directives: { max_recipients: { type: 'number', default: 10 } },
  evals: {
    check_many_recipients: {
      ruleType: 'header',
      run(ctx, limit) {
        const max = limit !== undefined ? Number(limit) : Number(ctx.config.get('max_recipients'));
        const n = ctx.message.get('ToCc:addr').length;
        return n > max ? n : 0;
      },
    },
    check_that_throws: {
      run() {
        throw new Error('boom');
      },
    },
  },
  features: ['has_check_many_recipients'],
});

const cf = (extra = '') =>
  [
    'loadplugin My::Plugin::RecipientCount',
    'ifplugin My::Plugin::RecipientCount',
    extra,
    '  header   MANY_RCPTS eval:check_many_recipients()',
    '  header   MANY_25 eval:check_many_recipients("25")',
    '  score    MANY_RCPTS 1.5',
    '  meta     MANY_AND_MORE MANY_RCPTS > 4',
    'endif',
    'if can(My::Plugin::RecipientCount::has_check_many_recipients)',
    '  header   PROBED exists:To',
    'endif',
  ].join('\n');

const message = (n: number) =>
  `From: a@example.com\nTo: ${Array.from({ length: n }, (_, i) => `u${i}@example.net`).join(', ')}\nSubject: hi\n\nbody\n`;

describe('a custom eval plugin', () => {
  it('runs from a .cf rule, reading its own directive with its declared default', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf() }], { plugins: [recipientCount] });
    expect(rs.errorCount).toBe(0);
    const few = await rs.check(message(5));
    expect(few.hits.map((h) => h.name).sort()).toEqual(['PROBED']);
    const many = await rs.check(message(12));
    expect(many.hits.map((h) => h.name).sort()).toEqual(['MANY_AND_MORE', 'MANY_RCPTS', 'PROBED']);
    expect(many.score).toBe(1.5 + 1 + 1);
  });

  it('sees the directive set in the rule file and its own arguments', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf('  max_recipients 3') }], { plugins: [recipientCount] });
    const r = await rs.check(message(4));
    expect(r.hits.map((h) => h.name)).toContain('MANY_RCPTS');
    expect(r.hits.map((h) => h.name)).not.toContain('MANY_25');
  });

  it('is skipped, with a warning, when not registered', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: cf() }]);
    expect(rs.rules.has('MANY_RCPTS')).toBe(false);
    expect(rs.diagnostics.map((d) => d.code)).toContain('plugin-unknown');
  });

  it('turns a throwing eval into a miss plus a diagnostic, never a failed scan', async () => {
    const rs = compileRuleSet(
      [{ name: 'local.cf', text: 'loadplugin My::Plugin::RecipientCount\nheader BAD eval:check_that_throws()\n' }],
      { plugins: [recipientCount] },
    );
    const r = await rs.check(message(1));
    expect(r.hits).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ rule: 'BAD', message: expect.stringContaining('boom') })]);
  });
});

describe('a plugin the host passes', () => {
  it('is loaded without a loadplugin line: its directives parse and its evals run', async () => {
    const text = ['max_recipients 3', 'header MANY_RCPTS eval:check_many_recipients()', 'ifplugin My::Plugin::RecipientCount', 'header IN_IFPLUGIN exists:To', 'endif'].join('\n');
    const rs = compileRuleSet([{ name: 'local.cf', text }], { plugins: [recipientCount] });
    expect(rs.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(rs.pluginsLoaded).toContain('My::Plugin::RecipientCount');
    const r = await rs.check(message(5));
    expect(r.hits.map((h) => h.name).sort()).toEqual(['IN_IFPLUGIN', 'MANY_RCPTS']);
  });
});
