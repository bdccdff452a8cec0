/**
 * URIDetail: SpamAssassin's `Plugin::URIDetail`. A `uri_detail NAME key op /re/ ...` line
 * defines rule NAME as `check_uri_detail()`: it hits when one URI of the detail list
 * satisfies every criterion (`raw`, `type`, `cleaned`, `text`, `domain`, `host`).
 *
 * Also home of {@link uriDetailsOf}, SA's `get_uri_detail_list` for the evals.
 */
import { compilePattern } from '../../compile/pattern.js';
import type { UriDetail, UriDetailList } from '../../message/uri/index.js';
import type { EvalContext, PluginSettingsApi } from '../types.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const regexCache = new Map<string, RegExp | null>();

/** `compile_regexp($text, 1)` then a V8 RegExp; null when SA would refuse it. */
function compileDelimited(text: string): RegExp | null {
  let re = regexCache.get(text);
  if (re !== undefined) return re;
  const r = compilePattern(text);
  re = r.ok ? new RegExp(r.pattern.js.source, r.pattern.js.flags) : null;
  regexCache.set(text, re);
  return re;
}

/**
 * SA's URI detail list of the message (`PerMsgStatus::get_uri_detail_list`): the message
 * model's, the one uri rules read, computed once per message.
 */
export function uriDetailsOf(ctx: EvalContext): UriDetailList {
  return ctx.memo('uri_detail_list', () => ctx.model.uriDetails());
}

/** One criterion of a uri_detail rule. */
interface Criterion {
  negate: boolean;
  re: RegExp;
}

const KEYS = ['raw', 'type', 'cleaned', 'text', 'domain', 'host'] as const;
type Key = (typeof KEYS)[number];
const CRITERION = /\b(\w+)\b[\t\n\x0b\f\r ]*([=!]~)[\t\n\x0b\f\r ]*((?:\/[^\n]*?\/|m(\W)[^\n]*?\4)[imsx]*)(?=[\t\n\x0b\f\r ]|\n?$)/g;

/** URIDetail's settings: each uri_detail rule's criteria by rule name. */
export type UriDetailRules = ReadonlyMap<string, ReadonlyMap<Key, Criterion>>;

/**
 * URIDetail's settings hook: the criteria of each uri_detail rule, as SA's `set_config` stores
 * them: later lines for the same name add or replace criteria; a line stops at its first bad
 * key or pattern (criteria before it stay).
 */
function uriDetailRules(api: PluginSettingsApi): UriDetailRules {
  const rules = new Map<string, Map<Key, Criterion>>();
  for (const d of api.lines('uri_detail')) {
    const m = /^([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]+([^]+)$/.exec(d.value);
    if (!m) continue;
    const [, name, def] = m as unknown as [string, string, string];
    for (const c of def.matchAll(CRITERION)) {
      const target = c[1]!;
      if (!(KEYS as readonly string[]).includes(target)) break;
      const re = compileDelimited(c[3]!);
      if (!re) break;
      let r = rules.get(name);
      if (!r) rules.set(name, (r = new Map()));
      r.set(target as Key, { negate: c[2] === '!~', re });
    }
  }
  return rules;
}

/** Whether some element satisfies the criterion (`=~`: matches; `!~`: does not). */
function anySatisfies(c: Criterion, values: Iterable<string>): boolean {
  for (const v of values) if (c.re.test(v) !== c.negate) return true;
  return false;
}

function entryMatches(raw: string, info: UriDetail, rule: ReadonlyMap<Key, Criterion>): boolean {
  const raw_ = rule.get('raw');
  if (raw_ && raw_.re.test(raw) === raw_.negate) return false;
  const type = rule.get('type');
  if (type && !anySatisfies(type, info.types)) return false;
  const cleaned = rule.get('cleaned');
  if (cleaned && !(info.cleaned && anySatisfies(cleaned, info.cleaned))) return false;
  const text = rule.get('text');
  if (text && !(info.anchorText && anySatisfies(text, info.anchorText))) return false;
  const domain = rule.get('domain');
  if (domain && !anySatisfies(domain, info.domains)) return false;
  const host = rule.get('host');
  if (host && !anySatisfies(host, info.hosts.keys())) return false;
  return true;
}

/** URIDetail's evals by name. */
const URI_DETAIL: EvalImpls<UriDetailRules> = {
  /** The rule's uri_detail criteria all hold for one URI of the message. */
  check_uri_detail: (ctx) => {
    const rule = ctx.settings.get(ctx.rule);
    if (!rule) return 0;
    for (const [raw, info] of uriDetailsOf(ctx).details) if (entryMatches(raw, info, rule)) return 1;
    return 0;
  },
};

/** `Mail::SpamAssassin::Plugin::URIDetail`: SA's vocabulary (catalog.ts) with the implementations above. */
export const URI_DETAIL_PLUGIN = definePlugin({
  ...saVocabulary('URIDetail'),
  settings: uriDetailRules,
  evals: saEvals('URIDetail', URI_DETAIL),
});
