/**
 * WLBLEval: welcome/block lists, from_rcvd lists, enlist_addrlist and URI host lists
 *
 * Every expected hit list below is what Perl SpamAssassin 4.0.1 answered for the same rules and
 * message: `Mail::SpamAssassin->new` with only this .cf (plus `loadplugin` lines for WLBLEval),
 * `local_tests_only`, `check()`, then `get_names_of_tests_hit` + `get_names_of_subtests_hit`.
 * The answers are hard-coded; regenerate them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { reportLines } from './report-lines.js';
import { globPattern, inAddrList, type AddrList } from '../../src/plugins/builtin/wlbl-eval/lists.js';

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::WLBLEval\n';
const CF = [
  'util_rb_tld com net org top info',
  'util_rb_2tld co.uk',
  'welcomelist_from friend@example.com *@trusted.example.org',
  'whitelist_from old@example.com',
  'unwelcomelist_from old@example.com',
  'blocklist_from *@spam.example.net spammer?@example.com',
  'blacklist_from gone@example.com',
  'unblacklist_from gone@example.com',
  'welcomelist_to me@example.com',
  'more_spam_to more@example.com',
  'all_spam_to all@example.com',
  'blocklist_to nobody@example.com',
  'welcomelist_from_rcvd rcvd@example.com example.com',
  'welcomelist_from_rcvd *@ipnet.example.com [203.0.113.0/24]',
  'def_welcomelist_from_rcvd *@bank.example.com bank.example.com',
  'def_welcomelist_from_rcvd *@classful.example.com [198.51]',
  'welcomelist_allows_relays *@allowed.example.com',
  'welcomelist_from_rcvd *@allowed.example.com good.example.com',
  'enlist_addrlist (BANKS) *@bank.example.com service@pay?al.com',
  'enlist_addrlist (GOV) *.gov',
  'enlist_addrlist (SUSP) *@*.top',
  'enlist_uri_host (SUSP_URI) top info !ok.info',
  'enlist_uri_host (SHORT) bit.ly',
  'delist_uri_host (SHORT) bit.ly',
  'blocklist_uri_host evil.example.com',
  'welcomelist_uri_host good.example.org',
  'header T_FROM_WL eval:check_from_in_welcomelist()',
  'header T_FROM_WL_OLD eval:check_from_in_whitelist()',
  'header T_FROM_BL eval:check_from_in_blocklist()',
  'header T_FROM_BL_OLD eval:check_from_in_blacklist()',
  'header T_FROM_DEF_WL eval:check_from_in_default_welcomelist()',
  'header T_FORGED_WL eval:check_forged_in_welcomelist()',
  'header T_FORGED_DEF_WL eval:check_forged_in_default_welcomelist()',
  'header T_TO_WL eval:check_to_in_welcomelist()',
  'header T_TO_BL eval:check_to_in_blocklist()',
  'header T_TO_MORE eval:check_to_in_more_spam()',
  'header T_TO_ALL eval:check_to_in_all_spam()',
  "header T_LIST_BANKS eval:check_from_in_list('BANKS')",
  "header T_LIST_GOV eval:check_from_in_list('GOV')",
  "header T_LIST_NONE eval:check_from_in_list('NO_SUCH_LIST')",
  "header T_TO_LIST eval:check_to_in_list('BANKS')",
  "header T_REPLYTO_SUSP eval:check_replyto_in_list('SUSP')",
  'header T_MAILFROM_RCVD eval:check_mailfrom_matches_rcvd()',
  "header T_URI_SUSP eval:check_uri_host_listed('SUSP_URI')",
  "header T_URI_SHORT eval:check_uri_host_listed('SHORT')",
  'header T_URI_BLOCK eval:check_uri_host_in_blocklist()',
  'header T_URI_WELCOME eval:check_uri_host_in_welcomelist()',
  'enlist_addrlist (welcomelist_from) *@enlisted.example.com',
  'welcomelist_from_rcvd *@v6.example.com [2001:db8:1::/48]',
  'welcomelist_from_rcvd *@v4c.example.com [203.0.114.0]/24',
  'welcomelist_auth auth@example.com',
  'def_welcomelist_auth auth@example.com',
  'unwelcomelist_auth auth@example.com',
  'enlist_uri_host (TWO) example.net other.org',
  'delist_uri_host other.org',
  "header T_LIST_WLFROM eval:check_from_in_list('welcomelist_from')",
  "header T_LIST_AUTH eval:check_from_in_list('welcomelist_auth')",
  "header T_LIST_RCVD eval:check_from_in_list('welcomelist_from_rcvd')",
  "header T_URI_TWO eval:check_uri_host_listed('TWO')",
].join('\n');

const rs = compileRuleSet([
  { name: 'init.pre', text: PRE },
  { name: 'test.cf', text: CF },
]);

/** [case, message, rules that hit according to Perl SA 4.0.1] */
const CASES: [string, string, string[]][] = [
  [
    '01-friend',
    msg([
      'Received: from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: Friend <Friend@Example.com>',
      'To: me@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_WL', 'T_FROM_WL_OLD', 'T_LIST_WLFROM', 'T_TO_WL'],
  ],
  [
    '02-blocked',
    msg([
      'Received: from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: x@spam.example.net',
      'Reply-To: y@shop.top',
      'To: more@example.com',
      'Cc: all@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_BL', 'T_FROM_BL_OLD', 'T_REPLYTO_SUSP', 'T_TO_ALL', 'T_TO_MORE'],
  ],
  [
    '03-rcvd-ok',
    msg([
      'Return-Path: <rcvd@example.com>',
      'Received: from out.mail.example.com (out.mail.example.com [203.0.113.5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: rcvd@example.com',
      'To: nobody@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_WL', 'T_FROM_WL_OLD', 'T_LIST_RCVD', 'T_MAILFROM_RCVD', 'T_TO_BL'],
  ],
  [
    '04-rcvd-forged',
    msg([
      'Received: from out.evil.net (out.evil.net [192.0.2.5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: rcvd@example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FORGED_WL', 'T_LIST_RCVD'],
  ],
  [
    '05-ip',
    msg([
      'Received: from whatever.example.net (whatever.example.net [203.0.113.77]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: joe@ipnet.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_WL', 'T_FROM_WL_OLD'],
  ],
  [
    '06-bank',
    msg([
      'Received: from smtp.bank.example.com (smtp.bank.example.com [192.0.2.10]) by mx.example.net (Postfix) with ESMTP id 1 for <someone@example.com>; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: alerts@bank.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_DEF_WL', 'T_LIST_BANKS'],
  ],
  [
    '07-bank-forged',
    msg([
      'Received: from smtp.phish.example (smtp.phish.example [192.0.2.10]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: alerts@bank.example.com',
      'Resent-From: service@paypal.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_LIST_BANKS'],
  ],
  [
    '08-classful',
    msg([
      'Received: from host.somewhere (host.somewhere [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: x@classful.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_DEF_WL'],
  ],
  [
    '09-allowed',
    msg([
      'Received: from host.somewhere (host.somewhere [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: x@allowed.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    [],
  ],
  [
    '10-uris',
    msg([
      'Received: from host.somewhere (host.somewhere [198.51.100.9]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: x@example.com',
      'To: x@example.com',
      'Subject: hi',
      'DKIM-Signature: v=1; a=rsa-sha256; d=signer.top; s=sel; b=abc',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      '<html><body><a href="http://www.evil.example.com/x">a</a> <a href="https://good.example.org/">b</a> <a href="http://bit.ly/abc">c</a> <a href="http://ok.info/">d</a></body></html>',
    ]),
    ['T_URI_BLOCK', 'T_URI_SUSP', 'T_URI_WELCOME'],
  ],
  [
    '11-uri-info',
    msg([
      'From: x@agency.gov',
      'To: x@example.com',
      'Subject: hi',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      '<html><body><a href="http://site.info/x">a</a></body></html>',
    ]),
    ['T_LIST_GOV', 'T_URI_SUSP'],
  ],
  [
    '12-def-forged',
    msg([
      'Received: from smtp.phish.example (smtp.phish.example [192.0.2.10]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: alerts@bank.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FORGED_DEF_WL', 'T_LIST_BANKS'],
  ],
  [
    '13-uri-excl',
    msg([
      'From: x@example.com',
      'To: x@example.com',
      'Subject: hi',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      '<html><body><a href="http://ok.info/">d</a> <a href="http://bit.ly/x">e</a></body></html>',
    ]),
    [],
  ],
  [
    '14-enlisted',
    msg([
      'Received: from host6.example.org (host6.example.org [2001:db8:1:2::5]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: x@enlisted.example.com',
      'Resent-From: y@v6.example.com',
      'To: x@example.com',
      'Subject: hi',
      'MIME-Version: 1.0',
      'Content-Type: text/html',
      '',
      '<html><body><a href="http://www.example.net/">a</a> <a href="http://other.org/">b</a></body></html>',
    ]),
    ['T_FROM_WL', 'T_FROM_WL_OLD', 'T_URI_TWO'],
  ],
  [
    '15-v4cidr',
    msg([
      'Received: from host.example.org (host.example.org [203.0.114.9]) by mx.example.net (Postfix) with ESMTP id 1; Tue, 15 Jun 2021 10:00:00 +0000',
      'From: auth@example.com, z@v4c.example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_FROM_WL', 'T_FROM_WL_OLD'],
  ],
  [
    '16-rcvd-exact',
    msg([
      'From: rcvd@example.com',
      'To: x@example.com',
      'Subject: hi',
      '',
      'x',
    ]),
    ['T_LIST_RCVD'],
  ],
];

describe('WLBLEval', () => {
  it('compiles the test rules without errors', () => {
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each(CASES)('%s', async (_name, message, expected) => {
    const r = await rs.check(message);
    const hit = [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort();
    expect(hit).toEqual(expected);
  });
});


describe('WLBLEval report lines', () => {
  // check_uri_host_listed names the host that matched (and the listed domain it matched under)
  // in the rule's report entry. The expected table is Perl SpamAssassin 4.0.1's get_report for
  // the same .cf (plus the Check plugin) and message, with `report _REPORT_` as the template.
  const hosts = compileRuleSet([
    { name: 'init.pre', text: PRE },
    {
      name: 'test.cf',
      text: [
        'util_rb_tld com net org top info',
        'enlist_uri_host (SUSP_URI) top info !ok.info',
        'blocklist_uri_host evil.example.com',
        'welcomelist_uri_host good.example.org',
        'clear_report_template',
        'report _REPORT_',
        "header T_URI_SUSP eval:check_uri_host_listed('SUSP_URI')",
        'header T_URI_BLOCK eval:check_uri_host_in_blocklist()',
        'header T_URI_WELCOME eval:check_uri_host_in_welcomelist()',
      ].join('\n'),
    },
  ]);

  it('writes "URI: host", with the listed parent domain when the host itself is not listed', async () => {
    const r = await hosts.check(
      msg([
        'From: joe@example.com',
        'To: x@example.com',
        'Subject: hi',
        '',
        'see http://evil.example.com/x and http://www.good.example.org/',
        'and http://ok.info/ and http://shop.top/deal',
      ]),
    );
    expect(reportLines(r.report)).toEqual({
      T_URI_BLOCK: ['[URI: evil.example.com]'],
      T_URI_SUSP: ['[URI: shop.top (top)]'],
      T_URI_WELCOME: ['[URI: www.good.example.org (good.example.org)]'],
    });
  });
});

describe('an address list', () => {
  it("answers as testing every entry's pattern would, though it skips entries whose literal end the address lacks", () => {
    const globs = ['*@*.example.com', 'friend@example.com', '*@example.org', 'spammer?@example.com', '*.gov', 'a(b@x.com', 'x\\y@*', '*', '*@*.top', 'pay?al.com'];
    const list: AddrList = new Map(globs.map((g) => [g, globPattern(g)]));
    const addrs = ['Friend@Example.com', 'u@mail.example.com', 'u@example.com', 'spammer1@example.com', 'spammer12@example.com', 'x@agency.gov', 'a_b@x.com', 'x_y@z', 'u@x.top\n', 'paypal.com', 'u@example.org.evil', ''];
    for (const a of addrs) {
      const none = new Map([...list].filter(([g]) => g !== '*'));
      for (const l of [list, none]) {
        const expected = [...l.values()].some((re) => re.test(a.toLowerCase()));
        expect(inAddrList(l, a), `${JSON.stringify(a)} in ${l.size} entries`).toBe(expected);
      }
    }
  });
});
