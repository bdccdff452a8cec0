/**
 * The plugin API's compile-time settings, per-scan memo and hooks, as docs/plugins.md shows
 * them: a user plugin built the way the built-ins are.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { trimDomain } from '../../src/message/registry-boundaries.js';

let settingsRuns = 0;
let memoRuns = 0;

const senderList = definePlugin({
  name: 'My::Plugin::SenderList',
  directives: { sender_list: { type: 'custom' }, sender_list_weight: { type: 'number', default: 2 } },
  // once per rule set: the lines parsed into typed data, bad ones reported with file:line
  settings(api) {
    settingsRuns++;
    const domains = new Set<string>();
    for (const line of api.lines('sender_list')) {
      for (const d of line.value.split(/\s+/).filter(Boolean)) {
        if (!/^[a-z0-9.-]+$/i.test(d)) api.report(line, 'warning', `sender_list: not a domain: ${d}`);
        else domains.add(d.toLowerCase());
      }
    }
    return { domains, weight: Number(api.setting('sender_list_weight')) };
  },
  evals: {
    check_sender_list: {
      ruleType: 'header',
      run(ctx) {
        // once per scan, whichever rule asks first
        const domain = ctx.memo('senderlist:domain', () => {
          memoRuns++;
          const addr = ctx.message.getScalar('From:addr') ?? '';
          return trimDomain(ctx.tlds, addr.slice(addr.indexOf('@') + 1).toLowerCase());
        });
        return ctx.settings.domains.has(domain) ? ctx.settings.weight : 0;
      },
    },
  },
  checkEnd(ctx) {
    ctx.setTag('SENDERLIST', [...ctx.settings.domains].sort().join(','));
  },
});

const cf = [
  'loadplugin My::Plugin::SenderList',
  'sender_list example.com Bad_Domain!',
  'sender_list other.org',
  'header SL1 eval:check_sender_list()',
  'header SL2 eval:check_sender_list()',
  'add_header all SenderList _SENDERLIST_',
].join('\n');

describe('plugin settings, memo and hooks', () => {
  it('compiles the settings once, reports bad lines with file and line, and types ctx.settings', async () => {
    settingsRuns = 0;
    memoRuns = 0;
    const rs = compileRuleSet([{ name: 'local.cf', text: cf }], { plugins: [senderList] });
    expect(settingsRuns).toBe(1);
    const d = rs.diagnostics.find((x) => x.message.includes('Bad_Domain!'));
    expect(d).toMatchObject({ severity: 'warning', file: 'local.cf', line: 2 });
    const r = await rs.check('From: a@mail.example.com\nTo: b@x.test\nSubject: hi\n\nbody\n');
    expect(r.hits.map((h) => h.name).sort()).toEqual(['SL1', 'SL2']);
    expect(memoRuns).toBe(1);
    expect(settingsRuns).toBe(1);
    expect(r.headers.find(([k]) => k === 'X-Spam-SenderList')?.[1]).toBe('example.com,other.org');
  });
});

describe('settings across plugins', () => {
  const base = definePlugin({
    name: 'My::Plugin::Base',
    directives: { base_word: { type: 'custom' } },
    settings: (api) => ({ words: api.memo('base:words', () => api.lines('base_word').map((l) => l.value)) }),
    evals: { check_base: { ruleType: 'body', run: (ctx) => ctx.settings.words.length } },
  });
  const user = definePlugin({
    name: 'My::Plugin::User',
    settings: (api) => ({ shared: api.memo('base:words', () => ['never']) }),
    evals: {
      // reads its own settings and the other plugin's (undefined when that one is not loaded)
      check_user: { ruleType: 'body', run: (ctx) => (ctx.settingsOf(base)?.words.length ?? -1) + ctx.settings.shared.length },
    },
  });
  const broken = definePlugin({
    name: 'My::Plugin::Broken',
    settings: (): { n: number } => {
      throw new Error('bad config');
    },
    evals: { check_broken: { ruleType: 'body', run: (ctx) => ctx.settings.n } },
  });

  it('shares api.memo values between settings hooks, reads another plugin through settingsOf, reports a throwing hook', async () => {
    const cf = 'base_word a\nbase_word b\nbody B eval:check_base()\nbody U eval:check_user()\nbody X eval:check_broken()\n';
    const rs = compileRuleSet([{ name: 'x.cf', text: cf }], { plugins: [base, user, broken] });
    expect(rs.diagnostics.some((d) => d.severity === 'error' && d.message.includes('My::Plugin::Broken settings failed: bad config'))).toBe(true);
    const r = await rs.check('Subject: x\n\nhello\n');
    expect(r.hits.map((h) => h.name).sort()).toEqual(['B', 'U']);
    const alone = compileRuleSet([{ name: 'y.cf', text: 'body U eval:check_user()\n' }], { plugins: [user] });
    expect((await alone.check('Subject: x\n\nhello\n')).hits.map((h) => h.name)).toEqual([]);
  });
});
