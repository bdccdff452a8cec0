/**
 * The DNS settings of a rule set, read once per rule set from its directive lines:
 * `dns_server`, `clear_dns_servers`, `dns_available`, `dns_query_restriction`,
 * `clear_dns_query_restriction`, `rbl_timeout` (global and per zone) and `time_limit`.
 */
import type { Diagnostic } from './diagnostics.js';
import type { DirectiveOccurrence } from './parsed-config.js';

/** The timeouts of one zone, in seconds (SA's `rbl_timeout t [t_min] [zone]`). */
export interface RblTimeout {
  /** Initial timeout of a query (`t`). */
  initial: number;
  /** What the timeout shrinks to as answers arrive (`t_min`, default 0.2 × t). */
  min: number;
}

/** What a scan needs to know about DNS. */
export interface DnsSettings {
  /** `dns_server` lines in order (`127.0.0.1:5353`, `[::1]:53`); empty: the system's servers. */
  servers: string[];
  /** `dns_available no` turns every DNS test off. */
  available: boolean;
  /** `dns_query_restriction`: domain (lower case, `*` for all) → allowed. */
  restrictions: Map<string, boolean>;
  /** The global `rbl_timeout`. */
  rblTimeout: RblTimeout;
  /** Per-zone `rbl_timeout` lines, zone lower-cased. */
  rblTimeoutByZone: Map<string, RblTimeout>;
  /** `time_limit`, seconds (SA's master deadline). */
  timeLimit: number;
  /** `dns_block_rule RULE domain…`: a hit of RULE blocks queries to these domains. */
  blockRules: Map<string, string[]>;
  /** Every domain of a `dns_block_rule` line. */
  blockDomains: Set<string>;
  /** `dns_block_time`, seconds a block lasts. */
  blockTime: number;
  /** Lines that could not be read. */
  diagnostics: Diagnostic[];
}

const NUMBER = /^\d+(?:\.\d*)?$/;

/**
 * Reads the DNS settings from a rule set's directive occurrences (file order, later lines
 * win, `clear_*` lines empty what came before) — Conf.pm's handlers for each directive.
 */
