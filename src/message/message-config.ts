/**
 * The message stage's settings, compiled once per rule set (`compile/message-config.ts`) and
 * handed to {@link buildViews}: nothing in the message stage reads configuration lines at scan
 * time.
 */
import type { TldSets } from './registry-boundaries.js';

/** What the message stage needs from the configuration. */
export interface MessageConfig {
  /** `util_rb_tld` / `util_rb_2tld` / `util_rb_3tld` (RegistryBoundaries). */
  readonly tlds: TldSets;
  /** `envelope_sender_header`, when set. */
  readonly envelopeSenderHeader?: string;
  /** `originating_ip_headers`, after `clear_originating_ip_headers`. */
  readonly originatingIpHeaders: readonly string[];
  /** `trusted_networks`, `internal_networks`, `msa_networks` (each after its `clear_*`). */
  readonly trustedNetworks: readonly string[];
  readonly internalNetworks: readonly string[];
  readonly msaNetworks: readonly string[];
  /** `redirector_pattern`s as RegExps (group 1 is the target); the untranslatable ones were lint errors. */
  readonly redirectorPatterns: readonly RegExp[];
  /** `parse_dkim_uris`. */
  readonly parseDkimUris: boolean;
  /** `body_part_scan_size` and `rawbody_part_scan_size`. */
  readonly bodyPartScanSize: number;
  readonly rawbodyPartScanSize: number;
}
