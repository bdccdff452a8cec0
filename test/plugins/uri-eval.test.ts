/**
 * URIEval: https anchors over IP links, truncated URIs and redirectors.
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
  'loadplugin Mail::SpamAssassin::Plugin::URIEval',
  'util_rb_tld com net org io',
  'util_rb_2tld co.uk',
  'body HTTPS_IP eval:check_https_ip_mismatch()',
  'body URI_TRUNC eval:check_uri_truncated()',
  'body REDIR eval:check_for_http_redirector()',
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
    sa: [],
  },
  {
    name: 'h04-https-ip',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><a href="http://192.168.10.5/login">https://secure.bank.com/</a></body></html>',
      '',
    ].join('\n'),
    sa: ['HTTPS_IP'],
  },
  {
    name: 'h08-redirect',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><a href="http://redirect.com/go?u=http://evil.com/page">x</a> <a href="http://www.google.com/url?q=http://www.google.com/x">y</a></body></html>',
      '',
    ].join('\n'),
    sa: ['REDIR'],
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
    sa: ['URI_TRUNC'],
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
    sa: [],
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
    sa: [],
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
    sa: ['REDIR'],
  },
];

describe('URIEval', () => {
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
