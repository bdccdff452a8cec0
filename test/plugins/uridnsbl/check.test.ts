/**
 * URIDNSBL through check(): which hosts of a message are looked up, under which names, and
 * which rules an answer makes hit.
 *
 * Every expectation (hits, the questions asked, the URIHOSTS tag) is what Perl SpamAssassin
 * 4.0.1 answered for the same .cf and message: `Mail::SpamAssassin->new({ config_text =>
 * "loadplugin Check/URIDNSBL…" + "dns_server 127.0.0.1:PORT" + "dns_available yes" + cf,
 * local_tests_only => 0 })`, `check()`, then `get_names_of_tests_hit`/`subtests_hit` and
 * `get_tag('URIHOSTS')`, against a zone server on 127.0.0.1 answering from the same table as
 * the fake resolver below and logging every question. The answers are hard-coded; regenerate
 * them with Perl when a case changes.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { askedSorted, fakeResolver, type FakeZone } from './fake-resolver.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::URIDNSBL\n';
const BASE = ['util_rb_tld com org net uk info biz', 'util_rb_2tld co.uk', 'uridnsbl_skip_domain example.com skipme.org', 'add_header all Hosts _URIHOSTS_'];

const HEAD = ['From: a@b.example', 'To: c@d.example', 'Subject: hi', 'Message-ID: <1@x>', 'Date: Mon, 1 Jan 2024 00:00:00 +0000'];
const textMsg = (body: string, extra: string[] = []) => [...HEAD, ...extra, '', body, ''].join('\n');
const htmlMsg = (html: string[], extra: string[] = []) =>
  [...HEAD, ...extra, 'MIME-Version: 1.0', 'Content-Type: text/html', '', ...html, ''].join('\n');

/** One rule `T` of a list directive, and its body rule. */
const rule = (name: string, directive: string, tflags = 'net') => [
  `${directive.split(' ')[0]} ${name} ${directive.split(' ').slice(1).join(' ')}`,
  `body ${name} eval:check_uridnsbl('${name}')`,
  `tflags ${name} ${tflags}`,
];

interface Case {
  cf: string[];
  zone: FakeZone;
  message: string;
  /** Perl's hits. */
  hits: string[];
  /** Perl's questions (as the zone server logged them). */
  asked: string[];
  /** Perl's URIHOSTS tag. */
  hosts: string;
}

async function run(c: Case) {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: [...BASE, ...c.cf].join('\n') },
  ]);
  const resolver = fakeResolver(c.zone);
  const r = await rs.check(Buffer.from(c.message, 'latin1'), { network: true, clients: { resolver } }); // a byte string
  return {
    hits: [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort(),
    asked: askedSorted(resolver),
    // The added header may be folded; the tag's words are what Perl printed.
    hosts: (r.headers.find(([n]) => n === 'X-Spam-Hosts')?.[1] ?? '').replace(/\s+/g, ' '),
  };
}

