/**
 * Types of the plugin API: what a plugin declares and what an eval receives.
 *
 * A plugin is named like SpamAssassin's (`Mail::SpamAssassin::Plugin::HeaderEval`) so that the
 * `loadplugin` / `ifplugin` lines of existing rule files select it unchanged.
 */
import type { StringEncoding } from '../config/bytes.js';
import type { DirectiveSpec } from '../config/directive-spec.js';
import type { NetContext } from '../net/types.js';
import type { EvalMessageBytes } from '../message/message-views.js';
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import type { TldSets } from '../message/registry-boundaries.js';
import type { MessageConfig } from '../message/message-config.js';
import type { TFlags } from '../compile/tflags.js';
import type { MessageModel } from '../message/views.js';

export type { StringEncoding } from '../config/bytes.js';
export type { EvalMessageBytes } from '../message/message-views.js';
export type { TldSets } from '../message/registry-boundaries.js';
export type { MessageConfig } from '../message/message-config.js';
export type { MessageModel } from '../message/views.js';

/**
 * One configuration line of a directive, as read: its canonical `name` (aliases resolved), the
 * name as `written`, its `value` (a byte string) and where it was read (`source.file`,
 * `source.line`), for diagnostics.
 */
export type DirectiveLine = DirectiveOccurrence;

/**
 * The rule type an eval may be used from, as SA's `register_eval_rule` enforces it:
 * `rbl` is a header eval that SA runs with the DNS checks; `any` is not enforced.
 */
export type EvalRuleType = 'header' | 'body' | 'rawbody' | 'full' | 'uri' | 'rbl' | 'any';

/**
 * The message as an eval sees it. The byte views ({@link EvalMessageBytes}: `get`,
 * `getScalar`, `bodyLines`, …) are what rules match, exact to the byte; the `…Text` helpers
 * give the same views decoded for reading and comparing with JS strings: valid UTF-8 becomes
 * text (`getScalarText('Subject')` → `'中奖'`), anything else stays one character per byte.
 * Every view is computed once per message, on first use.
 *
 * Rule arguments (`eval:check_x('größe')`) and `ctx.config` values are byte strings as well;
 * `bytesToText()` decodes one.
 */
export interface EvalMessage extends EvalMessageBytes {
  /** `get()` decoded: the header values (or other request) as text. */
  getText(request: string): readonly string[];
  /** `getScalar()` decoded: `'中奖'` for `Subject: =?UTF-8?B?5Lit5aWW?=`; '' (or `dflt`) when absent. */
  getScalarText(request: string, dflt?: string): string | undefined;
  /** `bodyLines()` decoded: the rendered body (element 0 is the Subject) as text. */
  bodyText(): readonly string[];
  /** `rawbodyLines()` decoded where the part's bytes are UTF-8. */
  rawbodyText(): readonly string[];
}

/**
 * What an eval function receives: the message, the rule, the configuration and a signal.
 * `S` is the type of the plugin's compiled settings ({@link PluginDefinition.settings}).
 * Built-in and user plugins get the same context.
 */
