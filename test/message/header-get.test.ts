/**
 * SpamAssassin's header query language, `PerMsgStatus::get`, and the text header rules match.
 * Expected values come from Perl SpamAssassin 4.0.1 (sa-header-oracle.pl: X-Spam-* deleted
 * and metadata extracted, as in a scan), hard-coded; relay facts are given as the Received
 * parser would supply them (here: the values Perl computed for the same message).
 */
import { describe, expect, it } from 'vitest';
import {
  createHeaderContext,
  getHeader,
  getHeaderScalar,
  headerRuleText,
  updateHeaderContext,
  type HeaderContextOptions,
} from '../../src/message/header-get.js';
import { extractDomainMetadata } from '../../src/message/header-metadata.js';
import { makeRegistry } from './helpers/registry.js';

const registry = makeRegistry(['com', 'org', 'net', 'uk', 'au', 'bar'], ['co.uk', 'com.au']);
const ctxOf = (text: string, opts: HeaderContextOptions = {}) => createHeaderContext(text, { registry, ...opts });

const MULTI =
  'Subject: one\nsubject: two\nX-Fold: a\n\tb\nTo: a@b.com,\n c@d.com\nCc: "X" <x@y.com>\n' +
  'X-Spam-Status: Yes\nX-Spam-Relays-External: forged\n\nb\n';

describe('get() on ordinary headers', () => {
  const ctx = ctxOf(MULTI, { relays: { externalStr: '' } });

  it('returns every occurrence, case-insensitively, decoded and ending in a newline', () => {
    expect(getHeader(ctx, 'Subject')).toEqual(['one\n', 'two\n']);
    expect(getHeader(ctx, 'X-Fold')).toEqual(['a b\n']);
  });

  it('selects the topmost or bottom occurrence with :first and :last', () => {
    expect(getHeader(ctx, 'SUBJECT:first')).toEqual(['one\n']);
    expect(getHeader(ctx, 'Subject:last')).toEqual(['two\n']);
  });

  it('gives raw values with :raw: leading space, folds and newline kept', () => {
    expect(getHeader(ctx, 'Subject:raw')).toEqual([' one\n', ' two\n']);
    expect(getHeader(ctx, 'X-Fold:raw')).toEqual([' a\n\tb\n']);
  });

  it('returns nothing for an absent header and ignores unknown modifiers', () => {
    expect(getHeader(ctx, 'Nope')).toEqual([]);
    expect(getHeader(ctx, 'Subject:bogus')).toEqual(['one\n', 'two\n']);
  });

  it('hides X-Spam-* fields, as SA deletes them before scanning', () => {
    expect(getHeader(ctx, 'X-Spam-Status')).toEqual([]);
    // the pseudo-header comes from the relay data, not from the forged field
    expect(getHeader(ctx, 'X-Spam-Relays-External')).toEqual(['']);
  });
});

