/**
 * The DNSEval check() cases: a small .cf, a message and the DNS zones that answer, with what
 * Perl SpamAssassin 4.0.1 answered for them.
 *
 * The `perl` fields were produced by `SA_DNS_ORACLE=1 npx vitest run
 * test/plugins/dns-eval/perl-oracle.test.ts`: it serves each case's zones with
 * `test/support/dns-server.ts` on 127.0.0.1, runs `sa-dns-oracle.pl` (SA 4.0.1, network tests
 * on, `dns_server 127.0.0.1:PORT`, only DNSEval loaded) and records the rules and sub-rules hit
 * (`get_names_of_tests_hit` + `get_names_of_subtests_hit`), every question the server received
 * (sorted, unique, `TYPE/name`), the `_RBL_` tag lines (sorted; the records of a line sorted,
 * since SA prints them in Perl hash order) and each rule's report lines (`test_log`). The
 * answers are hard-coded here; rerun the oracle when a case changes.
 */
import type { Zone } from '../../support/dns-server.js';

/** One case. */
export interface DnsEvalCase {
  name: string;
  /** Rules and settings (DNSEval is loaded by the runner). */
  cf: string;
  message: string;
  zones: Zone[];
  /** Perl SA 4.0.1's answer. */
  perl: {
    hits: string[];
    queries: string[];
    rbl: string[];
    /**
     * The report lines of each rule (`test_log`, SA's `$pms->{test_logs}{RULE}{msg}`), each
     * rule's lines sorted (their order follows answer arrival and Perl hash order).
     */
    logs: Record<string, string[]>;
  };
}

const msg = (lines: string[]) => lines.map((l) => `${l}\n`).join('');
const DATE = 'Tue, 15 Jun 2021 10:00:00 +0000';
/** A Received header in Postfix's format: `from HELO (RDNS [IP]) by BY`. */
const rcvd = (helo: string, rdns: string, ip: string, by: string, id = 'A1B2C3') =>
  `Received: from ${helo} (${rdns} [${ip}]) by ${by} (Postfix) with ESMTP id ${id}; ${DATE}`;
const BODY = ['From: Sender <user@example.com>', 'To: rcpt@example.com', 'Subject: test', `Date: ${DATE}`, 'Message-ID: <1@example.com>', '', 'Hello.'];

/** Every listed name answers 127.0.0.2 in each of these zones. */
const listing = (apex: string, names: string[], a = ['127.0.0.2']): Zone => ({
  apex,
  names: Object.fromEntries(names.map((n) => [n, { A: a }])),
});

