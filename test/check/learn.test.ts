/**
 * `ruleSet.learn()` / `forget()` when the learner's store cannot be reached: nothing is learned,
 * the status is `unavailable` (SA's learn answers 0) and a `learn-failed` diagnostic says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/index.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'spamscore-learn-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MSG = 'From: a@example.com\nTo: b@example.com\nSubject: hello\nMessage-Id: <l1@example.com>\n\nsome words to learn\n';

describe('learn() with a store that will not open', () => {
  // bayes_path below a regular file: the folder cannot be made, so the SQLite file cannot be opened
  const blocker = path.join(tmp, 'not-a-folder');
  writeFileSync(blocker, 'x');
  const rs = compileRuleSet([{ name: 'local.cf', text: `loadplugin Mail::SpamAssassin::Plugin::Bayes\nbayes_path ${blocker}/bayes\n` }]);

  it('answers unavailable and says why in a learn-failed diagnostic', async () => {
    const r = await rs.learn(MSG, 'spam');
    expect(r.status).toBe('unavailable');
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'learn-failed', message: expect.stringContaining('cannot open the store') })]);
  });

  it('does the same for forget', async () => {
    const r = await rs.forget(MSG);
    expect(r.status).toBe('unavailable');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['learn-failed']);
  });

  it('stays silent when no store is configured (unavailable, no diagnostic)', async () => {
    const none = compileRuleSet([{ name: 'local.cf', text: 'loadplugin Mail::SpamAssassin::Plugin::Bayes\n' }]);
    expect(await none.learn(MSG, 'ham')).toEqual({ status: 'unavailable', diagnostics: [] });
  });
});
