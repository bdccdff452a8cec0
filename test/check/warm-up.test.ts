/**
 * prepare()'s warm-up scan (src/check/warm-up.ts): built-in evals see its messages, a host's
 * plugin never does, and nothing it ran is left for later scans to see.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';

describe('the warm-up scan of prepare()', () => {
  it("never runs a host plugin's eval, which then sees only the messages it is given", async () => {
    const seen: string[] = [];
    const spy = definePlugin({
      name: 'Test::Spy',
      evals: { check_spy: { ruleType: 'header', run: (ctx) => (seen.push(ctx.message.getScalar('Subject') ?? ''), 0) } },
    });
    const rs = compileRuleSet([{ name: 'local.cf', text: 'loadplugin Test::Spy\nheader SPY eval:check_spy()\nheader SUBJ Subject =~ /hello/\n' }], { plugins: [spy] });
    rs.prepare({ network: true });
    expect(seen).toEqual([]);
    const r = await rs.check('From: a@example.com\nSubject: hello\n\nhi\n');
    expect(seen).toEqual(['hello\n']); // SA's header values keep their newline
    expect(r.hits.map((h) => h.name)).toEqual(['SUBJ']);
  });

  it('has the double-byte charset tables built before the first real scan needs one', () => {
    compileRuleSet([{ name: 'local.cf', text: 'body ANY /./\n' }]).prepare();
    // iconv-lite's table cache: Big5 (cp950), GB2312 (cp936), Shift_JIS (cp932, its table 'shiftjis'), KS C 5601 (cp949), EUC-JP
    const built = Object.keys((iconv as unknown as { _codecDataCache: Record<string, unknown> })._codecDataCache);
    expect(built).toEqual(expect.arrayContaining(['cp950', 'cp936', 'shiftjis', 'cp949', 'eucjp']));
  });

  it('leaves no capture, tag or hit behind for the first real scan', async () => {
    const cf = 'header __CAP Subject =~ /(?<SUBJWORD>\\w+)/\nbody REPEAT /%{SUBJWORD}/\nscore REPEAT 1\nbody ANY /./\n';
    const cold = compileRuleSet([{ name: 'local.cf', text: cf }]);
    const warm = compileRuleSet([{ name: 'local.cf', text: cf }]).prepare();
    const msg = 'From: a@example.com\nSubject: offer\n\nan offer inside\n';
    expect(JSON.stringify(await warm.check(msg))).toBe(JSON.stringify(await cold.check(msg)));
  });
});
