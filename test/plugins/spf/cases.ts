/**
 * SPF check() cases with Perl SpamAssassin 4.0.1's answers.
 *
 * The `perl` fields were produced by `SA_AUTH_ORACLE=1 SA_AUTH_ORACLE_OUT=answers.json npx vitest
 * run test/plugins/spf/perl-oracle.test.ts`: it serves each case's zones with
 * `test/support/dns-server.ts` on 127.0.0.1, runs `sa-auth-oracle.pl` (SA 4.0.1 with Mail::SPF
 * 2.009, network tests on, `dns_server 127.0.0.1:PORT`, or `-L` for the local cases) and records
 * the rules and sub-rules hit. The answers are hard-coded here; rerun the oracle when a case
 * changes.
 */
import type { Zone } from '../../support/dns-server.js';
import { msg, perlAnswer, type AuthCase } from './auth-case.js';

/** Every SPF eval, plus the welcomelist ones. */
export const SPF_CF = [
  'trusted_networks 10.0.0.0/8',
  'header T_PASS eval:check_for_spf_pass()',
  'header T_NEUTRAL eval:check_for_spf_neutral()',
  'header T_NONE eval:check_for_spf_none()',
  'header T_FAIL eval:check_for_spf_fail()',
  'header T_SOFTFAIL eval:check_for_spf_softfail()',
  'header T_PERMERROR eval:check_for_spf_permerror()',
  'header T_TEMPERROR eval:check_for_spf_temperror()',
  'header T_HELO_PASS eval:check_for_spf_helo_pass()',
  'header T_HELO_NEUTRAL eval:check_for_spf_helo_neutral()',
  'header T_HELO_NONE eval:check_for_spf_helo_none()',
  'header T_HELO_FAIL eval:check_for_spf_helo_fail()',
  'header T_HELO_SOFTFAIL eval:check_for_spf_helo_softfail()',
  'header T_HELO_PERMERROR eval:check_for_spf_helo_permerror()',
  'header T_HELO_TEMPERROR eval:check_for_spf_helo_temperror()',
  'header T_NOENVFROM eval:check_spf_skipped_noenvfrom()',
  'header T_WL eval:check_for_spf_welcomelist_from()',
  'header T_WL_OLD eval:check_for_spf_whitelist_from()',
  'header T_DEF_WL eval:check_for_def_spf_welcomelist_from()',
  'header T_DEF_WL_OLD eval:check_for_def_spf_whitelist_from()',
  // a meta waits for the pending SPF rules it reads
  'meta T_META_PASS_NOT_HELO (T_PASS && !T_HELO_PASS)',
].join('\n');

const DATE = 'Tue, 15 Jun 2021 10:00:00 +0000';

/** The untrusted, external relay every SPF check looks at: 192.0.2.10 saying HELO `helo`. */
export const rcvd = (helo = 'mx.example.org', ip = '192.0.2.10', rdns = 'mx.example.org') =>
  `Received: from ${helo} (${rdns} [${ip}]) by mail.local (Postfix) with ESMTP id 1A2B for <u@local>; ${DATE}`;

/** A relay inside trusted_networks, above the external one. */
export const rcvdTrusted = `Received: from relay.local (relay.local [10.0.0.2]) by mx.local (Postfix) with ESMTP id 3C4D for <u@local>; ${DATE}`;

const body = ['From: Alice <a@example.com>', 'To: u@local', 'Subject: spf', `Date: ${DATE}`, 'Message-ID: <spf@example.com>', '', 'hello'];

/** A message whose envelope sender (Return-Path, above the Received lines) is `from`. */
export const spfMessage = (from: string | undefined, ...received: string[]) =>
  msg(...(from !== undefined ? [`Return-Path: <${from}>`] : []), ...received, ...body);

/** The zones: example.com publishes `spf`, the HELO name mx.example.org publishes `heloSpf`. */
export function spfZones(spf: (string | string[])[] | undefined, heloSpf: (string | string[])[] | undefined = ['v=spf1 a -all'], extra: Zone['names'] = {}): Zone[] {
  return [
    {
      apex: 'example.com',
      names: { '@': { A: ['192.0.2.1'], ...(spf ? { TXT: spf } : {}) }, ...extra },
    },
    {
      apex: 'example.org',
      names: { mx: { A: ['192.0.2.10'], ...(heloSpf ? { TXT: heloSpf } : {}) } },
    },
  ];
}

const c = (name: string, cf: string, message: string, zones: Zone[], local = false): AuthCase => ({
  name,
  cf,
  message,
  zones,
  perl: perlAnswer(name),
  ...(local ? { local } : {}),
});

