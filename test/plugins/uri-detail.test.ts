/**
 * URIDetail: check_uri_detail against uri_detail criteria (raw, type, cleaned, text, domain,
 * host; =~ and !~) over the URI detail list. The `body NAME eval:check_uri_detail()` lines
 * are there because spamscore's config reader does not yet turn a uri_detail line into a rule
 * by itself (SA does; the extra line changes nothing there).
 *
 * Every expected list (`sa`) is what Perl SpamAssassin 4.0.1
 * (Debian 4.0.1-1~deb12u1) answered for the same .cf and message: the names of the rules and
 * sub-rules that hit, sorted (Mail::SpamAssassin->check in local-tests-only mode, with LANG,
 * LC_ALL, LANGUAGE and LC_MESSAGES unset so `ok_locales` alone decides the locales).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { hitNames } from './hit-names.js';

const CF = [
  'loadplugin Mail::SpamAssassin::Plugin::URIDetail',
  'util_rb_tld com net org io',
  'util_rb_2tld co.uk',
  'uri_detail UD_A type =~ /^a$/ domain =~ /^example\\.com$/',
  'body UD_A eval:check_uri_detail()',
  'uri_detail UD_TEXT text =~ /click/i',
  'body UD_TEXT eval:check_uri_detail()',
  'uri_detail UD_RAW raw =~ /%2E/ cleaned =~ /evil\\.com/',
  'body UD_RAW eval:check_uri_detail()',
  'uri_detail UD_HOST host =~ /^www\\./',
  'body UD_HOST eval:check_uri_detail()',
  'uri_detail UD_NEG type !~ /^a$/',
  'body UD_NEG eval:check_uri_detail()',
  'uri_detail UD_PARSED type =~ /parsed/',
  'body UD_PARSED eval:check_uri_detail()',
].join('\n') + '\n';

const CASES: { name: string; message: string; sa: string[] }[] = [
  {
    name: 'h01-basic',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><head><title>Hello there</title></head><body><!-- a comment --><p>Some text <a href="http://www.example.com/page">click here</a> and <a href="http://example.com/img"><img src="http://example.com/i.gif" width=10 height=10></a></p></body></html>',
      '',
    ].join('\n'),
    sa: ['UD_A', 'UD_HOST', 'UD_NEG', 'UD_TEXT'],
  },
  {
    name: 'h03-https-mm',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><p>Log in at <a href="http://evil.com/login">https://www.paypal.com/login</a> now</p><a href="http://evil.com/b">more</a></body></html>',
      '',
    ].join('\n'),
    sa: ['UD_HOST', 'UD_NEG', 'UD_PARSED'],
  },
  {
    name: 'h09-longuri',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><a href="http://example.com/' + 'a'.repeat(9000) + '">long</a></body></html>',
      '',
    ].join('\n'),
    sa: ['UD_A'],
  },
  {
    name: 'h12-detail',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><a href="http://evil%2Ecom/">Click me</a> <img src="http://www.example.com/x.png"></body></html>',
      '',
    ].join('\n'),
    sa: ['UD_HOST', 'UD_NEG', 'UD_RAW', 'UD_TEXT'],
  },
  {
    name: 'h14-utf8',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: t',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><title>caf\u00c3\u00a9 \u00e2\u0080\u0094 \u00c3\u00bcber title long enough</title></head><body><a href="http://example.com/">https://caf\u00c3\u00a9.com/\u00c2\u00a0x</a></body></html>',
      '',
    ].join('\n'),
    sa: ['UD_A', 'UD_NEG', 'UD_PARSED'],
  },
  {
    name: 'h17-text-uris',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: visit www.example.com today',
      '',
      'Go to http://www.example.com/x and mail me@example.org or http://evil%2Ecom/ now',
      '',
    ].join('\n'),
    sa: ['UD_HOST', 'UD_NEG', 'UD_PARSED', 'UD_RAW'],
  },
  {
    name: 'h18-text-redirect',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: t',
      '',
      'see http://redir.example.com/r?u=http://evil.net/x and http://www.example.com/a?http://www.example.com/b',
      '',
    ].join('\n'),
    sa: ['UD_HOST', 'UD_NEG', 'UD_PARSED'],
  },
];

describe('URIDetail', () => {
  const rssa = compileRuleSet([{ name: 't.cf', text: CF }]);
  it('compiles without errors', () => {
    expect(rssa.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  for (const c of CASES) {
    it(c.name, async () => {
      expect(await hitNames(rssa, c.message)).toEqual(c.sa);
    });
  }
});

describe('uri_detail directive', () => {
  // Perl SA 4.0.1 hits UD_ONLY on h01-basic with a .cf of just `loadplugin
  // Mail::SpamAssassin::Plugin::URIDetail` and `uri_detail UD_ONLY text =~ /click/i`: the plugin's
  // uri_detail handler adds the rule itself (Conf::Parser add_test NAME check_uri_detail()).
  it('a uri_detail line alone defines rule NAME as check_uri_detail()', async () => {
    const rs = compileRuleSet([
      { name: 't.cf', text: 'loadplugin Mail::SpamAssassin::Plugin::URIDetail\nuri_detail UD_ONLY text =~ /click/i\n' },
    ]);
    expect(rs.rules.get('UD_ONLY')).toMatchObject({ type: 'body', isEval: true, text: 'check_uri_detail()' });
    expect(await hitNames(rs, CASES.find((c) => c.name === 'h01-basic')!.message)).toContain('UD_ONLY');
  });
});
