/**
 * URIDNSBL's configuration: the list definitions (`uridnsbl`, `uridnssub`, `urirhsbl`,
 * `urirhssub`, `urinsrhsbl`, `urinsrhssub`, `urifullnsrhsbl`, `urifullnsrhssub`) and the skip
 * list (`uridnsbl_skip_domain`, `clear_uridnsbl_skip_domain`), replayed in file order as the
 * directive handlers of `URIDNSBL::set_config` store them.
 */
import type { RuleSet } from '../../../compile/rule-set.js';
import { lc, words } from '../../../perl/strings.js';
import { canonicalizeNumericSubtest } from './subtest.js';

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

/** Everything URIDNSBL reads from the configuration. */
export interface UriDnsblConfig {
  /** List rules by rule name (a later line for the same name replaces the earlier one). */
  readonly lists: ReadonlyMap<string, UriDnsblList>;
  /** `uridnsbl_skip_domains`: lower-cased domains and hosts never looked up. */
  readonly skipDomains: ReadonlySet<string>;
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

const cache = new WeakMap<RuleSet, UriDnsblConfig>();

/** Reads (once per rule set) the list rules and the skip list. */
export function uriDnsblConfig(ruleSet: RuleSet): UriDnsblConfig {
  let c = cache.get(ruleSet);
  if (c) return c;
  const lists = new Map<string, UriDnsblList>();
  const skip = new Set<string>();
  for (const d of ruleSet.directives) {
    if (d.name in KIND_BY_DIRECTIVE) {
      const list = parseListLine(d.name, d.value);
      if (list) lists.set(list.rule, list);
    } else if (d.name === 'uridnsbl_skip_domain') {
      for (const w of words(d.value)) skip.add(lc(w));
    } else if (d.name === 'clear_uridnsbl_skip_domain') {
      const ws = words(d.value);
      if (ws.length === 0) skip.clear();
      else for (const w of ws) skip.delete(lc(w));
    }
  }
  c = { lists, skipDomains: skip };
  cache.set(ruleSet, c);
  return c;
}
