/**
 * DKIM (and ARC, ADSP, DKIM welcomelist) check() cases with Perl SpamAssassin 4.0.1's answers
 * (Mail::DKIM 1.20230212). The messages are signed at test time by mailauth with the committed
 * test keys and a fixed signing time, so they are the same bytes on every run.
 *
 * The `perl` fields were produced by `SA_AUTH_ORACLE=1 SA_AUTH_ORACLE_OUT=answers.json npx vitest
 * run test/plugins/spf/perl-oracle.test.ts` (see test/plugins/spf/cases.ts for what it does).
 */
import type { Zone } from '../../support/dns-server.js';
import { msg, perlAnswer, type AuthCase } from '../spf/auth-case.js';
import { rcvd } from '../spf/cases.js';
import { keyRecord, seal, sign, signWithIdentity, type KeyName } from './keys.js';

/** Every DKIM eval (ADSP and welcomelists included). */
export const DKIM_CF = [
  'trusted_networks 10.0.0.0/8',
  'full T_SIGNED eval:check_dkim_signed()',
  'full T_VALID eval:check_dkim_valid()',
  'full T_VERIFIED eval:check_dkim_verified()',
  'full T_VALID_AU eval:check_dkim_valid_author_sig()',
  'full T_VALID_EF eval:check_dkim_valid_envelopefrom()',
  'full T_DEPENDABLE eval:check_dkim_dependable()',
  "full T_SIGNED_ORG eval:check_dkim_signed('other.org')",
  "full T_VALID_ORG eval:check_dkim_valid('other.org')",
  "full T_VALID_COM eval:check_dkim_valid('example.com')",
  "full T_VALID_SUB eval:check_dkim_valid('.example.com')",
  "full T_VALID_AU_COM eval:check_dkim_valid_author_sig('example.com')",
  'full T_ARC_SIGNED eval:check_arc_signed()',
  'full T_ARC_VALID eval:check_arc_valid()',
  "full T_ARC_VALID_DOM eval:check_arc_valid('example.com')",
  "header T_ADSP_N eval:check_dkim_adsp('N')",
  "header T_ADSP_A eval:check_dkim_adsp('A')",
  "header T_ADSP_D eval:check_dkim_adsp('D')",
  "header T_ADSP_U eval:check_dkim_adsp('U')",
  "header T_ADSP_3 eval:check_dkim_adsp('3')",
  "header T_ADSP_ANY_COM eval:check_dkim_adsp('*', '.example.com')",
  'header T_SIGNALL eval:check_dkim_signall()',
  'header T_SIGNSOME eval:check_dkim_signsome()',
  'header T_TESTING eval:check_dkim_testing()',
  'header T_WL eval:check_for_dkim_welcomelist_from()',
  'header T_WL_OLD eval:check_for_dkim_whitelist_from()',
  'header T_DEF_WL eval:check_for_def_dkim_welcomelist_from()',
  'header T_DEF_WL_OLD eval:check_for_def_dkim_whitelist_from()',
].join('\n');

const DATE = 'Tue, 15 Jun 2021 10:00:00 +0000';

/** The unsigned message: From `from`, envelope sender `envFrom`. */
export const plainMessage = (from = 'a@example.com', envFrom = from, subject = 'dkim') =>
  msg(
    `Return-Path: <${envFrom}>`,
    rcvd(),
    `From: Alice <${from}>`,
    'To: u@local',
    `Subject: ${subject}`,
    `Date: ${DATE}`,
    'Message-ID: <dkim@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    'Hello there,',
    'a short body.',
  );

/**
 * Key records published for `selector` at `domain` (A records make the domains exist), plus
 * `extra` names per domain.
 */
export function keyZones(keys: Record<string, Record<string, string | string[]>>, extra: Record<string, Zone['names']> = {}): Zone[] {
  return Object.entries(keys).map(([domain, sels]) => ({
    apex: domain,
    names: {
      '@': { A: ['192.0.2.1'] },
      ...Object.fromEntries(Object.entries(sels).map(([sel, rec]) => [`${sel}._domainkey`, { TXT: [rec] }])),
      ...extra[domain],
    },
  }));
}

const c = (name: string, cf: string, message: string, zones: Zone[], local = false): AuthCase => ({
  name,
  cf,
  message,
  zones,
  perl: perlAnswer(name),
  ...(local ? { local } : {}),
});

