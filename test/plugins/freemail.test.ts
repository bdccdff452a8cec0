/**
 * FreeMail: freemail senders, Reply-To, header and body addresses
 *
 * Every expected hit list below is what Perl SpamAssassin 4.0.1 answered for the same rules and
 * message: `Mail::SpamAssassin->new` with only this .cf (plus `loadplugin` lines for FreeMail),
 * `local_tests_only`, `check()`, then `get_names_of_tests_hit` + `get_names_of_subtests_hit`.
 * The answers are hard-coded; regenerate them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { reportLines } from './report-lines.js';

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::FreeMail\n';
const CF = [
  'util_rb_tld com net org top info uk de',
  'util_rb_2tld co.uk',
  'freemail_domains gmail.com hotmail.co.?? yahoo.* web.de',
  'freemail_welcomelist vip@gmail.com',
  'freemail_domains bad_domain!.com',
  'header T_FM_FROM eval:check_freemail_from()',
  "header T_FM_FROM_DIGIT eval:check_freemail_from('\\d@')",
  "header T_FM_ENV_DIGIT eval:check_freemail_header('EnvelopeFrom', '\\d@')",
  "header T_FM_REPLYTO_HDR eval:check_freemail_header('Reply-To')",
  "header T_FM_REPLYTO_ADDR eval:check_freemail_header('Reply-To:addr')",
  "header T_FM_DISPTO eval:check_freemail_header('Disposition-Notification-To')",
  "header T_FM_REPLYTO eval:check_freemail_replyto('replyto')",
  "header T_FM_REPLY eval:check_freemail_replyto('reply')",
  'header T_FM_BODY eval:check_freemail_body()',
  "header T_FM_BODY_DIGIT eval:check_freemail_body('\\d@')",
  'body T_BODY_SEES_EMAIL /hidden\\@example\\.com/',
].join('\n');

const rs = compileRuleSet([
  { name: 'init.pre', text: PRE },
  { name: 'test.cf', text: CF },
]);

/** [case, message, rules that hit according to Perl SA 4.0.1] */
const CASES: [string, string, string[]][] = [
  [
    '01-from',
    msg([
      'Return-Path: <joe7@gmail.com>',
      'From: Joe <joe7@gmail.com>',
      'To: x@example.com',
      'Subject: hi',
      '',
      'hello',
    ]),
    ['T_FM_ENV_DIGIT', 'T_FM_FROM', 'T_FM_FROM_DIGIT'],
  ],
  [
    '02-replyto',
    msg([
      'From: Joe <joe@gmail.com>',
      'Reply-To: other1@yahoo.co.uk',
      'To: x@example.com',
      'Subject: hi',
      '',
      'hello',
    ]),
    ['T_FM_FROM'],
  ],
  [
    '03-welcomelisted',
    msg([
      'From: vip@gmail.com',
      'Reply-To: info@hotmail.co.uk, bob@hotmail.co.uk',
      'To: x@example.com',
      'Subject: hi',
      '',
      'hello',
    ]),
    ['T_FM_REPLYTO_ADDR', 'T_FM_REPLYTO_HDR'],
  ],
  [
    '04-body',
    msg([
      'From: Joe <joe@example.com>',
      'Reply-To: reply2@web.de',
      'To: x@example.com',
      'Subject: hi',
      '',
      'write to me at other@gmail.com or <hidden@example.com> or http://u@example.com/x',
    ]),
    ['T_FM_BODY', 'T_FM_REPLYTO', 'T_FM_REPLYTO_ADDR', 'T_FM_REPLYTO_HDR'],
  ],
  [
    '05-reply-no-replyto',
    msg([
      'From: Joe <joe@gmail.com>',
      'To: x@example.com',
      'Subject: hi',
      '',
      'please write to friend9@yahoo.com today',
    ]),
    ['T_FM_BODY', 'T_FM_BODY_DIGIT', 'T_FM_FROM', 'T_FM_REPLY'],
  ],
  [
    '06-too-many',
    msg([
      'From: Joe <joe@gmail.com>',
      'Reply-To: joe2@gmail.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'a1@gmail.com a2@gmail.com a3@gmail.com a4@example.com',
    ]),
    ['T_FM_FROM', 'T_FM_REPLY', 'T_FM_REPLYTO', 'T_FM_REPLYTO_ADDR', 'T_FM_REPLYTO_HDR'],
  ],
  [
    '07-bulk',
    msg([
      'Return-Path: <list-bounces@example.com>',
      'Received: from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: Joe <joe@gmail.com>',
      'Reply-To: joe3@hotmail.co.uk',
      'Disposition-Notification-To: joe@gmail.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FM_DISPTO', 'T_FM_FROM', 'T_FM_REPLYTO_ADDR', 'T_FM_REPLYTO_HDR'],
  ],
  [
    '08-html',
    msg([
      'From: Joe <joe@gmail.com>',
      'To: x@example.com',
      'Subject: hi',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      '<html><body><a href="mailto:secret5@yahoo.de">write me</a></body></html>',
    ]),
    ['T_FM_BODY', 'T_FM_BODY_DIGIT', 'T_FM_FROM', 'T_FM_REPLY'],
  ],
];

describe('FreeMail', () => {
  it('compiles the test rules without errors', () => {
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CASES)('%s', async (_name, message, expected) => {
    const r = await rs.check(message);
    const hit = [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
    expect(hit).toEqual(expected);
  });

  it('answers the same in any order of messages, its body patterns being compiled once per rule set', async () => {
    for (const [, message, expected] of [...CASES].reverse().concat(CASES)) {
      const r = await rs.check(message);
      expect([...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort()).toEqual(expected);
    }
  });
});

describe('FreeMail regex arguments', () => {
  // FreeMail matches the optional regex with `/$re/o`: Perl compiles it once, so every rule
  // calling check_freemail_header uses the pattern of whichever rule ran first. Perl SA 4.0.1
  // answers T_A,T_B or nothing for this message depending on its (hash) rule order; never one alone.
  it('shares the first pattern used between rules, like Perl /o', async () => {
    const sticky = compileRuleSet([
      { name: 'init.pre', text: PRE },
      {
        name: 'test.cf',
        text: [
          'util_rb_tld com',
          'freemail_domains gmail.com',
          "header T_A eval:check_freemail_header('From', '\\d@')",
          "header T_B eval:check_freemail_header('From', 'x@')",
        ].join('\n'),
      },
    ]);
    const r = await sticky.check(msg(['From: x@gmail.com', 'Subject: s', '', 'b']));
    const hit = r.hits.map((h) => h.name).sort();
    expect([[], ['T_A', 'T_B']]).toContainEqual(hit);
  });
});


describe('FreeMail report lines', () => {
  // `_test_log`: each hit names the addresses it is about, `@` written `(at)`. The expected
  // tables are Perl SpamAssassin 4.0.1's get_report for the same .cf (plus the Check plugin)
  // and messages, with `report _REPORT_` as the template.
  const REPORT_CF = [
    'util_rb_tld com net org de',
    'freemail_domains gmail.com yahoo.* web.de',
    'clear_report_template',
    'report _REPORT_',
    'header T_FM_FROM eval:check_freemail_from()',
    "header T_FM_REPLYTO_DIGIT eval:check_freemail_header('Reply-To', '\\d@')",
    "header T_FM_REPLYTO eval:check_freemail_replyto('replyto')",
    "header T_FM_REPLY eval:check_freemail_replyto('reply')",
    'header T_FM_BODY eval:check_freemail_body()',
    "header T_FM_BODY_DIGIT eval:check_freemail_body('\\d@')",
  ].join('\n');
  const withCf = (extra: string) =>
    compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: `${REPORT_CF}\n${extra}` },
    ]);
  const described = withCf('');
  const FROM_AND_REPLYTO = msg(['From: Joe <joe@gmail.com>', 'Reply-To: a1@yahoo.com, b@web.de', 'To: x@example.com', 'Subject: hi', '', 'hello']);
  const REPLYTO_AND_BODY = msg(['From: Joe <joe@example.com>', 'Reply-To: reply2@web.de', 'To: x@example.com', 'Subject: hi', '', 'write to other@gmail.com']);
  const FROM_AND_BODY = msg(['From: Joe <joe@gmail.com>', 'To: x@example.com', 'Subject: hi', '', 'please write to friend9@yahoo.com today']);

  it('names the sender, and From -> all Reply-To addresses when they are different freemails', async () => {
    expect(reportLines((await described.check(FROM_AND_REPLYTO)).report)).toEqual({
      T_FM_FROM: ['[joe(at)gmail.com]'],
      T_FM_REPLYTO_DIGIT: ['[a1(at)yahoo.com]'],
      T_FM_REPLYTO: ['[joe(at)gmail.com -> a1(at)yahoo.com,b(at)web.de]'],
      T_FM_REPLY: ['[joe(at)gmail.com -> a1(at)yahoo.com,b(at)web.de]'],
    });
  });

  it('names the Reply-To and the body address that differ, and the body address alone', async () => {
    expect(reportLines((await described.check(REPLYTO_AND_BODY)).report)).toEqual({
      T_FM_REPLYTO_DIGIT: ['[reply2(at)web.de]'],
      T_FM_REPLYTO: ['[reply2(at)web.de, other(at)gmail.com]'],
      T_FM_BODY: ['[other(at)gmail.com]'],
    });
  });

  it('compares the From address with the body when there is no Reply-To', async () => {
    expect(reportLines((await described.check(FROM_AND_BODY)).report)).toEqual({
      T_FM_FROM: ['[joe(at)gmail.com]'],
      T_FM_REPLY: ['[joe(at)gmail.com, friend9(at)yahoo.com]'],
      T_FM_BODY: ['[friend9(at)yahoo.com]'],
      T_FM_BODY_DIGIT: ['[friend9(at)yahoo.com]'],
    });
  });

  it('adds no lines with freemail_add_describe_email 0, though the rules still hit', async () => {
    const quiet = withCf('freemail_add_describe_email 0');
    expect(reportLines((await quiet.check(FROM_AND_REPLYTO)).report)).toEqual({ T_FM_FROM: [], T_FM_REPLYTO_DIGIT: [], T_FM_REPLYTO: [], T_FM_REPLY: [] });
    expect(reportLines((await quiet.check(FROM_AND_BODY)).report)).toEqual({ T_FM_FROM: [], T_FM_REPLY: [], T_FM_BODY: [], T_FM_BODY_DIGIT: [] });
  });
});
