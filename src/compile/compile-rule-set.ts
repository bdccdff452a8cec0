/**
 * From configuration text to a compiled rule set's data ({@link RuleSetData}; the public
 * `RuleSet` wraps it, src/rule-set.ts): SA's `Conf::Parser::parse` followed by its
 * `finish_parsing` (default scores, meta compilation, priorities, inherited `net` flags, eval
 * checks) and ReplaceTags' `finish_parsing_end`, then the translation of every pattern.
 * Pure: no file system, no network; the same sources always give the same rule set.
 */
import { excerpt, type Diagnostic } from '../config/diagnostics.js';
import { readDnsSettings } from '../config/dns-settings.js';
import type { Expr } from '../config/expression.js';
import type { ParsedConfig, RuleDefinition } from '../config/parsed-config.js';
import { coreDirective } from '../config/directive-table.js';
import { settingOrDefault } from '../config/settings.js';
import { parseConfig, type ConfigSource, type IncludeResolver } from '../config/parser.js';
import { createRegistry, evalRuleType, type PluginRegistry } from '../plugins/registry.js';
import { pluginDirective, pluginEval } from '../plugins/define-plugin.js';
import type { Plugin } from '../plugins/types.js';
import { parseEvalCall, type EvalCall } from './eval-args.js';
import { expandRulesMatching, metaDependencies, parseMeta, validateMeta } from './meta.js';
import { compileMessageConfig } from './message-config.js';
import { compilePluginSettings } from './plugin-settings.js';
import { compilePattern, type CompiledPattern } from './pattern.js';
import type { ReplaceTagTables } from './replace-tags.js';
import type { Rule } from './rule.js';
import type { RuleSetData } from './compiled-rule-set.js';
import type { CompileOrigin } from './origin.js';
import { parseTFlags } from './tflags.js';

/** Options of `compileRuleSet()`. */
export interface CompileOptions {
  /** Extra plugins (`definePlugin()`), added to the built-in ones and loaded (no `loadplugin` line needed). */
  plugins?: readonly Plugin[];
  /** A complete registry to use instead of the built-ins plus `plugins`. */
  registry?: PluginRegistry;
  /** Locale for `lang xx` lines (default `en_US`, what SA uses in the C locale). */
  locale?: string;
  /** Value of `local_tests_only` in `if` conditions and metas (default false). */
  localTestsOnly?: boolean;
  /** Reads `include`d files; without it an include is a diagnostic. */
  resolveInclude?: IncludeResolver;
  /** Throw a {@link RuleSetError} carrying every diagnostic when any error was found. */
  strict?: boolean;
}

/** A rule's winning definition and its pattern; `reused`: taken as compiled from an earlier rule set. */
type Winner = { def: RuleDefinition; pattern?: CompiledPattern; reused?: boolean };

/**
 * Compiles configuration sources, given in SA's load order, into a rule set's data and the
 * parse it came from (what `compileRuleSet()` wraps). Problems become diagnostics in the data.
 * @throws TypeError on misuse (sources not an array of `{ name, text }`).
 */
export function compileSources(sources: readonly ConfigSource[], options: CompileOptions = {}): { data: RuleSetData; origin: CompileOrigin } {
  if (!Array.isArray(sources)) throw new TypeError('compileRuleSet: sources must be an array of { name, text }');
  for (const s of sources) {
    if (typeof s?.name !== 'string' || (typeof s?.text !== 'string' && !(s?.text instanceof Uint8Array))) {
      throw new TypeError('compileRuleSet: every source needs a string `name` and a `text` (a string, or a Buffer/Uint8Array of bytes)');
    }
  }
  const registry = options.registry ?? createRegistry(options.plugins ?? []);
  const parsed = parseConfig(sources, {
    registry,
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    localTestsOnly: options.localTestsOnly ?? false,
    ...(options.resolveInclude ? { resolveInclude: options.resolveInclude } : {}),
    // A plugin the host passes is loaded: its directives parse and its evals run without a
    // `loadplugin` line (one may still name it; `ifplugin` sees it either way).
    preloaded: (options.plugins ?? []).map((p) => p.name),
  });
  return {
    data: compileParsed(parsed, registry),
    origin: {
      parsed,
      registry,
      ...(options.locale !== undefined ? { locale: options.locale } : {}),
      localTestsOnly: options.localTestsOnly ?? false,
    },
  };
}

