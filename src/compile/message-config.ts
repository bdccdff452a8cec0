/**
 * Compiles the message stage's settings ({@link MessageConfig}) from the configuration, once
 * per rule set: the list directives replayed with their `clear_*` lines, the RegistryBoundaries
 * TLD sets, and every `redirector_pattern` translated here, so that one that cannot be used is
 * a lint error with its file and line (SA's `is_delimited_regexp_valid` check) instead of being
 * dropped at the first scan.
 */
import { excerpt, type Diagnostic } from '../config/diagnostics.js';
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import type { MessageConfig } from '../message/message-config.js';
import { tldSetsOf } from '../message/registry-boundaries.js';
import { compilePattern } from './pattern.js';

/** Replays a list directive with its `clear_*` directive, in configuration order. */
export function listDirective(directives: readonly DirectiveOccurrence[], name: string, clear: string): string[] {
  let out: string[] = [];
  for (const d of directives) {
    if (d.name === name) out.push(...d.value.split(/[ \t]+/).filter(Boolean));
    else if (d.name === clear) out = [];
  }
  return out;
}

function redirectors(directives: readonly DirectiveOccurrence[], diagnostics: Diagnostic[]): RegExp[] {
  const list: RegExp[] = [];
  for (const d of directives) {
    if (d.name !== 'redirector_pattern') continue;
    const r = compilePattern(d.value);
    if (r.ok) list.push(new RegExp(r.pattern.js.source, r.pattern.js.flags));
    else {
      diagnostics.push({
        severity: 'error',
        code: r.code ?? 'invalid-regexp',
        message: `config: invalid redirector_pattern '${excerpt(d.value)}': ${r.error}`,
        file: d.source.file,
        line: d.source.line,
      });
    }
  }
  return list;
}

/**
 * The message stage's slice of a rule set.
 * @param diagnostics receives a problem with a `redirector_pattern`, with its file and line
 */
export function compileMessageConfig(
  directives: readonly DirectiveOccurrence[],
  settings: ReadonlyMap<string, SettingValue>,
  diagnostics: Diagnostic[] = [],
): MessageConfig {
  const num = (key: string, dflt: number) => {
    const v = settings.get(key);
    return typeof v === 'number' ? v : dflt;
  };
  const envHeader = settings.get('envelope_sender_header');
  return Object.freeze({
    tlds: tldSetsOf(directives),
    ...(typeof envHeader === 'string' ? { envelopeSenderHeader: envHeader } : {}),
    originatingIpHeaders: Object.freeze(listDirective(directives, 'originating_ip_headers', 'clear_originating_ip_headers')),
    trustedNetworks: Object.freeze(listDirective(directives, 'trusted_networks', 'clear_trusted_networks')),
    internalNetworks: Object.freeze(listDirective(directives, 'internal_networks', 'clear_internal_networks')),
    msaNetworks: Object.freeze(listDirective(directives, 'msa_networks', 'clear_msa_networks')),
    redirectorPatterns: Object.freeze(redirectors(directives, diagnostics)),
    parseDkimUris: settings.get('parse_dkim_uris') !== false,
    bodyPartScanSize: num('body_part_scan_size', 50000),
    rawbodyPartScanSize: num('rawbody_part_scan_size', 500000),
  });
}
