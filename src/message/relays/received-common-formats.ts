/**
 * The general `from …` formats SA tries after the MTA families, first half: sendmail and its
 * look-alikes, qpsmtpd, qmail and the bracketed-IP shapes — `parse_received_line` from the
 * `with HTTP` check down to the fetchmail marker. Order matters: it is SA's order, and an
 * earlier, looser pattern deliberately shadows later ones.
 */

import { IP_ADDRESS as IP } from './ip-patterns.js';
import { rx } from './perl-regex.js';
import { hasInnerChar, qmailProtocolTail } from './linear-matchers.js';
import type { LineState, ReceivedFormat } from './received-format.js';

const QMAIL_WITH_HELO_IDENT = rx`^(\S+) \((?:HELO|EHLO) ([^ \(\)]*)\) \((\S*)\@\[?(${IP})\]?\)( \(envelope-sender <\S+>\))? by (\S+)`;
const QMAIL_WITH_HELO = rx`^(\S+) \((?:HELO|EHLO) ([^ \(\)]*)\) \(\[?(${IP})\]?\)( \(envelope-sender <\S+>\))? by (\S+)`;
const QMAIL_WITH_IDENT = rx`^(\S+) \((\S*)\@\[?(${IP})\]?\)( \(envelope-sender <\S+>\))? by (\S+)`;
const QMAIL_PLAIN = rx`^(\S+) \(\[?(${IP})\]?\)( \(envelope-sender <\S+>\))? by (\S+)`;
const HOTMAIL_IP = rx`^(${IP}) `;

/**
 * qmail and its patches: rDNS (or `unknown`), HELO only when it differs, optional ident, IP in
 * parentheses. qmail never does its own lookup; a name other than `unknown` came from
 * tcpserver, so SA counts it as looked up.
 */
function qmailFields(m: RegExpExecArray, s: LineState): void {
  const line = m.input;
  let q: RegExpExecArray | null;
  if ((q = QMAIL_WITH_HELO_IDENT.exec(line))) {
    [s.rdns, s.helo, s.ident, s.ip, s.by] = [q[1]!, q[2]!, q[3]!, q[4]!, q[6]!];
  } else if ((q = QMAIL_WITH_HELO.exec(line))) {
    [s.rdns, s.helo, s.ip, s.by] = [q[1]!, q[2]!, q[3]!, q[5]!];
  } else if ((q = QMAIL_WITH_IDENT.exec(line))) {
    [s.helo, s.rdns, s.ident, s.ip, s.by] = [q[1]!, q[1]!, q[2]!, q[3]!, q[5]!];
  } else if ((q = QMAIL_PLAIN.exec(line))) {
    [s.helo, s.rdns, s.ip, s.by] = [q[1]!, q[1]!, q[2]!, q[4]!];
  }
  if (s.rdns !== 'unknown') s.lookedUpDns = true;
  else s.rdns = '';
}

