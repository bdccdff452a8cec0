/**
 * The scan: SpamAssassin's `Plugin::Check::check_main` loop. Priorities run in ascending order;
 * within each, the rule types run in SA's fixed order (head, head evals, body, uri, body evals,
 * rawbody, rawbody evals, full, full evals), then every meta whose dependencies are ready. At
 * the end, scored metas still pending are evaluated with never-run non-meta dependencies read
 * as 0 (a meta waiting on a meta that never ran stays unevaluated, as in SA).
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { Rule } from '../compile/rule.js';
import type { ScanTarget } from './scan-target.js';
import { compilePatternSource } from './capture-templates.js';
import { anyPatternRefused, type Matcher } from './matcher.js';
import type { PlannedEval, PlannedRegexRule, PriorityLevel } from './plan.js';
import { NEEDS_GUARD, type ScanClock } from './scan-clock.js';
import { ScanState } from './scan-state.js';
import type { MessageViews } from './views.js';

/** An eval's value: a number or boolean, null/undefined for a miss. */
export type EvalValue = number | boolean | null | undefined;

/**
 * How an eval rule is run; returns SA's eval result (undefined: not run), or a promise: the
 * rule is then pending until it settles (SA's `rule_pending`).
 */
export type EvalRunner = (rule: Rule, extra: { text?: readonly string[] | string }) => number | boolean | undefined | Promise<EvalValue>;

/** Options of {@link scan}. */
export interface ScanOptions {
  /** SA's score set: bit 0 network, bit 1 Bayes. */
  scoreSet: number;
  localTestsOnly: boolean;
  /** Runs eval rules (the plugin layer). */
  runEval: EvalRunner;
  /** Where per-message diagnostics go. */
  diagnostics: Diagnostic[];
  /**
   * Given when DNS tests run (network on, `dns_available` not `no`, SA's `$do_dns`): the
   * DNS-list evals are then launched at the first priority >= -100, and this is called right
   * after them (SA's `check_dnsbl` plugin call).
   */
  onNetworkStart?: (pend: (rule: string, p: Promise<EvalValue>, area: string) => void) => void;
  /** The report area of an eval's hit that arrives through a promise (default: its type's). */
  pendingArea?: (rule: Rule) => string;
  /** The scan's deadline and time slices: rules stop when it expires (SA's `deadline_exceeded`). */
  clock: ScanClock;
}

/**
 * Steps of a scan: each plain `yield` is a point where the clock's slice was used up; a
 * `yield NEEDS_GUARD` asks for the slice guard before a unit whose time cannot be bounded.
 */
type Steps<T = void> = Generator<void | typeof NEEDS_GUARD, T, void>;

/**
 * Whether running a regex rule on `text` needs the slice guard: a pattern filled from captures
 * (built per message, V8), or one whose matcher may run long on a text this long and whose
 * linear RE2 superset, when it has one, does not already rule the text out.
 */
function needsGuard(p: PlannedRegexRule, text: string, bytes?: Buffer): boolean {
  if (p.matcher) return p.matcher.mayRunLong(text.length, p.multiple || p.captures) && p.matcher.reachesV8(text, bytes);
  return p.rule.captureTemplates !== undefined;
}

/**
 * At a point between rules whose slice is used up: true when the scan must stop (the deadline
 * passed or the signal aborted), else yields for a pause and tells whether it must stop after it.
 */
function* pauseOrStop(clock: ScanClock): Steps<boolean> {
  if (clock.expired()) return true;
  yield;
  return clock.expired();
}

/**
 * Runs every rule of a message that can run now (SA's `check_main` loop up to the DNS
 * harvest); rules waiting on the network are left pending in `state.pending`. Call
 * {@link settlePending} as they settle and {@link finishScan} at the end.
 *
 * A generator filling `state`: it yields whenever `options.clock`'s slice is used up (drive
 * it with `runSliced`), and stops running rules once the clock expires, as `check_main` leaves its
 * priority loop on `deadline_exceeded` (the metas of the interrupted priority do not run).
 */
