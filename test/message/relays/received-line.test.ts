/**
 * One Received header in detail: the fields of a parsed relay, skipped headers, hostile input.
 * Expected values were produced by running Perl SpamAssassin 4.0.1 (sa-relays-oracle.pl) on a
 * message holding the header, and are quoted in the comments.
 */
import { describe, expect, it } from 'vitest';
import { parseReceivedLine } from '../../../src/message/relays/index.js';
import { D } from './helpers.js';

describe('a parsed relay', () => {
  const relayOf = (line: string) => {
    const parsed = parseReceivedLine(line);
    if (parsed.kind !== 'relay') throw new Error(`not a relay: ${parsed.kind}`);
    return parsed.relay;
  };

  it('tells "the host has no reverse DNS" from "this MTA never records it"', () => {
    // Perl SA: Postfix "unknown" → no_reverse_dns=1; Exim bare IP → rdns_not_in_headers=1
    const postfix = relayOf(`from helo.example (unknown [203.0.113.9]) by mx.example.net (Postfix) with SMTP id 3F2A1B; ${D}`);
    expect([postfix.rdns, postfix.no_reverse_dns, postfix.rdns_not_in_headers]).toEqual(['', true, false]);
    const exim = relayOf(`from [203.0.113.61] (helo=friend ident=joe) by mx.example.net with smtp (Exim 4.50) id 1AbCdE-000abc-00; ${D}`);
    expect([exim.rdns, exim.no_reverse_dns, exim.rdns_not_in_headers]).toEqual(['', false, true]);
  });

  it('clears an rDNS of UNKNOWN in any case, and drops trailing dots (bug 7810)', () => {
    // Perl SA: rdns= no_reverse_dns=1; rdns=host.example.com
    const unknown = relayOf(`from a.example (UNKNOWN [198.51.100.13]) by mx.example.net (8.15.2/8.15.2) with ESMTP id 1F; ${D}`);
    expect([unknown.rdns, unknown.no_reverse_dns]).toEqual(['', true]);
    expect(relayOf(`from a.example (host.example.com... [198.51.100.12]) by mx.example.net (Postfix) with ESMTP id 1E; ${D}`).rdns).toBe(
      'host.example.com',
    );
  });

  it('keeps an envelope sender undefined when the header names none, and <> names none', () => {
    // Perl SA: envfrom undef for both; Exim's (envelope-from <list@example.org>) gives list@example.org
    expect(relayOf(`from a.example (a.example [198.51.100.14]) by mx.example.net (8.15.2/8.15.2) with ESMTP id 1G (envelope-from <>); ${D}`).envfrom).toBeUndefined();
    expect(relayOf(`from client.example.com (client.example.com [192.0.2.44]) by mail.example.net (8.15.2/8.15.2) with ESMTP id 4BCDE12345; ${D}`).envfrom).toBeUndefined();
    expect(
      relayOf(`from mail.example.org ([198.51.100.30] helo=mx1.example.org) by mx.example.net with esmtps (Exim 4.92) (envelope-from <list@example.org>) id 1rXyZa-0001Ab-Cd; ${D}`).envfrom,
    ).toBe('list@example.org');
  });

  it('turns an IPv4-mapped IPv6 address with an IPv6: prefix into plain IPv4', () => {
    // Perl SA: ip=198.51.100.11
    expect(relayOf(`from a.example (a.example [IPv6:::ffff:198.51.100.11]) by mx.example.net (Postfix) with ESMTP id 1C; ${D}`).ip).toBe('198.51.100.11');
  });

  it('flags characters SA strips with "!"', () => {
    // Perl SA: helo=!evil!host!!x
    const r = relayOf(`from [198.51.100.15] (helo=<evil|host>#x) by mx.example.net with esmtp (Exim 4.92) id 1rAb-00; ${D}`);
    expect(r.helo).toBe('!evil!host!!x');
    expect(r.as_string).toBe('[ ip=198.51.100.15 rdns= helo=!evil!host!!x by=mx.example.net ident= envfrom= intl=0 id=1rAb-00 auth= msa=0 ]');
  });

  it('lowercases ASCII letters only, as Perl lc does on octets', () => {
    // Perl SA (header value as get_header decodes it: the \xc9 byte became UTF-8 \xc3\x89):
    // lc_rdns=mx\xc3\x89.example.org, lc_by=mx.example.net, lc_helo=mail.example.org
    const r = relayOf(`from MAIL.Example.ORG (MX\xc3\x89.Example.ORG [198.51.100.9]) by MX.Example.NET (Postfix) with ESMTP id ABC; ${D}`);
    expect([r.lc_rdns, r.lc_by, r.lc_helo]).toEqual(['mx\xc3\x89.example.org', 'mx.example.net', 'mail.example.org']);
  });

  it('does not treat a no-break space as whitespace', () => {
    // Perl SA: helo=host\xc2\xa0x (one token), rdns=h.example
    const r = relayOf(`from host\xc2\xa0x (h.example [198.51.100.10]) by mx.example.net (Postfix) with ESMTP id 1B; ${D}`);
    expect([r.helo, r.rdns]).toEqual(['host\xc2\xa0x', 'h.example']);
  });

  it('cannot use a scoped link-local address in a sendmail header', () => {
    // Perl SA: unparseable
    expect(parseReceivedLine(`from a.example ([fe80::1%eth0]) by mx.example.net (8.15.2/8.15.2) with ESMTP id 1D; ${D}`).kind).toBe('unparseable');
  });
});