describe('get() pseudo-headers', () => {
  const ctx = ctxOf(MULTI);

  it('ToCc gives To values then Cc values; :raw unfolds with single spaces', () => {
    expect(getHeader(ctx, 'ToCc')).toEqual(['a@b.com, c@d.com\n', '"X" <x@y.com>\n']);
    expect(getHeader(ctx, 'ToCc:raw')).toEqual([' a@b.com, c@d.com\n', ' "X" <x@y.com>\n']);
    expect(getHeader(ctx, 'ToCc:addr')).toEqual(['a@b.com', 'c@d.com', 'x@y.com']);
  });

  it('ALL lists decoded fields without X-Spam-*; ALL:raw cuts the pristine header, X-Spam-* included', () => {
    expect(getHeader(ctx, 'ALL')).toEqual([
      'Subject: one\n', 'subject: two\n', 'X-Fold: a b\n', 'To: a@b.com, c@d.com\n', 'Cc: "X" <x@y.com>\n',
    ]);
    expect(getHeader(ctx, 'ALL:raw')).toEqual([
      'Subject: one\n', 'subject: two\n', 'X-Fold: a\n\tb\n', 'To: a@b.com,\n c@d.com\n', 'Cc: "X" <x@y.com>\n',
      'X-Spam-Status: Yes\n', 'X-Spam-Relays-External: forged\n',
    ]);
  });

  it('ALL:raw of a CRLF message keeps CRLFs and yields the separator line as a piece', () => {
    const c = ctxOf('Subject: x\r\nX-Fold: one\r\n two\n three\r\n\r\nbody\r\n');
    expect(getHeader(c, 'ALL:raw')).toEqual(['Subject: x\r\n', 'X-Fold: one\r\n two\r\n three\r\n', '\r\n']);
  });

  it('ALL stops at 64 KB, spending the budget name by name, and sets truncated_header', () => {
    const fields = Array.from({ length: 9 }, (_, i) => `X-A${i}: ${'v'.repeat(8000)}\n`).join('');
    const c = ctxOf(`Subject: s\n${fields}Received: from x\nX-A0: again\n\nb\n`);
    expect(c.flags.truncated_header).toBe(false);
    // X-A0's second occurrence survives (its name came first); X-A8 and Received do not
    expect(getHeader(c, 'ALL').map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      'Subject', 'X-A0', 'X-A1', 'X-A2', 'X-A3', 'X-A4', 'X-A5', 'X-A6', 'X-A7', 'X-A0',
    ]);
    expect(c.flags.truncated_header).toBe(true);
  });

  it('MESSAGEID collects X-Message-Id, Resent-Message-Id, X-Original-Message-ID, Message-Id in that order', () => {
    const c = ctxOf('X-Message-Id: <xm@id>\nMessage-Id: <m@mail.example.co.uk>\nResent-Message-Id: <rm@id>\nSubject: s\n\nb\n');
    expect(getHeader(c, 'MESSAGEID')).toEqual(['<xm@id>\n', '<rm@id>\n', '<m@mail.example.co.uk>\n']);
    expect(getHeader(c, 'MESSAGEID:raw')).toEqual([' <xm@id>\n', ' <rm@id>\n', ' <m@mail.example.co.uk>\n']);
    // the pseudo-header names ALL* and MESSAGEID are case-sensitive
    expect(getHeader(c, 'messageid')).toEqual([]);
  });

  it('answers other absent names from message metadata', () => {
    const c = ctxOf('Subject: s\n\nb\n', { metadata: { 'x-authordomain': 'one.example.com two.example.org' } });
    expect(getHeader(c, 'X-AuthorDomain')).toEqual(['one.example.com two.example.org']);
    expect(getHeader(c, 'x-authordomain:raw')).toEqual(['one.example.com two.example.org']);
  });
});

describe('get() with relay data', () => {
  const text =
    'Return-Path: <rp@ext.com>\nX-Top: t\n' +
    'Received: from internal.local (internal.local [192.168.1.5]) by mx.example.com (Postfix) with ESMTP id 111; Mon, 1 Jan 2020 00:00:00 +0000\n' +
    'Received: from out.ext.com (out.ext.com [8.8.8.8]) by internal.local (Postfix) with ESMTP id 222 (envelope-from <ext@ext.com>); Mon, 1 Jan 2020 00:00:00 +0000\n' +
    'Received: from [10.1.1.1] by out.ext.com with SMTP; Mon, 1 Jan 2020\nX-Mid: m\nSubject: s\n\nb\n';
  const trusted = '[ ip=192.168.1.5 rdns=internal.local helo=internal.local by=mx.example.com ident= envfrom= intl=1 id=111 auth= msa=0 ]';
  const ctx = ctxOf(text, {
    relays: {
      trustedStr: trusted, internalStr: trusted, untrustedStr: 'u', externalStr: 'e',
      lastTrustedRelayIndex: 0, lastInternalRelayIndex: 0,
      trusted: [{ envfrom: undefined }], untrusted: [{ envfrom: 'ext@ext.com' }, { envfrom: undefined }],
    },
  });
  const rcvd2 = 'Received: from out.ext.com (out.ext.com [8.8.8.8]) by internal.local (Postfix) with ESMTP id 222 (envelope-from <ext@ext.com>); Mon, 1 Jan 2020 00:00:00 +0000\n';

  it('ALL-TRUSTED ends with, and ALL-UNTRUSTED starts at, the Received after the last trusted relay', () => {
    expect(getHeader(ctx, 'ALL-TRUSTED')).toEqual([
      'Return-Path: <rp@ext.com>\n', 'X-Top: t\n',
      'Received: from internal.local (internal.local [192.168.1.5]) by mx.example.com (Postfix) with ESMTP id 111; Mon, 1 Jan 2020 00:00:00 +0000\n',
      rcvd2,
    ]);
    expect(getHeader(ctx, 'ALL-UNTRUSTED')).toEqual([rcvd2, 'Received: from [10.1.1.1] by out.ext.com with SMTP; Mon, 1 Jan 2020\n', 'X-Mid: m\n', 'Subject: s\n']);
    expect(getHeader(ctx, 'ALL-EXTERNAL')).toEqual(getHeader(ctx, 'ALL-UNTRUSTED'));
  });

  it('X-Spam-Relays-* are the relay strings', () => {
    expect(getHeader(ctx, 'X-Spam-Relays-Trusted')).toEqual([trusted]);
    expect(getHeader(ctx, 'x-spam-relays-untrusted')).toEqual(['u']);
  });

  it('EnvelopeFrom is the envelope sender of the last untrusted relay', () => {
    expect(getHeader(ctx, 'EnvelopeFrom')).toEqual(['ext@ext.com']);
  });
});

