/**
 * AskDNS's `askdns NAME TEMPLATE [RRTYPES [FILTER]]` lines, as `AskDNS::set_config` stores
 * them: the query template and the tags it names, the query type (`ANY` when several answer
 * types are listed), the accepted answer types and the filter. A later line for the same rule
 * replaces the earlier one.
 */
import type { PluginSettingsApi } from '../../types.js';
import { isActiveNetRule } from '../uridnsbl/active-rules.js';
import { parseAskDnsSubtest, type AskDnsSubtest } from './subtest.js';

/** One askdns rule. */
export interface AskDnsRule {
  readonly rule: string;
  /** The query template (`_AUTHORDOMAIN_.fresh.fmb.la.`). */
  readonly template: string;
  /** The tags the template names, sorted (`HEADER(From:addr)` keeps its argument). */
  readonly tags: readonly string[];
  /** The query type: the only answer type listed, else `ANY`. */
  readonly queryType: string;
  /** Accepted answer record types, upper case. */
  readonly answerTypes: readonly string[];
  readonly subtest?: AskDnsSubtest;
}

const KNOWN_TYPES =
  /^(?:ANY|A|AAAA|MX|TXT|PTR|NAPTR|NS|SOA|CERT|CNAME|DNAME|DHCID|HINFO|MINFO|RP|HIP|IPSECKEY|KX|LOC|GPOS|SRV|OPENPGPKEY|SSHFP|SPF|TLSA|URI|CAA|CSYNC)$/;

/** The tag names of a template, as SA collects them (`_NAME_`, `_HEADER(arg)_`). */
export function templateTags(template: string): string[] {
  const tags = new Set<string>();
  for (const m of template.matchAll(/_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\([^]*?\))?)_/g)) tags.add(m[1]!);
  // Perl's `sort keys`: by code unit.
  return [...tags].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Parses one askdns line; undefined when SA refuses it. */
export function parseAskDnsLine(value: string): AskDnsRule | undefined {
  const m = /^([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)(?:[\t\n\x0b\f\r ]+([A-Za-z0-9,]+)(?:[\t\n\x0b\f\r ]+([\s\S]*?))?)?[\t\n\x0b\f\r ]*$/.exec(value);
  if (!m) return undefined;
  const answerTypes = (m[3] ?? 'A').toUpperCase().split(',');
  if (answerTypes.some((t) => !KNOWN_TYPES.test(t))) return undefined;
  const queryType = answerTypes.length > 1 || answerTypes[0] === 'ANY' ? 'ANY' : answerTypes[0]!;
  let subtest: AskDnsSubtest | undefined;
  if (m[4] !== undefined) {
    subtest = parseAskDnsSubtest(m[4]);
    if (subtest === undefined) return undefined;
  }
  return { rule: m[1]!, template: m[2]!, tags: templateTags(m[2]!), queryType, answerTypes, ...(subtest ? { subtest } : {}) };
}

/** AskDNS's compiled settings. */
export interface AskDnsSettings {
  /** The askdns rules by rule name. */
  readonly rules: ReadonlyMap<string, AskDnsRule>;
  /** Those that run: a non-zero score in the network score set, as SA's `next if !$conf->{scores}->{$rulename}`. */
  readonly active: readonly AskDnsRule[];
}

/** The askdns rules of a rule set, by rule name (`AskDNS::set_config`, a later line for a name replacing the earlier). */
export function askDnsRules(api: PluginSettingsApi): ReadonlyMap<string, AskDnsRule> {
  const m = new Map<string, AskDnsRule>();
  for (const d of api.lines('askdns')) {
    const r = parseAskDnsLine(d.value);
    if (r) m.set(r.rule, r);
  }
  return m;
}

/** AskDNS's settings hook. */
export function askDnsSettings(api: PluginSettingsApi): AskDnsSettings {
  const rules = askDnsRules(api);
  return { rules, active: [...rules.values()].filter((r) => isActiveNetRule(api.rules, r.rule)) };
}