/** The DKIM cases. */
export async function dkimCases(): Promise<AuthCase[]> {
  const key = (k: KeyName = '1024', extra = '') => keyRecord(k, extra);
  const base = plainMessage();
  const signed = await sign(base, { domain: 'example.com', selector: 'sel1' });
  const zones = keyZones({ 'example.com': { sel1: key() } });

  return [
    c('dkim: valid author signature (relaxed, 1024 bits)', DKIM_CF, signed, zones),
    c(
      'dkim: valid simple/simple 2048-bit signature',
      DKIM_CF,
      await sign(base, { domain: 'example.com', selector: 's2048', key: '2048', canonicalization: 'simple/simple' }),
      keyZones({ 'example.com': { s2048: key('2048') } }),
    ),
    c('dkim: l= covers only the start of the body', DKIM_CF, (await sign(base, { domain: 'example.com', selector: 'sel1', maxBodyLength: 13 })) + 'appended\n', zones),
    c('dkim: a CRLF message', DKIM_CF, signed.replace(/\n/g, '\r\n'), zones),
    c('dkim: body altered', DKIM_CF, signed.replace('a short body.', 'a longer body.'), zones),
    c('dkim: signed header altered', DKIM_CF, signed.replace('Subject: dkim', 'Subject: dkim!'), zones),
    c('dkim: relaxed survives whitespace changes', DKIM_CF, signed.replace('Subject: dkim', 'Subject:   dkim  '), zones),
    c('dkim: no key published', DKIM_CF, signed, keyZones({ 'example.com': {} })),
    c('dkim: revoked key', DKIM_CF, signed, keyZones({ 'example.com': { sel1: 'v=DKIM1; k=rsa; p=' } })),
    c(
      'dkim: third-party signature',
      DKIM_CF,
      await sign(base, { domain: 'other.org', selector: 'ml' }),
      keyZones({ 'other.org': { ml: key() } }),
    ),
    c(
      'dkim: a 512-bit key is valid but weak',
      DKIM_CF,
      await sign(base, { domain: 'example.com', selector: 'weak', key: '512' }),
      keyZones({ 'example.com': { weak: key('512') } }),
    ),
    c(
      'dkim: dkim_minimum_key_bits 512 accepts it',
      `${DKIM_CF}\ndkim_minimum_key_bits 512`,
      await sign(base, { domain: 'example.com', selector: 'weak', key: '512' }),
      keyZones({ 'example.com': { weak: key('512') } }),
    ),
    c('dkim: dkim_minimum_key_bits 0 never measures the key', `${DKIM_CF}\ndkim_minimum_key_bits 0`, signed, zones),
    c(
      'dkim: expired signature',
      DKIM_CF,
      await sign(base, { domain: 'example.com', selector: 'sel1', expires: new Date('2021-06-20T00:00:00Z') }),
      zones),
    c(
      'dkim: identity in a subdomain',
      DKIM_CF,
      signWithIdentity(base, { domain: 'example.com', selector: 'sel1', identity: 'news@mail.example.com' }),
      zones,
    ),
    c(
      'dkim: identity outside the signing domain',
      DKIM_CF,
      signWithIdentity(base, { domain: 'example.com', selector: 'sel1', identity: 'a@example.net' }),
      zones),
    c(
      'dkim: ed25519 is not supported by Mail::DKIM 1.20230212',
      DKIM_CF,
      await sign(base, { domain: 'example.com', selector: 'ed', key: 'ed25519' }),
      keyZones({ 'example.com': { ed: key('ed25519') } })),
    c(
      'dkim: a valid and an invalid signature',
      DKIM_CF,
      await sign(await sign(base, { domain: 'example.com', selector: 'sel1' }), { domain: 'other.org', selector: 'gone' }),
      keyZones({ 'example.com': { sel1: key() }, 'other.org': {} }),
    ),
    c(
      'dkim: two valid signatures fill the tags with both',
      DKIM_CF,
      await sign(signed, { domain: 'other.org', selector: 'ml', key: '2048' }),
      keyZones({ 'example.com': { sel1: key() }, 'other.org': { ml: key('2048') } }),
    ),
    c(
      'dkim: key h= excludes the hash',
      DKIM_CF,
      signed,
      keyZones({ 'example.com': { sel1: key('1024', 'h=sha1') } })),
    c(
      'dkim: key t=s refuses a subdomain identity',
      DKIM_CF,
      signWithIdentity(base, { domain: 'example.com', selector: 'sel1', identity: '@mail.example.com' }),
      keyZones({ 'example.com': { sel1: key('1024', 't=s') } })),
    c(
      'dkim: a signature without h= stops Mail::DKIM',
      DKIM_CF,
      msg('DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel1; bh=AAAA; b=AAAA') + base,
      zones),
    c(
      'dkim: an unsupported version is listed but invalid',
      DKIM_CF,
      msg('DKIM-Signature: v=2; a=rsa-sha256; d=example.com; s=sel1; h=from; bh=AAAA; b=AAAA') + base,
      zones),
    c('dkim: unsigned', DKIM_CF, base, zones),
    c('dkim: valid signature with network tests off', DKIM_CF, signed, zones, true),
    c(
      'dkim: envelope sender domain signs a third-party author',
      DKIM_CF,
      await sign(plainMessage('a@example.com', 'bounce@other.org'), { domain: 'other.org', selector: 'ml' }),
      keyZones({ 'other.org': { ml: key() } }),
    ),
    // ADSP
    c('adsp: dkim=all', DKIM_CF, base, keyZones({ 'example.com': { sel1: key() } }, { 'example.com': { '_adsp._domainkey': { TXT: ['dkim=all'] } } })),
    c(
      'adsp: dkim=discardable',
      DKIM_CF,
      base,
      keyZones({ 'example.com': { sel1: key() } }, { 'example.com': { '_adsp._domainkey': { TXT: ['dkim=discardable'] } } })),
    c('adsp: no record is unknown', DKIM_CF, base, zones),
    c('adsp: an author domain that does not exist', DKIM_CF, plainMessage('a@nowhere.example.com'), zones),
    c('adsp: a valid author signature needs no practice', DKIM_CF, signed, keyZones({ 'example.com': { sel1: key() } }, { 'example.com': { '_adsp._domainkey': { TXT: ['dkim=all'] } } })),
    c('adsp: adsp_override', `${DKIM_CF}\nadsp_override example.com custom_high`, base, zones),
    c('adsp: adsp_override by wildcard', `${DKIM_CF}\nadsp_override *.example.com`, plainMessage('a@mail.example.com'), zones),
    // welcomelists
    c('dkim welcomelist: welcomelist_from_dkim, author signature', `${DKIM_CF}\nwelcomelist_from_dkim *@example.com`, signed, zones),
    c(
      'dkim welcomelist: welcomelist_from_dkim with a third-party signer',
      `${DKIM_CF}\nwhitelist_from_dkim a@example.com other.org`,
      await sign(base, { domain: 'other.org', selector: 'ml' }),
      keyZones({ 'other.org': { ml: key() } }),
    ),
    c(
      'dkim welcomelist: the signer must be the listed one',
      `${DKIM_CF}\nwelcomelist_from_dkim a@example.com example.net`,
      await sign(base, { domain: 'other.org', selector: 'ml' }),
      keyZones({ 'other.org': { ml: key() } }),
    ),
    c('dkim welcomelist: def_welcomelist_auth', `${DKIM_CF}\ndef_welcomelist_auth *@example.com`, signed, zones),
    c(
      'dkim welcomelist: welcomelist_auth needs an author signature',
      `${DKIM_CF}\nwelcomelist_auth *@example.com`,
      await sign(base, { domain: 'other.org', selector: 'ml' }),
      keyZones({ 'other.org': { ml: key() } }),
    ),
    c(
      'dkim welcomelist: a weak key does not count',
      `${DKIM_CF}\nwelcomelist_from_dkim *@example.com`,
      await sign(base, { domain: 'example.com', selector: 'weak', key: '512' }),
      keyZones({ 'example.com': { weak: key('512') } }),
    ),
    c(
      'dkim welcomelist: unwelcomelist_from_dkim',
      `${DKIM_CF}\nwelcomelist_from_dkim *@example.com\nunwelcomelist_from_dkim *@example.com`,
      signed,
      zones,
    ),
    // ARC
    c(
      'arc: a sealed message',
      DKIM_CF,
      await seal(base, { domain: 'example.net', selector: 'arc', authResults: 'mx.example.net; spf=pass smtp.mailfrom=example.com' }),
      keyZones({ 'example.net': { arc: key() } })),
    c(
      'arc: a sealed message altered after sealing',
      DKIM_CF,
      (await seal(base, { domain: 'example.net', selector: 'arc', authResults: 'mx.example.net; spf=pass smtp.mailfrom=example.com' })).replace('a short body.', 'changed.'),
      keyZones({ 'example.net': { arc: key() } })),
    c(
      'arc: no key for the seal',
      DKIM_CF,
      await seal(base, { domain: 'example.net', selector: 'arc', authResults: 'mx.example.net; spf=pass smtp.mailfrom=example.com' }),
      zones),
  ];
}
