/**
 * What `compile/` produces: the compiled rule set as data — its rules and every stage's typed
 * slice (the message stage's settings, the report templates, the DNS settings, each plugin's
 * own settings), computed once and frozen. It runs nothing: scanning, learning and the state a
 * host keeps between scans belong to the public `RuleSet` facade (src/rule-set.ts), which
 * extends this class, so that compile/ never imports the stages it feeds.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import type { Rule } from './rule.js';
import type { MessageConfig } from '../message/message-config.js';
import { compileMessageConfig } from './message-config.js';
import { compilePluginSettings } from './plugin-settings.js';
import { readDnsSettings, type DnsSettings } from '../config/dns-settings.js';
import { compileReportConfig, type ReportConfig } from '../report/report-config.js';
import { bytesToText } from '../config/bytes.js';
import { settingOrDefault } from '../config/settings.js';
import type { EvalDefinition, EvalRuleType, Plugin } from '../plugins/types.js';
import { pluginEval } from '../plugins/define-plugin.js';

/** The JSON shape `spamscore lint --json` prints, the same as SA's `rules-dump.pl`. */
export interface RuleSetJson {
  required_score: number;
  rule_count: number;
  rules: Record<
    string,
    {
      type: string;
      eval: boolean;
      rbl: boolean;
      scores: [number, number, number, number];
      tflags: string;
      priority: number;
      describe: string;
    }
  >;
}

/** What a {@link CompiledRuleSet} is built from. */
export interface RuleSetData {
  rules: ReadonlyMap<string, Rule>;
  settings: ReadonlyMap<string, SettingValue>;
  directives: readonly DirectiveOccurrence[];
  pluginsLoaded: readonly string[];
  /** The loaded plugins' definitions, in load order. */
  plugins: readonly Plugin[];
  files: readonly string[];
  diagnostics: readonly Diagnostic[];
  /** A `score TIME_LIMIT_EXCEEDED` line's scores when no rule of that name exists. */
  timeLimitScores?: readonly [number, number, number, number];
  /** The message stage's settings; compiled from `directives` and `settings` when not given. */
  messageConfig?: MessageConfig;
  /** The DNS settings; read from `directives` and `settings` when not given. */
  dns?: DnsSettings;
  /** The loaded plugins' compiled settings; compiled from the rest when not given. */
  pluginSettings?: ReadonlyMap<Plugin, unknown>;
}

/** See {@link CompiledRuleSet.evalConfig}. */
function evalConfig(plugins: readonly Plugin[], settings: ReadonlyMap<string, SettingValue>): ReadonlyMap<string, SettingValue> {
  const m = new Map<string, SettingValue>();
  for (const p of plugins) {
    for (const [name, spec] of Object.entries(p.directives)) {
      const v = settingOrDefault(settings, spec.setting ?? name, spec);
      if (v !== undefined) m.set(spec.setting ?? name, v);
    }
  }
  for (const [k, v] of settings) m.set(k, v);
  return m;
}

/**
 * A compiled, immutable rule set, as data. The public `RuleSet` (made by `compileRuleSet()` or
 * `loadRuleSet()`) is one; the stages read only what this class holds.
 */
export class CompiledRuleSet {
  /** Every rule SA would keep, by name, in definition order. */
  readonly rules: ReadonlyMap<string, Rule>;
  /** Directive values other than the rule tables, by setting name. */
  readonly settings: ReadonlyMap<string, SettingValue>;
  /** Every other directive line, in the order read (add_header, redirector_pattern, …). */
  readonly directives: readonly DirectiveOccurrence[];
  /** Plugins loaded by the configuration (full module names). */
  readonly pluginsLoaded: readonly string[];
  /** Configuration files read, in order. */
  readonly files: readonly string[];
  /**
   * The scores a `score TIME_LIMIT_EXCEEDED …` line gives SA's synthetic deadline hit when no
   * rule has that name (SA reads `$conf->{scores}` for it, else 0.001).
   */
  readonly timeLimitScores?: readonly [number, number, number, number];
  /** The message stage's settings, compiled once (trusted networks, TLD lists, redirectors, part sizes…). */
  readonly messageConfig: MessageConfig;
  /** The report stage's settings, compiled once (X-Spam-* header templates, rewrite settings). */
  readonly report: ReportConfig;
  /** The network stage's DNS settings, read once (`dns_server`, `rbl_timeout`, `dns_query_restriction`, `dns_block_rule`…). */
  readonly dns: DnsSettings;
  /**
   * Each loaded plugin's settings, as its `settings` hook compiled them once (what its evals
   * and hooks see as `ctx.settings`); plugins without the hook are absent.
   */
  readonly pluginSettings: ReadonlyMap<Plugin, unknown>;
  /**
   * The settings an eval sees as `ctx.config`: every setting of the rule set, plus the declared
   * default of each directive of a loaded plugin that no line set (SA's
   * `set_defaults_from_command_list`).
   */
  readonly evalConfig: ReadonlyMap<string, SettingValue>;
  readonly #plugins: readonly Plugin[];
  readonly #evalDefs = new Map<string, { def: EvalDefinition | EvalRuleType; plugin: Plugin } | undefined>();

