/**
 * `%{NAME}` capture templates (SA 4's capture rules): before a rule with templates runs, each
 * `%{NAME}` in its pattern becomes `(?:v1|v2…)` of the quotemeta'd values captured so far under
 * NAME; while any template's tag is unset the rule does not run (`capture_rules_replace`).
 */
import type { Rule } from '../compile/rule.js';
import { translatePerlRegex } from '../compile/regex/translate.js';
import { buildMatcher, type Matcher } from './matcher.js';

/** Perl's quotemeta on a byte string: every character but `[A-Za-z0-9_]` is backslashed. */
export function quotemeta(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, (c) => '\\' + c);
}

const cache = new WeakMap<Rule, Map<string, Matcher | undefined>>();

/**
 * The matcher for a rule's pattern with its templates filled from `tags`; undefined while a
 * template's tag is unset or when the filled pattern does not compile. Rules without templates
 * get their plain pattern.
 */
export function compilePatternSource(rule: Rule, tags: ReadonlyMap<string, readonly string[]>): Matcher | undefined {
  const p = rule.pattern;
  if (!p) return undefined;
  let pattern = p.perl.pattern;
  for (const name of rule.captureTemplates ?? []) {
    const vals = (tags.get(name) ?? []).filter((v) => v !== '');
    if (vals.length === 0) return undefined;
    const alt = `(?:${vals.map(quotemeta).join('|')})`;
    pattern = pattern.split(`%\\{${name}\\}`).join(alt);
  }
  let byKey = cache.get(rule);
  if (!byKey) cache.set(rule, (byKey = new Map()));
  if (byKey.has(pattern)) return byKey.get(pattern);
  let m: Matcher | undefined;
  try {
    m = buildMatcher({ ...translatePerlRegex(pattern, p.perl.flags), perl: { pattern, flags: p.perl.flags } });
  } catch {
    m = undefined;
  }
  if (byKey.size > 64) byKey.clear();
  byKey.set(pattern, m);
  return m;
}
