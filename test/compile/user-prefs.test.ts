import { describe, expect, it } from 'vitest';
import { compileRuleSet, withUserPrefs } from '../../src/rule-set.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';

const SITE = [
  'loadplugin Mail::SpamAssassin::Plugin::Check',
  'required_score 5',
  'body VIAGRA /viagra/i',
  'score VIAGRA 4.0',
  'header FREE_SUBJ Subject =~ /free money/i',
  'score FREE_SUBJ 3.3',
  'body UNSCORED /unscored/',
  'meta BOTH VIAGRA && FREE_SUBJ',
  'score BOTH 0.5',
  'welcomelist_from friend@example.com',
  '',
].join('\n');

const site = (extra = '') => compileRuleSet([{ name: 'site.cf', text: SITE + extra }]);
const prefs = (text: string) => ({ name: '/home/bob/.spamassassin/user_prefs', text });
const SPAM = 'From: a@example.com\nTo: b@example.com\nSubject: free money\n\nBuy viagra now, unscored\n';

describe("a user's preferences on top of a rule set (spamd's read_scoreonly_config)", () => {
  it('reads preferences given as file bytes and as text the same way (UTF-8 in both)', async () => {
    const rs = site('\nallow_user_rules 1\n');
    const line = 'body GREEK /Προσφορά/\nscore GREEK 2\n';
    const asText = withUserPrefs(rs, prefs(line));
    const asBytes = withUserPrefs(rs, { name: '/home/bob/.spamassassin/user_prefs', text: Buffer.from(line, 'utf8') });
    const mail = Buffer.from('From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=utf-8\n\nΜεγάλη Προσφορά σήμερα\n', 'utf8');
    const [a, b] = await Promise.all([asText.check(mail), asBytes.check(mail)]);
    expect(a.hits.map((h) => h.name)).toContain('GREEK');
    expect(b.hits.map((h) => h.name)).toEqual(a.hits.map((h) => h.name));
  });

  it("rescores with the user's score and required_score lines, leaving the site's rule set as it was", async () => {
    const rs = site();
    const bob = withUserPrefs(rs, prefs('required_score 10\nscore VIAGRA 1.5\n'));
    const [mine, theirs] = await Promise.all([bob.check(SPAM), rs.check(SPAM)]);
    expect({ score: mine.score, required: mine.requiredScore, spam: mine.isSpam }).toEqual({ score: 6.3, required: 10, spam: false });
    expect({ score: theirs.score, required: theirs.requiredScore, spam: theirs.isSpam }).toEqual({ score: 8.8, required: 5, spam: true });
  });

  it('shares every rule the user did not touch, and its compiled pattern', () => {
    const rs = site();
    const bob = withUserPrefs(rs, prefs('score VIAGRA 1.5\n'));
    expect(bob.rules.get('FREE_SUBJ')).toBe(rs.rules.get('FREE_SUBJ'));
    expect(bob.rules.get('VIAGRA')).not.toBe(rs.rules.get('VIAGRA'));
    expect(bob.rules.get('VIAGRA')!.pattern).toBe(rs.rules.get('VIAGRA')!.pattern);
  });

  it('turns a rule off with a zero score, as the site can', async () => {
    const bob = withUserPrefs(site(), prefs('score VIAGRA 0\n'));
    const r = await bob.check(SPAM);
    expect(r.hits.map((h) => h.name)).not.toContain('VIAGRA');
    expect(r.score).toBe(4.3);
  });

  it("applies a relative score to a rule's default score, which SA's score table already holds", () => {
    const bob = withUserPrefs(site(), prefs('score UNSCORED (2)\n'));
    expect(bob.rules.get('UNSCORED')!.scores).toEqual([3, 3, 3, 3]);
  });

  it("adds to the site's lists without changing the site's rule set", () => {
    const rs = site();
    const bob = withUserPrefs(rs, prefs('welcomelist_from mum@example.com\n'));
    expect(bob.settings.get('welcomelist_from')).toEqual(['friend@example.com', 'mum@example.com']);
    expect(rs.settings.get('welcomelist_from')).toEqual(['friend@example.com']);
  });

  it('refuses administrator settings with SA\'s words, file and line', () => {
    const bob = withUserPrefs(site(), prefs('rbl_timeout 1\nloadplugin Mail::SpamAssassin::Plugin::Foo\nbayes_path /tmp/steal\nrequired_score 7\n'));
    const refused = bob.diagnostics.filter((d) => d.code === 'user-config-refused');
    expect(refused.map((d) => [d.line, d.message])).toEqual([
      [1, 'config: not parsing, administrator setting in /home/bob/.spamassassin/user_prefs (line 1): rbl_timeout 1'],
      [2, 'config: not parsing, administrator setting in /home/bob/.spamassassin/user_prefs (line 2): loadplugin Mail::SpamAssassin::Plugin::Foo'],
      [3, 'config: not parsing, administrator setting in /home/bob/.spamassassin/user_prefs (line 3): bayes_path /tmp/steal'],
    ]);
    expect(bob.settings.has('bayes_path')).toBe(false);
    expect(bob.requiredScore).toBe(7);
  });

  it('refuses rules and tflags unless the site allows user rules', async () => {
    const text = 'body MY_RULE /now/\nscore MY_RULE 2\ntflags VIAGRA nice\n';
    const refused = withUserPrefs(site(), prefs(text));
    expect(refused.rules.has('MY_RULE')).toBe(false);
    expect(refused.diagnostics.filter((d) => d.code === 'user-config-refused').map((d) => d.line)).toEqual([1, 3]);
    expect(refused.rules.get('VIAGRA')!.tflags).toBe('');

    const allowed = withUserPrefs(site('allow_user_rules 1\n'), prefs(text));
    const r = await allowed.check(SPAM);
    expect(r.hits.map((h) => h.name)).toContain('MY_RULE');
    expect(allowed.rules.get('VIAGRA')!.tflags).toBe('nice');
  });

  it("compiles only the user's own patterns when user rules are allowed", () => {
    const rs = site('allow_user_rules 1\n');
    const bob = withUserPrefs(rs, prefs('body MY_RULE /now/\nmeta MY_META MY_RULE && VIAGRA\n'));
    expect(bob.rules.get('VIAGRA')!.pattern).toBe(rs.rules.get('VIAGRA')!.pattern);
    expect(bob.rules.get('MY_META')!.meta!.dependencies).toEqual(['MY_RULE', 'VIAGRA']);
  });

  it('lets the user turn user rules off again, but never on', () => {
    const off = withUserPrefs(site('allow_user_rules 1\n'), prefs('allow_user_rules 0\nbody MY_RULE /now/\n'));
    expect(off.rules.has('MY_RULE')).toBe(false);
    const on = withUserPrefs(site(), prefs('allow_user_rules 1\nbody MY_RULE /now/\n'));
    expect(on.rules.has('MY_RULE')).toBe(false);
    expect(on.diagnostics.filter((d) => d.code === 'user-config-refused').map((d) => d.line)).toEqual([1, 2]);
  });

  it('does not follow an include (a user file must not read the server\'s files)', () => {
    const bob = withUserPrefs(site(), prefs('include /etc/passwd\n'));
    expect(bob.diagnostics.at(-1)).toMatchObject({ code: 'include-failed', line: 1 });
  });

  it('scores exactly as the site rule set when the preferences change nothing', async () => {
    const rs = site();
    const bob = withUserPrefs(rs, prefs('# nothing\n'));
    const [a, b] = await Promise.all([rs.check(SPAM), bob.check(SPAM)]);
    expect(b.headers).toEqual(a.headers);
  });

  it("scans with the site's prefilter indexes: a user rule set builds none of its own", () => {
    const rs = site();
    const bob = withUserPrefs(rs, prefs('score FREE_SUBJ 1\n'));
    const indexes = (r: typeof rs) => r.scanPlan(0).levels.flatMap((l) => [...l.body, ...l.head.flatMap((g) => g.rules)].map((p) => p.prefilter?.index));
    expect(indexes(rs).filter(Boolean).length).toBeGreaterThan(0);
    expect(indexes(bob).every((i) => i !== undefined && indexes(rs).includes(i))).toBe(true);
  });

  it("refuses a plugin's own directives marked isAdmin, and isPriv ones without allow_user_rules", () => {
    const plugin = definePlugin({
      name: 'Example::Plugin',
      directives: { example_path: { type: 'string', isAdmin: true }, example_rule: { type: 'list', isPriv: true }, example_level: { type: 'number' } },
      evals: {},
    });
    const rs = compileRuleSet([{ name: 'site.cf', text: SITE }], { plugins: [plugin] });
    const bob = withUserPrefs(rs, prefs('example_path /x\nexample_rule a\nexample_level 3\n'));
    expect(bob.diagnostics.filter((d) => d.code === 'user-config-refused').map((d) => d.line)).toEqual([1, 2]);
    expect([bob.settings.get('example_path'), bob.settings.get('example_rule'), bob.settings.get('example_level')]).toEqual([undefined, undefined, 3]);
  });

  it('refuses misuse with a TypeError', () => {
    expect(() => withUserPrefs(site(), 'score A 1' as never)).toThrow(TypeError);
  });

  it("reports a bad line of the user's that a plugin's settings hook refuses, with the user's file and line", () => {
    const limits = definePlugin({
      name: 'Example::Limits',
      directives: { recipient_limit: { type: 'string' } },
      settings(api) {
        const bad = api.lines('recipient_limit').filter((l) => !/^\d+$/.test(l.value));
        for (const l of bad) api.report(l, 'warning', `recipient_limit: not a number: ${l.value}`);
        return {};
      },
    });
    const rs = compileRuleSet([{ name: 'site.cf', text: SITE }], { plugins: [limits] });
    const bob = withUserPrefs(rs, prefs('required_score 6\nrecipient_limit lots\n'));
    const found = bob.diagnostics.filter((d) => d.message.startsWith('recipient_limit'));
    expect(found.map((d) => [d.file, d.line, d.severity])).toEqual([['/home/bob/.spamassassin/user_prefs', 2, 'warning']]);
    expect(rs.diagnostics.filter((d) => d.message.startsWith('recipient_limit'))).toEqual([]);
  });
});