export interface EvalContext<S = unknown> {
  /** The name of the rule being evaluated. */
  readonly rule: string;
  /**
   * The rule set's settings by name, plugin directives included, each a directive's parsed
   * value (a number, boolean, string, list or map, as its {@link DirectiveSpec} type says);
   * a loaded plugin's directive no line set has its declared default. For a plugin's own
   * directives, prefer compiling them once in a `settings` hook (typed `ctx.settings`).
   */
  readonly config: ReadonlyMap<string, SettingValue>;
  /**
   * The plugin's own settings, as its {@link PluginDefinition.settings} hook compiled them once
   * for the rule set (undefined for a plugin without one). Typed through `definePlugin()`.
   */
  readonly settings: S;
  /**
   * Another loaded plugin's compiled settings (looked up by its name), for plugins that build
   * on each other as SA's do (HashBL and AskDNS read URIDNSBL's); undefined when no plugin of
   * that name is loaded or it has no `settings` hook.
   */
  settingsOf<T>(plugin: Plugin<T>): T | undefined;
  /**
   * A value computed once per scan: the first call with a key runs `compute`, later calls (by
   * any eval or hook of any plugin, in the same scan) get its result. SA's plugins cache such
   * values in `$pms->{…}`; keys are shared by every plugin of the scan, so prefix yours with
   * your plugin's name (the built-ins use SA's `$pms` field names, or `plugin:thing`).
   */
  memo<T>(key: string, compute: () => T): T;
  /**
   * The rule set's `util_rb_tld` / `util_rb_2tld` / `util_rb_3tld` lists, for SA's
   * RegistryBoundaries functions (`trimDomain`, `isDomainValid`, `uriToDomain`, exported).
   */
  readonly tlds: TldSets;
  /** Aborted when the scan's deadline passes or the caller cancels. */
  readonly signal: AbortSignal;
  /** The message being scanned. */
  readonly message: EvalMessage;
  /**
   * SA's standard argument for the rule type: the rendered body array for body evals, the
   * rawbody array for rawbody evals, the pristine text for full evals; undefined for header evals.
   */
  readonly text: readonly string[] | string | undefined;
  /**
   * The message stage's full model, typed: what the byte views are built from (the parsed
   * header block, the MIME tree `tree()`, the Received relays `relays()`, SA's URI detail list
   * `uriDetails()`, …). The built-in plugins read it for what `message` does not offer; its
   * shape follows SpamAssassin's internals (Message.pm, Message/Node.pm, Metadata/Received.pm)
   * and may change between minor releases, where `message` will not.
   */
  readonly model: MessageModel;
  /**
   * The network side of the scan: DNS lookups, DCC/Pyzor/Razor/HTTP clients, deadline.
   * Undefined when the scan runs local tests only (`check(…, { network: false })`): network
   * evals then answer a miss, as SA's do under `-L`.
   */
  readonly net: NetContext | undefined;
  /**
   * Sets a template tag for the report and added headers (`_DCCB_`, `_SPFRESULT_`…), SA's
   * `$pms->set_tag`. A later value replaces an earlier one. A function is called when a
   * template uses the tag, with the tag's argument (`_SPAMMYTOKENS(5,long)_` → `'5,long'`).
   *
   * The value is text (`encoding` `'utf8'`, the default): `'Größe'` is written as UTF-8, and
   * as `=?UTF-8?Q?Gr=C3=B6=C3=9Fe?=` in a header, as SA does with a Perl character string.
   * Pass `'latin1'` for a byte string taken from the message views or rule arguments, so its
   * bytes are written unchanged (SA's octet strings).
   */
  setTag(name: string, value: string | ((arg?: string) => string), encoding?: StringEncoding): void;
  /**
   * Adds a line of detail to a rule's entry in the report (`[1.2.3.4 listed in zen…]`), SA's
   * `$pms->test_log($msg, $rule)`; `rule` defaults to the eval's own. Shown only if the rule
   * hits. `encoding` as for {@link EvalContext.setTag}: text by default, `'latin1'` for bytes.
   */
  testLog(message: string, rule?: string, encoding?: StringEncoding): void;
  /**
   * Per-scan facts plugins share, keyed by the name of SA's `$pms->{…}` field
   * (`bayes_score`, `bayes_nspam`, …): one map per scan, created empty. `check()` reads
   * `bayes_score` into `CheckResult.bayes`.
   */
  readonly scanData: Map<string, unknown>;
}

/**
 * An eval's result: truthy is a hit (its value is what metas see), falsy a miss. A promise makes
 * the rule pending until it settles; a rejection or a throw is a miss plus a diagnostic.
 */
export type EvalResult = boolean | number | undefined | null | Promise<boolean | number | undefined | null>;

/** One eval function a plugin provides (`S`: the plugin's settings type). */
export interface EvalDefinition<S = unknown> {
  /** Rule types it may be used from (default: any). */
  ruleType?: EvalRuleType;
  /** The implementation; arguments are the rule's parsed eval arguments (strings). */
  run(ctx: EvalContext<S>, ...args: string[]): EvalResult;
  /**
   * The report area (`RBL: `, `DNS: `, …) of a hit that arrives through a promise: SA's
   * plugins pass their own area to `got_hit` from their callbacks. Default: `RBL: ` for the
   * DNS-list evals (`check_rbl*`, `check_dns*`), else none.
   */
  pendingArea?: string;
}

/**
 * What a plugin's `finishParsingStart` hook may read and change: SA's `finish_parsing_start`
 * plugin call, which runs after every line is read and before metas and priorities are worked out.
 */
export interface FinishParsingApi {
  /** A setting's value (the plugin's own directives included), or its declared default. */
  setting(name: string): unknown;
  /** The rules whose eval calls this function (SA's `eval_to_rule`). */
  rulesCalling(fn: string): readonly string[];
  /** Sets a rule's priority, as if by a `priority` line. */
  setPriority(rule: string, priority: number): void;
}

/**
 * What a plugin's {@link PluginDefinition.settings} hook reads: the configuration once it is
 * complete, when the rule set is compiled (SA plugins read `$conf` in `parse_config` /
 * `finish_parsing_end`). Nothing here changes the rule set.
 */
