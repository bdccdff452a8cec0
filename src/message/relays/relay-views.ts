/**
 * Values other parts of SA derive from the relay lists: the envelope-sender guess of
 * `PerMsgStatus::get_envelope_from`, the relay template tags (`_RELAYSTRUSTED_`,
 * `_LASTEXTERNALIP_` …) and the `*REVIP` tags set by `Message::Metadata::extract`.
 */

import { reverseIpAddress } from './ip-patterns.js';
import type { Relay } from './relay-record.js';
import type { RelayInfo } from './parse-relays.js';

/**
 * The envelope sender recorded by the last untrusted relay — or, when every relay is trusted,
 * by the first (oldest) trusted one — if it holds an `@` after its first character or is empty
 * (`<>`). This is the Received-based step of SA's `get_envelope_from`; undefined means SA goes
 * on to look at other headers (`X-Sender`, `X-Envelope-From`, `Envelope-Sender`, `Return-Path`).
 */
export function relayEnvelopeFrom(info: RelayInfo): string | undefined {
  const lasthop: Relay | undefined = info.relaysUntrusted[0] ?? info.relaysTrusted[info.relaysTrusted.length - 1];
  const envfrom = lasthop?.envfrom;
  if (envfrom !== undefined && (envfrom.indexOf('@') > 0 || envfrom === '')) return envfrom;
  return undefined;
}

/** Reversed IPs of the non-private relays in a list (the `RELAYS*REVIP` tags). */
export function reversedPublicIps(relays: readonly Relay[]): string[] {
  const out: string[] = [];
  for (const relay of relays) {
    if (relay.ip_private || relay.ip === '') continue;
    const rev = reverseIpAddress(relay.ip);
    if (rev !== undefined && rev !== '') out.push(rev);
  }
  return out;
}

/** The template tags SA derives from relays, by tag name. */
export interface RelayTags {
  readonly RELAYSTRUSTED: string;
  readonly RELAYSUNTRUSTED: string;
  readonly RELAYSINTERNAL: string;
  readonly RELAYSEXTERNAL: string;
  /** IP of the oldest trusted relay, '' when none. */
  readonly FIRSTTRUSTEDIP: string;
  /** Its reversed form ('' when none or not an IP). */
  readonly FIRSTTRUSTEDREVIP: string;
  /** IP of the newest external relay, '' when none. */
  readonly LASTEXTERNALIP: string;
  readonly LASTEXTERNALREVIP: string;
  readonly LASTEXTERNALRDNS: string;
  readonly LASTEXTERNALHELO: string;
  /** Empty arrays mean SA leaves the tag unset. */
  readonly RELAYSTRUSTEDREVIP: readonly string[];
  readonly RELAYSUNTRUSTEDREVIP: readonly string[];
  readonly RELAYSINTERNALREVIP: readonly string[];
  readonly RELAYSEXTERNALREVIP: readonly string[];
}

/** Computes the relay tags of `PerMsgStatus` and `Metadata::extract`. */
export function relayTags(info: RelayInfo): RelayTags {
  const firstTrusted = info.relaysTrusted[info.relaysTrusted.length - 1];
  const lastExternal = info.relaysExternal[0];
  return {
    RELAYSTRUSTED: info.relaysTrustedStr,
    RELAYSUNTRUSTED: info.relaysUntrustedStr,
    RELAYSINTERNAL: info.relaysInternalStr,
    RELAYSEXTERNAL: info.relaysExternalStr,
    FIRSTTRUSTEDIP: firstTrusted?.ip ?? '',
    FIRSTTRUSTEDREVIP: firstTrusted ? (reverseIpAddress(firstTrusted.ip) ?? '') : '',
    LASTEXTERNALIP: lastExternal?.ip ?? '',
    LASTEXTERNALREVIP: lastExternal ? (reverseIpAddress(lastExternal.ip) ?? '') : '',
    LASTEXTERNALRDNS: lastExternal?.rdns ?? '',
    LASTEXTERNALHELO: lastExternal?.helo ?? '',
    RELAYSTRUSTEDREVIP: reversedPublicIps(info.relaysTrusted),
    RELAYSUNTRUSTEDREVIP: reversedPublicIps(info.relaysUntrusted),
    RELAYSINTERNALREVIP: reversedPublicIps(info.relaysInternal),
    RELAYSEXTERNALREVIP: reversedPublicIps(info.relaysExternal),
  };
}
