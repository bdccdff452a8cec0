/**
 * HTTPSMismatch: check_https_http_mismatch on HTML links whose anchor text shows https://.
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
  'loadplugin Mail::SpamAssassin::Plugin::HTTPSMismatch',
  'util_rb_tld com net org io',
  'util_rb_2tld co.uk',
  "body HTTPS_MM eval:check_https_http_mismatch('1','10')",
  'body HTTPS_MM0 eval:check_https_http_mismatch()',
  "body HTTPS_MM2 eval:check_https_http_mismatch('2')",
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
    sa: ['HTTPS_MM', 'HTTPS_MM0', 'HTTPS_MM2'],
  },
  {
    name: 'h03b-https-same',
    message: [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: test',
      'Message-ID: <1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<html><body><a href="http://www.paypal.com/x">https://paypal.com/login</a></body></html>',
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
    sa: [],
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
    sa: ['HTTPS_MM', 'HTTPS_MM0'],
  },
];

describe('HTTPSMismatch', () => {
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
