/**
 * `result.action`: the policy a mail server applies — flag spam at required_score, and, when
 * the host asks, discard or reject above their own thresholds.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { actionFor } from '../../src/check/check.js';

const rs = compileRuleSet([
  { name: 'local.cf', text: 'loadplugin Mail::SpamAssassin::Plugin::Check\nheader SIX Subject =~ /six/\nscore SIX 6\nheader TEN Subject =~ /ten/\nscore TEN 10\n' },
]);
const msg = (subject: string) => Buffer.from(`From: a@b.example\nSubject: ${subject}\n\nhi\n`);

describe('the action of a result', () => {
  it('is accept for ham and flag for spam by default', async () => {
    expect((await rs.check(msg('hello'))).action).toBe('accept');
    expect((await rs.check(msg('six ten'))).action).toBe('flag');
  });

  it('follows the guides\' policy: flag at 5, reject at 9.5', async () => {
    const actions = { reject: 9.5 };
    expect((await rs.check(msg('six'), { actions })).action).toBe('flag');
    expect((await rs.check(msg('ten'), { actions })).action).toBe('reject');
  });

  it('takes the strictest threshold met', () => {
    expect(actionFor(12, true, { reject: 15, discard: 9.5 })).toBe('discard');
    expect(actionFor(16, true, { reject: 15, discard: 9.5 })).toBe('reject');
    expect(actionFor(Infinity, true, { reject: 15 })).toBe('reject');
    expect(actionFor(1, false, { reject: 15 })).toBe('accept');
  });

  it('refuses a threshold that is not a number', async () => {
    await expect(rs.check(msg('x'), { actions: { reject: '9' as unknown as number } })).rejects.toThrow(TypeError);
  });
});
