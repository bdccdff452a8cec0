/**
 * AskDNS: askdns lines, their templates filled with the message's tags, the names asked and
 * which answers pass each filter.
 *
 * The expectations of the message cases are what Perl SpamAssassin 4.0.1 answered for the same
 * .cf and message: `Mail::SpamAssassin->new({ config_text => "loadplugin …AskDNS" +
 * "dns_server 127.0.0.1:PORT" + "dns_available yes" + cf, local_tests_only => 0 })`, `check()`,
 * `get_names_of_tests_hit`, against a zone server answering from the same table as the fake
 * resolver and logging every question. Hard-coded; regenerate with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import {
  ASKDNS_PLUGIN,
  askDnsMatches,
  askDnsMatchingRecords,
  askdnsOutcome,
  expandTemplate,
  parseAskDnsLine,
  queryNames,
  templateTags,
} from '../../../src/plugins/builtin/askdns/index.js';
import { askedSorted, fakeResolver, type FakeZone } from '../uridnsbl/fake-resolver.js';
import { scanContext } from '../uridnsbl/scan-context.js';
import { expectedPieces, piecesByRule, REPORT_ONLY } from '../report-lines.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::AskDNS\n';

describe('askdns lines', () => {
  it('keep the template, its tags, the query and answer types and the filter', () => {
    const r = parseAskDnsLine('__FROM_FMBLA_NEWDOM _AUTHORDOMAIN_.fresh.fmb.la. A /^127\\.2\\.0\\.2$/')!;
    expect(r.rule).toBe('__FROM_FMBLA_NEWDOM');
    expect(r.template).toBe('_AUTHORDOMAIN_.fresh.fmb.la.');
    expect(r.tags).toEqual(['AUTHORDOMAIN']);
    expect(r.queryType).toBe('A');
    expect(r.subtest?.kind).toBe('regexp');
  });
  it('default to type A without a filter', () => {
    const r = parseAskDnsLine('X _SENDERDOMAIN_.list.test')!;
    expect([r.queryType, r.answerTypes, r.subtest]).toEqual(['A', ['A'], undefined]);
  });
  it('ask ANY when several answer types are accepted', () => {
    const r = parseAskDnsLine('X a.test a,txt')!;
    expect([r.queryType, r.answerTypes]).toEqual(['ANY', ['A', 'TXT']]);
  });
  it('are refused with an unknown type, a bad filter or no template', () => {
    expect(parseAskDnsLine('X a.test FOO')).toBeUndefined();
    expect(parseAskDnsLine('X a.test A [NXDOMAIN,BOGUS]')).toBeUndefined();
    expect(parseAskDnsLine('X a.test A 1-2-3')).toBeUndefined();
    expect(parseAskDnsLine('X')).toBeUndefined();
  });
  it('name tags in upper case, HEADER with its argument', () => {
    expect(templateTags('_B_._A_.x._HEADER(Reply-To:addr:domain)_.y._a_')).toEqual(['A', 'B', 'HEADER(Reply-To:addr:domain)']);
  });
});

describe('templates', () => {
  const values: Record<string, string[]> = { A: ['11', '22'], B: ['xx', 'yy', 'zz'], E: [''] };
  it('give the Cartesian product of multi-valued tags', () => {
    expect(expandTemplate('_A_._B_.example._A_.com', ['A', 'B'], (t) => values[t])?.sort()).toEqual(
      ['11.xx.example.11.com', '11.yy.example.11.com', '11.zz.example.11.com', '22.xx.example.22.com', '22.yy.example.22.com', '22.zz.example.22.com'],
    );
  });
  it('give nothing when a tag has no value', () => {
    expect(expandTemplate('_A_._E_.test', ['A', 'E'], (t) => values[t])).toBeUndefined();
    expect(expandTemplate('_Q_.test', ['Q'], () => undefined)).toBeUndefined();
  });
  it('are asked only when they are valid FQDNs, without the trailing dot', () => {
    expect(queryNames(['one.com.fresh.test.', 'has space.test', 'single'])).toEqual(['one.com.fresh.test']);
  });
});

describe('filters', () => {
  const a = (text: string) => ({ type: 'A', text });
  const f = (text: string) => parseAskDnsLine(`X x.test A ${text}`)!.subtest;
  it('a regular expression on the record text', () => {
    expect(askDnsMatches(f('/^127\\.0\\.\\d+\\.3$/'), 0, [a('127.0.9.3')], ['A'])).toBe(true);
    expect(askDnsMatches(f('m{^127\\.0\\.\\d+\\.3$}'), 0, [a('127.0.9.4')], ['A'])).toBe(false);
  });
  it('rcodes, whatever the records', () => {
    expect(askDnsMatches(f('[NXDOMAIN]'), 3, [], ['A'])).toBe(true);
    expect(askDnsMatches(f('[FormErr, ServFail,4,5]'), 2, [], ['A'])).toBe(true);
    expect(askDnsMatches(f('[FormErr,ServFail,4,5]'), 3, [], ['A'])).toBe(false);
  });
  it('nothing matches an error status unless rcodes are asked for', () => {
    expect(askDnsMatches(undefined, 3, [a('127.0.0.2')], ['A'])).toBe(false);
  });
  it('records of other types are ignored, ANY accepts all', () => {
    expect(askDnsMatches(undefined, 0, [{ type: 'TXT', text: 'x' }], ['A'])).toBe(false);
    expect(askDnsMatches(undefined, 0, [{ type: 'TXT', text: 'x' }], ['ANY'])).toBe(true);
    expect(askDnsMatches(undefined, 0, [], ['ANY'])).toBe(false);
  });
  it('numbers as URIDNSBL sub-tests', () => {
    expect(askDnsMatches(f('0x10'), 0, [a('127.0.0.16')], ['A'])).toBe(true);
    expect(askDnsMatches(f('127.0.0.16'), 0, [a('127.0.0.17')], ['A'])).toBe(false);
    expect(askDnsMatches(f("'listed'"), 0, [{ type: 'A', text: 'listed' }], ['A'])).toBe(true);
  });
});

const CF = [
  'util_rb_tld com org net test',
  'askdns  T_NEWDOM   _AUTHORDOMAIN_.fresh.test. A /^127\\.2\\.0\\.2$/',
  'askdns  T_NEWDOM14 _AUTHORDOMAIN_.fresh.test. A /^127\\.2\\.0\\.14$/',
  'askdns  T_SPFALL   _SENDERDOMAIN_ TXT /^v=spf1 \\+all$/',
  'askdns  T_HELO     _LASTEXTERNALHELO_ A /./',
  'askdns  T_NX       _AUTHORDOMAIN_.nx.test A [NXDOMAIN]',
  'askdns  T_NOERR    _AUTHORDOMAIN_.fresh.test A [NOERROR]',
  'askdns  T_QUOTED   _AUTHORDOMAIN_.fresh.test A "127.2.0.14"',
  'askdns  T_MASKED   _AUTHORDOMAIN_.fresh.test A 127.2.0.0/255.255.0.0',
  'askdns  T_BIT      _AUTHORDOMAIN_.fresh.test A 4',
  'askdns  T_ANYREC   _AUTHORDOMAIN_.fresh.test',
  'askdns  T_HDR      _HEADER(X-Id)_.idbl.test A',
  'askdns  T_STATIC   static.test A',
  'askdns  T_ZERO     static.test A',
  'score   T_ZERO     0',
  'askdns  T_TXTTYPE  _AUTHORDOMAIN_.fresh.test TXT',
  'askdns  T_WRONGT   _AUTHORDOMAIN_.fresh.test A "v=spf1"',
].join('\n');

const ZONE: FakeZone = {
  'one.com.fresh.test/A': ['127.2.0.2'],
  'two.com.fresh.test/A': ['127.2.0.14'],
  'bounce.com/TXT': [['v=spf1 ', '+all']],
  'mx.helo.com/A': ['192.0.2.1'],
  'two.com/A': ['192.0.2.9'],
  'abc123.idbl.test/A': ['127.0.0.2'],
  'static.test/A': ['127.0.0.1'],
};

const MESSAGE = [
  'Return-Path: <bounce@bounce.com>',
  'Received: from mx.helo.com (mx.helo.com [192.0.2.1]) by mail.receiver.org with ESMTP id 123; Mon, 1 Jan 2024 00:00:00 +0000',
  'From: a@one.com, b@Two.com',
  'To: c@d.example',
  'Subject: hi',
  'X-Id: abc123',
  'Message-ID: <1@x>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  '',
  'hello',
  '',
].join('\n');

describe('AskDNS against Perl SpamAssassin 4.0.1', () => {
  it('fills author, sender, HELO and header tags, asks once per name and filters the answers', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: CF },
    ]);
    const resolver = fakeResolver(ZONE);
    const { ctx, close } = scanContext(rs, MESSAGE, resolver, '', 'Mail::SpamAssassin::Plugin::AskDNS');
    const outcomes = ASKDNS_PLUGIN.checkDnsbl!(ctx) as unknown as Map<string, Promise<boolean>>;
    const hits: string[] = [];
    for (const [rule, p] of outcomes) if (await p) hits.push(rule);
    close();
    // Perl: T_ANYREC T_BIT T_HELO T_MASKED T_NEWDOM T_NEWDOM14 T_NOERR T_NX T_QUOTED T_SPFALL T_STATIC
    // (and the meta T_META over T_NEWDOM || T_NEWDOM14, not part of this hook-level test).
    expect(hits.sort()).toEqual(['T_ANYREC', 'T_BIT', 'T_HELO', 'T_MASKED', 'T_NEWDOM', 'T_NEWDOM14', 'T_NOERR', 'T_NX', 'T_QUOTED', 'T_SPFALL', 'T_STATIC']);
    // Perl's zone server saw these questions ("abc123\n.idbl.test": the header value keeps
    // its newline, as `get('X-Id', '')` returns it).
    expect(askedSorted(resolver)).toEqual([
      'A abc123\n.idbl.test',
      'A mx.helo.com',
      'A one.com.fresh.test',
      'A one.com.nx.test',
      'A static.test',
      'A two.com.fresh.test',
      'A two.com.nx.test',
      'TXT bounce.com',
      'TXT one.com.fresh.test',
      'TXT two.com.fresh.test',
    ]);
    expect(askdnsOutcome(ctx, 'T_ZERO')).toBe(false);
  });
});

describe('AskDNS with URIDNSBL tags, against Perl SpamAssassin 4.0.1', () => {
  it('_URIDOMAINS_ and _URIHOSTS_ are the hosts URIDNSBL chose, one query per value (and per pair)', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: `${PRE}loadplugin Mail::SpamAssassin::Plugin::URIDNSBL\n` },
      {
        name: 'test.cf',
        text: [
          'util_rb_tld com org net test',
          'askdns  T_URID   _URIDOMAINS_.udbl.test A',
          'askdns  T_URIH   _URIHOSTS_.uhbl.test A 127.0.0.3',
          'askdns  T_BOTH   _URIDOMAINS_._AUTHORDOMAIN_.cross.test A',
          'urirhssub T_DUMMY any.test. A 2',
          "body T_DUMMY eval:check_uridnsbl('T_DUMMY')",
        ].join('\n'),
      },
    ]);
    const resolver = fakeResolver({
      'two.com.udbl.test/A': ['127.0.0.2'],
      'www.one.com.uhbl.test/A': ['127.0.0.3'],
      'one.com.a.com.cross.test/A': ['127.0.0.2'],
    });
    const message = ['From: x@a.com', 'To: c@d.example', 'Subject: hi', '', 'see http://www.one.com/ and http://sub.two.com/x', ''].join('\n');
    const { ctx, close } = scanContext(rs, message, resolver, '', 'Mail::SpamAssassin::Plugin::AskDNS');
    const outcomes = ASKDNS_PLUGIN.checkDnsbl!(ctx) as unknown as Map<string, Promise<boolean>>;
    const hits: string[] = [];
    for (const [rule, p] of outcomes) if (await p) hits.push(rule);
    close();
    // Perl: T_BOTH T_URID T_URIH, and these questions (T_DUMMY's included).
    expect(hits.sort()).toEqual(['T_BOTH', 'T_URID', 'T_URIH']);
    expect(askedSorted(resolver)).toEqual([
      'A one.com.a.com.cross.test',
      'A one.com.any.test',
      'A one.com.udbl.test',
      'A sub.two.com.uhbl.test',
      'A two.com.a.com.cross.test',
      'A two.com.any.test',
      'A two.com.udbl.test',
      'A www.one.com.uhbl.test',
    ]);
  });
});

describe('the records an answer matches, each an askdns_hit and a report line', () => {
  const txt = (text: string) => ({ type: 'TXT', text });
  const f = (text: string) => parseAskDnsLine(`X x.test TXT ${text}`)!.subtest;
  it('every record passing the filter, in answer order', () => {
    expect(askDnsMatchingRecords(f('/^o/'), 0, [txt('one'), txt('two'), txt('other')], ['TXT'])).toEqual([txt('one'), txt('other')]);
  });
  it('an rcode list matches every record, and an empty answer once, as no record', () => {
    expect(askDnsMatchingRecords(f('[NOERROR]'), 0, [txt('one'), txt('two')], ['TXT'])).toEqual([txt('one'), txt('two')]);
    expect(askDnsMatchingRecords(f('[NXDOMAIN]'), 3, [], ['TXT'])).toEqual([undefined]);
    expect(askDnsMatchingRecords(undefined, 0, [], ['TXT'])).toEqual([]);
  });
});

// Perl SpamAssassin 4.0.1 logged these lines (`$pms->{test_logs}`) for the same .cf and
// message, against a zone server answering from the same table.
describe('AskDNS report lines, against Perl SpamAssassin 4.0.1', () => {
  it('"name TYPE:data" for every matching record; an rcode rule on an empty answer logs no data', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      {
        name: 'test.cf',
        text: [
          'util_rb_tld com org net test',
          'askdns T_ASK_RCODE _AUTHORDOMAIN_.nx.test A [NXDOMAIN]',
          'askdns T_ASK_TXT _AUTHORDOMAIN_.txt.test TXT',
          'askdns T_ASK_RC_OK _AUTHORDOMAIN_.txt.test TXT [NOERROR]',
          'score T_ASK_RCODE 1',
          'score T_ASK_TXT 1',
          'score T_ASK_RC_OK 1',
          REPORT_ONLY,
        ].join('\n'),
      },
    ]);
    const zone: FakeZone = { 'other.nx.test/A': ['127.0.0.2'], 'sender.com.txt.test/TXT': ['one', 'two'] };
    const message = 'From: Someone <user@sender.com>\nTo: rcpt@example.org\nSubject: hi\nMessage-ID: <1@sender.com>\n\nhello\n';
    const r = await rs.check(message, { network: true, clients: { resolver: fakeResolver(zone) } });
    expect(piecesByRule(r.report)).toEqual(
      expectedPieces({
        T_ASK_RCODE: ['sender.com.nx.test A:'],
        T_ASK_RC_OK: ['sender.com.txt.test TXT:one', 'sender.com.txt.test TXT:two'],
        T_ASK_TXT: ['sender.com.txt.test TXT:one', 'sender.com.txt.test TXT:two'],
      }),
    );
  });
});
