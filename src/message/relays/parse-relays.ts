/**
 * The trust walk over a message's Received headers — SpamAssassin's
 * `Message::Metadata::Received::parse_received_headers`: parse each header (newest first),
 * decide where trust and internality end, and build the `X-Spam-Relays-*` strings.
 */

import { firstIpAddress } from './ip-patterns.js';
import { NetSet } from './net-set.js';
import { perlTrue } from '../../perl/truth.js';
import { withEnvfrom, withTrust, type Relay } from './relay-record.js';
import { parseReceivedLine, type ReceivedParse } from './received-line.js';

/** Network configuration for the walk (SA's `trusted_networks`, `internal_networks`, `msa_networks`). */
export interface RelayNetworkConfig {
  /**
   * `trusted_networks` entries (each may hold several, space-separated, like a config line).
   * Non-empty means "configured"; 127/8 and ::1 are always trusted.
   */
  readonly trustedNetworks?: readonly string[];
  /** `internal_networks` entries; 127/8 and ::1 are always internal. */
  readonly internalNetworks?: readonly string[];
  /** `msa_networks` entries: relays after an MSA inherit its classification. */
  readonly msaNetworks?: readonly string[];
}

/** Input of {@link parseRelays}. */
export interface RelayInput {
  /** Received header values, top (newest) first, decoded as SA's `get_header('Received')` returns them. */
  readonly received: readonly string[];
  /**
   * The value of each `originating_ip_headers` header, in configuration order (the last
   * occurrence of each, as SA's scalar `get_header` returns it; undefined when absent). The first
   * IP address of each becomes a synthetic relay appended after the real ones.
   */
  readonly originating?: readonly (string | undefined | null)[];
  /** Trust configuration; absent or empty lists mean SA's inference from private IPs and auth. */
  readonly config?: RelayNetworkConfig;
  /**
   * The caller asserts the message was submitted from inside or by an authenticated user
   * (SA's `suppl_attrib->{originating}`): an untrusted hop then counts as an MSA instead.
   */
  readonly assertOriginating?: boolean;
}

/** One Received header (or synthetic originating line) and what it amounted to. */
export interface ReceivedHeaderResult {
  /** The line as parsed (a synthetic one reads `from X-Originating-IP: <ip>`). */
  readonly value: string;
  /** Whether the line was synthesised from an originating_ip_headers value. */
  readonly synthetic: boolean;
  /** The parse result, before trust classification. */
  readonly parse: ReceivedParse;
}

/** Everything SA's Metadata exposes about relays. */
export interface RelayInfo {
  /** Relays before the trust boundary, newest first (SA's `relays_trusted`). */
  readonly relaysTrusted: readonly Relay[];
  /** Relays from the first untrusted one on. */
  readonly relaysUntrusted: readonly Relay[];
  /** Relays inside the internal network boundary. */
  readonly relaysInternal: readonly Relay[];
  /** Relays from the first external one on. */
  readonly relaysExternal: readonly Relay[];
  /** `X-Spam-Relays-Trusted`: the trusted relays' strings joined by a space. */
  readonly relaysTrustedStr: string;
  /** `X-Spam-Relays-Untrusted`. */
  readonly relaysUntrustedStr: string;
  /** `X-Spam-Relays-Internal`. */
  readonly relaysInternalStr: string;
  /** `X-Spam-Relays-External`. */
  readonly relaysExternalStr: string;
  /** `relaysTrusted.length` (SA's `num_relays_trusted`). */
  readonly numRelaysTrusted: number;
  /** `relaysUntrusted.length`. */
  readonly numRelaysUntrusted: number;
  /** `relaysInternal.length`. */
  readonly numRelaysInternal: number;
  /** `relaysExternal.length`. */
  readonly numRelaysExternal: number;
  /** Headers SA could not parse. */
  readonly numRelaysUnparseable: number;
  /** Index (from the top, counting skipped and unparseable headers) of the last trusted header; -1 when none. */
  readonly lastTrustedRelayIndex: number;
  /** Same for the internal boundary. */
  readonly lastInternalRelayIndex: number;
  /** Per header, in walk order, for evals that look at more than the relay lists. */
  readonly headers: readonly ReceivedHeaderResult[];
}

/** The lines SA walks: the Received values, then one synthetic line per originating header with an IP. */
function walkLines(input: RelayInput): { value: string; synthetic: boolean }[] {
  const lines = input.received.map((value) => ({ value, synthetic: false }));
  for (const value of input.originating ?? []) {
    if (!value || value === '0') continue; // Perl-false values are skipped
    const ip = firstIpAddress(value);
    if (ip !== undefined) lines.push({ value: `from X-Originating-IP: ${ip}\n`, synthetic: true });
  }
  return lines;
}

/** The three sets of a configuration, as {@link networks} builds them. */
type Networks = ReturnType<typeof buildNetworks>;

const NO_CONFIG: RelayNetworkConfig = {};
const built = new WeakMap<RelayNetworkConfig, Networks>();

/**
 * The sets of `config`, built once per configuration object: a rule set passes the same one
 * for every message, and building three NetSets (parsing loopback and every configured entry)
 * was ~1% of a scan. The sets are never changed after they are built.
 */
function networks(config: RelayNetworkConfig | undefined): Networks {
  const key = config ?? NO_CONFIG;
  let n = built.get(key);
  if (!n) built.set(key, (n = buildNetworks(key)));
  return n;
}