describe('EnvelopeFrom without relay envelope data', () => {
  const env = (text: string, opts: HeaderContextOptions = {}) => getHeader(ctxOf(text, opts), 'EnvelopeFrom');

  it('uses Return-Path when no Received header sits above it', () => {
    expect(env('Return-Path: <bounce@example.com>\nReceived: from a ([8.8.8.8]) by b\nSubject: s\n\nb\n')).toEqual(['bounce@example.com']);
    expect(env('Received: from a ([8.8.8.8]) by b\nReturn-Path: <bounce@example.com>\nSubject: s\n\nb\n')).toEqual([]);
  });

  it('looks for a Received header above Return-Path among 1,500 of them', () => {
    const received = 'Received: from a ([8.8.8.8]) by b\n'.repeat(1_500); // ALL stops at 64 KB
    expect(env(`${received}Return-Path: <bounce@example.com>\nSubject: s\n\nb\n`)).toEqual([]);
    expect(env(`Return-Path: <bounce@example.com>\n${received}Subject: s\n\nb\n`)).toEqual(['bounce@example.com']);
  });

  it('prefers X-Envelope-From', () => {
    expect(env('X-Envelope-From: <xe@example.com>\nReturn-Path: <rp@example.com>\nSubject: s\n\nb\n')).toEqual(['xe@example.com']);
  });

  it('gives up when X-Sender and a fetchmail Received make the headers unreliable', () => {
    expect(env('X-Sender: xs@example.com\nReceived: from a by b (fetchmail-5.0)\nReturn-Path: <rp@example.com>\nSubject: s\n\nb\n')).toEqual([]);
  });

  it('trusts only the configured envelope_sender_header when there is one', () => {
    const text = 'X-Env: <conf@example.com>\nReturn-Path: <rp@example.com>\nSubject: s\n\nb\n';
    expect(env(text, { envelopeSenderHeader: 'X-Env' })).toEqual(['conf@example.com']);
    expect(env(text, { envelopeSenderHeader: 'X-Missing' })).toEqual([]);
  });
});

describe('get() host and IP modifiers', () => {
  const hosts = ctxOf(
    'X-H1: see www.example.com and foo.bar\nX-H2: user.name@sub.example.com.au trailing\n' +
      'X-H3: foo@bar.invalidtld ok.example.org\nX-H4: foo.com_bar.net host.example.net\n' +
      'X-H5: user@sub_domain.example.com\nMessage-Id: <m@mail.example.co.uk>\nSubject: s\n\nb\n',
  );

  it(':host finds the first host name ending in a known TLD, after an @ first', () => {
    expect(getHeader(hosts, 'X-H1:host')).toEqual(['www.example.com']);
    expect(getHeader(hosts, 'X-H2:host')).toEqual(['sub.example.com.au']);
    expect(getHeader(hosts, 'X-H3:host')).toEqual(['ok.example.org']);
    expect(getHeader(hosts, 'X-H4:host')).toEqual(['host.example.net']);
    expect(getHeader(hosts, 'Message-Id:host')).toEqual(['mail.example.co.uk']);
  });

  it(':domain trims the host to its registered domain', () => {
    expect(getHeader(hosts, 'X-H1:domain')).toEqual(['example.com']);
    expect(getHeader(hosts, 'X-H2:domain')).toEqual(['example.com.au']);
    expect(getHeader(hosts, 'Message-Id:domain')).toEqual(['example.co.uk']);
  });

  it(':domain lower-cases only the ASCII letters of an octet host, as Perl\'s lc (SA: b\\xc3\\x9ccher.bar)', () => {
    const octets = ctxOf('From: x@www.B\xc3\x9ccher.bar\nSubject: s\n\nb\n');
    expect(getHeader(octets, 'From:domain')).toEqual(['b\xc3\x9ccher.bar']);
  });

  it(':addr:host takes what follows the @ without checking it', () => {
    expect(getHeader(hosts, 'X-H5:host')).toEqual(['sub_domain.example.com']);
    expect(getHeader(hosts, 'X-H5:addr:host')).toEqual(['sub_domain.example.com']);
    expect(getHeader(hosts, 'X-H5:addr:domain')).toEqual(['example.com']);
  });

  const ips = ctxOf(
    'Received: from a (a [1.2.3.4]) by b\nReceived: from c ([IPv6:2001:db8::1]) by d\n' +
      'X-Ip: 2001:db8:0:0:1:0:0:1 and 1.2.3.4.5\nX-Ip2: 999.1.1.1 10.0.0.1\nSubject: s\n\nb\n',
  );

  it(':ip finds the first IPv4 or IPv6 address, keeping an IPv6: prefix', () => {
    expect(getHeader(ips, 'Received:ip')).toEqual(['1.2.3.4', 'IPv6:2001:db8::1']);
    expect(getHeader(ips, 'X-Ip:ip')).toEqual(['2001:db8:0:0:1:0:0:1']);
    expect(getHeader(ips, 'X-Ip2:ip')).toEqual(['10.0.0.1']);
  });

  it(':revip reverses it, and drops what it cannot reverse', () => {
    expect(getHeader(ips, 'Received:revip')).toEqual(['4.3.2.1']);
    expect(getHeader(ips, 'Received:last:revip')).toEqual([]);
    expect(getHeader(ips, 'X-Ip:revip')).toEqual(['1.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2']);
  });
});