const CASES: Record<string, Case> = {
  'notrim looks up the full host, other rules the registered domain': {
    cf: [...rule('T_DBL', 'urirhssub dbl.example. A 127.0.1.2', 'net domains_only notrim'), ...rule('T_BLACK', 'urirhssub multi.example. A 2')],
    zone: { 'www.spammy.com.dbl.example/A': ['127.0.1.2'], 'spammy.com.multi.example/A': ['127.0.0.2'] },
    message: textMsg('visit http://www.spammy.com/x and http://foo.bar.co.uk/ now'),
    hits: ['T_BLACK', 'T_DBL'],
    asked: ['A bar.co.uk.multi.example', 'A foo.bar.co.uk.dbl.example', 'A spammy.com.multi.example', 'A www.spammy.com.dbl.example'],
    hosts: 'foo.bar.co.uk www.spammy.com',
  },
  'a public IPv4 host is looked up reversed, by ips_only rules too; private ones and skipped domains never': {
    cf: [
      ...rule('T_RHS', 'urirhssub rhs.test. A 127.0.0.2'),
      ...rule('T_IPS', 'urirhssub ips.test. A 127.0.0.2', 'net ips_only'),
      ...rule('T_DOMS', 'urirhssub doms.test. A 127.0.0.2', 'net domains_only'),
    ],
    zone: { '4.3.2.1.ips.test/A': ['127.0.0.2'], '4.3.2.1.rhs.test/A': ['127.0.0.2'], '4.3.2.1.doms.test/A': ['127.0.0.2'] },
    message: textMsg(
      'visit http://1.2.3.4/x and http://10.1.1.1/ and http://192.168.0.1/ and http://999.1.1.1/ and http://host.example.com/ and www.skipme.org and http://a.b.good.co.uk/',
    ),
    hits: ['T_IPS', 'T_RHS'],
    asked: ['A 4.3.2.1.ips.test', 'A 4.3.2.1.rhs.test', 'A good.co.uk.doms.test', 'A good.co.uk.rhs.test'],
    hosts: '1.2.3.4 10.1.1.1 192.168.0.1 a.b.good.co.uk',
  },
  'NS and A chains: name servers feed the NS lists, host and name-server IPs only the rules with tflag a': {
    cf: [
      ...rule('T_NSIP', 'uridnssub ipbl.test. A 127.0.0.2'),
      ...rule('T_AIP', 'uridnssub ipbl.test. A 127.0.0.2', 'net a'),
      ...rule('T_BOTH', 'uridnssub ipbl2.test. A 127.0.0.4', 'net a ns'),
      ...rule('T_NSRHS', 'urinsrhssub nsbl.test. A 127.0.0.8'),
      ...rule('T_FULLNS', 'urifullnsrhssub fullns.test. A 127.0.0.16'),
    ],
    zone: {
      'www.spam.com/A': ['192.0.2.10'],
      'spam.com/NS': ['ns1.dns-host.net', 'ns2.dns-host.net'],
      'ns1.dns-host.net/A': ['198.51.100.7'],
      'ns2.dns-host.net/A': ['198.51.100.8'],
      '10.2.0.192.ipbl.test/A': ['127.0.0.2'],
      '7.100.51.198.ipbl.test/A': ['127.0.0.2'],
      '8.100.51.198.ipbl2.test/A': ['127.0.0.4'],
      'dns-host.net.nsbl.test/A': ['127.0.0.8'],
      'ns2.dns-host.net.fullns.test/A': ['127.0.0.16'],
    },
    message: textMsg('visit http://www.spam.com/x now'),
    // T_NSIP stays unlisted although its name server's IP is listed: SA 4.0.1 looks name-server
    // IPs up for the `a` rules only.
    hits: ['T_AIP', 'T_BOTH', 'T_FULLNS', 'T_NSRHS'],
    asked: [
      'A 10.2.0.192.ipbl.test',
      'A 10.2.0.192.ipbl2.test',
      'A 7.100.51.198.ipbl.test',
      'A 7.100.51.198.ipbl2.test',
      'A 8.100.51.198.ipbl.test',
      'A 8.100.51.198.ipbl2.test',
      'A dns-host.net.nsbl.test',
      'A ns1.dns-host.net',
      'A ns1.dns-host.net.fullns.test',
      'A ns2.dns-host.net',
      'A ns2.dns-host.net.fullns.test',
      'A www.spam.com',
      'NS spam.com',
    ],
    hosts: 'www.spam.com',
  },
  'sub-tests: mask, hex mask, range, value/mask, exact address; plain lists; TXT; zero score; a rule without a list': {
    cf: [
      ...rule('T_MASK2', 'urirhssub multi.test. A 2'),
      ...rule('T_MASK4', 'urirhssub multi.test. A 0x4'),
      ...rule('T_RANGE', 'urirhssub multi.test. A 127.0.0.10-127.0.0.20'),
      ...rule('T_VMASK', 'urirhssub multi.test. A 0.0.0.8/0.0.0.8'),
      ...rule('T_EXACT', 'urirhssub multi.test. A 127.0.0.14'),
      ...rule('T_EXACT2', 'urirhssub multi.test. A 127.0.0.2'),
      ...rule('T_PLAIN', 'urirhsbl plain.test. A'),
      ...rule('T_PLAINX', 'urirhsbl plainx.test. A'),
      ...rule('T_TXT', 'urirhsbl txt.test. TXT'),
      ...rule('T_TXTSUB', 'urirhssub txt.test. TXT 2'),
      ...rule('T_ZERO', 'urirhssub multi.test. A 2'),
      'score T_ZERO 0',
      'urirhssub T_OTHERNAME multi.test. A 2',
      "body T_CALLER eval:check_uridnsbl('T_OTHERNAME')",
    ],
    zone: {
      'spam.com.multi.test/A': ['127.0.0.14'],
      'spam.com.plain.test/A': ['127.0.0.1'],
      'spam.com.plainx.test/A': ['10.0.0.1'],
      'spam.com.txt.test/TXT': ['listed see http://x'],
    },
    message: textMsg('visit http://www.spam.com/x now'),
    hits: ['T_EXACT', 'T_MASK2', 'T_MASK4', 'T_PLAIN', 'T_RANGE', 'T_TXT', 'T_VMASK'],
    asked: ['A spam.com.multi.test', 'A spam.com.plain.test', 'A spam.com.plainx.test', 'TXT spam.com.txt.test'],
    hosts: 'www.spam.com',
  },
  'redirect targets and DKIM signing domains are looked up, mailto hosts skipped by default': {
    cf: [
      "redirector_pattern m'^https?:/*(?:www\\.)?redir\\.com/.*?[?&]url=(.*)'i",
      ...rule('T_ANY', 'urirhssub any.test. A 2'),
    ],
    zone: { 'evil.com.any.test/A': ['127.0.0.2'] },
    message: htmlMsg(
      [
        '<html><body>',
        '<a href="http://www.redir.com/go?url=http://evil.com/landing">click here</a>',
        '<a href="mailto:user@mailhost.com">mail me</a>',
        'write to bob@textmail.com or visit sub.host.skipme.org and www.example.com.',
        '</body></html>',
      ],
      ['DKIM-Signature: v=1; a=rsa-sha256; d=dkimsigner.com; s=sel; h=from; bh=xx; b=yy'],
    ),
    hits: ['T_ANY'],
    asked: ['A dkimsigner.com.any.test', 'A evil.com.any.test', 'A redir.com.any.test'],
    hosts: 'dkimsigner.com evil.com www.redir.com',
  },
  'uridnsbl_skip_mailto 0 looks up mail hosts': {
    cf: [
      'uridnsbl_skip_mailto 0',
      "redirector_pattern m'^https?:/*(?:www\\.)?redir\\.com/.*?[?&]url=(.*)'i",
      ...rule('T_ANY', 'urirhssub any.test. A 2'),
    ],
    zone: { 'evil.com.any.test/A': ['127.0.0.2'] },
    message: htmlMsg(
      [
        '<html><body>',
        '<a href="http://www.redir.com/go?url=http://evil.com/landing">click here</a>',
        '<a href="mailto:user@mailhost.com">mail me</a>',
        'write to bob@textmail.com or visit sub.host.skipme.org and www.example.com.',
        '</body></html>',
      ],
      ['DKIM-Signature: v=1; a=rsa-sha256; d=dkimsigner.com; s=sel; h=from; bh=xx; b=yy'],
    ),
    hits: ['T_ANY'],
    asked: ['A dkimsigner.com.any.test', 'A evil.com.any.test', 'A mailhost.com.any.test', 'A redir.com.any.test', 'A textmail.com.any.test'],
    hosts: 'dkimsigner.com evil.com mailhost.com textmail.com www.redir.com',
  },
  'IDN hosts (HTML link, text URI) are asked in ACE, upper-case hosts lower-cased': {
    cf: ['util_rb_tld de', ...rule('T_ANY', 'urirhssub any.test. A 2'), ...rule('T_FULL', 'urirhssub full.test. A 2', 'net notrim')],
    zone: { 'xn--bcher-kva.de.any.test/A': ['127.0.0.2'] },
    message: [
      ...HEAD,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      // UTF-8 octets, as the message holds them.
      '<html><body><a href="http://www.b\xc3\xbccher.de/x">B\xc3\xbccher</a> and http://shop.m\xc3\xbcller.com/ and <a href="http://WWW.Caps.COM/">x</a></body></html>',
      '',
    ].join('\n'),
    hits: ['T_ANY'],
    asked: [
      'A caps.com.any.test',
      'A shop.xn--mller-kva.com.full.test',
      'A www.caps.com.full.test',
      'A www.xn--bcher-kva.de.full.test',
      'A xn--bcher-kva.de.any.test',
      'A xn--mller-kva.com.any.test',
    ],
    hosts: 'shop.xn--mller-kva.com www.caps.com www.xn--bcher-kva.de',
  },
};

