/**
 * Types of the plugin API: what a plugin declares and what an eval receives.
 *
 * A plugin is named like SpamAssassin's (`Mail::SpamAssassin::Plugin::HeaderEval`) so that the
 * `loadplugin` / `ifplugin` lines of existing rule files select it unchanged.
 */
import type { DirectiveSpec } from '../config/directive-spec.js';
import type { NetContext } from '../net/types.js';

/**
 * The rule type an eval may be used from, as SA's `register_eval_rule` enforces it:
 * `rbl` is a header eval that SA runs with the DNS checks; `any` is not enforced.
 */
export type EvalRuleType = 'header' | 'body' | 'rawbody' | 'full' | 'uri' | 'rbl' | 'any';

/**
 * The message as an eval sees it: SpamAssassin's `$pms` accessors, in SA's byte
 * representation (Latin-1 strings; decoded header values and rendered body text are UTF-8
 * octets held that way). Every view is computed once per message, on first use.
 */
export interface EvalMessage {
  /** `$pms->get($request)` in list context (`From:addr`, `ALL`, `X-Spam-Relays-External`, …). */
  get(request: string): readonly string[];
  /** `$pms->get($request [, $default])` in scalar context; '' (or `dflt`) when absent. */
  getScalar(request: string, dflt?: string): string | undefined;
  /** Rendered body array (element 0 is the Subject): what body rules and body evals read. */
  bodyLines(): readonly string[];
  /** Decoded, unrendered text parts: what rawbody rules read. */
  rawbodyLines(): readonly string[];
  /** The pristine message. */
  fullText(): string;
  /** The URI list uri rules read. */
  uriList(): readonly string[];
}

/**
 * What an eval function receives: the message, the rule, the configuration and a signal.
 * Built-in plugins may also read `internal` (the message stage's full model); its shape may
 * change between releases, so plugins outside spamscore should not.
 */
export interface EvalContext {
  /** The name of the rule being evaluated. */
  readonly rule: string;
  /** The rule set's settings by name (plugin directives included). */
  readonly config: ReadonlyMap<string, unknown>;
  /** Aborted when the scan's deadline passes or the caller cancels. */
  readonly signal: AbortSignal;
  /** The message being scanned. */
  readonly message: EvalMessage;
  /**
   * SA's standard argument for the rule type: the rendered body array for body evals, the
   * rawbody array for rawbody evals, the pristine text for full evals; undefined for header evals.
   */
  readonly text: readonly string[] | string | undefined;
  /** Message-stage internals for built-in plugins (MIME tree, relays, HTML metadata…). */
  readonly internal: unknown;
  /** The compiled rule set (settings, directives, rule scores). */
  readonly ruleSet: unknown;
  /**
   * The network side of the scan: DNS lookups, DCC/Pyzor/Razor/HTTP clients, deadline.
   * Undefined when the scan runs local tests only (`check(…, { network: false })`): network
   * evals then answer a miss, as SA's do under `-L`.
   */
  readonly net: NetContext | undefined;
  /**
   * Sets a template tag for the report and added headers (`_DCCB_`, `_SPFRESULT_`…), SA's
   * `$pms->set_tag`. A later value replaces an earlier one.
   */
  setTag(name: string, value: string): void;
  /**
   * Adds a line of detail to a rule's entry in the report (`[1.2.3.4 listed in zen…]`), SA's
   * `$pms->test_log($msg, $rule)`; `rule` defaults to the eval's own. Shown only if the rule hits.
   */
  testLog(message: string, rule?: string): void;
}

/**
 * An eval's result: truthy is a hit (its value is what metas see), falsy a miss. A promise makes
 * the rule pending until it settles; a rejection or a throw is a miss plus a diagnostic.
 */
export type EvalResult = boolean | number | undefined | null | Promise<boolean | number | undefined | null>;

/** One eval function a plugin provides. */
export interface EvalDefinition {
  /** Rule types it may be used from (default: any). */
  ruleType?: EvalRuleType;
  /** The implementation; arguments are the rule's parsed eval arguments (strings). */
  run(ctx: EvalContext, ...args: string[]): EvalResult;
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

/** What `definePlugin()` takes. */
export interface PluginDefinition {
  /** Full Perl-style module name, the one `loadplugin` and `ifplugin` lines use. */
  name: string;
  /** Directives the plugin adds to the configuration language. */
  directives?: Readonly<Record<string, DirectiveSpec>>;
  /** Directive names handled by pattern (SA plugins' `parse_config` hook). */
  directivePatterns?: readonly RegExp[];
  /** Eval functions by their rule-file name (`check_my_thing`). */
  evals?: Readonly<Record<string, EvalDefinition | EvalRuleType>>;
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
  checkDnsbl?(ctx: EvalContext): void | ReadonlyMap<string, Promise<boolean | number | null | undefined>>;
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
  checkEnd?(ctx: EvalContext): void;
}

/** A plugin after `definePlugin()`: frozen and validated. */
export interface Plugin extends Readonly<PluginDefinition> {
  readonly name: string;
  readonly directives: Readonly<Record<string, DirectiveSpec>>;
  readonly directivePatterns: readonly RegExp[];
  readonly evals: Readonly<Record<string, EvalDefinition | EvalRuleType>>;
  readonly features: readonly string[];
}