  /** The loaded plugins' definitions, in load order. */
  get plugins(): readonly Plugin[] {
    return this.#plugins;
  }
  /** Everything found wrong while loading (errors did not stop the rest from loading). */
  readonly diagnostics: readonly Diagnostic[];

  constructor(data: RuleSetData) {
    this.rules = data.rules;
    this.settings = data.settings;
    this.directives = Object.freeze([...data.directives]);
    this.pluginsLoaded = Object.freeze([...data.pluginsLoaded]);
    this.files = Object.freeze([...data.files]);
    this.#plugins = Object.freeze([...data.plugins]);
    this.diagnostics = Object.freeze([...data.diagnostics]);
    this.messageConfig = data.messageConfig ?? compileMessageConfig(this.directives, this.settings);
    this.report = compileReportConfig(this.directives, this.settings);
    this.dns = data.dns ?? readDnsSettings(this.directives, this.settings);
    // Settings problems were reported when the rule set was first compiled (compileParsed).
    this.pluginSettings = data.pluginSettings ?? compilePluginSettings(this, []);
    this.evalConfig = evalConfig(this.#plugins, this.settings);
    if (data.timeLimitScores) this.timeLimitScores = Object.freeze([...data.timeLimitScores]) as CompiledRuleSet['timeLimitScores'];
    // A subclass (the RuleSet facade) freezes itself once its own fields are set.
    if (new.target === CompiledRuleSet) Object.freeze(this);
  }

  /** The eval function of that name among the loaded plugins (first loaded wins), if any. */
  evalDefinition(fn: string): EvalDefinition | EvalRuleType | undefined {
    return this.#evalOwner(fn)?.def;
  }

  /** The loaded plugin whose eval function of that name runs (first loaded wins), if any. */
  evalPlugin(fn: string): Plugin | undefined {
    return this.#evalOwner(fn)?.plugin;
  }

  #evalOwner(fn: string): { def: EvalDefinition | EvalRuleType; plugin: Plugin } | undefined {
    // Asked once per eval rule per message: remembered (the rule set and its plugins are frozen).
    const known = this.#evalDefs.get(fn);
    if (known !== undefined || this.#evalDefs.has(fn)) return known;
    let found: { def: EvalDefinition | EvalRuleType; plugin: Plugin } | undefined;
    for (const p of this.#plugins) {
      const d = pluginEval(p, fn);
      if (d !== undefined) {
        found = { def: d, plugin: p };
        break;
      }
    }
    this.#evalDefs.set(fn, found);
    return found;
  }

  /** The score at or above which a message is spam (`required_score`, default 5). */
  get requiredScore(): number {
    const v = this.settings.get('required_score');
    return typeof v === 'number' ? v : 5;
  }

  /** The number of error diagnostics (what `spamassassin --lint` counts). */
  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  /** The rule set in the shape of SA's `rules-dump.pl` output. */
  toJSON(): RuleSetJson {
    // No prototype: a rule named `__proto__` is a key like any other.
    const rules: RuleSetJson['rules'] = Object.create(null);
    for (const name of [...this.rules.keys()].sort()) {
      const r = this.rules.get(name)!;
      rules[name] = {
        type: r.type,
        eval: r.isEval,
        rbl: r.isRbl,
        scores: [...r.scores],
        tflags: r.tflags,
        priority: r.priority,
        describe: bytesToText(r.description),
      };
    }
    return { required_score: this.requiredScore, rule_count: this.rules.size, rules };
  }
}