export function readDnsSettings(directives: readonly DirectiveOccurrence[], settings: ReadonlyMap<string, unknown>): DnsSettings {
  const out: DnsSettings = {
    servers: [],
    available: true,
    restrictions: new Map(),
    rblTimeout: { initial: 15, min: 3 },
    rblTimeoutByZone: new Map(),
    timeLimit: typeof settings.get('time_limit') === 'number' ? (settings.get('time_limit') as number) : 300,
    blockRules: new Map(),
    blockDomains: new Set(),
    blockTime: typeof settings.get('dns_block_time') === 'number' ? (settings.get('dns_block_time') as number) : 300,
    diagnostics: [],
  };
  const bad = (d: DirectiveOccurrence, why: string) =>
    out.diagnostics.push({
      severity: 'warning',
      code: 'invalid-value',
      message: `${d.name}: ${why}: ${d.value}`,
      file: d.source.file,
      line: d.source.line,
    });
  for (const d of directives) {
    const words = d.value.trim().split(/[ \t\n\r\f\v]+/).filter(Boolean);
    switch (d.name) {
      case 'dns_server': {
        // Conf.pm accepts `ip`, `ip:port`, `[ipv6]:port`, one per line.
        const v = words[0] ?? '';
        if (words.length !== 1 || !/^(?:\[[0-9a-f:.]+\](?::\d+)?|[0-9a-f:.]+(?::\d+)?)$/i.test(v)) bad(d, 'not an IP address with an optional port');
        else out.servers.push(v);
        break;
      }
      case 'clear_dns_servers':
        out.servers = [];
        break;
      case 'dns_available':
        // `yes`, `no`, or `test[: domains]`, which SA answers by probing; probing is left to the
        // host's resolver here, so `test` counts as available.
        out.available = !/^no\b/i.test(d.value.trim());
        break;
      case 'dns_query_restriction': {
        const [mode, ...domains] = words;
        if ((mode !== 'allow' && mode !== 'deny') || domains.length === 0) {
          bad(d, "expected 'allow' or 'deny' and domains");
          break;
        }
        for (const dom of domains) out.restrictions.set(dom.toLowerCase().replace(/^\.|\.$/g, ''), mode === 'allow');
        break;
      }
      case 'clear_dns_query_restriction':
        out.restrictions.clear();
        break;
      case 'dns_block_rule': {
        // Conf.pm: `RULE domain…`, domains lower-cased without outer dots, [a-z0-9_.-] only.
        const [rule, ...domains] = words;
        const clean = domains.map((x) => x.toLowerCase().replace(/^\./, '').replace(/\.$/, ''));
        if (!rule || clean.length === 0 || clean.some((x) => !/^[a-z0-9_.-]+$/.test(x))) {
          bad(d, 'expected a rule name and domains');
          break;
        }
        out.blockRules.set(rule, [...(out.blockRules.get(rule) ?? []), ...clean]);
        for (const x of clean) out.blockDomains.add(x);
        break;
      }
      case 'rbl_timeout': {
        // `t [t_min] [zone]`: a zone ends with a letter (Conf.pm tells it from the numbers so).
        const nums = words.filter((w) => NUMBER.test(w));
        const zone = words.find((w) => !NUMBER.test(w));
        if (nums.length < 1 || nums.length > 2 || (zone !== undefined && !/[a-z]$/i.test(zone)) || words.length > 3) {
          bad(d, 'expected t [t_min] [zone]');
          break;
        }
        const initial = Number(nums[0]);
        const min = nums[1] !== undefined ? Number(nums[1]) : undefined;
        if (zone === undefined) out.rblTimeout = { initial, min: min ?? 0.2 * initial };
        else out.rblTimeoutByZone.set(zone.toLowerCase(), { initial, min: min ?? 0.2 * initial });
        break;
      }
    }
  }
  return out;
}

/**
 * A name and then each of its parents, lower-cased, without a trailing dot
 * (`a.b.example` → `a.b.example`, `b.example`, `example`): Util's `domain_to_search_list`, the
 * order in which AsyncLoop and Conf look a name up in their per-domain tables.
 */
function* searchList(name: string): Generator<string> {
  let d = name.toLowerCase().replace(/\.$/, '');
  for (;;) {
    yield d;
    const dot = d.indexOf('.');
    if (dot < 0) return;
    d = d.slice(dot + 1);
  }
}

/** The entry of the tightest domain of `table` that `name` falls under (the name or a parent). */
function tightest<T>(table: ReadonlyMap<string, T>, name: string): T | undefined {
  if (table.size === 0) return undefined;
  for (const d of searchList(name)) {
    const v = table.get(d);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Whether a query for `domain` may go out: its name, then each parent, is looked up in the
 * `dns_query_restriction` table and the first (tightest) entry decides; `*` is the last
 * resort; no entry allows (AsyncLoop's `bgsend_and_start_lookup`).
 */
export function queryAllowed(restrictions: ReadonlyMap<string, boolean>, domain: string): boolean {
  if (restrictions.size === 0) return true;
  return tightest(restrictions, domain) ?? restrictions.get('*') ?? true;
}

/**
 * The `dns_block_rule` domain a query for `name` falls under (the name or a parent), if any:
 * AsyncLoop's search over the name's parents.
 */
export function blockDomainOf(s: DnsSettings, name: string): string | undefined {
  if (s.blockDomains.size === 0) return undefined;
  for (const d of searchList(name)) if (s.blockDomains.has(d)) return d;
  return undefined;
}

/** The timeouts for a query in `zone`: the tightest per-zone line, else the global one. */
export function rblTimeoutFor(s: DnsSettings, zone: string): RblTimeout {
  return tightest(s.rblTimeoutByZone, zone) ?? s.rblTimeout;
}
