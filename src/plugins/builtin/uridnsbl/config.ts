/**
 * URIDNSBL's configuration: the list definitions (`uridnsbl`, `uridnssub`, `urirhsbl`,
 * `urirhssub`, `urinsrhsbl`, `urinsrhssub`, `urifullnsrhsbl`, `urifullnsrhssub`) and the skip
 * list (`uridnsbl_skip_domain`, `clear_uridnsbl_skip_domain`), replayed in file order as the
 * directive handlers of `URIDNSBL::set_config` store them.
 */
import type { PluginSettingsApi } from '../../types.js';
import { lc, words } from '../../../perl/strings.js';
import { canonicalizeNumericSubtest } from './subtest.js';
import { isActiveNetRule, tflagsOf } from './active-rules.js';

/** How a list is asked, by the directive that defined it. */
export type UriDnsblKind = 'dnsbl' | 'rhsbl' | 'nsrhsbl' | 'fullnsrhsbl';

/** One list rule (SA's `$conf->{uridnsbls}->{$rulename}`). */
export interface UriDnsblList {
  readonly rule: string;
  /** The zone, trailing dot removed. */
  readonly zone: string;
  /** The query type as written (`A`, `TXT`). */
  readonly type: string;
  readonly kind: UriDnsblKind;
  /** The canonical sub-test (`2`, `2130706434-2130706434`, …), absent for the plain forms. */
  readonly subtest?: string;
}

/** Everything URIDNSBL reads from the configuration: its compiled settings. */
export interface UriDnsblConfig {
  /** List rules by rule name (a later line for the same name replaces the earlier one). */
  readonly lists: ReadonlyMap<string, UriDnsblList>;
  /** `uridnsbl_skip_domains`: lower-cased domains and hosts never looked up. */
  readonly skipDomains: ReadonlySet<string>;
  /** The list rules that run: a non-zero score in the network score set (see active-rules.ts). */
  readonly active: readonly UriDnsblList[];
  /** A rule's tflags ('' without). */
  tflagsOf(rule: string): string;
}

const KIND_BY_DIRECTIVE: Readonly<Record<string, [UriDnsblKind, boolean]>> = {
  uridnsbl: ['dnsbl', false],
  uridnssub: ['dnsbl', true],
  urirhsbl: ['rhsbl', false],
  urirhssub: ['rhsbl', true],
  urinsrhsbl: ['nsrhsbl', false],
  urinsrhssub: ['nsrhsbl', true],
  urifullnsrhsbl: ['fullnsrhsbl', false],
  urifullnsrhssub: ['fullnsrhsbl', true],
};

/**
 * Parses one list definition line as its `set_config` handler does; undefined when SA refuses
 * the line (INVALID_VALUE / MISSING_REQUIRED_VALUE).
 */
export function parseListLine(directive: string, value: string): UriDnsblList | undefined {
  const spec = KIND_BY_DIRECTIVE[directive];
  if (!spec) return undefined;
  const [kind, withSubtest] = spec;
  // `\w` and `\S`/`\s` of SA's patterns, over octet strings.
  const m = withSubtest
    ? /^(\w+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([\s\S]*?)[\t\n\x0b\f\r ]*$/.exec(value)
    : /^(\w+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([^\t\n\x0b\f\r ]+)\n?$/.exec(value);
  if (!m) return undefined;
  const zone = m[2]!.replace(/\.$/, '');
  if (!withSubtest) return { rule: m[1]!, zone, type: m[3]!, kind };
  const subtest = canonicalizeNumericSubtest(m[4]!);
  if (subtest === undefined) return undefined;
  return { rule: m[1]!, zone, type: m[3]!, kind, subtest };
}

/** The list directives, in the order `lines()` must replay them. */
const LIST_DIRECTIVES = Object.keys(KIND_BY_DIRECTIVE);

/**
 * `uridnsbl_skip_domain` / `clear_uridnsbl_skip_domain` replayed in file order (URIDNSBL.pm
 * `set_config`); HashBL reads the same list.
 */
export function uriDnsblSkipDomains(api: PluginSettingsApi): ReadonlySet<string> {
  return api.memo('uridnsbl:skip_domains', () => buildSkipDomains(api));
}

function buildSkipDomains(api: PluginSettingsApi): Set<string> {
  const skip = new Set<string>();
  for (const d of api.lines('uridnsbl_skip_domain', 'clear_uridnsbl_skip_domain')) {
    if (d.name === 'uridnsbl_skip_domain') {
      for (const w of words(d.value)) skip.add(lc(w));
    } else {
      const ws = words(d.value);
      if (ws.length === 0) skip.clear();
      else for (const w of ws) skip.delete(lc(w));
    }
  }
  return skip;
}

/** URIDNSBL's settings hook: the list rules, the skip list and the rules that run, read once per rule set. */
export function uriDnsblConfig(api: PluginSettingsApi): UriDnsblConfig {
  const lists = new Map<string, UriDnsblList>();
  for (const d of api.lines(...LIST_DIRECTIVES)) {
    const list = parseListLine(d.name, d.value);
    if (list) lists.set(list.rule, list);
  }
  return {
    lists,
    skipDomains: uriDnsblSkipDomains(api),
    active: [...lists.values()].filter((l) => isActiveNetRule(api.rules, l.rule)),
    tflagsOf: (rule) => tflagsOf(api.rules, rule),
  };
}