export function* scan(state: ScanState, views: MessageViews, options: ScanOptions): Steps {
  const plan = state.plan;
  // SA launches the DNS lists at priority -100 (adding that level when it is missing), so
  // lookups run while the CPU rules do.
  let networkStarted = options.onNetworkStart === undefined;
  const startNetwork = () => {
    networkStarted = true;
    for (const e of plan.rblEvals) runEval(e, state, options, '', {});
    options.onNetworkStart?.((name, p, area) => {
      const rule = state.plan.rules.get(name);
      if (rule) waitFor(rule, p, area, state, options);
    });
  };
  const clock = options.clock;
  // Indexed loops in the generators: a for-of iterator there lives across the yields and its
  // result objects are allocated (~70 KB a message over the rules, heap profile).
  for (let li = 0; li < plan.levels.length; li++) {
    const level = plan.levels[li]!;
    if (clock.expired()) break;
    if (!networkStarted && level.priority >= -100) startNetwork();
    yield* runLevel(level, views, state, options);
    if (clock.exceeded) break;
    runMetas(state, options, false);
    if (clock.due() && (yield* pauseOrStop(clock))) break;
  }
  if (!networkStarted && !clock.exceeded) startNetwork();
}

/** The scan state of a message for a rule set (the plan of its score set, nothing run yet). */
export function newScanState(ruleSet: ScanTarget, scoreSet: number, stickyCaptures = false): ScanState {
  return new ScanState(ruleSet.scanPlan(scoreSet), stickyCaptures);
}

/**
 * The scan's options as one object shape, every field present in one order. `prepare()`'s
 * warm-up and `check()` both build them here: V8 optimises the scan loop for the shape the
 * warm-up gave it, and an options object of another shape in the first real scan threw that
 * code away (a "wrong map" deopt of the scan and the metas, measured with --trace-deopt).
 */
export function scanOptions(o: ScanOptions): ScanOptions {
  return {
    scoreSet: o.scoreSet,
    localTestsOnly: o.localTestsOnly,
    runEval: o.runEval,
    diagnostics: o.diagnostics,
    onNetworkStart: o.onNetworkStart,
    pendingArea: o.pendingArea,
    clock: o.clock,
  };
}

/**
 * Records pending rules that settled since the last call (SA's `harvest_completed_queries`)
 * and evaluates the metas they made ready.
 */
export function settlePending(state: ScanState, options: ScanOptions): void {
  if (!state.settled.length) return;
  for (const { rule, area, value } of state.settled.splice(0)) {
    state.pending.delete(rule);
    if (value) state.gotHit(rule, area, false, typeof value === 'number' ? value : 1);
    else state.ruleReady(rule);
  }
  runMetas(state, options, false);
}

/**
 * The end of a scan: pending rules are given up (they stay unrun, as SA leaves rules whose
 * lookups timed out), then the last meta pass reads never-run dependencies as 0.
 */
export function finishScan(state: ScanState, options: ScanOptions): void {
  settlePending(state, options);
  state.closed = true;
  runMetas(state, options, true);
}

