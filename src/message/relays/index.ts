/**
 * Received headers → relays, and the trusted/internal network walk
 * (SpamAssassin's `Message::Metadata::Received`).
 */

export { parseRelays } from './parse-relays.js';
export type { RelayInfo, RelayInput, RelayNetworkConfig, ReceivedHeaderResult } from './parse-relays.js';
export { parseReceivedLine, type ReceivedParse } from './received-line.js';
export type { Relay } from './relay-record.js';
export { NetSet } from './net-set.js';
export { relayEnvelopeFrom, relayTags, reversedPublicIps, type RelayTags } from './relay-views.js';
export { IP_ADDRESS, IP_PRIVATE, LOCALHOST, isPrivateIp, firstIpAddress, reverseIpAddress } from './ip-patterns.js';