export interface PluginSettingsApi {
  /**
   * The lines of these directives (canonical names, or patterns for names handled by
   * `directivePatterns`; any plugin's or core directives), in the order they were read.
   * Directives the plugin declares `custom` are kept raw for this.
   */
  lines(...names: (string | RegExp)[]): readonly DirectiveLine[];
  /** A setting's value (the plugin's own directives included), or its declared default. */
  setting(name: string): unknown;
  /** The settings the configuration set, by name, without defaults (`setting()` adds them). */
  readonly values: ReadonlyMap<string, unknown>;
  /** Whether a plugin is loaded (full module name, as `ifplugin` tests it). */
  isLoaded(pluginName: string): boolean;
  /** The rule set's rules by name, in definition order. */
  readonly rules: ReadonlyMap<string, PluginRuleInfo>;
  /** The rules whose eval calls this function (SA's `eval_to_rule`). */
  rulesCalling(fn: string): readonly string[];
  /** The `util_rb_*` lists (see {@link EvalContext.tlds}). */
  readonly tlds: TldSets;
  /** The message stage's settings (trusted networks, originating IP headers, …). */
  readonly messageConfig: MessageConfig;
  /** Reports a bad line: a diagnostic with the line's file and line number (lint shows it). */
  report(line: DirectiveLine, severity: 'error' | 'warning' | 'info', message: string): void;
  /**
   * A value computed once per compile and shared by every plugin's settings hook (as
   * {@link EvalContext.memo} is per scan): for data several plugins read, such as the
   * `welcomelist_auth` lists. Prefix keys with the owning plugin's name.
   */
  memo<T>(key: string, compute: () => T): T;
}

/** What a plugin's settings hook may read about a rule. */
export interface PluginRuleInfo {
  readonly name: string;
  /** `header`, `body`, `rawbody`, `full`, `uri`, `meta`, … */
  readonly type: string;
  /** The `tflags` text ('' without). */
  readonly tflags: string;
  /** The `tflags` parsed (`net`, `learn`, `nice`, …). */
  readonly flags: TFlags;
  /** An `eval:` rule. */
  readonly isEval: boolean;
  /** False when SA keeps the rule but never runs it (a bad eval call, an unsolved meta). */
  readonly runnable: boolean;
  /** The four scores (score sets 0–3). */
  readonly scores: readonly [number, number, number, number];
  /** The eval call (`eval:fn(args)`) of an eval rule. */
  readonly eval?: { readonly fn: string; readonly args: readonly string[] };
}

/**
 * What a `scanStart` hook may answer. `learnerAvailable` is SA's `learner_is_scan_available`: a
 * learner (Bayes) can score this message, so the scan uses score set 2 (3 with network tests)
 * when `use_bayes_rules` is on — every rule then scores from that set, as in SA.
 */
export interface ScanStartResult {
  learnerAvailable?: boolean;
  /** Problems the hook got past (SA's `warn`, e.g. a failed Bayes expiry run): warning diagnostics. */
  warnings?: readonly string[];
}

/** The points autolearn decides on (SA's `PerMsgStatus::_get_autolearn_points`). */
export interface AutolearnPoints {
  /** `get_autolearn_points`: the score without `learn`/`noautolearn`/`userconf` rules, in the set without Bayes, `%0.3f`. */
  readonly points: number;
  readonly headPoints: number;
  readonly bodyPoints: number;
  /** Points of `learn` rules (the BAYES_* rules) in the scan's score set. */
  readonly learnedPoints: number;
  /** How many `autolearn_force` rules hit, and their names joined by commas. */
  readonly force: number;
  readonly forceNames: string;
}

/** What the autolearn hooks see: a finished scan (SA's `$pms` after `check`). */
export interface AutolearnContext<S = unknown> extends EvalContext<S> {
  /** The unrounded score (SA's `is_spam()` compares it, before rounding). */
  readonly score: number;
  readonly requiredScore: number;
  /** The score set the scan used (bit 0 network, bit 1 Bayes). */
  readonly scoreSet: number;
  /** Scored rules that hit, in hit order. */
  readonly hits: readonly string[];
  readonly points: AutolearnPoints;
}

/** An autolearn discriminator's verdict (SA's `[$isspam, $force, $names]`). */
export interface AutolearnDecision {
  readonly isSpam: boolean;
  readonly force: number;
  readonly forceNames: string;
}

/** How a learner plugin's learn or forget went (SA's `did_learn` plus why not). */
export type LearnStatus = 'learned' | 'already-learned' | 'not-relearned' | 'not-learned' | 'ignored' | 'unavailable';

