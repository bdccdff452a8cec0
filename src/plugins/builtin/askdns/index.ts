/**
 * AskDNS: SpamAssassin's `Plugin::AskDNS`. An `askdns NAME TEMPLATE [TYPES [FILTER]]` line
 * defines rule NAME (an "empty" rule of SA's: no eval, no pattern) that hits when the DNS answer
 * to the template, filled with the message's tag values, passes the filter.
 *
 * Queries start in the `check_dnsbl` hook for every rule with a non-zero score; the hook
 * returns each rule's outcome (a promise: true when an answer matched), and
 * {@link askdnsOutcome} gives it by rule name. Rules sharing a template share its names, and
 * the scan's lookup layer asks each name and type once.
 */
import type { EvalContext } from '../../types.js';
import type { DnsAnswer, DnsRecordType } from '../../../net/types.js';
import { LookupGroup } from '../uridnsbl/lookup-group.js';
import { askDnsSettings, type AskDnsRule, type AskDnsSettings } from './config.js';
import { expandTemplate, queryNames } from './queries.js';
import { askDnsMatchingRecords, RCODE_VALUE, type AskDnsRecord } from './subtest.js';
import { tagValues, type TagValues } from './tags.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

const QUERY_TYPES = new Set<string>(['A', 'AAAA', 'TXT', 'NS', 'MX', 'PTR', 'CNAME', 'SOA']);

/** The response code SA's Net::DNS packet would carry for a lookup status (undefined: no packet). */
const RCODE_BY_STATUS: Readonly<Record<DnsAnswer['status'], number | undefined>> = {
  ok: RCODE_VALUE.NOERROR,
  nodata: RCODE_VALUE.NOERROR,
  nxdomain: RCODE_VALUE.NXDOMAIN,
  refused: RCODE_VALUE.REFUSED,
  error: RCODE_VALUE.SERVFAIL,
  // A timed-out query has no packet, a refused-by-restriction one was never sent: SA's
  // callback does nothing for either.
  timeout: undefined,
  skipped: undefined,
};

/**
 * The answer records as SA's filter reads them: addresses, joined TXT strings (`txtdata`),
 * names in zone-file form with their trailing dot (`rdstring`).
 */
function recordsOf(answer: DnsAnswer): AskDnsRecord[] {
  const named = answer.rrtype === 'NS' || answer.rrtype === 'PTR' || answer.rrtype === 'CNAME' || answer.rrtype === 'MX';
  return answer.records.map((text) => ({ type: answer.rrtype, text: named && !text.endsWith('.') ? `${text}.` : text }));
}

/** Launches every active askdns rule's queries (`AskDNS::check_dnsbl` + `launch_queries`). */
function launch(ctx: EvalContext<AskDnsSettings>): Map<string, Promise<boolean>> {
  const outcomes = new Map<string, Promise<boolean>>();
  const net = ctx.net;
  if (!net) return outcomes;
  const group = new LookupGroup((err) => net.diagnostic('internal', `askdns: ${err instanceof Error ? err.message : String(err)}`));
  // SA caches tag values and expanded templates per message (`askdns_tag_cache`, `askdns_qtmpl_cache`).
  const tagCache = new Map<string, TagValues | Promise<TagValues>>();
  const tagOf = (tag: string) => {
    if (!tagCache.has(tag)) tagCache.set(tag, tagValues(ctx, tag));
    return tagCache.get(tag)!;
  };
  const templateCache = new Map<string, string[] | undefined>();
  const send = (rule: AskDnsRule, values: ReadonlyMap<string, TagValues>) => {
    if (!templateCache.has(rule.template)) templateCache.set(rule.template, expandTemplate(rule.template, rule.tags, (t) => values.get(t)));
    const expanded = templateCache.get(rule.template);
    if (!expanded) return; // a tag without a value: SA's action never runs
    if (!QUERY_TYPES.has(rule.queryType)) {
      net.diagnostic('dns-error', `askdns: ${rule.rule}: query type ${rule.queryType} is not supported`);
      return;
    }
    for (const name of queryNames(expanded)) {
      group.track(net.dns(name, rule.queryType as DnsRecordType, { rule: rule.rule }), (answer) => {
        const rcode = RCODE_BY_STATUS[answer.status];
        if (rcode === undefined) return;
        // askdns_hit for every matching record, each logged as "name TYPE:data".
        for (const rr of askDnsMatchingRecords(rule.subtest, rcode, recordsOf(answer), rule.answerTypes)) {
          ctx.testLog(`${name} ${answer.rrtype}:${rr?.text ?? ''}`, rule.rule, 'latin1');
          group.hit(rule.rule);
        }
      });
    }
  };
  for (const rule of ctx.settings.active) {
    const pending = rule.tags.map((t) => tagOf(t));
    if (pending.some((v) => v instanceof Promise)) {
      // Tags set later (DKIM's): the queries go out when they are known (SA's action_depends_on_tags).
      group.track(Promise.all(pending), (vals) => send(rule, new Map(rule.tags.map((t, i) => [t, vals[i]]))));
    } else send(rule, new Map(rule.tags.map((t, i) => [t, pending[i] as TagValues])));
    outcomes.set(rule.rule, group.outcome(rule.rule));
  }
  group.close();
  return outcomes;
}

const outcomesOf = (ctx: EvalContext<AskDnsSettings>): Map<string, Promise<boolean>> => ctx.memo('askdns:outcomes', () => launch(ctx));

/**
 * The outcome of askdns rule `rule` in this scan: a promise (true when an answer matched its
 * filter), or false when the rule does not run (no network tests, zero score, not an askdns rule).
 */
export function askdnsOutcome(ctx: EvalContext<AskDnsSettings>, rule: string): Promise<boolean> | false {
  if (!ctx.net) return false;
  return outcomesOf(ctx).get(rule) ?? false;
}

/** AskDNS registers no eval functions: its rules are defined by the askdns lines. */
const ASKDNS: EvalImpls<AskDnsSettings> = {};



/** `Mail::SpamAssassin::Plugin::AskDNS`: SA's vocabulary (catalog.ts) with the implementations above. */
export const ASKDNS_PLUGIN = definePlugin({
  ...saVocabulary('AskDNS'),
  settings: askDnsSettings,
  evals: saEvals('AskDNS', ASKDNS),
  /** Launches the queries; returns each active rule's outcome, by rule name. */
  checkDnsbl(ctx) {
    return outcomesOf(ctx);
  },
  // AskDNS.pm's callback: got_hit($rulename, 'ASKDNS: ', ruletype => 'askdns')
  hookArea: 'ASKDNS: ',
});

export { parseAskDnsLine, askDnsRules, askDnsSettings, templateTags, type AskDnsSettings } from './config.js';
export { parseAskDnsSubtest, askDnsMatches, askDnsMatchingRecords } from './subtest.js';
export { expandTemplate, queryNames } from './queries.js';
export { builtinTagValues, tagValues } from './tags.js';
