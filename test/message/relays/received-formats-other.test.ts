/**
 * How SpamAssassin reads the Received headers of other MTAs (Courier, CommuniGate, XMail,
 * ecelerity, Domino, simta, webmail services …), fetch markers, and the handovers it skips.
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
  ["Courier", `from laptop ([198.51.100.130]) (AUTH: LOGIN alice@example.net) by mail.example.net with esmtp; ${D}`, "[ ip=198.51.100.130 rdns= helo=laptop by=mail.example.net ident= envfrom= intl=1 id= auth=LOGIN msa=0 ]"],
  ["Courier, softdnserr", `from host.example.org (softdnserr [::ffff:198.51.100.131]) by mail.example.net with esmtp; ${D}`, "[ ip=198.51.100.131 rdns= helo=host.example.org by=mail.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Courier, auth only", `from (AUTH: e40a9cea) by mail.example.net with esmtp (courier-0.40) for <bob@example.net>; ${D}`, "skipped"],
  ["CommuniGate, account", `from [198.51.100.140] (account alice@example.net HELO laptop) by mail.example.net (CommuniGate Pro SMTP 6.1.10) with ESMTP id 1234567; ${D}`, "[ ip=198.51.100.140 rdns= helo=laptop by=mail.example.net ident= envfrom= intl=1 id=1234567 auth=Communigate msa=0 ]"],
  ["CommuniGate, verified", `from mx.example.org ([198.51.100.141] verified) by mail.example.net (CommuniGate Pro SMTP 5.1.13) with ESMTP id 9786656; ${D}`, "[ ip=198.51.100.141 rdns=mx.example.org helo=mx.example.org by=mail.example.net ident= envfrom= intl=0 id=9786656 auth= msa=0 ]"],
  ["CommuniGate, webmail", `from [198.51.100.142] (account alice@example.net) by mail.example.net (CommuniGate Pro WebUser 6.1) with HTTP id 123456; ${D}`, "[ ip=198.51.100.142 rdns= helo= by=mail.example.net ident= envfrom= intl=1 id=123456 auth=HTTP msa=0 ]"],
  ["fetchmail", `from pop.example.net [198.51.100.150] by localhost with POP3 (fetchmail-6.4.37) for <bob@localhost> (single-drop); ${D}`, "skipped"],
  ["getmail", `from imap.example.net (198.51.100.151) by home.example with IMAP; ${D}`, "skipped"],
  ["XMail", `from list.example.com (198.51.100.160:23198) by mx.example.net with [XMail 1.27 ESMTP Server] id <S1A2B> for <bob@example.net> from <list-bounce@example.com>; ${D}`, "[ ip=198.51.100.160 rdns= helo=list.example.com by=mx.example.net ident= envfrom=list-bounce@example.com intl=0 id=S1A2B auth= msa=0 ]"],
  ["ecelerity", `from ([198.51.100.170:49601] helo=out.example.com) by mta.example.net (ecelerity 4.2.1.56364 r(Core:4.2.1.14)) with ESMTP id 12/34-56789-ABCDEF01; ${D}`, "[ ip=198.51.100.170 rdns= helo=out.example.com by=mta.example.net ident= envfrom= intl=0 id=12/34-56789-ABCDEF01 auth= msa=0 ]"],
  ["qpsmtpd", `from host.example.com (HELO pc.example.com) (198.51.100.180) by mx.example.net (qpsmtpd/0.84) with ESMTP; ${D}`, "[ ip=198.51.100.180 rdns=host.example.com helo=pc.example.com by=mx.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Lotus Domino", `from notes.example.com ([198.51.100.190]) by domino.example.net (Lotus Domino Release 8.5.3FP6) with ESMTP id 2024030410; ${D}`, "[ ip=198.51.100.190 rdns= helo=notes.example.com by=domino.example.net ident= envfrom= intl=0 id=2024030410 auth= msa=0 ]"],
  ["simta", `FROM hackers.example.edu (smtp.example.edu [198.51.100.200]) BY relay.example.edu ID 434B508E.174A6.13932 ; 11 Oct 2005 01:41:34 -0400`, "[ ip=198.51.100.200 rdns=smtp.example.edu helo=hackers.example.edu by=relay.example.edu ident= envfrom= intl=0 id=434B508E.174A6.13932 auth= msa=0 ]"],
  ["Norton AntiVirus gateway", `(from localhost [198.51.100.210]) by gw.example.net (NAVGW 2.5.2.12) with SMTP id M20060605; ${D}`, "[ ip=198.51.100.210 rdns= helo=localhost by=gw.example.net ident= envfrom= intl=0 id=M20060605 auth= msa=0 ]"],
  ["obtuse smtpd", `from dyn.example.jp(198.51.100.220), claiming to be "foo.example.net" via SMTP by st.example.at, id smtpd1PBsZT; Sun Nov 13 15:38:52 2005`, "[ ip=198.51.100.220 rdns=dyn.example.jp helo=foo.example.net by=st.example.at ident= envfrom= intl=0 id=smtpd1PBsZT auth= msa=0 ]"],
  ["smap", `from snake.example.com(198.51.100.230) by x.example.org via smap (V1.3) id xma093673; Wed, 26 Mar 03 20:43:24 -0600`, "[ ip=198.51.100.230 rdns=snake.example.com helo= by=x.example.org ident= envfrom= intl=0 id=xma093673 auth= msa=0 ]"],
  ["MDaemon", `from pc [198.51.100.240] by mail.example.net [192.0.2.1] with SMTP (MDaemon.PRO.v5.0.6.R) for <bob@example.net>; ${D}`, "[ ip=198.51.100.240 rdns= helo=pc by=mail.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["Critical Path", `from pc ([198.51.100.241]) by mail.example.net (12.3.456) (authenticated as alice) id 4A1B2C3D; ${D}`, "[ ip=198.51.100.241 rdns= helo=pc by=mail.example.net ident= envfrom= intl=1 id=4A1B2C3D auth=CriticalPath msa=0 ]"],
  ["GMX", `from dslb-1.example.net (EHLO homepc) [198.51.100.242] by mail.gmx.net (mp010) with SMTP; 03 Feb 2007 13:13:47 +0100`, "[ ip=198.51.100.242 rdns=dslb-1.example.net helo=homepc by=mail.gmx.net ident= envfrom= intl=1 id= auth=GMX (SMTP / mail.gmx.net) msa=0 ]"],
  ["SquirrelMail", `from 198.51.100.243 (SquirrelMail authenticated user alice) by webmail.example.net with HTTP; ${D}`, "[ ip=198.51.100.243 rdns= helo= by=webmail.example.net ident= envfrom= intl=1 id= auth=HTTP msa=0 ]"],
  ["AOL webmail", `from 198.51.100.244 by FWM-M18.sysops.aol.com (64.12.168.82) with HTTP (WebMailUI); ${D}`, "[ ip=198.51.100.244 rdns= helo= by=FWM-M18.sysops.aol.com ident= envfrom= intl=1 id= auth=HTTP msa=0 ]"],
  ["Hotmail", `from 198.51.100.245 by by1fd.bay1.hotmail.msn.com with HTTP; ${D}`, "[ ip=198.51.100.245 rdns= helo= by=by1fd.bay1.hotmail.msn.com ident= envfrom= intl=1 id= auth=HTTP msa=0 ]"],
  ["Scalix", `from DPLAPTOP ( 198.51.100.246) by mail.example.com (Scalix SMTP Relay 10.0.1.3) via ESMTP; ${D}`, "[ ip=198.51.100.246 rdns= helo=DPLAPTOP by=mail.example.com ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["IronPort", `from ironport.example.com (198.51.100.247) by esa.example.net with ESMTP; ${D}`, "[ ip=198.51.100.247 rdns=ironport.example.com helo=ironport.example.com by=esa.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["United Internet, via HTTP", `from [198.51.100.248] by 3c-app-mailcom-bs01.example.net (via HTTP); ${D}`, "[ ip=198.51.100.248 rdns= helo= by=3c-app-mailcom-bs01.example.net ident= envfrom= intl=1 id= auth=HTTP msa=0 ]"],
  ["LMTP with LHLO", `from backend.example.com (LHLO backend.example.com) (10.2.2.20) by backend.example.com with LMTP; ${D}`, "[ ip=10.2.2.20 rdns=backend.example.com helo=backend.example.com by=backend.example.com ident= envfrom= intl=1 id= auth= msa=0 ]"],
  ["Cyrus, unix socket", `from mx.example.net ([unix socket]) by mx.example.net (Cyrus v2.3.14) with LMTPA; ${D}`, "skipped"],
  ["OpenSMTPD, local", `from localhost (mx.example.net [local]) by mx.example.net (OpenSMTPD) with ESMTPA id 5db34e0d for <bob@example.net>; ${D}`, "skipped"],
  ["SendGrid", `from MjA3NDc4Mg (unknown) by ismtpd0001p1lon1.sendgrid.net (SG) with HTTP id aqHKNX2kSp for <bob@example.net>; ${D}`, "skipped"],
  ["GroupWise", `from GWGC6-MTA by gw.example.org with Novell_GroupWise; ${D}`, "skipped"],
  ["Raptor firewall", `from no.name.available by [192.0.2.9] via smtpd (for mx.example.net [198.51.100.1]) with ESMTP; ${D}`, "skipped"],
  ["no IP literal", `from mx.example.org by relay.example.net ; ${D}`, "skipped"],
  ["bare IP literal", `from [198.51.100.252] by relay.example.net; ${D}`, "[ ip=198.51.100.252 rdns= helo=!198.51.100.252! by=relay.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["mixed-case From", `From host.example ([198.51.100.251]) by mx.example.net with SMTP; ${D}`, "[ ip=198.51.100.251 rdns= helo= by=mx.example.net ident= envfrom= intl=0 id= auth= msa=0 ]"],
  ["no by", `from host.example.com (host.example.com [198.51.100.254]); ${D}`, "unparseable"],
  ["localhost loop", `from localhost (localhost [127.0.0.1]) by mx.example.net (Postfix) with ESMTP id 136B943C32 for <bob@localhost>; ${D}`, "[ ip=127.0.0.1 rdns=localhost helo=localhost by=mx.example.net ident= envfrom= intl=1 id=136B943C32 auth= msa=0 ]"],
  ["ident at localhost", `from raptor.example.com (bala@localhost) by raptor.example.com (SGI-8.9.3/8.8.7) with ESMTP id KAA14788; ${D}`, "skipped"],
];

describe('SpamAssassin reads the Received header of', () => {
  it.each(byMta)('%s', (_mta, line, expected) => {
    expect(saVerdict(line)).toBe(expected);
  });
});