/** Resolves SA's fallbacks: one configured list stands in for the other. */
function buildNetworks(config: RelayNetworkConfig) {
  const trustedGiven = (config.trustedNetworks?.length ?? 0) > 0;
  const internalGiven = (config.internalNetworks?.length ?? 0) > 0;
  let trusted = new NetSet('trusted_networks', true);
  let internal = new NetSet('internal_networks', true);
  const msa = new NetSet('msa_networks', false);
  const msaGiven = (config.msaNetworks?.length ?? 0) > 0;
  trusted.add(...(config.trustedNetworks ?? []));
  internal.add(...(config.internalNetworks ?? []));
  msa.add(...(config.msaNetworks ?? []));
  // Conf::Parser::lint_trusted_networks: internal and MSA entries outside the trusted networks
  // (outside the internal ones when only those are set) are dropped at configuration time.
  const outer = trustedGiven ? trusted : internalGiven ? internal : undefined;
  if (outer) {
    if (internalGiven && outer !== internal) internal.restrictTo(outer);
    if (msaGiven) msa.restrictTo(outer);
  }
  if (trustedGiven && !internalGiven) internal = trusted; // SA 2.60 compatibility
  else if (internalGiven && !trustedGiven) trusted = internal;
  return { trusted, internal, msa, configured: trustedGiven || internalGiven };
}

/**
 * Parses all Received headers and runs SA's trust walk. Pure and total: odd or hostile header
 * text yields unparseable entries, never an exception.
 */
export function parseRelays(input: RelayInput): RelayInfo {
  const { trusted, internal, msa, configured } = networks(input.config);
  let relaysTrusted: Relay[] = [];
  const relaysUntrusted: Relay[] = [];
  let relaysInternal: Relay[] = [];
  let relaysExternal: Relay[] = [];
  let numRelaysUnparseable = 0;
  let lastTrustedRelayIndex = -1;
  let lastInternalRelayIndex = -1;
  let allowMailfetchMarkers = true;
  let inTrusted = true;
  let inInternal = true;
  let foundMsa = false;
  let qmailScannerEnvfrom: string | undefined;
  const headers: ReceivedHeaderResult[] = [];

  for (const { value, synthetic } of walkLines(input)) {
    // qmail-scanner hack: an envelope sender seen on the previous (newer) line belongs to this handover
    const qmsEnvfrom = qmailScannerEnvfrom;
    qmailScannerEnvfrom = undefined;

    const parse = parseReceivedLine(value.replace(/\n[ \t]+/g, ' '));
    headers.push({ value, synthetic, parse });
    if (parse.kind !== 'relay') {
      if (parse.kind === 'unparseable') numRelaysUnparseable++;
      else if (parse.fetcher && allowMailfetchMarkers) {
        // found_pop_fetcher_sig: the mail was fetched from elsewhere; restart the lists
        relaysTrusted = [];
        relaysInternal = [];
        relaysExternal = [];
      } else if (parse.qmailScannerEnvfrom !== undefined) qmailScannerEnvfrom = parse.qmailScannerEnvfrom;
      if (inTrusted) lastTrustedRelayIndex++;
      if (inInternal) lastInternalRelayIndex++;
      continue;
    }

    let relay = parse.relay;
    if (perlTrue(qmsEnvfrom)) relay = withEnvfrom(relay, qmsEnvfrom);
    let isMsa = false;
    const authed = perlTrue(relay.auth);

    // trust only changes while still trusted and before an MSA
    if (inTrusted && !foundMsa) {
      if (!configured) {
        // inference: private IPs and authenticated hops are ours; the first other hop ends it all
        if (!relay.ip_private && !authed) {
          inTrusted = false;
          inInternal = false;
        }
      } else if (!authed && !trusted.containsIp(relay.ip)) {
        if (input.assertOriginating) foundMsa = true; // the caller vouches: the previous hop was an MSA
        else inTrusted = false;
        inInternal = false; // not trusted, so not internal
      } else {
        if (inInternal && !authed && !internal.containsIp(relay.ip)) inInternal = false;
        if (msa.containsIp(relay.ip)) {
          foundMsa = true;
          isMsa = true;
        }
      }
    }

    relay = withTrust(relay, inInternal, isMsa);
    if (inTrusted) {
      relaysTrusted.push(relay);
      allowMailfetchMarkers = true;
      lastTrustedRelayIndex++;
    } else {
      relaysUntrusted.push(relay);
      allowMailfetchMarkers = false;
    }
    if (inInternal) {
      relaysInternal.push(relay);
      lastInternalRelayIndex++;
    } else {
      relaysExternal.push(relay);
    }
  }

  const joined = (relays: readonly Relay[]) => relays.map((r) => r.as_string).join(' ');
  return {
    relaysTrusted,
    relaysUntrusted,
    relaysInternal,
    relaysExternal,
    relaysTrustedStr: joined(relaysTrusted),
    relaysUntrustedStr: joined(relaysUntrusted),
    relaysInternalStr: joined(relaysInternal),
    relaysExternalStr: joined(relaysExternal),
    numRelaysTrusted: relaysTrusted.length,
    numRelaysUntrusted: relaysUntrusted.length,
    numRelaysInternal: relaysInternal.length,
    numRelaysExternal: relaysExternal.length,
    numRelaysUnparseable,
    lastTrustedRelayIndex,
    lastInternalRelayIndex,
    headers,
  };
}
