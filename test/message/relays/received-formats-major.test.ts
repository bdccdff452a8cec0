/**
 * How SpamAssassin reads the Received headers of the big MTAs and mail services: Postfix, Sendmail,
 * Exim, qmail, Microsoft Exchange and SMTPSVC, Gmail, Yahoo.
 *
 * Every expected value was produced by running Perl SpamAssassin 4.0.1 on a message holding that
 * single Received header (sa-relays-oracle.pl, default configuration, so `intl=` shows SA's trust
 * inference: private IPs and authenticated hops are internal). The header values are written for
 * these tests in each MTA's shape, with documentation addresses.
 */
import { describe, expect, it } from 'vitest';
import { D, saVerdict } from './helpers.js';

// [MTA, header value, what Perl SA 4.0.1 produced for it: its relay string, 'skipped' or 'unparseable']
const byMta: [string, string, string][] = [
  ["Postfix", `from mail.example.org (mail.example.org [198.51.100.7]) by mx.example.net (Postfix) with ESMTPS id 4AbCdE12fG for <bob@example.net>; ${D} (CET)`, "[ ip=198.51.100.7 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=0 id=4AbCdE12fG auth= msa=0 ]"],
  ["Postfix, no reverse DNS", `from helo.example (unknown [203.0.113.9]) by mx.example.net (Postfix) with SMTP id 3F2A1B; ${D}`, "[ ip=203.0.113.9 rdns= helo=helo.example by=mx.example.net ident= envfrom= intl=0 id=3F2A1B auth= msa=0 ]"],
  ["Postfix, SASL header", `from laptop (dsl.example.com [198.51.100.20]) (Authenticated sender: alice) by smtp.example.net (Postfix) with ESMTP id 1A2B3C for <x@example.org>; ${D}`, "[ ip=198.51.100.20 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=1A2B3C auth=Postfix msa=0 ]"],
  ["Postfix, renamed mail_name", `from laptop (dsl.example.com [198.51.100.21]) (Authenticated sender: alice) by smtp.example.net (MyMTA) with ESMTP id 1A2B3D; ${D}`, "[ ip=198.51.100.21 rdns=dsl.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=1A2B3D auth=Postfix (MyMTA) msa=0 ]"],
  ["Postfix, IPv6", `from mail.example.org (mail.example.org [IPv6:2001:db8::25]) by mx.example.net (Postfix) with ESMTPS id 9Z8Y7X; ${D}`, "[ ip=2001:db8::25 rdns=mail.example.org helo=mail.example.org by=mx.example.net ident= envfrom= intl=0 id=9Z8Y7X auth= msa=0 ]"],
  ["Postfix, pickup", `by mx.example.net (Postfix, from userid 1000) id 123ABC; ${D}`, "skipped"],
  ["Postfix, bracketed HELO", `from [192.168.1.10] (pc.example.net [198.51.100.253]) by mx.example.net (Postfix) with ESMTPSA id 77AA; ${D}`, "[ ip=198.51.100.253 rdns=pc.example.net helo=!192.168.1.10! by=mx.example.net ident= envfrom= intl=1 id=77AA auth=ESMTPSA msa=0 ]"],
  ["Sendmail", `from client.example.com (client.example.com [192.0.2.44]) by mail.example.net (8.15.2/8.15.2) with ESMTP id 4BCDE12345; ${D}`, "[ ip=192.0.2.44 rdns=client.example.com helo=client.example.com by=mail.example.net ident= envfrom= intl=0 id=4BCDE12345 auth= msa=0 ]"],
  ["Sendmail, IDENT", `from relay.example.com (IDENT:daemon@relay.example.com [192.0.2.45]) by mail.example.net (8.12.11/8.12.11) with SMTP id h381V; ${D}`, "[ ip=192.0.2.45 rdns=relay.example.com helo=relay.example.com by=mail.example.net ident=daemon envfrom= intl=0 id=h381V auth= msa=0 ]"],
  ["Sendmail, may be forged", `from spoof.example (dyn-1.example.com [203.0.113.50] (may be forged)) by mail.example.net (8.13.1/8.13.1) with ESMTP id i8FJcS; ${D}`, "[ ip=203.0.113.50 rdns=dyn-1.example.com helo=spoof.example by=mail.example.net ident= envfrom= intl=0 id=i8FJcS auth= msa=0 ]"],
  ["Sendmail, authenticated", `from laptop (pool-7.example.com [198.51.100.77]) (authenticated bits=0) by smtp.example.net (8.14.4/8.14.4) with ESMTP id q1RK; ${D}`, "[ ip=198.51.100.77 rdns=pool-7.example.com helo=laptop by=smtp.example.net ident= envfrom= intl=1 id=q1RK auth=Sendmail msa=0 ]"],
  ["Sendmail, no rDNS", `from mail.example.cn ([203.0.113.51]) by mail.example.net (8.11.6/8.11.6) with ESMTP id h2FH0Zx11330; ${D}`, "[ ip=203.0.113.51 rdns= helo=mail.example.cn by=mail.example.net ident= envfrom= intl=0 id=h2FH0Zx11330 auth= msa=0 ]"],
  ["Sendmail, return-path", `from a.example (a.example [198.51.100.3]) by b.example (8.14.4/8.14.4) with ESMTP id x1 (return-path <bounce@example.org>); ${D}`, "[ ip=198.51.100.3 rdns=a.example helo=a.example by=b.example ident= envfrom=bounce@example.org intl=0 id= auth= msa=0 ]"],
  ["Sendmail -t", `(from alice@localhost) by host.example.net (8.14.4/8.14.4/Submit) id q1RKabc; ${D}`, "skipped"],
  ["Exim", `from mail.example.org ([198.51.100.30] helo=mx1.example.org) by mx.example.net with esmtps (TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256) (Exim 4.92) (envelope-from <list@example.org>) id 1rXyZa-0001Ab-Cd for bob@example.net; ${D}`, "[ ip=198.51.100.30 rdns=mail.example.org helo=mx1.example.org by=mx.example.net ident= envfrom=list@example.org intl=0 id=1rXyZa-0001Ab-Cd auth= msa=0 ]"],
  ["Exim, bare IP with ident", `from [203.0.113.61] (helo=friend ident=joe) by mx.example.net with smtp (Exim 4.50) id 1AbCdE-000abc-00; ${D}`, "[ ip=203.0.113.61 rdns= helo=friend by=mx.example.net ident=joe envfrom= intl=0 id=1AbCdE-000abc-00 auth= msa=0 ]"],
  ["Exim, local", `from www-data by web.example.net with local (Exim 4.92) (envelope-from <www-data@web.example.net>) id 1rAbCd-0002Ab-Cd; ${D}`, "skipped"],
  ["Exim, authenticated", `from [198.51.100.88] (port=51234 helo=[192.168.1.10]) by smtp.example.net with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <alice@example.net>) id 1rZzAb-0003Cd-Ef; ${D}`, "[ ip=198.51.100.88 rdns= helo=!192.168.1.10! by=smtp.example.net ident= envfrom=alice@example.net intl=1 id=1rZzAb-0003Cd-Ef auth=esmtpsa msa=0 ]"],
  ["Exim, port suffix", `from server.example.de ([198.51.100.31]:52313) by vps.example.net with esmtps (TLS-1.0:DHE_RSA_3DES_EDE_CBC_SHA:24) (Exim 4.50) id 1GzVLs-0002Oz-7b; ${D}`, "[ ip=198.51.100.31 rdns=server.example.de helo=server.example.de by=vps.example.net ident= envfrom= intl=0 id=1GzVLs-0002Oz-7b auth= msa=0 ]"],
  ["Exim, guesswork", `from helene8.example.net (helene.example.ms) [10.0.8.6.13219] (mail) by lisbeth.example.net with esmtp (Exim 3.35 #1 (Debian)) id 1CO5y7-0001vC-00; ${D}`, "[ ip=10.0.8.6 rdns=helene8.example.net helo=helene.example.ms by=lisbeth.example.net ident= envfrom= intl=1 id=1CO5y7-0001vC-00 auth= msa=0 ]"],
  ["qmail", `from unknown (HELO mail.example.com) (192.0.2.70) by mx.example.net with SMTP; 4 Mar 2024 09:00:00 -0000`, "[ ip=192.0.2.70 rdns= helo=mail.example.com by=mx.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["qmail, ident", `from dsl-7.example.com (bob@192.0.2.71) by mx.example.net with SMTP; 4 Mar 2024 09:00:00 -0000`, "[ ip=192.0.2.71 rdns=dsl-7.example.com helo=dsl-7.example.com by=mx.example.net ident=bob envfrom= intl=0 id= auth= msa=0 ]"],
  ["qmail, invoked", `(qmail 12345 invoked by uid 89); 4 Mar 2024 09:00:00 -0000`, "skipped"],
  ["qmail-ldap", `from unknown (HELO pc.example.com) (jd@[198.51.100.72]) (envelope-sender <jd@example.com>) by mail13.example.net (qmail-ldap-1.03) with SMTP for <bob@example.net>; 12 Feb 2003 18:23:19 -0000`, "[ ip=198.51.100.72 rdns= helo=pc.example.com by=mail13.example.net ident=jd envfrom=jd@example.com intl=0 id= auth= msa=0 ]"],
  ["Exchange", `from EX01.corp.example.com (10.20.30.40) by EX02.corp.example.com (10.20.30.41) with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.35; ${D}`, "[ ip=10.20.30.40 rdns=EX01.corp.example.com helo=EX01.corp.example.com by=EX02.corp.example.com ident= envfrom= intl=1 id=15.1.2507.35 auth= msa=0 ]"],
  ["Exchange, mapi", `from AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0]) by AM0PR01MB1234.eurprd01.prod.exchangelabs.com ([fe80::1234:5678:9abc:def0%5]) with mapi id 15.20.7362.019; ${D}`, "[ ip=fe80::1234:5678:9abc:def0 rdns= helo=AM0PR01MB1234.eurprd01.prod.exchangelabs.com by=AM0PR01MB1234.eurprd01.prod.exchangelabs.com ident= envfrom= intl=1 id= auth= msa=0 ]"],
  ["Exchange, HTTP-DAV", `from laptop ([198.51.100.249]) by exch.example.net with Microsoft Exchange Server HTTP-DAV ; ${D}`, "[ ip=198.51.100.249 rdns= helo=laptop by=exch.example.net ident= envfrom= intl=1 id= auth=HTTP-DAV msa=0 ]"],
  ["Microsoft SMTPSVC", `from desk01 ([203.0.113.80]) by mail.example.net with Microsoft SMTPSVC(6.0.3790.4675); ${D}`, "[ ip=203.0.113.80 rdns= helo=desk01 by=mail.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Microsoft SMTPSVC, pickup", `from mail pickup service by mail.example.net with Microsoft SMTPSVC; ${D}`, "skipped"],
  ["Microsoft SMTPSVC, unparseable", `from r-smtp.example.com - 198.51.100.250 by desk01 with Microsoft SMTPSVC(5.5.1775.675.6); ${D}`, "unparseable"],
  ["Gmail, inbound", `from mail-wr1-f41.google.com (mail-wr1-f41.google.com. [209.85.221.41]) by mx.example.net with ESMTPS id a1si123456wrb.12.2024.03.04.01.02.03 for <bob@example.net> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); ${D}`, "[ ip=209.85.221.41 rdns=mail-wr1-f41.google.com helo=mail-wr1-f41.google.com by=mx.example.net ident= envfrom= intl=0 id=a1si123456wrb.12.2024.03.04.01.02.03 auth= msa=0 ]"],
  ["Gmail, submission", `from [192.168.1.5] ([198.51.100.99]) by smtp.gmail.com with ESMTPSA id x12sm3456789wrb.23.2024.03.04.05.06.07 for <bob@example.net> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); ${D}`, "[ ip=198.51.100.99 rdns= helo=!192.168.1.5! by=smtp.gmail.com ident= envfrom= intl=1 id=x12sm3456789wrb.23.2024.03.04.05.06.07 auth=ESMTPSA msa=0 ]"],
  ["Gmail, old submission id", `from laptop ([198.51.100.98]) by mx.google.com with ESMTPS id 5sm1234567wra.10.2011.01.02.03.04.05 (version=TLSv1/SSLv3 cipher=RC4-MD5); ${D}`, "[ ip=198.51.100.98 rdns= helo=laptop by=mx.google.com ident= envfrom= intl=1 id=5sm1234567wra.10.2011.01.02.03.04.05 auth=GMail - transport=TLSv1/SSLv3 cipher=RC4-MD5 msa=0 ]"],
  ["Gmail, API", `from 384836569573 named unknown by gmailapi.google.com with HTTPREST; ${D}`, "skipped"],
  ["Yahoo, webmail", `from [198.51.100.120] by web12345.mail.example.yahoo.com via HTTP; Mon, 04 Mar 2024 10:00:00 PST`, "[ ip=198.51.100.120 rdns= helo= by=web12345.mail.example.yahoo.com ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Yahoo, login", `from pc (alice@198.51.100.121 with login) by smtp101.mail.ne1.yahoo.com with SMTP; ${D}`, "[ ip=198.51.100.121 rdns= helo=pc by=smtp101.mail.ne1.yahoo.com ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Yahoo, plain", `from host.example.com (HELO pc) (alice@198.51.100.122 with plain) by smtp.mail.vip.sc5.yahoo.com with SMTP; ${D}`, "[ ip=198.51.100.122 rdns=host.example.com helo=pc by=smtp.mail.vip.sc5.yahoo.com ident=alice envfrom= intl=0 id= auth= msa=0 ]"],
  ["Exim with local for", `from www-data by web.example.net (Exim 4.50) with local for <a@example.org> id 1GFbZc-0006QV-L8; ${D}`, "skipped"],
];

describe('SpamAssassin reads the Received header of', () => {
  it.each(byMta)('%s', (_mta, line, expected) => {
    expect(saVerdict(line)).toBe(expected);
  });
});
