/**
 * `%{NAME}` capture templates (SA 4's capture rules): before a rule with templates runs, each
 * `%{NAME}` in its pattern becomes `(?:v1|v2…)` of the quotemeta'd values captured so far under
 * NAME; while any template's tag is unset the rule does not run (`capture_rules_replace`).
 */
import type { Rule } from '../compile/rule.js';
import { translatePerlRegex } from '../compile/regex/translate.js';
import { checkPatternText } from '../compile/pattern-limits.js';
import { buildMatcher, type Matcher } from './matcher.js';
import { quotemeta } from '../perl/strings.js';

/** Sticky mode: the first filled matcher of each rule, for the life of the rule set. */
const sticky = new WeakMap<Rule, Matcher | undefined>();
/** Per-message mode: recent filled patterns, so equal captures do not recompile (bounded). */
const recent = new Map<string, Matcher | undefined>();
const RECENT_MAX = 256;

/**
 * The matcher for a rule's pattern with its templates filled from `tags`; undefined while a
 * template's tag is unset or when the filled pattern does not compile. Rules without templates
 * get their plain pattern.
 *
 * By default the pattern is filled from each message's own captures, so a result never
 * depends on which messages were scanned before. SpamAssassin itself runs these patterns with
 * `/o` (Check.pm: `$l =~ /$test_qr/op`): Perl compiles the filled pattern the first time the
 * rule runs and keeps it for the life of the process, so in spamd and batch scans every later
 * message is matched against the first message's values. `sticky` reproduces that (the
 * conformance run uses it, since Perl's answers were made in one process).
 */
export function compilePatternSource(rule: Rule, tags: ReadonlyMap<string, readonly string[]>, isSticky = false): Matcher | undefined {
  const p = rule.pattern;
  if (!p) return undefined;
  let pattern = p.perl.pattern;
  for (const name of rule.captureTemplates ?? []) {
    const vals = (tags.get(name) ?? []).filter((v) => v !== '');
    if (vals.length === 0) return undefined;
    const alt = `(?:${vals.map(quotemeta).join('|')})`;
    pattern = pattern.split(`%\\{${name}\\}`).join(alt);
  }
  if (isSticky && sticky.has(rule)) return sticky.get(rule);
  const key = `${p.perl.flags}/${pattern}`;
  if (!isSticky && recent.has(key)) return recent.get(key);
  let m: Matcher | undefined;
  try {
    // The values come from the message: a filled pattern past the size limit is not run (the
    // rule's own text passed every limit; the values add only quoted literals).
    m = checkPatternText(pattern) ? undefined : buildMatcher({ ...translatePerlRegex(pattern, p.perl.flags), perl: { pattern, flags: p.perl.flags } }, { v8Only: !isSticky });
  } catch {
    m = undefined;
  }
  if (isSticky) sticky.set(rule, m);
  else {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(key, m);
  }
  return m;
}