/**
 * SA's `finish_parsing` on a parse: the rule set data it gives. `reuse`: the rules of an earlier
 * rule set whose compiled patterns are taken as they are for definitions read from the same
 * place with the same text (a user's preferences read on top of a site's rules compile only
 * the user's own rules; the ReplaceTags tables must be the same for that).
 */
export function compileParsed(parsed: ParsedConfig, registry: PluginRegistry, reuse?: ReadonlyMap<string, Rule>): RuleSetData {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const at = (def: RuleDefinition, d: Omit<Diagnostic, 'file' | 'line' | 'rule'>): void => {
    diagnostics.push({ ...d, file: def.source.file, line: def.source.line, rule: def.name });
  };

  const winners = pickDefinitions(parsed, at, reuse);
  const names = [...winners.keys()];

  // fix_tests: rules without a score line get 1.0 (T_ rules 0.01), negated for `nice`.
  const scores = new Map<string, [number, number, number, number]>();
  for (const name of names) {
    const given = parsed.scores.get(name);
    if (given) scores.set(name, given);
    else {
      let s = name.startsWith('T_') ? 0.01 : 1.0;
      if (/\bnice\b/.test(parsed.tflags.get(name) ?? '')) s = -s;
      scores.set(name, [s, s, s, s]);
    }
  }

  runFinishParsingHooks(parsed, winners, registry);
  const metas = compileMetas(parsed, winners, at);
  const tflags = inheritNet(parsed, winners, metas);
  const priorities = computePriorities(parsed, winners, metas, tflags);
  const replaceTables = parsed.pluginsLoaded.includes('Mail::SpamAssassin::Plugin::ReplaceTags')
    ? replaceTagTables(parsed)
    : undefined;
  const replaceRules = new Set(replaceTables ? ((parsed.settings.get('replace_rules') as string[] | undefined) ?? []) : []);

  const rules = new Map<string, Rule>();
  for (const name of names) {
    const { def } = winners.get(name)!;
    let { pattern } = winners.get(name)!;
    let runnable = true;
    let evalCall: EvalCall | undefined;
    if (def.isEval) {
      const ev = checkEval(def, parsed, registry);
      if ('error' in ev) {
        at(def, { severity: 'error', code: ev.code, message: ev.error });
        runnable = false;
      } else evalCall = ev.call;
    }
    if (pattern && replaceTables && replaceRules.has(name) && !def.mimeheader && def.regexText !== undefined && !winners.get(name)!.reused) {
      const r = compilePattern(def.regexText, replaceTables);
      if (r.ok) {
        pattern = r.pattern;
        for (const note of r.notes) at(def, { severity: 'info', code: 'invalid-regexp', message: note });
      } else {
        // Only a size cap can refuse here (the pattern compiled without its tags): SA would run
        // the expansion, so the rule is kept but never run rather than run unexpanded.
        at(def, { severity: 'error', code: r.code ?? 'invalid-regexp', message: `replacetags: ${name}: ${r.error}` });
        runnable = false;
      }
    }
    const meta = metas.get(name);
    if (meta && !meta.solved) runnable = false;
    const flagText = tflags.get(name) ?? '';
    const rule: Rule = {
      name,
      type: def.type,
      isEval: def.isEval,
      isRbl: def.isRbl,
      scores: Object.freeze(scores.get(name)!) as Rule['scores'],
      tflags: flagText,
      flags: parseTFlags(flagText),
      priority: priorities.get(name) ?? 0,
      description: parsed.descriptions.get(name) ?? '',
      source: def.source,
      text: def.text,
      ...(pattern ? { pattern } : {}),
      ...(def.header ? { header: def.header } : {}),
      ...(def.mimeheader ? { mimeheader: def.mimeheader } : {}),
      ...(evalCall ? { eval: evalCall } : {}),
      ...(meta ? { meta: { expr: meta.expr, dependencies: meta.deps } } : {}),
      ...(def.captureTemplates ? { captureTemplates: def.captureTemplates } : {}),
      runnable,
    };
    rules.set(name, Object.freeze(rule));
  }

  // The network directives are stored raw ('custom'); their lines are read once, here, and bad
  // ones reported with file and line, so lint shows them.
  const dns = readDnsSettings(parsed.occurrences, parsed.settings);
  diagnostics.push(...dns.diagnostics);
  const messageConfig = compileMessageConfig(parsed.occurrences, parsed.settings, diagnostics);
  const plugins = parsed.pluginsLoaded.map((n) => registry.get(n)).filter((p): p is Plugin => p !== undefined);
  // Each loaded plugin's own settings, compiled once; bad lines are reported with file and line.
  const pluginSettings = compilePluginSettings(
    { plugins, pluginsLoaded: parsed.pluginsLoaded, settings: parsed.settings, directives: parsed.occurrences, rules, messageConfig },
    diagnostics,
  );

  return {
    messageConfig,
    dns,
    pluginSettings,
    rules,
    settings: parsed.settings,
    directives: parsed.occurrences,
    pluginsLoaded: parsed.pluginsLoaded,
    plugins,
    files: parsed.files,
    diagnostics,
    ...(parsed.scores.has('TIME_LIMIT_EXCEEDED') ? { timeLimitScores: parsed.scores.get('TIME_LIMIT_EXCEEDED') } : {}),
  };
}