export const CASES: DnsEvalCase[] = [
  {
    name: 'a listed relay: check_rbl and its sub-rules (exact, regex, bitmask)',
    cf: [
      "header __T_ZEN eval:check_rbl('zen', 'zen.test.')",
      "header T_SBL eval:check_rbl_sub('zen', '127.0.0.2')",
      "header T_XBL eval:check_rbl_sub('zen', '^127\\.0\\.0\\.[4-7]$')",
      "header T_MASK2 eval:check_rbl_sub('zen', '2')",
      "header T_MASK4 eval:check_rbl_sub('zen', '4')",
      "header T_PBL eval:check_rbl('zen-lastexternal', 'zen.test.', '^127\\.0\\.0\\.1[01]$')",
      "header T_PARENT_SUB eval:check_rbl('zen2', 'zen.test.', '127.0.0.3')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [{ apex: 'zen.test', names: { '7.100.51.198': { A: ['127.0.0.2', '127.0.0.10'] } } }],
    perl: {
      hits: ['T_MASK2', 'T_PBL', 'T_SBL', '__T_ZEN'],
      queries: ['A/7.100.51.198.zen.test'],
      rbl: ['<dns:7.100.51.198.zen.test> [127.0.0.10, 127.0.0.2]'],
      logs: {
        T_MASK2: ['198.51.100.7 listed in zen.test'],
        T_PBL: ['198.51.100.7 listed in zen.test'],
        T_SBL: ['198.51.100.7 listed in zen.test'],
      },
    },
  },
  {
    name: 'answers outside 127.0.0.0/8 are ignored, by rules and sub-rules alike',
    cf: [
      "header T_ANY eval:check_rbl('pub', 'pub.test.')",
      "header T_SUB_TEN eval:check_rbl_sub('pub', '^10\\.')",
      "header T_SUB_MASK eval:check_rbl_sub('pub', '2')",
      "header T_SUB_EXACT eval:check_rbl_sub('pub', '10.0.0.2')",
      "header T_SUB_127 eval:check_rbl_sub('pub', '127.0.0.4')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [{ apex: 'pub.test', names: { '7.100.51.198': { A: ['10.0.0.2', '127.0.0.4'] } } }],
    perl: {
      hits: ['T_ANY', 'T_SUB_127'],
      queries: ['A/7.100.51.198.pub.test'],
      rbl: ['<dns:7.100.51.198.pub.test> [10.0.0.2, 127.0.0.4]'],
      logs: {
        T_ANY: ['198.51.100.7 listed in pub.test'],
        T_SUB_127: ['198.51.100.7 listed in pub.test'],
      },
    },
  },
  {
    name: 'set suffixes choose the relays: default, -lastexternal, -notfirsthop, -firsttrusted, -untrusted, nice',
    cf: [
      'trusted_networks 203.0.113.0/24',
      'internal_networks 203.0.113.0/25',
      "header T_ALL eval:check_rbl('all', 'all.test.')",
      "header T_LAST eval:check_rbl('last-lastexternal', 'last.test.')",
      "header T_LAST_NICE eval:check_rbl('lastnice-lastexternal', 'lastnice.test.')",
      'tflags T_LAST_NICE nice',
      "header T_NFH eval:check_rbl('nfh-notfirsthop', 'nfh.test.')",
      "header T_FT eval:check_rbl('ft-firsttrusted', 'ft.test.')",
      "header T_UT eval:check_rbl('ut-untrusted', 'ut.test.')",
    ].join('\n'),
    message: msg([
      rcvd('gw.ours.example', 'gw.ours.example', '203.0.113.200', 'mx.ours.example', 'ID1'),
      rcvd('relay2.example.net', 'relay2.example.net', '198.51.100.22', 'gw.ours.example', 'ID2'),
      rcvd('relay1.example.net', 'relay1.example.net', '192.0.2.11', 'relay2.example.net', 'ID3'),
      rcvd('desk', 'desk.lan', '192.168.1.5', 'relay1.example.net', 'ID4'),
      ...BODY,
    ]),
    zones: ['all', 'last', 'lastnice', 'nfh', 'ft', 'ut'].map((z) =>
      listing(`${z}.test`, ['200.113.0.203', '22.100.51.198', '11.2.0.192', '5.1.168.192']),
    ),
    perl: {
      hits: ['T_ALL', 'T_FT', 'T_LAST_NICE', 'T_NFH', 'T_UT'],
      queries: [
        'A/11.2.0.192.all.test',
        'A/11.2.0.192.ut.test',
        'A/200.113.0.203.lastnice.test',
        'A/22.100.51.198.all.test',
        'A/22.100.51.198.ft.test',
        'A/22.100.51.198.nfh.test',
      ],
      rbl: [
        '<dns:11.2.0.192.all.test> [127.0.0.2]',
        '<dns:11.2.0.192.ut.test> [127.0.0.2]',
        '<dns:200.113.0.203.lastnice.test> [127.0.0.2]',
        '<dns:22.100.51.198.all.test> [127.0.0.2]',
        '<dns:22.100.51.198.ft.test> [127.0.0.2]',
        '<dns:22.100.51.198.nfh.test> [127.0.0.2]',
      ],
      logs: {
        T_ALL: ['192.0.2.11 listed in all.test', '198.51.100.22 listed in all.test'],
        T_FT: ['198.51.100.22 listed in ft.test'],
        T_LAST_NICE: ['203.0.113.200 listed in lastnice.test'],
        T_NFH: ['198.51.100.22 listed in nfh.test'],
        T_UT: ['192.0.2.11 listed in ut.test'],
      },
    },
  },
  {
    name: 'originating_ip_headers IPs join the default and trust-based sets, not -lastexternal',
    cf: [
      'clear_originating_ip_headers',
      'originating_ip_headers X-Originating-IP',
      "header T_ALL eval:check_rbl('all', 'all.test.')",
      "header T_LAST eval:check_rbl('last-lastexternal', 'last.test.')",
      "header T_FT eval:check_rbl('ft-firsttrusted', 'ft.test.')",
      "header T_UT eval:check_rbl('ut-untrusted', 'ut.test.')",
    ].join('\n'),
    message: msg([
      rcvd('relay.example.net', 'relay.example.net', '198.51.100.22', 'mx.example.com'),
      'X-Originating-IP: [192.0.2.99]',
      ...BODY,
    ]),
    zones: ['all', 'last', 'ft', 'ut'].map((z) => listing(`${z}.test`, ['99.2.0.192'])),
    perl: {
      hits: ['T_ALL', 'T_UT'],
      queries: [
        'A/22.100.51.198.all.test',
        'A/22.100.51.198.ft.test',
        'A/22.100.51.198.last.test',
        'A/99.2.0.192.all.test',
        'A/99.2.0.192.ut.test',
      ],
      rbl: ['<dns:99.2.0.192.all.test> [127.0.0.2]', '<dns:99.2.0.192.ut.test> [127.0.0.2]'],
      logs: {
        T_ALL: ['192.0.2.99 listed in all.test'],
        T_UT: ['192.0.2.99 listed in ut.test'],
      },
    },
  },
  {
    name: 'no public untrusted relay: nothing is queried and sub-rules settle as misses',
    cf: [
      'trusted_networks 198.51.100.0/24',
      "header T_ALL eval:check_rbl('all', 'all.test.')",
      "header T_ALL_SUB eval:check_rbl_sub('all', '127.0.0.2')",
      "header T_LAST eval:check_rbl('last-lastexternal', 'all.test.')",
      "header T_NOPARENT_SUB eval:check_rbl_sub('noparent', '127.0.0.2')",
    ].join('\n'),
    message: msg([
      rcvd('relay.example.net', 'relay.example.net', '198.51.100.22', 'mx.example.com', 'ID1'),
      rcvd('desk', 'desk.lan', '10.1.2.3', 'relay.example.net', 'ID2'),
      ...BODY,
    ]),
    zones: [listing('all.test', ['22.100.51.198', '3.2.1.10'])],
    perl: {
      hits: [],
      queries: [],
      rbl: [],
      logs: {},
    },
  },
  {
    name: 'a message without Received headers queries nothing',
    cf: ["header T_ALL eval:check_rbl('all', 'all.test.')", "header T_ALL_SUB eval:check_rbl_sub('all', '127.0.0.2')"].join('\n'),
    message: msg(BODY),
    zones: [listing('all.test', ['22.100.51.198'])],
    perl: {
      hits: [],
      queries: [],
      rbl: [],
      logs: {},
    },
  },
  {
    name: 'an IPv6 relay is queried by its reversed nibbles',
    cf: ["header T_V6 eval:check_rbl('v6', 'v6.test.')", "header T_V6_LAST eval:check_rbl('v6l-lastexternal', 'v6.test.', '127.0.0.2')"].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', 'IPv6:2001:db8::25', 'mx.example.com'), ...BODY]),
    zones: [listing('v6.test', ['5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2'])],
    perl: {
      hits: ['T_V6', 'T_V6_LAST'],
      queries: ['A/5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.v6.test'],
      rbl: ['<dns:5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.v6.test> [127.0.0.2]'],
      logs: {
        T_V6: ['2001:db8:0:0:0:0:0:25 listed in v6.test'],
        T_V6_LAST: ['2001:db8:0:0:0:0:0:25 listed in v6.test'],
      },
    },
  },
  {
    name: 'at most 9 relay IPs are queried (num_check_received), the oldest first',
    cf: ["header T_ALL eval:check_rbl('all', 'all.test.')"].join('\n'),
    message: msg([
      ...Array.from({ length: 11 }, (_, i) =>
        rcvd(`r${i}.example.net`, `r${i}.example.net`, `192.0.2.${11 + i}`, i === 0 ? 'mx.example.com' : `r${i - 1}.example.net`, `ID${i}`),
      ),
      ...BODY,
    ]),
    zones: [listing('all.test', ['11.2.0.192', '12.2.0.192', '13.2.0.192'])],
    perl: {
      hits: ['T_ALL'],
      queries: [
        'A/13.2.0.192.all.test',
        'A/14.2.0.192.all.test',
        'A/15.2.0.192.all.test',
        'A/16.2.0.192.all.test',
        'A/17.2.0.192.all.test',
        'A/18.2.0.192.all.test',
        'A/19.2.0.192.all.test',
        'A/20.2.0.192.all.test',
        'A/21.2.0.192.all.test',
      ],
      rbl: ['<dns:13.2.0.192.all.test> [127.0.0.2]'],
      logs: {
        T_ALL: ['192.0.2.13 listed in all.test'],
      },
    },
  },
  {
    name: 'a parent with score 0 is not launched: its sub-rules miss without a query',
    cf: [
      "header T_PARENT eval:check_rbl('zero', 'zero.test.')",
      'score T_PARENT 0',
      "header T_CHILD eval:check_rbl_sub('zero', '127.0.0.2')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [listing('zero.test', ['7.100.51.198'])],
    perl: {
      hits: [],
      queries: [],
      rbl: [],
      logs: {},
    },
  },
  {
    name: 'check_rbl_txt: TXT answers tested by regex, for the rule and its set',
    cf: [
      "header T_SPAMCOP eval:check_rbl_txt('spamcop', 'sc.test.', '(?i:spamcop)')",
      "header T_SC_SUB eval:check_rbl_sub('spamcop', 'Blocked')",
      "header T_SC_SUB_NO eval:check_rbl_sub('spamcop', '^127')",
      "header T_TXT_ANY eval:check_rbl_txt('txtany', 'sc.test.')",
      "header T_TXT_OTHER eval:check_rbl_txt('txtother', 'sc.test.', 'nomatch')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [{ apex: 'sc.test', names: { '7.100.51.198': { TXT: ['Blocked - see https://www.SpamCop.net/bl.shtml?198.51.100.7'] } } }],
    perl: {
      hits: ['T_SC_SUB', 'T_SPAMCOP', 'T_TXT_ANY'],
      queries: ['TXT/7.100.51.198.sc.test'],
      rbl: ['<dns:7.100.51.198.sc.test?type=TXT> [Blocked - see https://www.SpamCop.net/bl.shtml?198.51.100.7]'],
      logs: {
        T_SC_SUB: ['Blocked - see <https://www.SpamCop.net/bl.shtml?198.51.100.7>'],
        T_SPAMCOP: ['Blocked - see <https://www.SpamCop.net/bl.shtml?198.51.100.7>'],
        T_TXT_ANY: ['Blocked - see <https://www.SpamCop.net/bl.shtml?198.51.100.7>'],
      },
    },
  },
  {
    name: 'refused subtests: SenderBase and regexes that do not compile',
    cf: [
      "header T_BADRE eval:check_rbl('bad', 'bad.test.', '(')",
      "header T_OK eval:check_rbl('good', 'good.test.')",
      "header T_SUB_SB eval:check_rbl_sub('good', 'sb:S1')",
      "header T_SUB_BADRE eval:check_rbl_sub('good', '127.0.0.(')",
      "header T_SUB_OK eval:check_rbl_sub('good', '127.0.0.2')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [listing('bad.test', ['7.100.51.198']), listing('good.test', ['7.100.51.198'])],
    perl: {
      hits: ['T_OK', 'T_SUB_OK'],
      queries: ['A/7.100.51.198.good.test'],
      rbl: ['<dns:7.100.51.198.good.test> [127.0.0.2]'],
      logs: {
        T_OK: ['198.51.100.7 listed in good.test'],
        T_SUB_OK: ['198.51.100.7 listed in good.test'],
      },
    },
  },
  {
    name: 'a set fed by two lists: its sub-rules read the answers of both',
    cf: [
      "header __T_ONE eval:check_rbl('combo', 'one.test.')",
      "header __T_TWO eval:check_rbl('combo', 'two.test.', '127.0.0.9')",
      "header T_COMBO_3 eval:check_rbl_sub('combo', '127.0.0.3')",
      "header T_COMBO_2 eval:check_rbl_sub('combo', '127.0.0.2')",
      "header T_COMBO_5 eval:check_rbl_sub('combo', '127.0.0.5')",
    ].join('\n'),
    message: msg([rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'), ...BODY]),
    zones: [listing('one.test', ['7.100.51.198'], ['127.0.0.2']), listing('two.test', ['7.100.51.198'], ['127.0.0.3'])],
    perl: {
      hits: ['T_COMBO_2', 'T_COMBO_3', '__T_ONE'],
      queries: ['A/7.100.51.198.one.test', 'A/7.100.51.198.two.test'],
      rbl: ['<dns:7.100.51.198.one.test> [127.0.0.2]', '<dns:7.100.51.198.two.test> [127.0.0.3]'],
      logs: {
        T_COMBO_2: ['198.51.100.7 listed in one.test'],
        T_COMBO_3: ['198.51.100.7 listed in two.test'],
      },
    },
  },
  {
    name: 'check_rbl_accreditor: only for accreditors the message asserts',
    cf: [
      "header T_ACC_FOO eval:check_rbl_accreditor('accfoo-firsttrusted', 'acc.test.', '127.0.0.2', 'foo')",
      "header T_ACC_BAR eval:check_rbl_accreditor('accbar-firsttrusted', 'accbar.test.', '127.0.0.2', 'bar')",
      "header T_ACC_BAZ eval:check_rbl_accreditor('accbaz-firsttrusted', 'accbaz.test.', '127.0.0.2', 'baz')",
      "header T_ACC_UP eval:check_rbl_accreditor('accup-firsttrusted', 'accup.test.', '127.0.0.2', 'Foo')",
    ].join('\n'),
    message: msg([
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      'Accreditor: Foo, parm=1;  bar parm=2',
      ...BODY,
    ]),
    zones: ['acc', 'accbar', 'accbaz', 'accup'].map((z) => listing(`${z}.test`, ['7.100.51.198'])),
    perl: {
      hits: ['T_ACC_FOO'],
      queries: ['A/7.100.51.198.acc.test'],
      rbl: ['<dns:7.100.51.198.acc.test> [127.0.0.2]'],
      logs: {
        T_ACC_FOO: ['198.51.100.7 listed in acc.test'],
      },
    },
  },
  {
    name: 'sender hosts: check_rbl_envfrom, check_rbl_from_host, check_rbl_from_domain',
    cf: [
      'util_rb_tld com net org uk',
      'util_rb_2tld co.uk',
      "header T_ENVFROM eval:check_rbl_envfrom('ef', 'ef.test.')",
      "header T_FROMHOST eval:check_rbl_from_host('fh', 'fh.test.')",
      "header T_FROMDOM eval:check_rbl_from_domain('fd', 'fd.test.')",
      "header T_FROMDOM_SUB eval:check_rbl_from_domain('fd2', 'fd.test.', '127.0.0.4')",
    ].join('\n'),
    message: msg([
      'Return-Path: <bounce@Mail..Sender.com>',
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      'From: Someone <user@www.from-dom.co.uk>',
      'To: rcpt@example.com',
      'Subject: test',
      `Date: ${DATE}`,
      'Message-ID: <1@example.com>',
      '',
      'Hello.',
    ]),
    zones: [
      listing('ef.test', ['mail.sender.com']),
      listing('fh.test', ['www.from-dom.co.uk']),
      listing('fd.test', ['sender.com']),
    ],
    perl: {
      hits: ['T_ENVFROM', 'T_FROMDOM', 'T_FROMHOST'],
      queries: [
        'A/from-dom.co.uk.fd.test',
        'A/mail.sender.com.ef.test',
        'A/mail.sender.com.fh.test',
        'A/sender.com.fd.test',
        'A/www.from-dom.co.uk.fh.test',
      ],
      rbl: [
        '<dns:mail.sender.com.ef.test> [127.0.0.2]',
        '<dns:sender.com.fd.test> [127.0.0.2]',
        '<dns:www.from-dom.co.uk.fh.test> [127.0.0.2]',
      ],
      logs: {
        T_ENVFROM: ['listed in mail.sender.com.ef.test'],
        T_FROMDOM: ['listed in sender.com.fd.test'],
        T_FROMHOST: ['listed in www.from-dom.co.uk.fh.test'],
      },
    },
  },
  {
    name: 'check_rbl_headers: addresses, IPs and names from the rbl_headers, tflags ips_only / domains_only',
    cf: [
      'util_rb_tld com net org',
      "header T_HDR eval:check_rbl_headers('hdr', 'hdr.test.')",
      "header T_HDR_IPS eval:check_rbl_headers('hdrips', 'hdr.test.', '127.0.0.2')",
      'tflags T_HDR_IPS ips_only',
      "header T_HDR_DOMS eval:check_rbl_headers('hdrdoms', 'hdr.test.', '127.0.0.2')",
      'tflags T_HDR_DOMS domains_only',
      "header T_HDR_LIST eval:check_rbl_headers('hdrlist', 'list.test.', '127.0.0.2', 'X-Host-Hdr,Reply-To,X-None')",
    ].join('\n'),
    message: msg([
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      'Reply-To: Replies <x@Reply.Example.org>',
      'X-Source-IP: 192.0.2.77',
      'X-WebmailclientIP: not-an-ip',
      'X-Host-Hdr: host.badhost.com',
      ...BODY,
    ]),
    zones: [listing('hdr.test', ['reply.example.org', '77.2.0.192']), listing('list.test', ['host.badhost.com'])],
    perl: {
      hits: ['T_HDR', 'T_HDR_DOMS', 'T_HDR_IPS', 'T_HDR_LIST'],
      queries: [
        'A/77.2.0.192.hdr.test',
        'A/host.badhost.com.list.test',
        'A/reply.example.org.hdr.test',
        'A/reply.example.org.list.test',
      ],
      rbl: [
        '<dns:77.2.0.192.hdr.test> [127.0.0.2]',
        '<dns:host.badhost.com.list.test> [127.0.0.2]',
        '<dns:reply.example.org.hdr.test> [127.0.0.2]',
      ],
      logs: {
        T_HDR: ['192.0.2.77 listed in hdr.test', 'listed in reply.example.org.hdr.test'],
        T_HDR_DOMS: ['listed in reply.example.org.hdr.test'],
        T_HDR_IPS: ['192.0.2.77 listed in hdr.test'],
        T_HDR_LIST: ['listed in host.badhost.com.list.test'],
      },
    },
  },
  {
    name: 'check_rbl_rcvd: IP, by, HELO and rDNS of the oldest untrusted relay',
    cf: [
      'util_rb_tld com net org',
      "header T_RCVD eval:check_rbl_rcvd('rcvd', 'rcvd.test.')",
      "header T_RCVD_IPS eval:check_rbl_rcvd('rcvdips', 'rcvdips.test.')",
      'tflags T_RCVD_IPS ips_only',
    ].join('\n'),
    message: msg([
      rcvd('relay.example.net', 'relay.example.net', '198.51.100.22', 'mx.example.com', 'ID1'),
      rcvd('helo.bad.com', 'rdns.bad.com', '192.0.2.9', 'relay.example.net.', 'ID2'),
      ...BODY,
    ]),
    zones: [listing('rcvd.test', ['helo.bad.com']), listing('rcvdips.test', ['9.2.0.192'])],
    perl: {
      hits: ['T_RCVD', 'T_RCVD_IPS'],
      queries: [
        'A/9.2.0.192.rcvd.test',
        'A/9.2.0.192.rcvdips.test',
        'A/helo.bad.com.rcvd.test',
        'A/rdns.bad.com.rcvd.test',
        'A/relay.example.net.rcvd.test',
      ],
      rbl: ['<dns:9.2.0.192.rcvdips.test> [127.0.0.2]', '<dns:helo.bad.com.rcvd.test> [127.0.0.2]'],
      logs: {
        T_RCVD: ['listed in helo.bad.com.rcvd.test'],
        T_RCVD_IPS: ['192.0.2.9 listed in rcvdips.test'],
      },
    },
  },
  {
    name: "check_rbl_ns_from: the primary name server from a negative NS answer's SOA",
    cf: ["header T_NSFROM eval:check_rbl_ns_from('nsf', 'ns.test.')"].join('\n'),
    message: msg([
      'Return-Path: <bounce@mail.sender-zone.test>',
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      ...BODY,
    ]),
    zones: [
      { apex: 'sender-zone.test', names: { mail: { A: ['192.0.2.1'] } } },
      listing('ns.test', ['ns1.sender-zone.test']),
    ],
    perl: {
      hits: ['T_NSFROM'],
      queries: ['A/ns1.sender-zone.test.ns.test', 'NS/mail.sender-zone.test'],
      rbl: ['<dns:ns1.sender-zone.test.ns.test> [127.0.0.2]'],
      logs: {
        T_NSFROM: ['listed in ns1.sender-zone.test.ns.test'],
      },
    },
  },
  {
    name: 'check_rbl_ns_from: a domain with NS records launches no list lookup',
    cf: ["header T_NSFROM eval:check_rbl_ns_from('nsf', 'ns.test.')"].join('\n'),
    message: msg([
      'Return-Path: <bounce@sender-zone.test>',
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      ...BODY,
    ]),
    zones: [
      { apex: 'sender-zone.test', names: { '@': { NS: ['ns1.sender-zone.test'] }, ns1: { A: ['192.0.2.53'] } } },
      listing('ns.test', ['ns1.sender-zone.test']),
    ],
    perl: {
      hits: [],
      queries: ['NS/sender-zone.test'],
      rbl: [],
      logs: {},
    },
  },
  {
    name: 'check_dns_sender: an envelope domain that does not resolve',
    cf: ["header T_NODNS eval:check_dns_sender()"].join('\n'),
    message: msg([
      'Return-Path: <bounce@gone.sender-zone.test>',
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      ...BODY,
    ]),
    zones: [{ apex: 'sender-zone.test', names: { mail: { A: ['192.0.2.1'] } } }],
    perl: {
      hits: [],
      queries: ['A/gone.sender-zone.test', 'MX/gone.sender-zone.test'],
      rbl: [],
      logs: {},
    },
  },
  {
    name: 'a DNSWL-style welcomelist: -firsttrusted, nice rules, regex sub-rules',
    cf: [
      "header __RCVD_IN_DNSWL eval:check_rbl('dnswl-firsttrusted', 'list.dnswl.test.')",
      'tflags __RCVD_IN_DNSWL nice net',
      "header RCVD_IN_DNSWL_HI eval:check_rbl_sub('dnswl-firsttrusted', '^127\\.0\\.\\d+\\.3$')",
      'tflags RCVD_IN_DNSWL_HI nice net',
      "header RCVD_IN_DNSWL_LOW eval:check_rbl_sub('dnswl-firsttrusted', '^127\\.0\\.\\d+\\.1$')",
      'tflags RCVD_IN_DNSWL_LOW nice net',
    ].join('\n'),
    message: msg([
      rcvd('out.example.net', 'out.example.net', '198.51.100.22', 'mx.example.com', 'ID1'),
      rcvd('client.example.net', 'client.example.net', '192.0.2.11', 'out.example.net', 'ID2'),
      ...BODY,
    ]),
    zones: [listing('list.dnswl.test', ['22.100.51.198', '11.2.0.192'], ['127.0.15.3'])],
    perl: {
      hits: ['RCVD_IN_DNSWL_HI', '__RCVD_IN_DNSWL'],
      queries: ['A/22.100.51.198.list.dnswl.test'],
      rbl: ['<dns:22.100.51.198.list.dnswl.test> [127.0.15.3]'],
      logs: {
        RCVD_IN_DNSWL_HI: ['198.51.100.22 listed in list.dnswl.test'],
      },
    },
  },
  {
    name: 'originating IPs: every address of every header, trusted ones dropped, duplicates asked once',
    cf: [
      'trusted_networks 192.0.2.0/24',
      'clear_originating_ip_headers',
      'originating_ip_headers X-Originating-IP X-Apparently-From',
      "header T_ALL eval:check_rbl('all', 'all.test.')",
      "header T_FT eval:check_rbl('ft-firsttrusted', 'ft.test.')",
      "header T_UT eval:check_rbl('ut-untrusted', 'ut.test.')",
      "header T_LAST eval:check_rbl('last-lastexternal', 'last.test.')",
    ].join('\n'),
    message: msg([
      rcvd('relay.example.net', 'relay.example.net', '198.51.100.22', 'mx.example.com'),
      'X-Originating-IP: [192.0.2.5]',
      'X-Apparently-From: 198.51.100.50 via 198.51.100.22',
      ...BODY,
    ]),
    zones: ['all', 'ft', 'ut', 'last'].map((z) => listing(`${z}.test`, ['50.100.51.198'])),
    perl: {
      hits: ['T_ALL', 'T_UT'],
      queries: [
        'A/22.100.51.198.all.test',
        'A/22.100.51.198.ft.test',
        'A/22.100.51.198.last.test',
        'A/5.2.0.192.all.test',
        'A/50.100.51.198.all.test',
        'A/50.100.51.198.ut.test',
      ],
      rbl: ['<dns:50.100.51.198.all.test> [127.0.0.2]', '<dns:50.100.51.198.ut.test> [127.0.0.2]'],
      logs: {
        T_ALL: ['198.51.100.50 listed in all.test'],
        T_UT: ['198.51.100.50 listed in ut.test'],
      },
    },
  },
  {
    name: 'check_rbl_headers: EnvelopeFrom, private and IPv6 addresses, several occurrences of a header',
    cf: [
      'util_rb_tld com',
      "header T_HDR eval:check_rbl_headers('hdr', 'HDR.Test')",
    ].join('\n'),
    message: msg([
      'Return-Path: <bounce@env.example.com>',
      rcvd('client.example.net', 'client.example.net', '198.51.100.7', 'mx.example.com'),
      'X-Source-IP: 10.1.2.3',
      'X-Source-IP: 192.0.2.8',
      'X-WebmailclientIP: 2001:db8::1',
      'Disposition-Notification-To: <d@DNT.example.com>',
      ...BODY,
    ]),
    zones: [listing('hdr.test', ['dnt.example.com'])],
    perl: {
      hits: ['T_HDR'],
      queries: [
        'A/1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.hdr.test',
        'A/3.2.1.10.hdr.test',
        'A/8.2.0.192.hdr.test',
        'A/dnt.example.com.hdr.test',
        'A/env.example.com.hdr.test',
      ],
      rbl: ['<dns:dnt.example.com.hdr.test> [127.0.0.2]'],
      logs: {
        T_HDR: ['listed in dnt.example.com.hdr.test'],
      },
    },
  },
  {
    name: 'check_rbl_rcvd: a private IP is asked too, names outside the TLD list are not',
    cf: [
      'trusted_networks 203.0.113.0/24',
      'util_rb_tld com',
      "header T_RCVDP eval:check_rbl_rcvd('rcvdp', 'rcvdp.test.', '127.0.0.2')",
    ].join('\n'),
    message: msg([
      rcvd('gw.ours.example', 'gw.ours.example', '203.0.113.9', 'mx.ours.example', 'ID1'),
      `Received: from unknown (HELO box.lan) ([10.0.0.5]) by gw.ours.example (Postfix) with SMTP id ID2; ${DATE}`,
      ...BODY,
    ]),
    zones: [listing('rcvdp.test', ['5.0.0.10'])],
    perl: {
      hits: ['T_RCVDP'],
      queries: ['A/5.0.0.10.rcvdp.test'],
      rbl: ['<dns:5.0.0.10.rcvdp.test> [127.0.0.2]'],
      logs: {
        T_RCVDP: ['10.0.0.5 listed in rcvdp.test'],
      },
    },
  },
  {
    name: 'report lines: a rule logs every listed record of every answer, a sub-rule only its first, a __ rule none',
    cf: [
      'trusted_networks 203.0.113.0/24',
      'internal_networks 203.0.113.0/25',
      "header T_EVERY eval:check_rbl('every', 'every.test.')",
      "header __T_QUIET eval:check_rbl('quiet', 'every.test.')",
      "header T_SUB_ONCE eval:check_rbl_sub('every', '^127\\.0\\.0\\.[24]$')",
      "header T_TXT_EVERY eval:check_rbl_txt('everytxt', 'every.test.')",
    ].join('\n'),
    message: msg([
      rcvd('gw.ours.example', 'gw.ours.example', '203.0.113.200', 'mx.ours.example', 'ID1'),
      rcvd('relay2.example.net', 'relay2.example.net', '198.51.100.22', 'gw.ours.example', 'ID2'),
      rcvd('relay1.example.net', 'relay1.example.net', '192.0.2.11', 'relay2.example.net', 'ID3'),
      ...BODY,
    ]),
    zones: [
      {
        apex: 'every.test',
        names: {
          '22.100.51.198': { A: ['127.0.0.2', '127.0.0.4'], TXT: ['listed: see http://every.test/?198.51.100.22', 'also (http://every.test/faq)'] },
          '11.2.0.192': { A: ['127.0.0.3', '10.0.0.3'] },
        },
      },
    ],
    perl: {
      hits: ['T_EVERY', 'T_SUB_ONCE', 'T_TXT_EVERY', '__T_QUIET'],
      queries: [
        'A/11.2.0.192.every.test',
        'A/22.100.51.198.every.test',
        'TXT/11.2.0.192.every.test',
        'TXT/22.100.51.198.every.test',
      ],
      rbl: [
        '<dns:11.2.0.192.every.test> [10.0.0.3, 127.0.0.3]',
        '<dns:22.100.51.198.every.test> [127.0.0.2, 127.0.0.4]',
        '<dns:22.100.51.198.every.test?type=TXT> [also (http://every.test/faq), listed: see http://every.test/?198.51.100.22]',
      ],
      logs: {
        T_EVERY: ['192.0.2.11 listed in every.test', '198.51.100.22 listed in every.test', '198.51.100.22 listed in every.test'],
        T_SUB_ONCE: ['198.51.100.22 listed in every.test'],
        T_TXT_EVERY: ['also (http://every.test/faq)', 'listed: see <http://every.test/?198.51.100.22>'],
      },
    },
  },
];