describe('scalar get() and header rule text', () => {
  const ctx = ctxOf(MULTI);

  it('scalar get() joins values, but gives the first value without newline for :addr-like requests', () => {
    expect(getHeaderScalar(ctx, 'Subject')).toBe('one\ntwo\n');
    expect(getHeaderScalar(ctx, 'ToCc:addr')).toBe('a@b.com');
    expect(getHeaderScalar(ctx, 'Nope')).toBe('');
    expect(getHeaderScalar(ctx, 'Nope', undefined)).toBeUndefined();
    expect(getHeaderScalar(ctx, 'Nope', 'default')).toBe('default');
  });

  it('a header rule sees newline-terminated values concatenated, other values joined by newlines', () => {
    expect(headerRuleText(ctx, 'Subject')).toBe('one\ntwo\n');
    expect(headerRuleText(ctx, 'ToCc:addr')).toBe('a@b.com\nc@d.com\nx@y.com');
  });

  it('a header rule on an absent header gets undefined (matched as ""), or its [if-unset:] text', () => {
    expect(headerRuleText(ctx, 'Nope')).toBeUndefined();
    expect(headerRuleText(ctx, 'Nope', 'UNSET')).toBe('UNSET');
    // an empty header is present: "\n"
    expect(headerRuleText(ctxOf('X-Empty:\n\nb\n'), 'X-Empty')).toBe('\n');
  });
});

describe('caching', () => {
  it('answers a repeated request from the cache, until new relay facts arrive', () => {
    const ctx = ctxOf('Subject: s\n\nb\n');
    expect(getHeader(ctx, 'Subject')).toBe(getHeader(ctx, 'Subject'));
    expect(getHeader(ctx, 'X-Spam-Relays-External')).toEqual([]);
    updateHeaderContext(ctx, { relays: { externalStr: '[ ip=1.2.3.4 ]' } });
    expect(getHeader(ctx, 'X-Spam-Relays-External')).toEqual(['[ ip=1.2.3.4 ]']);
  });
});

describe('sender and author domains (extract_message_metadata)', () => {
  it('stores X-SenderDomain and X-AuthorDomain in ACE form, de-duplicating hosts as written', () => {
    const ctx = ctxOf(
      'From: A <a@one.example.com>, b@two.example.org, c@One.Example.com, d@b\xc3\xbccher.de\n' +
        'Return-Path: <bounce@Mail.Example.NET>\nSubject: s\n\nb\n',
    );
    expect(extractDomainMetadata(ctx)).toEqual({
      senderDomain: 'mail.example.net',
      authorDomains: ['one.example.com', 'two.example.org', 'one.example.com', 'xn--bcher-kva.de'],
    });
    expect(getHeader(ctx, 'X-AuthorDomain')).toEqual(['one.example.com two.example.org one.example.com xn--bcher-kva.de']);
    expect(getHeader(ctx, 'X-SenderDomain')).toEqual(['mail.example.net']);
  });
});