function* runLevel(level: PriorityLevel, views: MessageViews, state: ScanState, options: ScanOptions): Steps {
  const clock = options.clock;
  // Header rules: one get() per header request, every rule of the group tests it.
  const groups = level.head;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    const text = views.headerText(group.request) ?? group.ifUnset;
    const rules = group.rules;
    for (let r = 0; r < rules.length; r++) {
      const p = rules[r]!;
      // The prefilter first: the slice guard is only wanted when a pattern will really run
      // (CK_HELO_GENERIC asked for it on 3 messages in 4, and its words are rarely there).
      const may = headerMayMatch(p, text);
      if (may && !clock.guarded && needsGuard(p, text ?? '')) yield NEEDS_GUARD;
      runHeaderRule(p, text, may, state);
    }
    if (clock.due() && (yield* pauseOrStop(clock))) return;
  }
  if (yield* runEvals(level.headEvals, state, options, '', {})) return;
  if (level.body.length && (yield* runLineRules(level.body, views.bodyLines(), state, 'BODY: ', true, clock))) return;
  if (level.uri.length && (yield* runLineRules(level.uri, views.uriList(), state, 'URI: ', false, clock))) return;
  // One `extra` for the level's body evals while the lines stay the same array (an eval may
  // replace them: freemail's); an object per call was ~25 KB a message (heap profile).
  let bodyText: { text: readonly string[] } | undefined;
  for (let r = 0; r < level.bodyEvals.length; r++) {
    const e = level.bodyEvals[r]!;
    if (!clock.guarded && e.guard) yield NEEDS_GUARD;
    if (e.rule.mimeheader) runMimeHeader(e.rule, views, state);
    else {
      const lines = views.bodyLines();
      if (bodyText?.text !== lines) bodyText = { text: lines };
      runEval(e, state, options, 'BODY: ', bodyText);
    }
    if (clock.due() && (yield* pauseOrStop(clock))) return;
  }
  if (level.rawbody.length && (yield* runLineRules(level.rawbody, views.rawbodyLines(), state, 'RAW: ', false, clock))) return;
  if (yield* runEvals(level.rawbodyEvals, state, options, 'RAW: ', level.rawbodyEvals.length ? { text: views.rawbodyLines() } : {})) return;
  for (let r = 0; r < level.full.length; r++) {
    const p = level.full[r]!;
    const text = views.fullText();
    const may = mayMatchText(p, text);
    if (may && !clock.guarded && needsGuard(p, text)) yield NEEDS_GUARD;
    runFullRule(p, text, may, state);
    if (clock.due() && (yield* pauseOrStop(clock))) return;
  }
  yield* runEvals(level.fullEvals, state, options, '', level.fullEvals.length ? { text: views.fullText() } : {});
}

/** The matcher of a rule, building one for `%{TAG}` templates from the captured tags. */
function matcherFor(p: PlannedRegexRule, state: ScanState): Matcher | undefined {
  if (p.matcher) return p.matcher;
  const templates = p.rule.captureTemplates;
  if (!templates || !p.rule.pattern) return undefined;
  return compilePatternSource(p.rule, state.tags, state.stickyCaptures);
}

function recordCaptures(m: Matcher, text: string, state: ScanState): void {
  const groups = m.captures(text);
  if (!groups) return;
  for (const [name, v] of Object.entries(groups)) {
    if (v === undefined || v === '') continue;
    const list = state.tags.get(name) ?? [];
    list.push(v);
    state.tags.set(name, list);
  }
}

/**
 * Whether a header rule's pattern may match the header's text (the prefilter; an absent header
 * is the empty string): false for `exists:` rules, which run no pattern.
 */
function headerMayMatch(p: PlannedRegexRule, text: string | undefined): boolean {
  return !p.exists && mayMatchText(p, text ?? '');
}

/** Whether the prefilter lets a rule's pattern run on one text (rules without one: always). */
function mayMatchText(p: PlannedRegexRule, text: string): boolean {
  const pf = p.prefilter;
  return !pf || pf.index.mayMatch(pf.slot, pf.index.scanText(text));
}

/** A header rule on the header's text; `may`: what {@link headerMayMatch} said. */
function runHeaderRule(p: PlannedRegexRule, text: string | undefined, may: boolean, state: ScanState): void {
  const name = p.name;
  if (p.exists) {
    state.ruleReadyId(p.id);
    if (text !== undefined) state.gotHit(name, '', false);
    return;
  }
  const m = matcherFor(p, state);
  if (!m) return;
  state.ruleReadyId(p.id);
  // An absent header is matched as the empty string (Perl's undef under `no warnings`).
  const hval = text ?? '';
  // The prefilter: a rule none of whose factors occurs in the value cannot match it.
  const pf = p.prefilter;
  const bytes = may && pf ? pf.index.scanText(hval).bytes : undefined;
  if (p.negate) {
    if (!may || !m.test(hval, bytes)) state.gotHit(name, '', p.multiple);
    return;
  }
  if (!may) return;
  if (p.multiple) {
    const n = m.count(hval, p.maxhits, bytes);
    for (let i = 0; i < n; i++) state.gotHit(name, '', true);
  } else if (m.test(hval, bytes)) {
    state.gotHit(name, '', false);
  }
  if (p.captures) recordCaptures(m, hval, state);
  noteFailure(m, name, state);
}

/** A pattern V8 refused at its first use ran as a miss: the scan says so once per rule. */
function noteFailure(m: Matcher, rule: string, state: ScanState): void {
  if (anyPatternRefused() && m.failure !== undefined) state.failedPatterns.set(rule, m.failure);
}

