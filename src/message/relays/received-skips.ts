/**
 * Handovers SA deliberately ignores (`return 0` in `parse_received_line`): local submissions,
 * localhost loops, list software, and MTAs that log too little to use. An ignored header is not
 * "unparseable", so it does not stop ALL_TRUSTED from firing.
 *
 * Two tables: {@link FROM_SKIPS} runs on `from …` lines after every relay format has failed;
 * {@link PAREN_FROM_FORMATS} handles the rarer `(from …)` lines.
 */

import { IP_ADDRESS as IP, LOCALHOST } from './ip-patterns.js';
import { rx } from './perl-regex.js';
import type { ReceivedFormat } from './received-format.js';

// `\S+\@\S+` over one space-delimited token means "an @ neither first nor last"; SA's spelling
// backtracks quadratically on a token full of '@', `\S[^\s\@]*\@\S+` says the same linearly.
const skip = (name: string, pattern: RegExp): ReceivedFormat => ({ name, pattern, outcome: 'skip' });

/** Ignored `from …` shapes, in SA's order ("from " already removed). */
export const FROM_SKIPS: readonly ReceivedFormat[] = [
  // from raptor.research.att.com (bala@localhost) by raptor.research.att.com (SGI-8.9.3/8.8.7)
  skip('ident-at-localhost', rx`^\S+ \([^\s\@]+\@${LOCALHOST}\) by \S+ \(`),
  // from paul (helo=felix) by felix.peema.org with local-esmtp (Exim 4.43): Exim -oMr
  skip('exim-local-esmtp', rx`^\S+ \S+ by \S+ with local-e?smtp `),
  // from 127.0.0.1 (AVG SMTP 7.0.299 [265.6.8])
  skip('avg', rx`^127\.0\.0\.1 \(AVG SMTP \S+ \[\S+\]\)`),
  // from qmail-scanner-general-admin@lists.sourceforge.net by alpha by uid 7791 with qmail-scanner-1.14
  skip('by-uid', rx`^\S[^\s\@]*\@\S+ by \S+ by uid \S+ `),
  // from DSmith1204@aol.com by imo-m09.mx.aol.com (mail_out_v34.13.)
  skip('address-by', rx`^\S[^\s\@]*\@\S+ by \S+ `),
  // from Unknown/Local ([?.?.?.?]) by mailcity.com
  skip('unknown-local', /^Unknown\/Local \(/),
  // from localhost (mailnull@localhost) by x.org (8.12.6/8.9.3)
  skip('localhost-loop', rx`^${LOCALHOST} \((?:\S+\@)?${LOCALHOST}[\)\[]`),
  // from olgisoft.com (127.0.0.1) by 127.0.0.1 (EzMTS MTSSmtp 1.55d5)
  skip('from-localhost', rx`^\S+ \((?:\S+\@)?${LOCALHOST}\) `),
  // from casper.ghostscript.com (raph@casper [127.0.0.1]) h148aux8016336verify=FAIL)
  skip('ident-localhost-ip', rx`^\S+ \(\S[^\s\@]*\@\S+ \[${LOCALHOST}\]\) `),
  // from (AUTH: e40a9cea) by vqx.net with esmtp (courier-0.40)
  skip('courier-auth-only', rx`^\(AUTH: \S+\) by \S+ with `),
  // from localhost (localhost [[UNIX: localhost]]) by home.barryodonovan.com (8.12.11/8.12.11/Submit)
  skip('unix-socket', /^localhost \(localhost \[\[UNIX: localhost\]\]\) by /),
  // from dc-mail-3102.iad3.amazon.com by mail-store-2001.amazon.com with ESMTP (peer crosscheck: …)
  skip('amazon-internal', rx`^\S+\.amazon\.com by \S+\.amazon\.com with ESMTP \(peer crosscheck: `),
  // from GWGC6-MTA by gc6.jefferson.co.us with Novell_GroupWise
  skip('groupwise', rx`^[^\.]+ by \S+ with Novell_GroupWise`),
  // from no.name.available by [165.224.43.143] via smtpd (for [165.224.216.89]) with ESMTP — Raptor firewall
  skip('raptor-noname', rx`^no\.name\.available by \S+ via smtpd \(for `),
  {
    // from 156.56.111.196 by blazing.x.org (envelope-from <…>, uid 502) with qmail-scanner-1.24 (…)
    // Repeats the previous handover; its envelope sender goes to the next (older) relay.
    name: 'qmail-scanner',
    pattern: rx`^\S+ by \S+ \(.{0,100}\) with qmail-scanner`,
    outcome: 'qmail-scanner',
  },
  // from mmail by argon.connect.org.uk with local (connectmail/exim)
  skip('with-local', rx`^\S+ by \S+ with local`),
  // from testintranator.net.vm ([unix socket]) by testintranator.net.vm (Cyrus v2.3.14) with LMTPA
  skip('cyrus-socket', rx`^\S+ \(\[unix socket\]\) by \S+ \(Cyrus v[0-9]*?\.[0-9]*?\.[0-9]*?\) with LMTPA`),
  // No IP logged at all: from CATHY.IJS.SI by CATHY.IJS.SI (PMDF V4.3-10 #8779) id <…>
  skip('no-ip-by', rx`^\S+ by \S+ (?:with|via|for|\()`),
  // from senmail2.senate.gov with LMTP by senmail2 (3.0.2/sieved-3-0-build-942)
  skip('no-ip-with-by', rx`^\S+ (?:(?:with|via|for) \S+|\(unverified\)) by\b`),
  // from MjA3NDc4Mg (unknown) by ismtpd0001p1lon1.sendgrid.net (SG) with HTTP
  skip('sendgrid', rx`^\S+ \(unknown\) by \S+ \(SG\) with \b`),
  // from localhost (example.com [local]) by example.com (OpenSMTPD) with ESMTPA
  skip('opensmtpd-local', rx`^\S+ \(\S+ \[local\]\) by \S+ \(OpenSMTPD\) with \b`),
  // from DL1GSPMX02 (dl1gspmx02.gamestop.com) by email.ebgames.com (LSMTP for Windows NT v1.1b)
  skip('lsmtp', /\(LSMTP for/),
  // from ([127.0.0.1]) with MailEnable ESMTP
  skip('mailenable-local', rx`^\(\[${LOCALHOST}\]\) with MailEnable `),
  // from facebook.com (… 2401:db00:…) by facebook.com with Thrift id 4237…
  skip('facebook-thrift', rx`^facebook\.com \([^\)]+\) by facebook\.com with Thrift id \S+$`),
  // from 384836569573 named unknown by gmailapi.google.com with HTTPREST
  skip('gmail-api', rx`^\S+ named \S+ by gmailapi\.google\.com with HTTPREST$`),
  // from mail.payex.com id <B5b8f11e30004>
  skip('from-id-only', rx`^\S+ id \S+$`),
  // from [<4124973-137966-3089@be2.maropost.com>] (… helo=maropost.com) by 643852-mailer2 (… (Jetsend MTA 0.0.1
  skip('jetsend', /^\[<.*? \(Jetsend/),
];

/** `(from …)` lines ("(from " already removed): Norton AntiVirus gateway, sendmail -t, jqueuemail. */
export const PAREN_FROM_FORMATS: readonly ReceivedFormat[] = [
  {
    // (from localhost [24.180.47.240]) by host.name (NAVGW 2.5.2.12) with SMTP id M2006060503484615455
    name: 'navgw',
    pattern: rx`^(\S*) \[(${IP})\]\) by (\S+) \(NAVGW .*?\) with `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  // (from username@localhost) by home.example.com (8.12.11/8.12.11/Submit): sendmail -t
  skip('sendmail-submit', rx`^\S+\@localhost\) by \S+ `),
  // (from vashugins@juno.com) by m06.lax.untd.com (jqueuemail) id LRVB3JAJ
  skip('jqueuemail', rx`^[^\s\@]+\@[^)]+\) by \S+\(jqueuemail\) id [^\s;]+`),
];