/**
 * SA's `add_test` keeps the previous definition when a new one fails to compile, so the last
 * *valid* definition of a name wins; every invalid one is a lint error.
 */
function pickDefinitions(
  parsed: ParsedConfig,
  at: (def: RuleDefinition, d: Omit<Diagnostic, 'file' | 'line' | 'rule'>) => void,
  reuse?: ReadonlyMap<string, Rule>,
): Map<string, Winner> {
  const winners = new Map<string, Winner>();
  for (const [name, defs] of parsed.definitions) {
    let winner: Winner | undefined;
    const prev = reuse?.get(name);
    for (const def of defs) {
      if (prev?.pattern && def.regexText !== undefined && prev.text === def.text && prev.source.file === def.source.file && prev.source.line === def.source.line) {
        winner = { def, pattern: prev.pattern, reused: true };
      } else if (def.regexText !== undefined) {
        const r = compilePattern(def.regexText);
        if (!r.ok) {
          at(def, {
            severity: 'error',
            code: r.code ?? 'invalid-regexp',
            message: `config: invalid regexp for ${name} '${excerpt(def.regexText)}': ${r.error}`,
          });
          continue;
        }
        for (const note of r.notes) at(def, { severity: 'info', code: 'regexp-untranslatable', message: `${name}: ${note}` });
        winner = { def, pattern: r.pattern };
      } else if (def.type === 'meta') {
        const problem = validateMeta(name, def.text);
        if (problem) {
          at(def, { severity: 'error', code: 'invalid-meta', message: problem.message });
          continue;
        }
        winner = { def };
      } else {
        winner = { def };
      }
    }
    if (winner) winners.set(name, winner);
  }
  return winners;
}

interface CompiledMeta {
  expr: Expr;
  deps: string[];
  solved: boolean;
}

