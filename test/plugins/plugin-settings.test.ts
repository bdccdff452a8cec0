/**
 * The plugin API's compile-time settings, per-scan memo and hooks, as docs/plugins.md shows
 * them: a user plugin built the way the built-ins are.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/compile/compile-rule-set.js';
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
