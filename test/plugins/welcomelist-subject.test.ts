/**
 * WelcomeListSubject: welcomelist_subject / blocklist_subject globs
 *
 * Every expected hit list below is what Perl SpamAssassin 4.0.1 answered for the same rules and
 * message: `Mail::SpamAssassin->new` with only this .cf (plus `loadplugin` lines for WelcomeListSubject),
 * `local_tests_only`, `check()`, then `get_names_of_tests_hit` + `get_names_of_subtests_hit`.
 * The answers are hard-coded; regenerate them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::WelcomeListSubject\n';
const CF = [
  'util_rb_tld com net org top info uk',
  'util_rb_2tld co.uk',
  'welcomelist_subject [Bug *]',
  'whitelist_subject Hello W?rld',
  'blocklist_subject Make Money Fast',
  'blacklist_subject *viagra*',
  'header T_SUBJ_WL eval:check_subject_in_welcomelist()',
  'header T_SUBJ_WL_OLD eval:check_subject_in_whitelist()',
  'header T_SUBJ_BL eval:check_subject_in_blocklist()',
  'header T_SUBJ_BL_OLD eval:check_subject_in_blacklist()',
].join('\n');

const rs = compileRuleSet([
  { name: 'init.pre', text: PRE },
  { name: 'test.cf', text: CF },
]);

/** [case, message, rules that hit according to Perl SA 4.0.1] */
const CASES: [string, string, string[]][] = [
  [
    '01-bug',
    msg([
      'From: a@example.com',
      'Subject: Re: [Bug 1234] crash',
      '',
      'x',
    ]),
    ['T_SUBJ_WL', 'T_SUBJ_WL_OLD'],
  ],
  [
    '02-hello',
    msg([
      'From: a@example.com',
      'Subject: hello world, again',
      '',
      'x',
    ]),
    ['T_SUBJ_WL', 'T_SUBJ_WL_OLD'],
  ],
  [
    '03-money',
    msg([
      'From: a@example.com',
      'Subject: MAKE MONEY FAST now',
      '',
      'x',
    ]),
    ['T_SUBJ_BL', 'T_SUBJ_BL_OLD'],
  ],
  [
    '04-viagra',
    msg([
      'From: a@example.com',
      'Subject: cheap V1agra and viagra',
      '',
      'x',
    ]),
    ['T_SUBJ_BL', 'T_SUBJ_BL_OLD'],
  ],
  [
    '05-folded',
    msg([
      'From: a@example.com',
      'Subject: Hello',
      ' World folded',
      '',
      'x',
    ]),
    ['T_SUBJ_WL', 'T_SUBJ_WL_OLD'],
  ],
  [
    '06-lower',
    msg([
      'From: a@example.com',
      'Subject: [bug 77] lower',
      '',
      'x',
    ]),
    ['T_SUBJ_WL', 'T_SUBJ_WL_OLD'],
  ],
  [
    '07-partial',
    msg([
      'From: a@example.com',
      'Subject: make money',
      '',
      'x',
    ]),
    [],
  ],
];

describe('WelcomeListSubject', () => {
  it('compiles the test rules without errors', () => {
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CASES)('%s', async (_name, message, expected) => {
    const r = await rs.check(message);
    const hit = [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
    expect(hit).toEqual(expected);
  });
});