/** `compile_meta_rules`: expand `rules_matching()`, parse, and find unsolvable meta cycles. */
function compileMetas(
  parsed: ParsedConfig,
  winners: Map<string, Winner>,
  at: (def: RuleDefinition, d: Omit<Diagnostic, 'file' | 'line' | 'rule'>) => void,
): Map<string, CompiledMeta> {
  // rules_matching() globs over SA's score table: every rule plus names that only have a score.
  let known: string[] | undefined;
  const knownNames = () => (known ??= [...new Set([...winners.keys(), ...parsed.scores.keys()])]);
  const metas = new Map<string, CompiledMeta>();
  for (const [name, { def }] of winners) {
    if (def.type !== 'meta') continue;
    const text = expandRulesMatching(name, def.text, knownNames);
    const expr = parseMeta(text);
    const deps = metaDependencies(expr).filter((d) => d !== 'local_tests_only');
    metas.set(name, { expr, deps, solved: true });
  }
  // Retire metas whose meta dependencies are all retired; what remains is in or behind a cycle.
  // (Kahn's order, linear in the dependencies: retiring one layer per pass over all metas was
  // quadratic in a chain of metas.)
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  const ready: string[] = [];
  for (const [name, m] of metas) {
    let n = 0;
    for (const d of m.deps) {
      if (!metas.has(d)) continue;
      n++;
      let list = dependents.get(d);
      if (!list) dependents.set(d, (list = []));
      list.push(name);
    }
    waiting.set(name, n);
    if (n === 0) ready.push(name);
  }
  while (ready.length > 0) {
    for (const dependent of dependents.get(ready.pop()!) ?? []) {
      const n = waiting.get(dependent)! - 1;
      waiting.set(dependent, n);
      if (n === 0) ready.push(dependent);
    }
  }
  const pending = [...metas.keys()].filter((m) => waiting.get(m)! > 0);
  const unsolved = new Set(pending);
  for (const name of pending) {
    const m = metas.get(name)!;
    m.solved = false;
    at(winners.get(name)!.def, {
      severity: 'error',
      code: 'meta-unsolved',
      message: `rules: excluding meta test ${name}, unsolved meta dependencies: ${m.deps.filter((d) => unsolved.has(d)).join(', ')}`,
    });
  }
  return metas;
}

/**
 * `fix_tflags`: a meta depending on a `net` rule is `net` too. SA does one pass in Perl hash
 * order, so which metas inherit through other metas varies between its runs; we take the
 * stable answer (the transitive closure). It only changes priorities, never scores.
 */
function inheritNet(parsed: ParsedConfig, winners: Map<string, Winner>, metas: Map<string, CompiledMeta>): Map<string, string> {
  const tflags = new Map<string, string>();
  for (const name of winners.keys()) {
    const t = parsed.tflags.get(name);
    if (t !== undefined) tflags.set(name, t);
  }
  const isNet = (n: string) => /\bnet\b/.test(tflags.get(n) ?? '');
  // Spread `net` from each net rule to the metas reading it, breadth first: linear in the
  // dependencies (a pass over every meta until nothing changed was quadratic in a meta chain).
  const readers = new Map<string, string[]>();
  for (const [name, m] of metas) {
    for (const d of m.deps) {
      let list = readers.get(d);
      if (!list) readers.set(d, (list = []));
      list.push(name);
    }
  }
  const queue = [...readers.keys()].filter(isNet);
  while (queue.length > 0) {
    for (const meta of readers.get(queue.pop()!) ?? []) {
      if (isNet(meta)) continue;
      const t = tflags.get(meta) ?? '';
      tflags.set(meta, t === '' ? 'net' : `${t} net`);
      queue.push(meta);
    }
  }
  return tflags;
}

/**
 * Run priorities: explicit `priority` lines (capture rules -10000), `fix_priorities` lowering a
 * meta's dependencies to the meta's priority (a `net` dependency of a meta below -100 stops at
 * -100), then finish_parsing's default of -100 for `net` rules.
 */
