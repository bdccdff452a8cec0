/**
 * The general `from …` formats, second half: the fetchmail/getmail marker, loose qmail shapes,
 * smap, obtuse smtpd, CommuniGate, MailGate, F-Secure, Yahoo and the synthetic
 * `X-Originating-IP` relay — `parse_received_line` from the POP3/IMAP check down to the list
 * of handovers it ignores. SA's order.
 */

import { IP_ADDRESS as IP } from './ip-patterns.js';
import { rx } from './perl-regex.js';
import { perlTrue } from '../../perl/truth.js';
import { takeHeloIdent, type ReceivedFormat } from './received-format.js';

/** Formats from SA's fetch-marker check to the synthetic originating-IP line, in order. */
export const RARE_FORMATS: readonly ReceivedFormat[] = [
  {
    // fetchmail: from cabbage.x.org [127.0.0.1] by localhost with IMAP (fetchmail-5.9.0)
    // getmail:   from pop3.mail.dk (195.41.46.251) by loki.valhalla with POP3
    name: 'mail-fetcher',
    pattern: /with (?:POP3|IMAP)/,
    outcome: 'fetcher',
  },
  {
    // from unknown (HELO feux01a-isp) (213.199.4.210) by totor.bouissou.net with SMTP
    name: 'qmail-helo-loose',
    pattern: rx`^(\S+) \((?:HELO|EHLO) ([^\)]*)\) \((\S*@)?\[?(${IP})\]?\).* by (\S+) `,
    take: { rdns: 1, helo: 2, ident: 3, ip: 4, by: 5 },
    dns: true,
    then: (_m, s) => {
      if (perlTrue(s.ident)) s.ident = s.ident.replace(/@$/, '');
    },
  },
  {
    // from x1-6-00-04-bd-d2-e0-a3.k317.webspeed.dk (benelli@80.167.158.170) by totor.x.net with SMTP
    // qmail drops the HELO when it equals the rDNS (bug 2744).
    name: 'qmail-loose',
    pattern: rx`^(\S+) \((\S*@)?\[?(${IP})\]?\).* by (\S+) `,
    take: { rdns: 1, helo: 1, ident: 2, ip: 3, by: 4 },
    dns: true,
    then: (_m, s) => {
      if (perlTrue(s.ident)) s.ident = s.ident.replace(/@$/, '');
    },
  },
  {
    // from [129.24.215.125] by ws1-7.us4.outblaze.com with http for _bushisevil_@mail.com
    name: 'outblaze',
    when: / with http for /,
    pattern: rx`^\[(${IP})\] by (\S+) with http for `,
    take: { ip: 1, by: 2 },
  },
  {
    // from snake.corp.yahoo.com(216.145.52.229) by x.x.org via smap (V1.3)
    name: 'smap',
    when: / via smap /,
    pattern: rx`^(\S+)\((${IP})\) by (\S+) via smap `,
    take: { rdns: 1, ip: 2, by: 3 },
    dns: true,
  },
  {
    // from smtp.greyware.com(208.14.208.51, HELO smtp.sff.net) by x.x.org via smap (V1.3)
    name: 'smap-helo',
    pattern: rx`^(\S+)\((${IP}), (?:HELO|EHLO) (\S*)\) by (\S+) via smap `,
    take: { rdns: 1, ip: 2, helo: 3, by: 4 },
    dns: true,
  },
  {
    // from [192.168.0.71] by web01-nyc.clicvu.com (Post.Office MTA v3.5.3 …) with SMTP
    name: 'post-office',
    when: / \(Post/,
    pattern: rx`^\[(${IP})\] by (\S+) \(Post`,
    take: { ip: 1, by: 2 },
  },
  {
    // from [127.0.0.1] by euphoria (ArGoSoft Mail Server Freeware, Version 1.8 (1.8.2.5))
    name: 'argosoft',
    when: / \(ArGoSoft/,
    pattern: rx`^\[(${IP})\] by (\S+) \(ArGoSoft`,
    take: { ip: 1, by: 2 },
  },
  {
    // from 157.54.8.23 by inet-vrs-05.x.com (InterScan E-Mail VirusWall NT)
    // from 10.165.130.62 by CNNIMAIL12.CNN.COM (SMTPL release 1.0d) with TCP
    name: 'interscan-smtpl',
    pattern: rx`^(${IP}) by (\S+) \((?:SMTPL|InterScan)\b`,
    take: { ip: 1, by: 2 },
  },
  {
    // from faerber.muc.de by slarti.muc.de with BSMTP — batch SMTP is no TCP/IP handover
    name: 'bsmtp',
    when: / with BSMTP/,
    pattern: rx`^\S+ by \S+ with BSMTP`,
    outcome: 'skip',
  },
  {
    // from spike (spike.ig.co.uk [193.32.60.32]) by mail.ig.co.uk with SMTP id h27CrCD03362
    name: 'helo-rdns-ip-with',
    pattern: rx`^(\S+) \((\S+) \[(${IP})\]\) by (\S+) with `,
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
  },
  {
    // from customer254-217.x.net (HELO AGAMENON) (baldusi@200.69.254.217 with plain) by smtp.mail.vip.sc5.yahoo.com with SMTP
    name: 'yahoo-qmail',
    pattern: rx`^(\S+) \((?:HELO|EHLO) (\S*)\) \((?:(\S+)\@)?(${IP}).*?\) by (\S+) with `,
    take: { rdns: 1, helo: 2, ip: 4, by: 5 },
    dns: true,
    then: (m, s) => {
      if (m[3] !== undefined) s.ident = m[3];
    },
  },
  {
    // from [192.168.1.104] (account nazgul HELO [192.168.1.104]) by somewhere.com (CommuniGate Pro SMTP 3.5.7)
    name: 'communigate-account',
    pattern: rx`^\[(${IP})\] \((?:account \S+ )?(?:HELO|EHLO) (\S*)\) by (\S+) \(`,
    take: { ip: 1, helo: 2, by: 3 },
  },
  {
    // from host.example.com ([192.0.2.1] verified) by mail.example.net (CommuniGate Pro SMTP 5.1.13)
    name: 'communigate-verified',
    when: / \(CommuniGate Pro/,
    pattern: rx`^(\S+) \(\[(${IP})\] verified\) by (\S+) \(`,
    take: { rdns: 1, helo: 1, ip: 2, by: 3 },
    dns: true,
  },
  {
    // from ([10.0.0.6]) by mail0.ciphertrust.com with ESMTP
    name: 'ciphertrust',
    pattern: rx`^\(\[(${IP})\]\) by (\S+) with `,
    take: { ip: 1, by: 2 },
  },
  {
    // from ironport.com (10.1.1.5) by a50.ironport.com with ESMTP
    name: 'ironport',
    pattern: rx`^([^\d]\S+) \((${IP})\) by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // from scv3.apple.com (scv3.apple.com) by mailgate2.apple.com (Content Technologies SMTPRS 4.2.1) — no IP (bug 4704)
    name: 'content-technologies',
    pattern: rx`^\S+ \(\S+\) by \S+ \(Content Technologies `,
    outcome: 'skip',
  },
  {
    // from 01al10015010057.ad.bls.com ([90.152.5.141] [90.152.5.141]) by aismtp3g.bls.com with ESMTP
    name: 'double-bracket-ip',
    pattern: rx`^(\S+) \(\[(${IP})\] \[(\S+)\]\) by (\S+) with `,
    take: { helo: 1, ip: 2, by: 4 },
  },
  {
    // from 206.47.0.153 by dm3cn8.bell.ca with ESMTP (Tumbleweed MMS SMTP Relay (MMS v5.0))
    name: 'tumbleweed',
    pattern: rx`^(${IP}) by (\S+) with `,
    take: { ip: 1, by: 2 },
  },
  {
    // from pobox.com (h005018086b3b.ne.client2.attbi.com[66.31.45.164]) by rwcrmhc53.attbi.com (rwcrmhc53)
    name: 'rdns-glued-ip',
    pattern: rx`^(\S+) \((\S+)\[(${IP})\]\) by (\S+) `,
    take: { helo: 1, rdns: 2, ip: 3, by: 4 },
    dns: true,
  },
  {
    // from [10.128.128.81]:50999 (HELO dfintra.f-secure.com) by fsav4im2 ([10.128.128.74]:25) (F-Secure …)
    name: 'f-secure',
    pattern: rx`^\[(${IP})\]\S+ \((?:HELO|EHLO) (\S*)\) by (\S+) `,
    take: { ip: 1, helo: 2, by: 3 },
  },
  {
    // from 62.180.7.250 (HELO daisy) by smtp.altavista.de (209.228.22.152) with SMTP
    name: 'ip-helo',
    pattern: rx`^(${IP}) \((?:HELO|EHLO) (\S*)\) by (\S+) `,
    take: { ip: 1, helo: 2, by: 3 },
  },
  {
    // from oemcomputer [63.232.189.195] by highstream.net (SMTPD32-7.07) id A4CE7F2A0028
    name: 'smtpd32',
    pattern: rx`^(\S+) \[(${IP})\] by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // from nodnsquery(192.100.64.12) by herbivore.monmouth.edu via csmap (V4.1)
    name: 'csmap',
    pattern: rx`^(\S+)\((${IP})\) by (\S+) `,
    take: { rdns: 1, ip: 2, by: 3 },
  },
  {
    // from [192.168.0.13] by <server> (MailGate 3.5.172) with SMTP
    name: 'mailgate',
    pattern: rx`^\[(${IP})\] by (\S+) \(MailGate `,
    take: { ip: 1, by: 2 },
  },
  {
    // from jmason.org (unverified [195.218.107.131]) by ni-mail1.dna.utvinternet.net <B0014212518@…>
    name: 'unverified',
    pattern: rx`^(\S+) \(unverified \[(${IP})\]\) by (\S+) `,
    take: { helo: 1, ip: 2, by: 3 },
  },
  {
    // from 165.228.131.11 (SquirrelMail authenticated user jmmail) by jmason.org with HTTP
    name: 'ip-comment',
    pattern: rx`^(${IP}) \([A-Za-z][^\)]+\) by (\S+) with `,
    take: { ip: 1, by: 2 },
  },
  {
    // from [212.87.144.30] (account seiz [212.87.144.30] verified) by x.imd.net (CommuniGate Pro SMTP 4.0.3)
    // from [206.51.230.145] (helo=t-online.de) by mxeu2.kundenserver.de with ESMTP (Nemesis)
    name: 'bracket-ip-comment',
    pattern: rx`^\[(${IP})\] \(([^\)]+)\) by (\S+) `,
    take: { ip: 1, by: 3 },
    then: (m, s) => takeHeloIdent(m[2]!, s),
  },
  {
    // from mtsbp606.email-info.net (?dXqpg3b0hiH9faI2OxLT94P/YKDD3rQ1?@64.253.199.166) by kde.x.de with SMTP
    name: 'ident-ip',
    pattern: rx`^(\S+) \((?:\S+\@)?(${IP})\) by (\S+) with `,
    take: { rdns: 1, ip: 2, by: 3 },
  },
  {
    // obtuse smtpd: from pl027.x.ne.jp(61.197.82.27), claiming to be "foo.woas.net" via SMTP by st.x.at, id smtpd1PBsZT
    name: 'obtuse',
    pattern: rx`^(\S+)\((${IP})\)(?:, claiming to be "(\S+)")? via \S+ by (\S+),`,
    take: { rdns: 1, ip: 2, helo: 3, by: 4 },
    then: (m, s) => {
      if (m[1] !== 'UNKNOWN') s.lookedUpDns = true;
    },
  },
  {
    // Yahoo authenticated SMTP (bug 6535): from itrqtnlnq (lucilleskinner@93.124.107.183 with login) by smtp111.mail.ne1.yahoo.com with SMTP
    name: 'yahoo-login',
    pattern: rx`^(\S+) \((\S+)@(${IP}) with login\) by (\S+\.yahoo\.com) with SMTP`,
    take: { helo: 1, ip: 3, by: 4 },
  },
  {
    // The synthetic line built from an originating_ip_headers value: "from X-Originating-IP: 1.2.3.4"
    name: 'x-originating-ip',
    pattern: rx`^X-Originating-IP: (${IP})$`,
    take: { ip: 1 },
    then: (_m, s) => {
      s.by = '';
    },
  },
];