/** Formats from SA's `with HTTP` check to the fetchmail marker, in order. */
export const COMMON_FORMATS: readonly ReceivedFormat[] = [
  {
    // from 217.137.58.28 ([217.137.58.28]) by webmail.ukonline.net (IMP) with HTTP — fake numeric HELO
    name: 'imp-http',
    when: /\bwith HTTP\b/,
    pattern: rx`^(${IP}) \(\[${IP}\]\) by (\S+)`,
    take: { ip: 1, by: 2 },
  },
  {
    // sendmail: from mail1.x.com (host66.x.com [65.217.159.66] (may be forged)) by dogma.x.org (8.11.6/8.11.6)
    //           from ran-out.x.com (IDENT:qmailr@one.x.com [64.81.84.115]) by …
    // Skipped for qmail-ldap, whose headers would be misread as sendmail's.
    name: 'sendmail',
    unless: rx` by \S+ \(qmail-\S+\) with `,
    pattern: rx`^(\S+) \((\S+) \[(${IP})\].*\) by (\S+) \(`,
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
    then: (_m, s) => {
      // remove IDENT lookups from the rDNS
      let ident = /^IDENT:([^@]*)@/.exec(s.rdns);
      if (ident) {
        s.ident = ident[1]!;
        s.rdns = s.rdns.slice(ident[0].length);
      }
      ident = /^([^@]*)@/.exec(s.rdns);
      if (ident) {
        s.ident = ident[1]!;
        s.rdns = s.rdns.slice(ident[0].length);
      }
    },
  },
  {
    // from ns.x.co.kr (66.161.246.58 [66.161.246.58]) by mail.x.pe with SMTP (Microsoft Exchange Internet Mail Service 5.5)
    name: 'exchange-ims',
    pattern: rx`^(\S+) \((\S+) \[(${IP})\]\) by (\S+) with \S+ \(`,
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
  },
  {
    // from mail2.x.gov.uk ([51.64.35.18] helo=ahvfw.x.gov.uk) by mail4.x.gov.uk with smtp id 190K1R-0000me-00
    name: 'exim-like-helo',
    pattern: rx`^(\S+) \(\[(${IP})\] helo=(\S+)\) by (\S+) with `,
    take: { rdns: 1, ip: 2, helo: 3, by: 4 },
  },
  {
    // from 12-211-5-69.client.attbi.com (<unknown.domain>[12.211.5.69]) by rwcrmhc53.attbi.com (rwcrmhc53)
    name: 'attbi-unknown',
    pattern: rx`^(\S+) \(<unknown\S*>\[(${IP})\]\) by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // from attbi.com (h000502e08144.ne.client2.attbi.com[24.128.27.103]) by rwcrmhc53.attbi.com (rwcrmhc53)
    // SA writes the rDNS as `(\S+\.\S+)`, which backtracks quadratically over a long token. The
    // greedy `(\S+)` picks the same (last viable) '[' and the dot test is monotone in its length,
    // so this pattern plus `accept` is equivalent.
    name: 'attbi',
    pattern: rx`^(\S+) \((\S+)\[(${IP})\]\) by (\S+) `,
    accept: (m) => hasInnerChar(m[2]!, '.'),
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
  },
  {
    // from 4wtgRl (kgbxn@[211.244.147.115]) by dogma.x.org (8.11.6/8.11.6): looked up, none found
    name: 'sendmail-ident-noname',
    pattern: rx`^(\S+) \((\S*)\@\[(${IP})\].*\) by (\S+) \(`,
    take: { helo: 1, ident: 2, ip: 3, by: 4 },
    dns: true,
  },
  {
    // from 213.123.174.21 by lw11fd.law11.hotmail.msn.com with HTTP — enough even without an IP
    name: 'hotmail',
    pattern: rx`by (\S+\.hotmail\.msn\.com) `,
    take: { by: 1 },
    then: (m, s) => {
      const ip = HOTMAIL_IP.exec(m.input);
      if (ip) s.ip = ip[1]!;
    },
  },
  {
    // from x.webspeed.dk (HELO niels) (69.96.3.15) by la.mx.develooper.com (qpsmtpd/0.27-dev) with SMTP
    name: 'qpsmtpd',
    pattern: rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \((${IP})\) by (\S+) \(qpsmtpd\/\S+\) with (?:ESMTP|SMTP)`,
    take: { rdns: 1, helo: 2, ip: 3, by: 4 },
  },
  {
    // from mail-backend.x.com (LHLO mail-backend.x.com) (10.2.2.20) by mail-backend.x.com with LMTP
    name: 'lmtp-lhlo',
    pattern: rx`^(\S+) \(LHLO (\S*)\) \((${IP})\) by (\S+) with LMTP`,
    take: { rdns: 1, helo: 2, ip: 3, by: 4 },
  },
  {
    // from dslb-082-083-045-064.pools.arcor-ip.net (EHLO homepc) [82.83.45.64] by mail.gmx.net (mp010) with SMTP
    name: 'gmx',
    pattern: rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \[(${IP})\] by (\S+) \([^\)]+\) with (?:ESMTP|SMTP)`,
    take: { rdns: 1, helo: 2, ip: 3, by: 4 },
  },
  {
    // from imo-m01.mx.aol.com ([64.12.136.4]) by eagle.x.com via smtpd (for [198.85.87.98]) with SMTP
    name: 'raptor-smtpd',
    pattern: rx`^(\S+) \(\[(${IP})\]\) by (\S+) via smtpd \(for \S+\) with SMTP\(`,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // qmail: from postfix3-2.free.fr (HELO machine.domain.com) (foobar@213.228.0.169) by totor.x.net with SMTP
    // Not when " id " follows the protocol: that is sendmail (bug 4813). SA's tail after the
    // "by" host, `( \(.+\))* with (.* )?(SMTP|QMQP)(?! id )`, backtracks exponentially in a
    // regex engine without Perl's memoisation; it is decided in code by qmailProtocolTail.
    name: 'qmail',
    pattern: rx`^\S+(?: \((?:HELO|EHLO) \S*\))? \((?:\S+\@)?\[?${IP}\]?\)(?: \(envelope-sender <\S+>\))? by \S+`,
    accept: (m) => qmailProtocolTail(m.input, m.index + m[0].length),
    then: qmailFields,
  },
  {
    // from [193.220.176.134] by web40310.mail.yahoo.com via HTTP
    name: 'yahoo-webmail',
    when: / via HTTP$/,
    pattern: rx`^\[(${IP})\] by (\S+) via HTTP$`,
    take: { ip: 1, by: 2 },
  },
  {
    // from 192.168.5.158 ( [192.168.5.158]) as user jason@localhost by mail.reusch.net with HTTP
    name: 'space-bracket-ip',
    pattern: rx`^(\S+) \( \[(${IP})\]\).*? by (\S+) `,
    take: { ip: 2, by: 3 },
  },
  {
    // from (64.52.135.194 [64.52.135.194]) by mail.unearthed.com with ESMTP id BQB0hUH2
    name: 'paren-helo-ip',
    pattern: rx`^\((\S+) \[(${IP})\]\) by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // from [65.167.180.251] by relent.cedata.com (MessageWall 1.1.0) with SMTP
    name: 'bare-bracket-ip',
    pattern: rx`^\[(${IP})\] by (\S+) `,
    take: { ip: 1, by: 2 },
  },
  {
    // from ([172.16.1.78]) by email2.x.com with Microsoft SMTPSVC; from (130.215.36.186) by mcafee.wpi.edu via smtp
    name: 'paren-ip',
    pattern: rx`^\(\[?(${IP})\]?\) by (\S+) `,
    take: { ip: 1, by: 2 },
  },
  {
    // from acecomms [202.83.84.95] by mailscan.acenet.net.au [202.83.84.27] with SMTP (MDaemon.PRO.v5.0.6.R)
    name: 'mdaemon',
    pattern: rx`^(\S+) \[(${IP})\] by (\S+) \[${IP}\] with `,
    take: { helo: 1, ip: 2, by: 3 },
    dns: true,
  },
  {
    // from smtp510.aspkunden.de [(134.97.4.21)] by mail.aspemail.de (134.97.4.24) (MDaemon PRO v19.0.2)
    name: 'mdaemon-19',
    pattern: rx`^(\S+) \[\((${IP})\)\] by (\S+) \(${IP}\) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // sendmail without rDNS: from mail.sxptt.zj.cn ([218.0.185.24]) by dogma.x.org (8.11.6/8.11.6)
    name: 'sendmail-no-rdns',
    pattern: rx`^(\S+) \(\[(${IP})\]\) by (\S+) \(`,
    take: { helo: 1, ip: 2, by: 3 },
    dns: true,
  },
  {
    // from umr-mail7.umr.edu (umr-mail7.umr.edu [131.151.1.64]) via ESMTP by mrelay1.cc.umr.edu (8.12.1/)
    // from bushinternet.com (softdnserr [::ffff:61.99.99.67]) by mail.cs.helsinki.fi with esmtp
    // couriertcpd writes "softdnserr" when it could not look up (bug 2326).
    name: 'sendmail-loose',
    pattern: rx`^(\S+) \((\S+) \[(${IP})\]\).*? by (\S+)\b`,
    take: { helo: 1, ip: 3, by: 4 },
    then: (m, s) => {
      if (m[2] === 'softdnserr') s.lookedUpDns = false;
      else {
        s.lookedUpDns = true;
        s.rdns = m[2]!;
      }
    },
  },
  {
    // from jsoliday.acs.internap.com ([63.251.66.24.63559]) by mailhost.acs.internap.com with esmtp
    name: 'ip-with-port',
    pattern: rx`^(\S+) \(\[(${IP})(?:[.:]\d+)?\]\).*? by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
    dns: true,
  },
  {
    // from roissy (p573.x.eircom.net [159.134.226.61]) (authenticated bits=0) by slate.x.com (8.12.6/8.12.6)
    name: 'sendmail-authenticated',
    pattern: rx`^(\S+) \((\S+) \[(${IP})\]\)(?: \(authenticated bits=\d+\))? by (\S+) \(`,
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
  },
];
