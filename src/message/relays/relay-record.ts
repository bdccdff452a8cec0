/**
 * The relay record: what SpamAssassin keeps for one parsed Received header
 * (`Message::Metadata::Received::parse_received_line` after its `enough:` label) and its
 * `make_relay_as_string` text, the unit of the `X-Spam-Relays-*` pseudo-headers.
 *
 * Field names are SA's own hash keys (`lc_by`, `ip_private`, `as_string`...) so rule and plugin
 * code ported from Perl reads the same; the one exception is `intl`, SA's `internal` key, named
 * after its spelling in the relay string.
 */

import { trimEndOf } from '../mime/binary.js';
import { isPrivateIp } from './ip-patterns.js';
import { lc } from '../../perl/strings.js';
import { perlTrue } from '../../perl/truth.js';
import { isPerlSpace } from '../../perl/regex-classes.js';

/** One relay (one Received handover), as SA describes it. */
export interface Relay {
  /** The connecting client's IP (`IPv6:`, brackets, zone id and `::ffff:` removed); may be ''. */
  readonly ip: string;
  /** The receiving host (`by`); '' for synthetic originating-IP relays. */
  readonly by: string;
  /** The HELO/EHLO name the client gave, '' when unknown. */
  readonly helo: string;
  /** Reverse DNS of `ip` as the receiving MTA recorded it, '' when none/unknown. */
  readonly rdns: string;
  /** RFC 1413 ident, '' when none. */
  readonly ident: string;
  /** Envelope sender recorded in the header, undefined when the header names none (SA's undef). */
  readonly envfrom: string | undefined;
  /** Queue/message id of the handover, '' when none. */
  readonly id: string;
  /** Authentication marker found (e.g. `ESMTPA`, `Sendmail`, `Postfix`), '' when none. */
  readonly auth: string;
  /** ASCII-lowercased `by`. */
  readonly lc_by: string;
  /** ASCII-lowercased `helo`. */
  readonly lc_helo: string;
  /** ASCII-lowercased `rdns`. */
  readonly lc_rdns: string;
  /** The IP matches SA's `IP_PRIVATE` pattern. */
  readonly ip_private: boolean;
  /** rdns is '' although the MTA format always records lookups: the host has no reverse DNS. */
  readonly no_reverse_dns: boolean;
  /** rdns is '' and this MTA format does not record lookups at all. */
  readonly rdns_not_in_headers: boolean;
  /** Whether the trust walk classed the relay internal (SA's `internal` key). */
  readonly intl: boolean;
  /** Whether the relay's IP is in `msa_networks` (only tested while trusted). */
  readonly msa: boolean;
  /** `[ ip=… rdns=… helo=… by=… ident=… envfrom=… intl=0|1 id=… auth=… msa=0|1 ]`. */
  readonly as_string: string;
}

/** The raw fields a Received format extracts, before SA's clean-up. */
export interface RelayFields {
  ip: string;
  by: string;
  helo: string;
  rdns: string;
  ident: string;
  envfrom: string | undefined;
  id: string;
  auth: string;
  /** SA's `$mta_looked_up_dns`: the format is known to always record reverse DNS. */
  lookedUpDns: boolean;
}

/** Characters SA replaces by `!` in every relay field (`$strip_chars`). */
const STRIP_CHARS = /[\t\n\v\f\r \0#[\]()<>|]/g;

/** SA's envelope-from clean-up: no leading/trailing space or angle brackets, odd chars → `!`. */
export function cleanEnvfrom(envfrom: string): string {
  // s/>*\s*$//: trailing blanks, then the `>`s before them (the regex form retries from every
  // `>` or blank of an inner run, quadratic).
  const s = envfrom.replace(/^[\t\n\v\f\r ]*<*/, '');
  let end = s.length;
  while (end > 0 && isPerlSpace(s.charCodeAt(end - 1))) end--;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3e) end--;
  return s.slice(0, end).replace(STRIP_CHARS, '!');
}

/** SA's IP clean-up at `enough:`: prefix, brackets, zone id, `::ffff:` mapping. */
function cleanIp(ip: string): string {
  return ip
    .replace(/^ipv6:/i, '')
    .replace(/^\[/, '')
    .replace(/\]$/, '')
    .replace(/%[A-Z0-9._~-]*$/i, '')
    .replace(/^0*:0*:(?:0*:)*ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/**
 * Turns extracted fields into a relay record, mirroring the tail of `parse_received_line`
 * (rdns normalisation, IP clean-up, `!` substitution, lowercase copies, private flag).
 * The trust walk sets `intl` and `msa` afterwards with {@link withTrust}.
 */
export function finishRelay(f: RelayFields): Relay {
  let rdns = trimEndOf(f.rdns, '.'); // bug 7810: trailing dots
  if (/^unknown$/i.test(rdns) || rdns.startsWith('[')) rdns = '';
  const ip = cleanIp(f.ip).replace(STRIP_CHARS, '!');
  const by = f.by.replace(/;$/, '').replace(STRIP_CHARS, '!');
  const helo = f.helo.replace(STRIP_CHARS, '!');
  const ident = f.ident.replace(STRIP_CHARS, '!');
  rdns = rdns.replace(STRIP_CHARS, '!');
  const envfrom = f.envfrom === undefined ? undefined : cleanEnvfrom(f.envfrom);
  const relay = {
    ip,
    by,
    helo,
    rdns,
    ident,
    envfrom,
    id: f.id,
    auth: f.auth,
    lc_by: lc(by),
    lc_helo: lc(helo),
    lc_rdns: lc(rdns),
    ip_private: isPrivateIp(ip),
    no_reverse_dns: rdns === '' && f.lookedUpDns,
    rdns_not_in_headers: rdns === '' && !f.lookedUpDns,
    intl: false,
    msa: false,
    as_string: '',
  };
  return { ...relay, as_string: makeRelayAsString(relay) };
}

/**
 * `make_relay_as_string`: the relay's text form with `intl=0` and `msa=0`; SA patches those two
 * afterwards (see {@link withTrust}). An envfrom that Perl finds false (undef, '', '0') prints empty.
 */
export function makeRelayAsString(
  r: Pick<Relay, 'ip' | 'rdns' | 'helo' | 'by' | 'ident' | 'envfrom' | 'id' | 'auth'>,
): string {
  const envfrom = perlTrue(r.envfrom) ? r.envfrom : '';
  return `[ ip=${r.ip} rdns=${r.rdns} helo=${r.helo} by=${r.by} ident=${r.ident} envfrom=${envfrom} intl=0 id=${r.id} auth=${r.auth} msa=0 ]`;
}

/**
 * Records the trust walk's verdict. Like SA it rewrites the *first* ` intl=\d ` and ` msa=\d `
 * of the string (an `auth` text could in theory contain ` msa=0 `; SA would patch that one).
 */
export function withTrust(relay: Relay, intl: boolean, msa: boolean): Relay {
  const as_string = relay.as_string
    .replace(/ intl=\d /, ` intl=${intl ? 1 : 0} `)
    .replace(/ msa=\d /, ` msa=${msa ? 1 : 0} `);
  return { ...relay, intl, msa, as_string };
}

/** The qmail-scanner hack: a later header's envelope sender attached to this relay. */
export function withEnvfrom(relay: Relay, envfrom: string): Relay {
  const next = { ...relay, envfrom };
  return { ...next, as_string: makeRelayAsString(next) };
}
