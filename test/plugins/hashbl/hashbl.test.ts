/**
 * HashBL through check(): what each eval finds in a message, the names it asks (hashes
 * included) and which answers make it hit.
 *
 * The message cases' expectations are what Perl SpamAssassin 4.0.1 answered for the same .cf
 * and message: `Mail::SpamAssassin->new({ config_text => "loadplugin …HashBL/URIDNSBL" +
 * "dns_server 127.0.0.1:PORT" + "dns_available yes" + cf, local_tests_only => 0 })`,
 * `check()`, `get_names_of_tests_hit`, against a zone server answering from the same table as
 * the fake resolver and logging every question. Hard-coded; regenerate with Perl when a case
 * changes. (Rules reading the `body` source with different options are kept in separate runs:
 * SA caches the addresses per source and runs evals in hash order, so which options win there
 * is random in SA.)
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import { base32Lower, hashBlQuery, hashValue, parseOptions } from '../../../src/plugins/builtin/hashbl/index.js';
import { askedSorted, fakeResolver, type FakeZone } from '../uridnsbl/fake-resolver.js';
import { expectedPieces, piecesByRule, REPORT_ONLY } from '../report-lines.js';

const PRE = ['loadplugin Mail::SpamAssassin::Plugin::HashBL', 'loadplugin Mail::SpamAssassin::Plugin::URIDNSBL'].join('\n');
const BASE = ['util_rb_tld com org net test', 'util_rb_2tld co.uk', 'uridnsbl_skip_domain example.com', 'hashbl_ignore ignored@evil.com'];

const MESSAGE = [
  'Return-Path: <bounce@mail.sender.co.uk>',
  'Received: from mx.helo.com (mx.helo.com [192.0.2.1]) by mail.receiver.org with ESMTP id 123; Mon, 1 Jan 2024 00:00:00 +0000',
  'From: Spammer <Spammer.One+tag@Evil.com>',
  'Reply-To: reply@other.com',
  'To: c@d.example',
  'Subject: hi',
  'Message-ID: <1@x>',
  'Date: Mon, 1 Jan 2024 00:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="XX"',
  '',
  '--XX',
  'Content-Type: text/plain',
  '',
  'Send BTC to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT or bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq now.',
  'Call phone: 555-123 4567 today.',
  'Write to bob.smith@bodymail.com or <quoted@inbrackets.com>.',
  'someone@wrote.com wrote: hello',
  'abuse@evil.com and skip@example.com and ignored@evil.com',
  'Visit http://www.Evil.com/Path?a=1 today.',
  '',
  '--XX',
  'Content-Type: application/octet-stream; name="file.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'AAECAwQFBgcICQ==',
  '',
  '--XX--',
  '',
].join('\n');

const ZONE: FakeZone = {
  '1boatslrhtknngkdxeeobr76b53lettpyt.btc.test/A': ['127.0.0.2'],
  '5551234567.num.test/A': ['127.0.0.2'],
  '5982025740d2d3915fe8c96c9b01cf3abc0332b3.ebl.test/A': ['127.0.0.2'],
  'bob.smith@bodymail.com.eblraw.test/A': ['127.0.0.2'],
  'other.com.ebldom.test/A': ['127.0.0.2'],
  'dae462ee709bed1f3e9d4d32a3bfcfe65a614a12.uribl.test/A': ['127.0.0.2'],
  '4993167ec7a83fa094f50fb01fc3c70d.urimd5.test/A': ['127.0.0.2'],
  'jprkcg3a3a74bi4nmmuudovyfmiviobpigmdu6szazdliu7tmgbq.uri256.test/A': ['127.0.0.3'],
  'dae462ee709bed1f3e9d4d32a3bfcfe65a614a12.uritxt.test/TXT': ['127.0.0.2'],
  '1.2.0.192.tagip.test/A': ['127.0.0.2'],
  'sender.co.uk.tagdom.test/A': ['127.0.0.2'],
  'd6bfvixqaihppt4r36rq3jdgrv4ryxkiet6i4qjvjoe6yblzlkzq.att.test/A': ['127.0.0.2'],
};

async function run(cf: string[]) {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: [...BASE, ...cf].join('\n') },
  ]);
  const resolver = fakeResolver(ZONE);
  const r = await rs.check(MESSAGE, { network: true, clients: { resolver } });
  return { hits: [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort(), asked: askedSorted(resolver) };
}

describe('HashBL against Perl SpamAssassin 4.0.1', () => {
  it('body regex captures, addresses, URIs, tags and attachments', async () => {
    const r = await run([
      "body    T_BTC   eval:check_hashbl_bodyre('btc.test', 'raw/max=10/shuffle', '\\b(?<!=)([13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[acdefghjklmnpqrstuvwxyz234567890]{30,62})\\b')",
      'tflags  T_BTC   net',
      "body    T_NUM   eval:check_hashbl_bodyre('num.test', 'raw/num', 'phone: ([0-9 -]{7,20})')",
      "header  T_EMAIL eval:check_hashbl_emails('ebl.test')",
      "header  T_EMAILD eval:check_hashbl_emails('ebldom.test', 'raw/domain', 'From/Reply-To')",
      "header  T_URI   eval:check_hashbl_uris('uribl.test')",
      "header  T_URIMD5 eval:check_hashbl_uris('urimd5.test', 'md5')",
      "header  T_URI256 eval:check_hashbl_uris('uri256.test/A', 'sha256', '^127\\.0\\.0\\.3$')",
      "header  T_URITXT eval:check_hashbl_uris('uritxt.test/TXT', 'sha1')",
      "header  T_TAGIP eval:check_hashbl_tag('tagip.test', 'raw/ipv4/revip', 'LASTEXTERNALIP')",
      "header  T_TAGDOM eval:check_hashbl_tag('tagdom.test', 'raw/trim', '_SENDERDOMAIN_')",
      "body    T_ATT   eval:check_hashbl_attachments('att.test', 'sha256')",
      "body    T_ATTMAX eval:check_hashbl_attachments('attmax.test', 'sha1/maxsize=100000')",
    ]);
    // T_URITXT: SA 4.0.1 reads TXT answers with `address`, which dies: never a hit.
    // T_TAGDOM: `trim` implies `tld`, and `uk` is not a listed TLD here: nothing asked.
    // T_ATTMAX: SA compares the size with minsize, so maxsize alone skips every part.
    expect(r.hits).toEqual(['T_ATT', 'T_BTC', 'T_EMAIL', 'T_EMAILD', 'T_NUM', 'T_TAGIP', 'T_URI', 'T_URI256', 'T_URIMD5']);
    expect(r.asked).toEqual([
      'A 1.2.0.192.tagip.test',
      'A 1boatslrhtknngkdxeeobr76b53lettpyt.btc.test',
      'A 263f408457ea9b8785aa42f8493e68c2dc14996e.ebl.test',
      'A 2a29dec993aa3ff3f7e896a91dcf266cbecf8509.ebl.test',
      'A 2bc0e15c23e5a83a9c6c2625d9648ec81e1df077.ebl.test',
      'A 4993167ec7a83fa094f50fb01fc3c70d.urimd5.test',
      'A 5551234567.num.test',
      'A 5982025740d2d3915fe8c96c9b01cf3abc0332b3.ebl.test',
      'A bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.btc.test',
      'A d6bfvixqaihppt4r36rq3jdgrv4ryxkiet6i4qjvjoe6yblzlkzq.att.test',
      'A dae462ee709bed1f3e9d4d32a3bfcfe65a614a12.uribl.test',
      'A evil.com.ebldom.test',
      'A jprkcg3a3a74bi4nmmuudovyfmiviobpigmdu6szazdliu7tmgbq.uri256.test',
      'A other.com.ebldom.test',
      'A z6bxs7aheu4lhgstowlqaxmavkjoc5i4bqz6xo7alsw7kuu7vxjq.att.test',
      'TXT dae462ee709bed1f3e9d4d32a3bfcfe65a614a12.uritxt.test',
    ]);
  });

  it('raw addresses without notag/noquote: quoted and "wrote:" addresses stay, welcomelisted, skipped and ignored ones go', async () => {
    const r = await run(["header  T_EMAILR eval:check_hashbl_emails('eblraw.test', 'raw/max=10')"]);
    expect(r.hits).toEqual(['T_EMAILR']);
    expect(r.asked).toEqual([
      'A bob.smith@bodymail.com.eblraw.test',
      'A bounce@mail.sender.co.uk.eblraw.test',
      'A quoted@inbrackets.com.eblraw.test',
      'A reply@other.com.eblraw.test',
      'A someone@wrote.com.eblraw.test',
      'A spammer.one+tag@evil.com.eblraw.test',
    ]);
  });
});

describe('HashBL without network tests', () => {
  it('asks nothing', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      { name: 'test.cf', text: [...BASE, "header T_EMAIL eval:check_hashbl_emails('ebl.test')"].join('\n') },
    ]);
    const resolver = fakeResolver(ZONE);
    expect((await rs.check(MESSAGE, { clients: { resolver } })).hits).toEqual([]);
    expect(resolver.asked).toEqual([]);
  });
});

describe('HashBL options and names', () => {
  it('options are lower-cased, split on slashes, with values after =', () => {
    expect([...parseOptions('SHA1 / max=5/Shuffle/max2=')]).toEqual([
      ['sha1', '1'],
      ['max', '5'],
      ['shuffle', '1'],
      ['max2', '1'],
    ]);
  });
  it('sha256 wins over sha1 and md5; without any the value is asked as it is', () => {
    const v = 'http://www.evil.com/path?a=1';
    expect(hashValue(parseOptions('md5/sha256/sha1'), v)).toBe('jprkcg3a3a74bi4nmmuudovyfmiviobpigmdu6szazdliu7tmgbq');
    expect(hashValue(parseOptions('md5/sha1'), v)).toBe('dae462ee709bed1f3e9d4d32a3bfcfe65a614a12');
    expect(hashValue(parseOptions('md5'), v)).toBe('4993167ec7a83fa094f50fb01fc3c70d');
    expect(hashValue(parseOptions('raw'), v)).toBe(v);
  });
  it('base32 fills the last group with zero bits and has no padding', () => {
    expect(base32Lower(Buffer.from('f'))).toBe('my');
    expect(base32Lower(Buffer.from('foobar'))).toBe('mzxw6ytboi');
  });
  it('the list may end in /A or /TXT, which sets the type', () => {
    expect(hashBlQuery('abc', 'bl.test')).toEqual({ name: 'abc.bl.test', type: 'A' });
    expect(hashBlQuery('abc', 'bl.test/txt')).toEqual({ name: 'abc.bl.test', type: 'TXT' });
  });
});

describe('HashBL report lines, against Perl SpamAssassin 4.0.1', () => {
  // Perl logged this (`$pms->{test_logs}`) for the same .cf and message, against a zone server
  // answering from the same table: the value asked about, not its hash, with `@` as `[at]`, once
  // per answer however many of its records match.
  it('the value looked up, once per listed answer', async () => {
    const rs = compileRuleSet([
      { name: 'init.pre', text: PRE },
      {
        name: 'test.cf',
        text: [
          'util_rb_tld com org net test',
          "header T_HBL_EMAIL eval:check_hashbl_emails('hbl.test', 'sha1/max=10', 'From')",
          'tflags T_HBL_EMAIL net',
          REPORT_ONLY,
        ].join('\n'),
      },
    ]);
    const zone: FakeZone = { '708955774bf38aab5ce90d4e82d4b688e99cabf0.hbl.test/A': ['127.0.0.2', '127.0.0.3'] };
    const message = 'From: Someone <user@sender.com>\nTo: rcpt@example.org\nSubject: hi\nMessage-ID: <1@sender.com>\n\nhello\n';
    const r = await rs.check(message, { network: true, clients: { resolver: fakeResolver(zone) } });
    expect(piecesByRule(r.report)).toEqual(expectedPieces({ T_HBL_EMAIL: ['user[at]sender.com'] }));
  });
});