/** Line rules of one type; true when the clock stopped the scan. */
function* runLineRules(rules: PlannedRegexRule[], lines: readonly string[], state: ScanState, area: string, body: boolean, clock: ScanClock): Steps<boolean> {
  // The prefilter (prefilter.ts): lines where a rule's required factors do not occur cannot
  // match and are skipped. All rules of one call share one index: the lines are scanned once,
  // and a rule whose requirement fails on the union of the lines is not looked at line by line.
  const index = rules.find((p) => p.prefilter)?.prefilter!.index;
  const shared = index?.scanLines(lines);
  const summary = shared && index!.summarize(shared);
  // The clock is read after a rule that ran on the lines only: most rules are skipped in
  // less time than reading it takes (~70 ns here).
  let ran = false;
  for (let r = 0; r < rules.length; r++) {
    const p = rules[r]!;
    if (ran && clock.due() && (yield* pauseOrStop(clock))) return true;
    ran = false;
    const pf = p.prefilter;
    if (pf && pf.index === index && !index.mayMatchSome(pf.slot, summary!)) {
      state.ruleReadyId(p.id);
      noteFailure(p.matcher!, p.name, state);
      continue;
    }
    ran = true;
    const m = matcherFor(p, state);
    if (!m) continue;
    const name = p.name;
    state.ruleReadyId(p.id);
    const skipFirst = body && p.nosubject;
    const scans = pf ? (pf.index === index ? shared : pf.index.scanLines(lines)) : undefined;
    if (p.multiple) {
      let hits = 0;
      for (let i = skipFirst ? 1 : 0; i < lines.length; i++) {
        const scan = scans?.[i];
        if (scan && !pf!.index.mayMatch(pf!.slot, scan)) continue;
        // The guard only when the pattern is about to run (see runLevel's header rules).
        if (!clock.guarded && needsGuard(p, lines[i]!, scan?.bytes)) yield NEEDS_GUARD;
        const left = p.maxhits ? p.maxhits - hits : 0;
        const n = m.count(lines[i]!, left, scan?.bytes);
        for (let k = 0; k < n; k++) state.gotHit(name, area, true);
        hits += n;
        if (p.maxhits && hits >= p.maxhits) break;
      }
    } else {
      for (let i = skipFirst ? 1 : 0; i < lines.length; i++) {
        const scan = scans?.[i];
        if (scan && !pf!.index.mayMatch(pf!.slot, scan)) continue;
        if (!clock.guarded && needsGuard(p, lines[i]!, scan?.bytes)) yield NEEDS_GUARD;
        if (m.test(lines[i]!, scan?.bytes)) {
          state.gotHit(name, area, false);
          if (p.captures) recordCaptures(m, lines[i]!, state);
          break;
        }
      }
    }
    noteFailure(m, name, state);
  }
  return false;
}

/** A full rule on the whole message; `may`: whether the prefilter lets it run. */
function runFullRule(p: PlannedRegexRule, text: string, may: boolean, state: ScanState): void {
  const m = matcherFor(p, state);
  if (!m) return;
  state.ruleReadyId(p.id);
  if (!may) return;
  const scan = p.prefilter?.index.scanText(text);
  const n = p.multiple ? m.count(text, p.maxhits, scan?.bytes) : m.test(text, scan?.bytes) ? 1 : 0;
  for (let k = 0; k < n; k++) state.gotHit(p.name, 'FULL: ', p.multiple);
  noteFailure(m, p.name, state);
}

/**
 * MIMEHeader's eval (`eval_hook_called`): every MIME part in order (the root first); the
 * header's value, or the rule's if-unset text ('' by default) when the part lacks it; the first
 * part with a match gives the hits (up to maxhits with `multiple`) with area ''. A `!~` rule
 * finds no match by construction and returns 1: a hit through the eval, with area 'BODY: '.
 */
