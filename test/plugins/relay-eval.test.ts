/**
 * RelayEval: predicates over the relays parsed from Received headers
 *
 * Every expected hit list below is what Perl SpamAssassin 4.0.1 answered for the same rules and
 * message: `Mail::SpamAssassin->new` with only this .cf (plus `loadplugin` lines for RelayEval),
 * `local_tests_only`, `check()`, then `get_names_of_tests_hit` + `get_names_of_subtests_hit`.
 * The answers are hard-coded; regenerate them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::RelayEval\n';
const CF = [
  'trusted_networks 192.0.2.0/24',
  'header T_ALL_TRUSTED eval:check_all_trusted()',
  'header T_NO_RELAYS eval:check_no_relays()',
  'header T_UNPARSEABLE eval:check_relays_unparseable()',
  'header T_HELO_IP_MISMATCH eval:helo_ip_mismatch()',
  'header T_NO_RDNS_DOTCOM eval:check_for_no_rdns_dotcom_helo()',
  'header T_FORGED_TRAIL eval:check_for_forged_received_trail()',
  'header T_FORGED_IP_HELO eval:check_for_forged_received_ip_helo()',
  'header T_NUMERIC_HELO eval:check_for_numeric_helo()',
  'header T_ILLEGAL_IP eval:check_for_illegal_ip()',
  'header T_SENDER_NO_REV eval:check_for_sender_no_reverse()',
  "header T_FROM_DOM_RCVD eval:check_for_from_domain_in_received_headers('ebay.com', 'true')",
  "header T_FROM_DOM_RCVD_F eval:check_for_from_domain_in_received_headers('ebay.com', 'false')",
].join('\n');

const rs = compileRuleSet([
  { name: 'init.pre', text: PRE },
  { name: 'test.cf', text: CF },
]);

/** [case, message, rules that hit according to Perl SA 4.0.1] */
const CASES: [string, string, string[]][] = [
  [
    '01-none',
    msg([
      'From: a@example.com',
      'To: b@example.com',
      'Subject: no relays',
      '',
      'x',
    ]),
    ['T_NO_RELAYS'],
  ],
  [
    '02-trusted',
    msg([
      'Received: from localhost (localhost [127.0.0.1]) by mail.example.com (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from desk (desk.lan [192.168.1.5]) by localhost (Postfix) with SMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: internal',
      '',
      'x',
    ]),
    [],
  ],
  [
    '03-helo',
    msg([
      'Received: from 198.51.100.20 (unknown [203.0.113.9]) by mx.example.net (Postfix) with SMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: helo mismatch',
      '',
      'x',
    ]),
    ['T_FORGED_IP_HELO', 'T_HELO_IP_MISMATCH', 'T_NUMERIC_HELO'],
  ],
  [
    '04-dotcom',
    msg([
      'Received: from mx02.hotmail.com (unknown [203.0.113.9]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: dotcom',
      '',
      'x',
    ]),
    ['T_NO_RDNS_DOTCOM'],
  ],
  [
    '05-trail',
    msg([
      'Received: from relay1.example.org (relay1.example.org [198.51.100.1]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from relay2.other.net (relay2.other.net [198.51.100.2]) by relay1.example.org (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from relay3.third.com (relay3.third.com [198.51.100.3]) by foo.bogus.info (Postfix) with ESMTP id 3; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from relay4.fourth.com (relay4.fourth.com [198.51.100.4]) by bar.bogus2.info (Postfix) with ESMTP id 4; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: trail',
      '',
      'x',
    ]),
    ['T_FORGED_TRAIL', 'T_SENDER_NO_REV'],
  ],
  [
    '06-unparseable',
    msg([
      'Received: from foo by bar with baz',
      'Received: from relay2.ebay.com (relay2.ebay.com [198.51.100.2]) by mx.ebay.com (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@ebay.com',
      'To: b@example.com',
      'Subject: ebay',
      '',
      'x',
    ]),
    ['T_FROM_DOM_RCVD', 'T_SENDER_NO_REV'],
  ],
  [
    '07-iphelo',
    msg([
      'Received: from [10.0.0.1] (helo=22.33.44.55) by mx.example.net with esmtp (Exim 4.1) id 1abc; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from mail.example.com ([203.0.113.50] helo=198.51.100.99) by mx.example.net with esmtp (Exim 4.1) id 1abc; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@ebay.com',
      'To: b@example.com',
      'Subject: iphelo',
      '',
      'x',
    ]),
    ['T_FORGED_IP_HELO', 'T_FROM_DOM_RCVD_F', 'T_HELO_IP_MISMATCH', 'T_NUMERIC_HELO', 'T_SENDER_NO_REV'],
  ],
  [
    '08-private-helo',
    msg([
      'Received: from mail.example.com ([203.0.113.50] helo=10.1.1.1) by mx.example.net with esmtp (Exim 4.1) id 1abc; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: private helo',
      '',
      'x',
    ]),
    ['T_NUMERIC_HELO', 'T_SENDER_NO_REV'],
  ],
  [
    '09-trusted-net',
    msg([
      'Received: from gw.example.com (gw.example.com [192.0.2.7]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from pc.example.com (pc.example.com [192.0.2.8]) by gw.example.com (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: trusted',
      '',
      'x',
    ]),
    ['T_ALL_TRUSTED'],
  ],
  [
    '10-mixed',
    msg([
      'Received: from gw.example.com (gw.example.com [192.0.2.7]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from mx02.aol.com (unknown [198.51.100.44]) by gw.example.com (Postfix) with ESMTP id 2; Tue, 15 Jun 2021 10:00:00 +0000',
      'Received: from 10.0.0.1 (unknown [10.0.0.2]) by mx02.aol.com with SMTP; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: mixed',
      '',
      'x',
    ]),
    ['T_NO_RDNS_DOTCOM', 'T_NUMERIC_HELO'],
  ],
  [
    '11-unparseable',
    msg([
      'Received: from foo (bar) by baz.example.com with SMTP id 1 (qwe 1.2.3.4)',
      'From: a@example.com',
      'To: b@example.com',
      'Subject: unparseable',
      '',
      'x',
    ]),
    ['T_UNPARSEABLE'],
  ],
];

describe('RelayEval', () => {
  it('compiles the test rules without errors', () => {
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CASES)('%s', async (_name, message, expected) => {
    const r = await rs.check(message);
    const hit = [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
    expect(hit).toEqual(expected);
  });
});
