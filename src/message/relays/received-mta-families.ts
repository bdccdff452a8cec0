/**
 * The first formats SA tries on a `from …` line: webmail preludes (SquirrelMail, AOL) and the
 * `elsif` chain of MTA families recognised by a product marker (Microsoft SMTPSVC, Exchange,
 * XMail, ecelerity, Exim, Postfix, Scalix, Lotus Domino) — `parse_received_line` up to the
 * `with HTTP` check. Lines arrive squeezed, date removed, leading `from ` removed.
 */

import { IP_ADDRESS as IP } from './ip-patterns.js';
import { rx } from './perl-regex.js';
import { takeHeloIdent, type LineState, type MtaFamily, type ReceivedFormat, type FormatOutcome } from './received-format.js';

const XMAIL_ID = rx` id <(\S+)>`;
const XMAIL_FROM = rx` from <(\S+)>`;

/** Tried before the family chain, each on its own (SA uses plain `if`s here). */
export const WEBMAIL_PRELUDE: readonly ReceivedFormat[] = [
  {
    // from 142.169.110.122 (SquirrelMail authenticated user synapse) by mail.x.org with HTTP
    name: 'squirrelmail',
    when: / \((?:SquirrelMail|NaSMail) authenticated user /,
    pattern: rx`(${IP})\b(?![.-]).{10,80}by (\S+) with HTTP`,
    take: { ip: 1, by: 2 },
  },
  {
    // from 82.135.198.129 by FWM-M18.sysops.aol.com (64.12.168.82) with HTTP (WebMailUI)
    name: 'aol-webmail',
    when: [/aol\.com/, /with HTTP \(WebMailUI\)/],
    pattern: rx`(${IP}) by (\S+) \(${IP}\) with HTTP \(WebMailUI\)`,
    take: { ip: 1, by: 2 },
  },
];

const EXIM_GUESS_RDNS = rx`^(\S+) `;
const EXIM_GUESS_HELO = rx` \((\S+)\) `;
const EXIM_GUESS_IP = rx` \[(${IP})(?:\.\d+)?\] `;
const EXIM_GUESS_BY = rx`by (\S+) `;

/** Exim's last resort: pick up whatever bits are there; they stay set even without a match. */
function eximGuesswork(line: string, s: LineState): FormatOutcome | undefined {
  const rdns = EXIM_GUESS_RDNS.exec(line);
  if (rdns) s.rdns = rdns[1]!; // SA assumes rDNS here, not HELO
  const helo = EXIM_GUESS_HELO.exec(line);
  if (helo) s.helo = helo[1]!;
  const ip = EXIM_GUESS_IP.exec(line);
  if (ip) s.ip = ip[1]!;
  const by = EXIM_GUESS_BY.exec(line);
  if (by) {
    s.by = by[1]!;
    if (s.ip) return 'relay'; // "by" and an IP are enough for most uses
  }
  return undefined; // probably forged; fall through to the general formats
}

/** SA's `elsif` chain: only the first family whose marker matches is tried. */
export const MTA_FAMILIES: readonly MtaFamily[] = [
  {
    name: 'Microsoft SMTPSVC',
    when: / SMTPSVC/,
    formats: [
      {
        // from tthompson ([217.35.105.172] unverified) by mail.x.com with Microsoft SMTPSVC(5.0.2195.5329)
        // MS servers in this format do not look up rDNS.
        name: 'smtpsvc',
        pattern: rx`^(\S*) \(\[(${IP})\][^\)]{0,40}\) by (\S+) with Microsoft SMTPSVC`,
        take: { helo: 1, ip: 2, by: 3 },
      },
      {
        // from mail pickup service by mail1.x.com with Microsoft SMTPSVC
        name: 'smtpsvc-pickup',
        pattern: rx`^mail pickup service by (\S+) with Microsoft SMTPSVC$`,
        outcome: 'skip',
      },
    ],
  },
  {
    name: 'Microsoft SMTP Server',
    when: / with (?:Microsoft SMTP Server|mapi id) (?:\([^)]+\) )?\d+\.\d+\.\d+\.\d+(?:$| )/,
    formats: [
      {
        // from EXC-DAG-02.global.net (10.45.252.152) by EXC-DAG-02.global.net (10.45.252.152)
        //   with Microsoft SMTP Server (version=TLS1_2, cipher=…) id 15.1.1261.35
        // The "id" there is the server version, so SA clears it.
        name: 'exchange',
        pattern: rx`^(\S+) \(\[?(${IP})(?:%[A-Z0-9._~-]*)?\]?\) by (\S+) `,
        take: { helo: 1, ip: 2, by: 3 },
        then: (_m, s) => {
          s.id = '';
        },
      },
    ],
  },
  {
    name: 'XMail',
    when: /\[XMail /,
    formats: [
      {
        // from list.x.com (63.146.189.86:23198) by mx1.x.net with [XMail 1.20 ESMTP Server] id <S72E> for <a@b> from <c@d>
        name: 'xmail',
        pattern: rx`^(\S+) \((\[?${IP}\]?)(?::\d+)\) by (\S+)(?: \(\S+\))? with \[XMail`,
        take: { helo: 1, ip: 2, by: 3 },
        then: (m, s) => {
          const id = XMAIL_ID.exec(m.input);
          if (id) s.id = id[1]!;
          const envfrom = XMAIL_FROM.exec(m.input);
          if (envfrom) s.envfrom = envfrom[1]!;
        },
      },
    ],
  },
  {
    name: 'ecelerity',
    when: /\(ecelerity\b/,
    formats: [
      {
        // from ([192.168.1.151:49601] helo=dev1.x.org) by m12.x.com (ecelerity 2.1.1.3 r(11743)) with ESMTP
        name: 'ecelerity-helo',
        pattern: rx`^\(\[(${IP}):\d+\] helo=(\S+)\) by (\S+) `,
        take: { ip: 1, helo: 2, by: 3 },
      },
      {
        // from ([10.225.209.19:33672]) by ecelerity-va-1 (ecelerity HEAD) with SMTP
        name: 'ecelerity',
        pattern: rx`^\S+ \(\[(${IP}):\d+\]\) by (\S+) `,
        take: { ip: 1, by: 2 },
      },
    ],
  },
  {
    name: 'Exim',
    when: /Exim/,
    formats: [
      {
        // from andrew by trinity.x.net with local (Exim 4.12): local submission
        name: 'exim-local',
        pattern: rx`\bwith local(?:-\S+)? `,
        outcome: 'skip',
      },
      {
        // from [61.174.163.26] (helo=host) by x.sourceforge.net with smtp (Exim 3.31-VA-mm2 #1 (Debian))
        name: 'exim-bare-ip',
        pattern: rx`^\[(${IP})\] \((.*?)\) by (\S+) `,
        take: { ip: 1, by: 3 },
        then: (m, s) => takeHeloIdent(m[2]!, s),
      },
      {
        // from dsl.x.net ([66.92.72.213] helo=blazing.x.org) by x.net with esmtp (Exim 3.31)
        // HELO defaults to the rDNS (bug 5112).
        name: 'exim',
        pattern: rx`^(\S+) \(\[(${IP})\](.*?)\) by (\S+) `,
        take: { rdns: 1, helo: 1, ip: 2, by: 4 },
        then: (m, s) => takeHeloIdent(m[3]!, s),
      },
      {
        // from boggle.ihug.co.nz [203.109.252.209] by grunt6.ihug.co.nz with esmtp (Exim 3.35 #1 (Debian))
        name: 'exim-unbracketed',
        pattern: rx`^(\S+) \[(${IP})\](:\d+)? by (\S+) `,
        take: { rdns: 1, helo: 1, ip: 2, by: 4 },
      },
    ],
    fallback: eximGuesswork,
  },
  {
    name: 'Postfix',
    when: / \(Postfix\) with/,
    formats: [
      {
        // from localhost (unknown [127.0.0.1]) by cabbage.x.org (Postfix) with ESMTP id A96E18BD97
        name: 'postfix',
        pattern: rx`^(\S+) \((\S+) \[(${IP})\]\) by (\S+) `,
        take: { helo: 1, rdns: 2, ip: 3, by: 4 },
        dns: true,
        then: clearUnknownRdns,
      },
      {
        // from 207.8.214.3 (unknown[211.94.164.65]) by puzzle.pobox.com (Postfix) with SMTP
        name: 'postfix-pobox',
        pattern: rx`^(\S+) \((\S+)\[(${IP})\]\) by (\S+) `,
        take: { helo: 1, rdns: 2, ip: 3, by: 4 },
        dns: true,
        then: clearUnknownRdns,
      },
    ],
  },
  {
    name: 'Scalix',
    when: /\(Scalix SMTP Relay/,
    formats: [
      {
        // from DPLAPTOP ( 72.242.176.162) by mail.x.com (Scalix SMTP Relay 10.0.1.3) via ESMTP
        name: 'scalix',
        pattern: rx`^(\S+) \( ?(${IP})\) by (\S+)`,
        take: { helo: 1, ip: 2, by: 3 },
      },
    ],
  },
  {
    name: 'Lotus Domino',
    when: / \(Lotus Domino /,
    formats: [
      {
        // Domino never records the rDNS (bug 5926).
        name: 'domino',
        pattern: rx`^(\S+) \(\[(${IP})\]\) by (\S+) \(Lotus`,
        take: { helo: 1, ip: 2, by: 3 },
        dns: false,
      },
    ],
  },
];

function clearUnknownRdns(_m: RegExpExecArray, s: LineState): void {
  if (s.rdns === 'unknown') s.rdns = '';
}
