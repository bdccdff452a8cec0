/**
 * VBounce: bounces naming a welcomelist_bounce_relays host
 *
 * Every expected hit list below is what Perl SpamAssassin 4.0.1 answered for the same rules and
 * message: `Mail::SpamAssassin->new` with only this .cf (plus `loadplugin` lines for VBounce),
 * `local_tests_only`, `check()`, then `get_names_of_tests_hit` + `get_names_of_subtests_hit`.
 * The answers are hard-coded; regenerate them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::VBounce\n';
const CF = [
  'util_rb_tld com net org top info uk',
  'util_rb_2tld co.uk',
  'welcomelist_bounce_relays relay*.example.com',
  'body T_HAVE_BOUNCE eval:have_any_bounce_relays()',
  'body T_BOUNCE_RELAY eval:check_welcomelist_bounce_relays()',
  'body T_BOUNCE_RELAY_OLD eval:check_whitelist_bounce_relays()',
  'welcomelist_bounce_relays other.example.org',
].join('\n');

const rs = compileRuleSet([
  { name: 'init.pre', text: PRE },
  { name: 'test.cf', text: CF },
]);

/** [case, message, rules that hit according to Perl SA 4.0.1] */
const CASES: [string, string, string[]][] = [
  [
    '06-bounce',
    msg([
      'From: MAILER-DAEMON@example.net',
      'Subject: Undelivered Mail Returned to Sender',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '',
      '--b1',
      'Content-Type: message/rfc822',
      '',
      'Received: from desk.example.com (desk.example.com [192.0.2.1])',
      '\tby relay7.example.com (Postfix) with ESMTP id 1;',
      '\tTue, 15 Jun 2021 10:00:00 +0000',
      'From: me@example.com',
      'Subject: original',
      '',
      'hi',
      '--b1--',
    ]),
    ['T_BOUNCE_RELAY', 'T_BOUNCE_RELAY_OLD', 'T_HAVE_BOUNCE'],
  ],
  [
    '07-quoted',
    msg([
      'From: MAILER-DAEMON@example.net',
      'Subject: Undelivered',
      '',
      '> Received: by relay1.example.com (Postfix, from userid 1007)',
    ]),
    ['T_BOUNCE_RELAY', 'T_BOUNCE_RELAY_OLD', 'T_HAVE_BOUNCE'],
  ],
  [
    '08-other',
    msg([
      'From: MAILER-DAEMON@example.net',
      'Subject: Undelivered',
      '',
      'Received: from a.b by mx.other.net (Postfix)',
    ]),
    ['T_HAVE_BOUNCE'],
  ],
  [
    '09-folded',
    msg([
      'From: MAILER-DAEMON@example.net',
      'Subject: Undelivered',
      'MIME-Version: 1.0',
      'Content-Type: text/plain',
      '',
      '---- original message ----',
      'Received: from a.b.c',
      '   by other.example.org with SMTP id 5',
    ]),
    ['T_BOUNCE_RELAY', 'T_BOUNCE_RELAY_OLD', 'T_HAVE_BOUNCE'],
  ],
];

describe('VBounce', () => {
  it('compiles the test rules without errors', () => {
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CASES)('%s', async (_name, message, expected) => {
    const r = await rs.check(message);
    const hit = [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
    expect(hit).toEqual(expected);
  });
});

describe('VBounce without welcomelist_bounce_relays', () => {
  it('neither eval hits (Perl SA 4.0.1: no hits for 06-bounce)', async () => {
    const empty = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: CF.split('\n').filter((l) => !l.startsWith('welcomelist_bounce_relays')).join('\n') },
    ]);
    const r = await empty.check(CASES[0]![1]);
    expect([...r.hits.map((h) => h.name), ...Object.keys(r.subtests)]).toEqual([]);
  });
});