function runMimeHeader(rule: Rule, views: MessageViews, state: ScanState): void {
  const mh = rule.mimeheader!;
  const m = rule.captureTemplates ? compilePatternSource(rule, state.tags, state.stickyCaptures) : state.plan.mimeheader.get(rule.name);
  if (!m) return;
  if (mh.negate) {
    state.gotHit(rule.name, 'BODY: ', false);
    return;
  }
  const multiple = rule.flags.multiple;
  const max = rule.flags.maxhits ?? (multiple ? 1000 : 1);
  for (const v of views.mimeHeaderValues(mh.header, mh.raw)) {
    const text = v ?? mh.ifUnset;
    const n = m.count(text, max);
    if (n > 0) {
      for (let k = 0; k < n; k++) state.gotHit(rule.name, '', multiple);
      break;
    }
  }
  state.ruleReady(rule.name);
}

/** Eval rules of one type, pausing between them; true when the clock stopped the scan. */
function* runEvals(rules: readonly PlannedEval[], state: ScanState, options: ScanOptions, area: string, extra: { text?: readonly string[] | string }): Steps<boolean> {
  const clock = options.clock;
  for (let r = 0; r < rules.length; r++) {
    const e = rules[r]!;
    if (!clock.guarded && e.guard) yield NEEDS_GUARD;
    runEval(e, state, options, area, extra);
    if (clock.due() && (yield* pauseOrStop(clock))) return true;
  }
  return false;
}

/** One eval rule: its value is recorded, or it becomes pending when it returns a promise. */
function runEval(e: PlannedEval, state: ScanState, options: ScanOptions, area: string, extra: { text?: readonly string[] | string }): void {
  const rule = e.rule;
  let result: number | boolean | undefined | Promise<EvalValue>;
  try {
    result = options.runEval(rule, extra);
    if (result instanceof Promise) {
      waitFor(rule, result, options.pendingArea?.(rule) ?? area, state, options);
      return;
    }
  } catch (e) {
    evalFailed(rule, e, options);
    result = 0;
  }
  if (result === undefined) return;
  if (result) state.gotHit(rule.name, area, false, typeof result === 'number' ? result : 1);
  else state.ruleReadyId(e.id);
}

/** A throwing eval, or a rejected eval promise: a miss plus this diagnostic. */
function evalFailed(rule: Rule, e: unknown, options: ScanOptions): void {
  options.diagnostics.push({
    severity: 'warning',
    code: 'message',
    rule: rule.name,
    message: `eval ${rule.eval?.fn ?? rule.text} failed for ${rule.name}: ${e instanceof Error ? e.message : String(e)}`,
  });
}

/** A pending eval: its value is queued for {@link settlePending} when it settles. */
function waitFor(rule: Rule, result: Promise<EvalValue>, area: string, state: ScanState, options: ScanOptions): void {
  const name = rule.name;
  const settled = result.then(
    (value) => {
      if (!state.closed) state.settled.push({ rule: name, area, value: value ?? 0 });
    },
    (e: unknown) => {
      if (state.closed) return;
      evalFailed(rule, e, options);
      state.settled.push({ rule: name, area, value: 0 });
    },
  );
  state.pending.set(name, settled);
}

/** `do_meta_tests`: evaluate every ready meta whose dependencies all have a value; repeat. */
function runMetas(state: ScanState, options: ScanOptions, finish: boolean): void {
  const t = state.plan.meta;
  const lto = options.localTestsOnly;
  if (finish) state.zeroNeverRun();
  let again = true;
  while (again) {
    again = false;
    const n = finish ? state.takePending() : state.takeReady();
    const candidates = state.snapshot;
    for (let i = 0; i < n; i++) {
      const m = candidates[i]!;
      if (!state.depsReady(m)) {
        // Still waiting: it comes back when one of its dependencies gets a value (ruleReady
        // re-adds it), so metas blocked on the network are not re-checked on every pass.
        if (!finish) state.unready(m);
        continue;
      }
      const name = t.names[m]!;
      let value = 0;
      try {
        value = state.metaValue(m, lto);
      } catch (e) {
        options.diagnostics.push({
          severity: 'warning',
          code: 'message',
          rule: name,
          message: `meta ${name} failed: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      if (value) state.gotHitScored(name, '', false, value, t.scores[m]!);
      else state.ruleReadyId(m);
      state.unready(m);
      state.unpend(m);
      again = true;
    }
  }
}