function computePriorities(
  parsed: ParsedConfig,
  winners: Map<string, Winner>,
  metas: Map<string, CompiledMeta>,
  tflags: Map<string, string>,
): Map<string, number> {
  const pri = new Map<string, number>();
  for (const [name, { def }] of winners) pri.set(name, def.isCaptureRule ? -10000 : 0);
  for (const [name, p] of parsed.priority) pri.set(name, p);
  const ownNet = (n: string) => /\bnet\b/.test(parsed.tflags.get(n) ?? '');
  const order = [...pri.keys()].sort((a, b) => pri.get(a)! - pri.get(b)!);
  for (const rule of order) {
    const m = metas.get(rule);
    if (!m || !m.solved) continue;
    const base = pri.get(rule)!;
    for (const dep of m.deps) {
      const dp = pri.get(dep);
      if (dp !== undefined && dp > base) pri.set(dep, base < -100 && ownNet(dep) ? -100 : base);
    }
  }
  const out = new Map<string, number>();
  for (const name of winners.keys()) {
    const p = pri.get(name) ?? 0;
    out.set(name, p !== 0 ? p : /\bnet\b/.test(tflags.get(name) ?? '') ? -100 : 0);
  }
  return out;
}

/** Lets loaded plugins adjust the configuration before priorities are computed (SA's hook order). */
function runFinishParsingHooks(parsed: ParsedConfig, winners: Map<string, Winner>, registry: PluginRegistry): void {
  let evalToRule: Map<string, string[]> | undefined;
  const api = {
    setting: (name: string) => {
      const v = parsed.settings.get(name);
      if (v !== undefined) return v;
      for (const p of parsed.pluginsLoaded) {
        const plugin = registry.get(p);
        const spec = plugin && pluginDirective(plugin, name);
        if (spec) return settingOrDefault(parsed.settings, name, spec);
      }
      return settingOrDefault(parsed.settings, name, coreDirective(name));
    },
    rulesCalling: (fn: string) => {
      if (!evalToRule) {
        evalToRule = new Map();
        for (const [name, { def }] of winners) {
          const m = def.isEval ? /^(.*?)\s*\(.*?\)\s*$/s.exec(def.text) : null;
          if (m) evalToRule.set(m[1]!, [...(evalToRule.get(m[1]!) ?? []), name]);
        }
      }
      return evalToRule.get(fn) ?? [];
    },
    setPriority: (rule: string, priority: number) => {
      parsed.priority.set(rule, priority);
    },
  };
  for (const p of parsed.pluginsLoaded) registry.get(p)?.finishParsingStart?.(api);
}

/** finish_parsing's eval checks: a parsable call, used from the rule type its plugin declares. */
function checkEval(
  def: RuleDefinition,
  parsed: ParsedConfig,
  registry: PluginRegistry,
): { call: EvalCall } | { error: string; code: 'invalid-eval' | 'eval-wrong-type' } {
  const call = parseEvalCall(def.text);
  if (!call) return { error: `syntax error for eval function ${def.name}: ${excerpt(def.text)}`, code: 'invalid-eval' };
  if (def.mimeheader) return { call };
  for (const pluginName of parsed.pluginsLoaded) {
    const plugin = registry.get(pluginName);
    const evalDef = plugin && pluginEval(plugin, call.fn);
    if (!evalDef) continue;
    const expected = evalRuleType(evalDef);
    const actual = def.isRbl ? 'rbl' : def.type;
    if (expected !== 'any' && expected !== actual && !(expected === 'body' && actual === 'rawbody')) {
      const shown = expected === 'rbl' ? 'header' : expected;
      return { error: `wrong rule type defined for ${def.name}, expected '${shown}'`, code: 'eval-wrong-type' };
    }
    return { call };
  }
  return { call };
}

function replaceTagTables(parsed: ParsedConfig): ReplaceTagTables {
  const map = (k: string) => {
    const v = parsed.settings.get(k);
    return v instanceof Map ? v : new Map<string, string>();
  };
  const str = (k: string) => {
    const v = parsed.settings.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  const start = str('replace_start');
  const end = str('replace_end');
  return {
    tags: map('replace_tag'),
    pre: map('replace_pre'),
    post: map('replace_post'),
    inter: map('replace_inter'),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
  };
}
