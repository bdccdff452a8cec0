/**
 * DMARC check() cases with Perl SpamAssassin 4.0.1's answers (Mail::DMARC::PurePerl 1.20211209,
 * fed by SA's SPF and DKIM plugins).
 *
 * The `perl` fields were produced by `SA_AUTH_ORACLE=1 SA_AUTH_ORACLE_OUT=answers.json npx vitest
 * run test/plugins/spf/perl-oracle.test.ts` (see test/plugins/spf/cases.ts for what it does; the
 * oracle also points Mail::DMARC's own resolver at the test zone server).
 */
import type { Zone } from '../../support/dns-server.js';
import { msg, perlAnswer, type AuthCase } from '../spf/auth-case.js';
import { rcvd } from '../spf/cases.js';
import { keyRecord, seal, sign } from '../dkim/keys.js';

const DMARC_RULES = [
  'header DMARC_PASS eval:check_dmarc_pass()',
  'priority DMARC_PASS 500',
  'header DMARC_REJECT eval:check_dmarc_reject()',
  'priority DMARC_REJECT 500',
  'header DMARC_QUAR eval:check_dmarc_quarantine()',
  'priority DMARC_QUAR 500',
  'header DMARC_NONE eval:check_dmarc_none()',
  'priority DMARC_NONE 500',
  'header DMARC_MISSING eval:check_dmarc_missing()',
  'priority DMARC_MISSING 500',
];

/** DMARC with the SPF and DKIM rules it feeds on, as in the stock rules. */
export const DMARC_CF = [
  'trusted_networks 10.0.0.0/8',
  'header SPF_PASS eval:check_for_spf_pass()',
  'header SPF_HELO_PASS eval:check_for_spf_helo_pass()',
  'full DKIM_VALID eval:check_dkim_valid()',
  ...DMARC_RULES,
].join('\n');

/** DMARC with SPF rules only: Mail::DMARC gets no DKIM result at all. */
export const DMARC_SPF_ONLY_CF = ['trusted_networks 10.0.0.0/8', 'header SPF_PASS eval:check_for_spf_pass()', ...DMARC_RULES].join('\n');

/** DMARC alone: neither SPF nor DKIM ran, so nothing can align. */
export const DMARC_ALONE_CF = ['trusted_networks 10.0.0.0/8', ...DMARC_RULES].join('\n');

const DATE = 'Tue, 15 Jun 2021 10:00:00 +0000';

/** A message from `from` with envelope sender `envFrom`, relayed by 192.0.2.10 (HELO `helo`). */
const message = (from: string, envFrom: string, helo = 'mx.example.org') =>
  msg(
    `Return-Path: <${envFrom}>`,
    rcvd(helo),
    `From: Alice <${from}>`,
    'To: u@local',
    'Subject: dmarc',
    `Date: ${DATE}`,
    'Message-ID: <dmarc@example.com>',
    '',
    'Hello.',
  );

/**
 * example.com (A record, SPF allowing `spfIp`, DMARC `dmarc` unless undefined, DKIM key sel1 at
 * example.com and mail.example.com) and the HELO host mx.example.org.
 */
function zones(dmarc: string[] | undefined, spfIp = '198.51.100.1', extra: Zone['names'] = {}): Zone[] {
  return [
    {
      apex: 'example.com',
      names: {
        '@': { A: ['192.0.2.1'], TXT: [`v=spf1 ip4:${spfIp} -all`] },
        'sel1._domainkey': { TXT: [keyRecord('1024')] },
        mail: { A: ['192.0.2.2'], TXT: [`v=spf1 ip4:${spfIp} -all`] },
        'sel1._domainkey.mail': { TXT: [keyRecord('1024')] },
        ...(dmarc ? { _dmarc: { TXT: dmarc } } : {}),
        ...extra,
      },
    },
    { apex: 'example.org', names: { mx: { A: ['192.0.2.10'], TXT: ['v=spf1 a -all'] } } },
    { apex: 'example.net', names: { '@': { A: ['192.0.2.3'] }, 'arc._domainkey': { TXT: [keyRecord('1024')] } } },
  ];
}