/** What `learnMessage`/`forgetMessage` receive: the message (as for evals, rule '') and how it is learned. */
export interface LearnContext<S = unknown> extends EvalContext<S> {
  /** Autolearn (SA's `no_relearn`: a message learned as the other class is left alone). */
  readonly auto: boolean;
  /** The token path: `scan` for autolearn (the scanned message), `learn` for `ruleSet.learn()` (sa-learn's). */
  readonly path: 'scan' | 'learn';
  /**
   * Whether `bayes_ignore_from`/`bayes_ignore_to` apply (SA's `use_ignores`; a matching message
   * is answered `ignored`). Default: for autolearn only, as in SA (`sa-learn` applies them with
   * `--use-ignores`, spamd's TELL always).
   */
  readonly useIgnores?: boolean;
}

/**
 * What `definePlugin()` takes. `S` is the type of the plugin's compiled settings: what its
 * `settings` hook returns and what every eval and hook reads as `ctx.settings`.
 */
export interface PluginDefinition<S = unknown> {
  /** Full Perl-style module name, the one `loadplugin` and `ifplugin` lines use. */
  name: string;
  /** Directives the plugin adds to the configuration language. */
  directives?: Readonly<Record<string, DirectiveSpec>>;
  /** Directive names handled by pattern (SA plugins' `parse_config` hook). */
  directivePatterns?: readonly RegExp[];
  /**
   * Compiles the plugin's settings once, when the rule set is compiled (after
   * `finishParsingStart`): parse its directives' lines into typed data and report bad ones with
   * `api.report(line, …)` (file and line). The result is `ctx.settings` in every eval and hook;
   * it must not change afterwards (freeze it, or treat it as read-only). Runs only when the
   * plugin is loaded.
   */
  settings?(api: PluginSettingsApi): S;
  /** Eval functions by their rule-file name (`check_my_thing`). */
  evals?: Readonly<Record<string, EvalDefinition<S> | EvalRuleType>>;
  /** `has_*` capability probes that `if can(Module::has_x)` lines may test. */
  features?: readonly string[];
  /** Runs once the configuration is read, before priorities are worked out (SA's finish_parsing_start). */
  finishParsingStart?(api: FinishParsingApi): void;
  /**
   * Runs once per scan with network tests on, right after the DNS-list evals were launched and
   * before the first header rule (SA's `check_dnsbl` hook): the place to start lookups early.
   * `ctx.rule` is '' and `ctx.net` is set. A throw becomes a diagnostic. It may return the
   * rules it decides itself (rules without an eval, like AskDNS's), each with a promise of its
   * result: they are pending until it settles, as evals returning promises are.
   */
  checkDnsbl?(ctx: EvalContext<S>): void | ReadonlyMap<string, Promise<boolean | number | null | undefined>>;
  /**
   * The report area (`ASKDNS: `…) of hits of the rules `checkDnsbl` hands back; SA's plugins
   * pass their own to `got_hit`. Default: none.
   */
  hookArea?: string;
  /**
   * Runs once per scan after every rule ran and every pending network rule settled or timed
   * out, before the last meta pass and the report (SA's `check_post_dnsbl`/`check_cleanup`):
   * the place to set report tags from late answers. `ctx.rule` is ''.
   */
  checkEnd?(ctx: EvalContext<S>): void;
  /**
   * Runs once per scan before the first rule, and is awaited (SA's `check_start` plus the
   * learner's `learner_is_scan_available`): the place for async per-scan set-up such as
   * reading a database. `ctx.rule` is ''. A throw or rejection becomes a diagnostic.
   */
  scanStart?(ctx: EvalContext<S>): void | ScanStartResult | Promise<void | ScanStartResult>;
  /**
   * SA's `autolearn_discriminator` (AutoLearnThreshold): whether a finished scan should be
   * learned, as spam or ham; undefined for "no". The first plugin answering wins.
   */
  autolearnDiscriminator?(ctx: AutolearnContext<S>): AutolearnDecision | undefined;
  /**
   * SA's `learn_message` / `forget_message`: learn or forget the message (`ruleSet.learn()`,
   * `ruleSet.forget()` and autolearn call it). Resolves `unavailable` when the plugin has no
   * database to write to.
   */
  learnMessage?(ctx: LearnContext<S>, isSpam: boolean): Promise<LearnStatus>;
  forgetMessage?(ctx: LearnContext<S>): Promise<LearnStatus>;
}

/**
 * A plugin after `definePlugin()`: frozen and validated. `S` (its settings type) is `any` by
 * default, so that one list holds plugins of every settings type.
 */
export interface Plugin<S = any> extends Readonly<PluginDefinition<S>> {
  readonly name: string;
  readonly directives: Readonly<Record<string, DirectiveSpec>>;
  readonly directivePatterns: readonly RegExp[];
  readonly evals: Readonly<Record<string, EvalDefinition<S> | EvalRuleType>>;
  readonly features: readonly string[];
}
