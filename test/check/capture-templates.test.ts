/**
 * Capture rules and `%{TAG}` templates. By default each message fills them from its own
 * captures (no result depends on scan order). SpamAssassin runs template rules with `/o`, so
 * within one process the first filled pattern is kept for every later message (Check.pm);
 * `stickyCaptures: true` reproduces that per rule set.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const cf = [
  'header __TO_CAP To:addr =~ /(?<TO_CAP>.+)/',
  'body   T_BODY_HAS_TO /mailbox %{TO_CAP} is full/',
].join('\n');
const msg = (to: string, body: string) => `From: a@example.com\nTo: ${to}\nSubject: s\n\n${body}\n`;

describe('capture templates', () => {
  it('fill %{TAG} with the value a named group captured in the same message', async () => {
    const rs = compileRuleSet([{ name: 't.cf', text: cf }]);
    const r = await rs.check(msg('bob@example.net', 'Your mailbox bob@example.net is full'));
    expect(r.hits.map((h) => h.name)).toEqual(['T_BODY_HAS_TO']);
  });

  it('do not run while the tag is unset', async () => {
    const rs = compileRuleSet([{ name: 't.cf', text: cf }]);
    const r = await rs.check('From: a@example.com\nSubject: s\n\nYour mailbox  is full\n');
    expect(r.hits).toEqual([]);
  });

  it('are filled per message by default, whatever was scanned before', async () => {
    const rs = compileRuleSet([{ name: 't.cf', text: cf }]);
    await rs.check(msg('bob@example.net', 'hello'));
    const second = await rs.check(msg('eve@example.org', 'Your mailbox eve@example.org is full'));
    expect(second.hits.map((h) => h.name)).toEqual(['T_BODY_HAS_TO']);
    const third = await rs.check(msg('eve@example.org', 'Your mailbox bob@example.net is full'));
    expect(third.hits).toEqual([]);
  });

  it('keep the first filled pattern for later messages with stickyCaptures, as SA\'s /o does in one process', async () => {
    const rs = compileRuleSet([{ name: 't.cf', text: cf }]);
    const sticky = { stickyCaptures: true };
    await rs.check(msg('bob@example.net', 'hello'), sticky);
    const second = await rs.check(msg('eve@example.org', 'Your mailbox eve@example.org is full'), sticky);
    expect(second.hits).toEqual([]);
    const third = await rs.check(msg('eve@example.org', 'Your mailbox bob@example.net is full'), sticky);
    expect(third.hits.map((h) => h.name)).toEqual(['T_BODY_HAS_TO']);
  });
});