const c = (name: string, cf: string, m: string, z: Zone[], local = false): AuthCase => ({
  name,
  cf,
  message: m,
  zones: z,
  perl: perlAnswer(name),
  ...(local ? { local } : {}),
});

/** The DMARC cases. */
export async function dmarcCases(): Promise<AuthCase[]> {
  const plain = message('a@example.com', 'a@example.com');
  const signed = await sign(plain, { domain: 'example.com', selector: 'sel1' });
  const subSigned = await sign(plain, { domain: 'mail.example.com', selector: 'sel1' });
  const reject = ['v=DMARC1; p=reject'];
  return [
    c('dmarc: pass by an aligned DKIM signature', DMARC_CF, signed, zones(reject)),
    c('dmarc: pass by relaxed DKIM alignment', DMARC_CF, subSigned, zones(reject)),
    c('dmarc: adkim=s refuses a subdomain signature', DMARC_CF, subSigned, zones(['v=DMARC1; p=reject; adkim=s'])),
    c('dmarc: pass by SPF', DMARC_CF, plain, zones(reject, '192.0.2.10')),
    c('dmarc: pass by relaxed SPF alignment', DMARC_CF, message('a@example.com', 'b@mail.example.com'), zones(reject, '192.0.2.10')),
    c('dmarc: aspf=s refuses a subdomain envelope', DMARC_CF, message('a@example.com', 'b@mail.example.com'), zones(['v=DMARC1; p=quarantine; aspf=s'], '192.0.2.10')),
    c('dmarc: reject', DMARC_CF, plain, zones(reject)),
    c('dmarc: quarantine', DMARC_CF, plain, zones(['v=DMARC1; p=quarantine'])),
    c('dmarc: p=none', DMARC_CF, plain, zones(['v=DMARC1; p=none'])),
    c('dmarc: no record', DMARC_CF, plain, zones(undefined)),
    c('dmarc: a From domain that does not exist', DMARC_CF, message('a@ghost.example.net', 'a@example.com'), zones(reject)),
    c('dmarc: sp= applies to a subdomain found through the organizational record', DMARC_CF, message('a@mail.example.com', 'a@mail.example.com'), zones(['v=DMARC1; p=none; sp=reject'])),
    c('dmarc: two records, DKIM rules present', DMARC_CF, plain, zones(['v=DMARC1; p=reject', 'v=DMARC1; p=none'])),
    c('dmarc: two records, no DKIM rule', DMARC_SPF_ONLY_CF, plain, zones(['v=DMARC1; p=reject', 'v=DMARC1; p=none'])),
    c('dmarc: an invalid p=', DMARC_CF, plain, zones(['v=DMARC1; p=bogus'])),
    c('dmarc: p=Reject keeps its case', DMARC_CF, plain, zones(['v=DMARC1; p=Reject'])),
    c('dmarc: pct=0 samples a reject down to quarantine', DMARC_CF, plain, zones(['v=DMARC1; p=reject; pct=0'])),
    c('dmarc: pct=100', DMARC_CF, plain, zones(['v=DMARC1; p=reject; pct=100'])),
    c('dmarc: without SPF and DKIM rules nothing aligns', DMARC_ALONE_CF, signed, zones(reject, '192.0.2.10')),
    c('dmarc: SPF rules only, a valid signature does not count', DMARC_SPF_ONLY_CF, signed, zones(reject)),
    c('dmarc: network tests off', DMARC_CF, signed, zones(reject), true),
    c('dmarc: no external relay', DMARC_CF, msg(`Return-Path: <a@example.com>`, 'From: a@example.com', 'Subject: x', '', 'x'), zones(reject)),
    c(
      'dmarc: an ARC seal counts when the envelope domain is the author domain',
      DMARC_CF,
      await seal(plain, { domain: 'example.net', selector: 'arc', authResults: 'mx.example.net; dkim=pass header.d=example.com' }),
      zones(reject),
    ),
    c(
      'dmarc: an ARC seal does not count for another envelope domain',
      DMARC_CF,
      await seal(message('a@example.com', 'b@example.net'), { domain: 'example.net', selector: 'arc', authResults: 'mx.example.net; dkim=pass header.d=example.com' }),
      zones(reject),
    ),
  ];
}