/** The SPF cases. */
export function spfCases(): AuthCase[] {
  const plain = spfMessage('a@example.com', rcvd());
  return [
    c('spf pass by ip4', SPF_CF, plain, spfZones(['v=spf1 ip4:192.0.2.0/24 -all'])),
    c('spf fail', SPF_CF, plain, spfZones(['v=spf1 ip4:198.51.100.1 -all'])),
    c('spf softfail', SPF_CF, plain, spfZones(['v=spf1 ip4:198.51.100.1 ~all'])),
    c('spf neutral', SPF_CF, plain, spfZones(['v=spf1 ?all'])),
    c('spf none: no record', SPF_CF, plain, spfZones(undefined)),
    c('spf permerror: two records', SPF_CF, plain, spfZones(['v=spf1 -all', 'v=spf1 +all'])),
    c('spf permerror: unknown mechanism', SPF_CF, plain, spfZones(['v=spf1 foo:bar -all'])),
    c(
      'spf temperror: SERVFAIL',
      SPF_CF,
      spfMessage('a@broken.example.com', rcvd()),
      spfZones(['v=spf1 -all'], undefined, { broken: { rcode: 'SERVFAIL' } }),
    ),
    c(
      'spf pass through include and a',
      SPF_CF,
      plain,
      spfZones(['v=spf1 include:_spf.example.com -all'], ['v=spf1 -all'], { _spf: { TXT: ['v=spf1 a:out.example.com -all'] }, out: { A: ['192.0.2.10'] } }),
    ),
    c(
      'spf pass through redirect and mx',
      SPF_CF,
      plain,
      spfZones(['v=spf1 redirect=_spf.example.com'], ['v=spf1 ~all'], {
        _spf: { TXT: ['v=spf1 mx:example.com -all'] },
        mail: { A: ['192.0.2.10'] },
        '@': { A: ['192.0.2.1'], MX: [{ preference: 10, exchange: 'mail.example.com' }], TXT: ['v=spf1 redirect=_spf.example.com'] },
      }),
    ),
    c(
      'spf pass through ptr',
      SPF_CF,
      plain,
      spfZones(['v=spf1 ptr -all'], ['v=spf1 -all'], { out: { A: ['192.0.2.10'] } }).concat([
        { apex: '2.0.192.in-addr.arpa', names: { '10': { PTR: ['out.example.com'] } } },
      ]),
    ),
    c('spf pass through exists with a macro', SPF_CF, plain, spfZones(['v=spf1 exists:%{i}._ip.example.com -all'], ['v=spf1 -all'], { '192.0.2.10._ip': { A: ['127.0.0.2'] } })),
    c(
      'spf: 11 lookups are allowed (SA raises the limit to 20)',
      SPF_CF,
      plain,
      spfZones(['v=spf1 ' + Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(' ') + ' -all'], ['v=spf1 -all'], Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`h${i}`, { A: ['198.51.100.9'] }]))),
    ),
    c(
      'spf permerror: more than 20 lookups',
      SPF_CF,
      plain,
      // one TXT record in 255-byte character-strings
      spfZones([('v=spf1 ' + Array.from({ length: 21 }, (_, i) => `a:h${i}.example.com`).join(' ') + ' -all').match(/.{1,255}/g)!], ['v=spf1 -all'], Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`h${i}`, { A: ['198.51.100.9'] }]))),
    ),
    c('spf: void lookups', SPF_CF, plain, spfZones(['v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com ip4:192.0.2.10 -all'], ['v=spf1 -all'])),
    c(
      'spf: a CRLF message',
      SPF_CF,
      spfMessage('a@example.com', rcvd()).replace(/\n/g, '\r\n'),
      spfZones(['v=spf1 ip4:192.0.2.10 -all']),
    ),
    c('spf helo neutral and permerror', SPF_CF, plain, spfZones(['v=spf1 ?all'], ['v=spf1 -all', 'v=spf1 +all'])),
    c('spf helo: an IP literal is not checked', SPF_CF, spfMessage('a@example.com', rcvd('[192.0.2.10]')), spfZones(['v=spf1 -all'])),
    c('spf helo: a name without a dot is not checked', SPF_CF, spfMessage('a@example.com', rcvd('mailhost')), spfZones(['v=spf1 -all'])),
    c('spf: no envelope sender (Return-Path below Received)', SPF_CF, msg(rcvd(), 'Return-Path: <a@example.com>', ...body), spfZones(['v=spf1 -all'])),
    c(
      'spf: envelope sender from the Received header',
      SPF_CF,
      msg(`Received: from [192.0.2.10] (helo=mx.example.org) by mail.local with esmtp (Exim 4.94) (envelope-from <bounce@example.com>) id 1lt; ${DATE}`, ...body),
      spfZones(['v=spf1 ip4:192.0.2.10 -all']),
    ),
    c('spf: a trusted relay hides the header sender', SPF_CF, spfMessage('a@example.com', rcvdTrusted, rcvd()), spfZones(['v=spf1 -all'])),
    c(
      'spf: always_trust_envelope_sender',
      `${SPF_CF}\nalways_trust_envelope_sender 1`,
      spfMessage('a@example.com', rcvdTrusted, rcvd()),
      spfZones(['v=spf1 -all']),
    ),
    c('spf: no external relay', SPF_CF, spfMessage('a@example.com', rcvdTrusted), spfZones(['v=spf1 -all'])),
    c('spf: IPv6 client', SPF_CF, spfMessage('a@example.com', rcvd('mx.example.org', 'IPv6:2001:db8::25')), spfZones(['v=spf1 ip6:2001:db8::/32 -all'], ['v=spf1 -all'])),
    c(
      'spf: Received-SPF from an internal relay is used',
      SPF_CF,
      spfMessage(
        'a@example.com',
        'Received-SPF: softfail (mx.local: transitioning domain) client-ip=192.0.2.10; envelope-from=a@example.com; helo=mx.example.org; identity=mailfrom;',
        rcvdTrusted,
        rcvd(),
      ),
      spfZones(['v=spf1 -all']),
    ),
    c(
      'spf: Received-SPF without DNS (local tests)',
      SPF_CF,
      spfMessage('a@example.com', 'Received-SPF: pass (mx.local: designated) identity=mailfrom;', 'Received-SPF: fail (mx.local) identity=helo;', rcvd()),
      spfZones(undefined),
      true,
    ),
    c('spf: local tests only, no header', SPF_CF, plain, spfZones(['v=spf1 -all']), true),
    c(
      'spf: Authentication-Results from an internal relay',
      SPF_CF,
      spfMessage('a@example.com', 'Authentication-Results: mx.local; dkim=none; spf=hardfail smtp.mailfrom=a@example.com', rcvd()),
      spfZones(['v=spf1 +all']),
    ),
    c(
      'spf: ignore_received_spf_header',
      `${SPF_CF}\nignore_received_spf_header 1`,
      spfMessage('a@example.com', 'Received-SPF: pass identity=mailfrom;', rcvd()),
      spfZones(['v=spf1 -all']),
    ),
    c(
      'spf: the oldest Received-SPF wins by default',
      SPF_CF,
      spfMessage('a@example.com', 'Received-SPF: pass identity=mailfrom;', 'Received-SPF: neutral identity=mailfrom;', rcvd()),
      spfZones(['v=spf1 -all']),
    ),
    c(
      'spf: use_newest_received_spf_header',
      `${SPF_CF}\nuse_newest_received_spf_header 1`,
      spfMessage('a@example.com', 'Received-SPF: pass identity=mailfrom;', 'Received-SPF: neutral identity=mailfrom;', rcvd()),
      spfZones(['v=spf1 -all']),
    ),
    c(
      'spf: an unknown identity is skipped',
      SPF_CF,
      spfMessage('a@example.com', 'Received-SPF: pass identity=pra;', rcvd()),
      spfZones(['v=spf1 ~all']),
    ),
    c('spf: welcomelist_from_spf with a pass', `${SPF_CF}\nwelcomelist_from_spf *@example.com`, plain, spfZones(['v=spf1 ip4:192.0.2.10 -all'])),
    c('spf: welcomelist_from_spf with a fail', `${SPF_CF}\nwhitelist_from_spf a@example.com`, plain, spfZones(['v=spf1 -all'])),
    c('spf: def_welcomelist_auth with a pass', `${SPF_CF}\ndef_welcomelist_auth *@example.com`, plain, spfZones(['v=spf1 ip4:192.0.2.10 -all'])),
    c(
      'spf: welcomelist_auth and unwelcomelist_from_spf',
      `${SPF_CF}\nwelcomelist_auth *@example.com\ndef_welcomelist_from_spf a@example.com\nunwelcomelist_from_spf a@example.com`,
      plain,
      spfZones(['v=spf1 ip4:192.0.2.10 -all']),
    ),
  ];
}