const GROUPS_HTML = [
  '<html><body>',
  '<p>see http://text1.com/ here</p>',
  '<a href="http://emptyanchor.com/"></a>',
  '<a href="http://anchored1.com/">click</a>',
  '<img src="http://img1.com/x.gif">',
  '<form action="http://form1.com/post"></form>',
  '<iframe src="http://iframe1.com/f"></iframe>',
  '</body></html>',
];
/** uridnsbl_max_domains N: Perl's URIHOSTS for N = 3..6 (anchors with text, forms, images, others, text URIs, empty anchors). */
const MAX_DOMAINS: [number, string][] = [
  [3, 'anchored1.com form1.com img1.com'],
  [4, 'anchored1.com form1.com iframe1.com img1.com'],
  [5, 'anchored1.com form1.com iframe1.com img1.com text1.com'],
  [6, 'anchored1.com emptyanchor.com form1.com iframe1.com img1.com text1.com'],
];
for (const [n, hosts] of MAX_DOMAINS) {
  CASES[`uridnsbl_max_domains ${n} keeps SA's preferred hosts`] = {
    cf: [`uridnsbl_max_domains ${n}`, ...rule('T_ANY', 'urirhssub any.test. A 2')],
    zone: {},
    message: htmlMsg(GROUPS_HTML),
    hits: [],
    asked: hosts.split(' ').map((h) => `A ${h}.any.test`),
    hosts,
  };
}

describe('URIDNSBL against Perl SpamAssassin 4.0.1', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      expect(await run(c)).toEqual({ hits: c.hits, asked: c.asked, hosts: c.hosts });
    });
  }
});

describe('URIDNSBL without network tests', () => {
  it('asks nothing and hits nothing', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: [...BASE, ...rule('T_ANY', 'urirhssub any.test. A 2')].join('\n') },
    ]);
    const resolver = fakeResolver({ 'spam.com.any.test/A': ['127.0.0.2'] });
    const r = await rs.check(textMsg('http://www.spam.com/'), { clients: { resolver } });
    expect(r.hits).toEqual([]);
    expect(resolver.asked).toEqual([]);
  });

  it('skip_uribl_checks turns the plugin off', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: [...BASE, 'skip_uribl_checks 1', ...rule('T_ANY', 'urirhssub any.test. A 2')].join('\n') },
    ]);
    const resolver = fakeResolver({ 'spam.com.any.test/A': ['127.0.0.2'] });
    const r = await rs.check(textMsg('http://www.spam.com/'), { network: true, clients: { resolver } });
    expect(r.hits).toEqual([]);
    expect(resolver.asked).toEqual([]);
  });
});
