/**
 * The scan plan of a rule set for one score set: which rules run, at which priority, in SA's
 * type order, with their matchers built once and reused for every message.
 *
 * Mirrors what `Conf::Parser::finish_parsing` and `Plugin::Check` prepare: rules whose score in
 * the active set is 0 never run; `net` evals only run in score sets with the network bit,
 * `learn` evals only with the Bayes bit; header rules are grouped by the header they read so
 * each header is fetched once; metas know which rules they wait for (`meta_deprules`, as the
 * integer tables of meta-plan.ts).
 */
import type { CompiledPattern } from '../compile/pattern.js';
import type { Rule } from '../compile/rule.js';
import type { CompiledRuleSet } from '../compile/compiled-rule-set.js';
import { buildMatcher, type Matcher } from './matcher.js';
import { FactorIndex } from './prefilter.js';
import { buildMetaTable, type MetaTable } from './meta-plan.js';
import { evalNeedsGuard } from './eval-trust.js';

/**
 * A regex rule ready to run. What the scan reads of the rule on every visit is copied here
 * (`name`, `exists`, `negate`, `nosubject`, `captures`): plans are built by one function, so
 * these objects share one shape, where rules (objects with optional parts) have many and every
 * read through `rule` was a megamorphic load.
 */
export interface PlannedRegexRule {
  rule: Rule;
  /** The rule's name. */
  name: string;
  /** The rule's id in the plan's {@link MetaTable}. */
  id: number;
  /** A header rule testing only that the header exists (`exists:`): no pattern runs. */
  exists: boolean;
  /** A header rule with `!~`: it hits when the pattern does not match. */
  negate: boolean;
  /** `tflags nosubject`: a body rule skips the first body line (the subject). */
  nosubject: boolean;
  /** The pattern has named captures, whose values become tags (`%{NAME}` templates read them). */
  captures: boolean;
  /** Undefined for rules with capture templates (built per message) or `exists:` rules. */
  matcher: Matcher | undefined;
  multiple: boolean;
  maxhits: number;
  /** The factor prefilter of the rule's kind of text and the rule's slot there (rules with a matcher). */
  prefilter: { index: FactorIndex; slot: number } | undefined;
}

/**
 * An eval rule ready to run, with what the scan reads of it on every message: its id in the
 * plan's {@link MetaTable} (a miss is recorded by id, not by a name lookup) and whether the
 * slice guard must watch it (eval-trust.ts).
 */
export interface PlannedEval {
  rule: Rule;
  id: number;
  guard: boolean;
}

/** Header rules that read the same text: one header request, and one if-unset value. */
export interface HeaderGroup {
  /** The request (`From:addr`, `ALL`, …), as `get()` takes it. */
  request: string;
  /** The text the rules match when the header is absent (`[if-unset: …]`), if given. */
  ifUnset: string | undefined;
  rules: PlannedRegexRule[];
}

/** The rules of one priority level, by SA's run order. */
export interface PriorityLevel {
  priority: number;
  /** Header regex and exists rules, grouped by the text they read (request, plus if-unset rule), in run order. */
  head: HeaderGroup[];
  headEvals: PlannedEval[];
  body: PlannedRegexRule[];
  uri: PlannedRegexRule[];
  bodyEvals: PlannedEval[];
  rawbody: PlannedRegexRule[];
  rawbodyEvals: PlannedEval[];
  full: PlannedRegexRule[];
  fullEvals: PlannedEval[];
}

/** Everything the scan needs, per rule set and score set. */
export interface ScanPlan {
  scoreSet: number;
  /** Every rule of the rule set, by name. */
  rules: ReadonlyMap<string, Rule>;
  /** Matchers of mimeheader rules (body evals with a pattern). */
  mimeheader: Map<string, Matcher | undefined>;
  levels: PriorityLevel[];
  /** DNS-list evals, launched once at the first priority >= -100 (SA's `rbl_evals`). */
  rblEvals: PlannedEval[];
  /** The rules' ids, scores and meta dependencies as integer tables (meta-plan.ts). */
  meta: MetaTable;
  score(name: string): number;
}

/**
 * Builds the plan of a score set and compiles everything it will run — every pattern's
 * engines and every prefilter's Sets — so that no scan pays for first use. Patterns shared by
 * plans of several score sets are compiled once.
 */
export function prepareScanPlan(plan: ScanPlan): void {
  const indexes = new Set<FactorIndex>();
  const prepare = (p: PlannedRegexRule) => {
    p.matcher?.prepare(p.multiple);
    if (p.prefilter) indexes.add(p.prefilter.index);
  };
  for (const level of plan.levels) {
    for (const group of level.head) group.rules.forEach(prepare);
    for (const list of [level.body, level.uri, level.rawbody, level.full]) list.forEach(prepare);
  }
  for (const m of plan.mimeheader.values()) m?.prepare(true);
  for (const index of indexes) index.build();
}

/** One matcher per compiled pattern, whichever plans use it (engines are the costly part). */
const matchers = new WeakMap<CompiledPattern, Matcher>();
function matcherOf(p: CompiledPattern): Matcher {
  let m = matchers.get(p);
  if (!m) matchers.set(p, (m = buildMatcher(p)));
  return m;
}

function emptyLevel(priority: number): PriorityLevel {
  return {
    priority,
    head: [],
    headEvals: [],
    body: [],
    uri: [],
    bodyEvals: [],
    rawbody: [],
    rawbodyEvals: [],
    full: [],
    fullEvals: [],
  };
}