describe('a skipped header', () => {
  it('says when it is a mail-fetcher marker', () => {
    expect(parseReceivedLine(`from pop.example.net [198.51.100.150] by localhost with POP3 (fetchmail-6.4.37) for <bob@localhost> (single-drop); ${D}`)).toEqual({
      kind: 'skipped',
      fetcher: true,
    });
    expect(parseReceivedLine(`(qmail 12345 invoked by uid 89); 4 Mar 2024 09:00:00 -0000`)).toEqual({ kind: 'skipped', fetcher: false });
  });

  it('hands a qmail-scanner envelope sender on, cleaned of its angle brackets', () => {
    expect(
      parseReceivedLine(
        'from 198.51.100.1 by mx.example.net (envelope-from <list-return-1@example.org>, uid 502) with qmail-scanner-1.24 (clamdscan: 0.80/594. Clear:RC:0(198.51.100.1):. Processed in 0.288806 secs); 06 Feb 2005 21:11:38 -0000',
      ),
    ).toEqual({ kind: 'skipped', fetcher: false, qmailScannerEnvfrom: 'list-return-1@example.org' });
  });
});

describe('hostile input', () => {
  it('parses 200 KB headers built to make backtracking regexes explode in well under a second', () => {
    const shapes = [
      'from x ([192.0.2.1]) ' + '(authenticated '.repeat(13_000),
      'from a ' + ']) (AUTH: LOGIN a, '.repeat(10_000),
      'from a ' + ') by x (12.3.456) (authenticated as y) '.repeat(5_000),
      'from a (192.0.2.1) by b' + ' (a) with'.repeat(20_000) + ' x',
      'from a ' + ';'.repeat(200_000) + ' by b',
      'from a (' + '[192.0.2.1].'.repeat(16_000) + ' by b',
      'from ' + 'a@'.repeat(100_000) + ' by b ',
    ];
    for (const line of shapes) {
      const start = performance.now();
      parseReceivedLine(line);
      expect(performance.now() - start).toBeLessThan(1000);
    }
  });

  it('never throws', () => {
    for (const line of ['', ' ', 'from', 'from ', '(from ', 'FROM ', 'from [', 'from [::] by ', '\0\xff\x00from [1.2.3.4] by x']) {
      expect(() => parseReceivedLine(line)).not.toThrow();
    }
  });
});