/** `shared`: the prefilter slots of a base plan, by pattern (a derived rule set's plan adds none of its own). */
function planRegex(rule: Rule, id: number, index: FactorIndex, shared?: ReadonlyMap<CompiledPattern, PlannedRegexRule['prefilter']>): PlannedRegexRule {
  const matcher = rule.pattern && !rule.captureTemplates ? matcherOf(rule.pattern) : undefined;
  const prefilter = matcher && rule.pattern ? (shared ? shared.get(rule.pattern) : { index, slot: index.add(rule.pattern) }) : undefined;
  return {
    rule,
    name: rule.name,
    id,
    exists: rule.header?.exists === true,
    negate: rule.header?.negate === true,
    nosubject: rule.flags.nosubject === true,
    captures: (rule.pattern?.namedCaptures.length ?? 0) > 0,
    matcher,
    multiple: rule.flags.multiple,
    maxhits: rule.flags.maxhits ?? 0,
    prefilter,
  };
}

/** The prefilter slot of every pattern a plan runs with one. */
function prefilterSlots(plan: ScanPlan): Map<CompiledPattern, PlannedRegexRule['prefilter']> {
  const out = new Map<CompiledPattern, PlannedRegexRule['prefilter']>();
  const note = (p: PlannedRegexRule) => {
    if (p.prefilter && p.rule.pattern) out.set(p.rule.pattern, p.prefilter);
  };
  for (const level of plan.levels) {
    for (const group of level.head) group.rules.forEach(note);
    for (const list of [level.body, level.uri, level.rawbody, level.full]) list.forEach(note);
  }
  return out;
}

/**
 * Builds the plan of a rule set for a score set (what `RuleSet.scanPlan` keeps). A rule set
 * derived from another (`RuleSet.planBase`: a user's preferences read on top of the site's
 * rules, `withUserPrefs()`) passes its base's plan of the same score set as `basePlan`, and
 * reuses that plan's prefilter indexes instead of building its own, for every rule whose
 * compiled pattern is the base's. An index holding more patterns than a plan runs is still
 * exact for the ones it runs; a rule the base plan does not run (a user rule, or one the user
 * gave a score) runs without a prefilter.
 */
export function buildPlan(ruleSet: CompiledRuleSet, scoreSet: number, basePlan?: ScanPlan): ScanPlan {
  const score = (name: string) => ruleSet.rules.get(name)?.scores[scoreSet] ?? 0;
  const levels = new Map<number, PriorityLevel>();
  const level = (p: number) => {
    let l = levels.get(p);
    if (!l) levels.set(p, (l = emptyLevel(p)));
    return l;
  };
  const rblEvals: PlannedEval[] = [];
  const mimeheader = new Map<string, Matcher | undefined>();
  // One factor prefilter per kind of text; its Sets are built when a message first needs them.
  const index = { header: new FactorIndex(), body: new FactorIndex(), uri: new FactorIndex(), rawbody: new FactorIndex(), full: new FactorIndex() };
  // A derived rule set (user preferences) uses its base's indexes: their Sets are the costly part.
  const shared = basePlan ? prefilterSlots(basePlan) : undefined;
  const meta = buildMetaTable(ruleSet.rules, scoreSet);
  // While building: each level's header groups by request (plus if-unset rule).
  const headGroups = new Map<PriorityLevel, Map<string, HeaderGroup>>();

  for (const rule of ruleSet.rules.values()) {
    // SA counts every rule's priority, run or not: a level exists even if nothing runs there.
    const l = level(rule.priority);
    if (rule.type === 'meta') continue; // see meta-plan.ts
    if (!rule.runnable || rule.type === 'empty') continue;
    if (rule.isEval) {
      if (rule.flags.net && (scoreSet & 1) === 0) continue;
      if (rule.flags.learn && (scoreSet & 2) === 0) continue;
      if (!score(rule.name)) continue;
      let guard = evalNeedsGuard(ruleSet.plugins, rule);
      if (rule.mimeheader) {
        const m = rule.pattern && !rule.captureTemplates ? matcherOf(rule.pattern) : undefined;
        mimeheader.set(rule.name, m);
        // header values of any length: guarded unless the pattern never runs long
        if (rule.captureTemplates || m?.mayRunLong(Infinity)) guard = true;
      }
      const planned: PlannedEval = { rule, id: meta.ids.get(rule.name)!, guard };
      if (rule.isRbl) rblEvals.push(planned);
      else if (rule.type === 'header') l.headEvals.push(planned);
      else if (rule.type === 'body') l.bodyEvals.push(planned);
      else if (rule.type === 'rawbody') l.rawbodyEvals.push(planned);
      else if (rule.type === 'full') l.fullEvals.push(planned);
      continue;
    }
    if (!score(rule.name)) continue;
    const id = meta.ids.get(rule.name)!;
    switch (rule.type) {
      case 'header': {
        const h = rule.header!;
        const key = h.header + (h.ifUnset !== undefined ? `\t${rule.name}` : '');
        const planned = planRegex(rule, id, index.header, shared);
        let groups = headGroups.get(l);
        if (!groups) headGroups.set(l, (groups = new Map()));
        const group = groups.get(key);
        if (group) group.rules.push(planned);
        else {
          const created: HeaderGroup = { request: h.header, ifUnset: h.ifUnset, rules: [planned] };
          groups.set(key, created);
          l.head.push(created);
        }
        break;
      }
      case 'body':
        l.body.push(planRegex(rule, id, index.body, shared));
        break;
      case 'uri':
        l.uri.push(planRegex(rule, id, index.uri, shared));
        break;
      case 'rawbody':
        l.rawbody.push(planRegex(rule, id, index.rawbody, shared));
        break;
      case 'full':
        l.full.push(planRegex(rule, id, index.full, shared));
        break;
    }
  }
  return {
    scoreSet,
    rules: ruleSet.rules,
    mimeheader,
    levels: [...levels.values()].sort((a, b) => a.priority - b.priority),
    rblEvals,
    meta,
    score,
  };
}
