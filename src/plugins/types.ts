/**
 * Types of the plugin API: what a plugin declares and what an eval receives.
 *
 * A plugin is named like SpamAssassin's (`Mail::SpamAssassin::Plugin::HeaderEval`) so that the
 * `loadplugin` / `ifplugin` lines of existing rule files select it unchanged.
 */
import type { DirectiveSpec } from '../config/directive-spec.js';

/**
 * The rule type an eval may be used from, as SA's `register_eval_rule` enforces it:
 * `rbl` is a header eval that SA runs with the DNS checks; `any` is not enforced.
 */
export type EvalRuleType = 'header' | 'body' | 'rawbody' | 'full' | 'uri' | 'rbl' | 'any';

/**
 * What an eval function receives. The message views, the resolver and the rest are added by the
 * check stage; this interface grows with it, so plugins should only read the members they need.
 */
export interface EvalContext {
  /** The name of the rule being evaluated. */
  readonly rule: string;
  /** This plugin's configuration (its directives' values). */
  readonly config: ReadonlyMap<string, unknown>;
  /** Aborted when the scan's deadline passes or the caller cancels. */
  readonly signal: AbortSignal;
  /** Everything else the check stage provides (message views, resolvers, …). */
  readonly [extra: string]: unknown;
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
}

/** A plugin after `definePlugin()`: frozen and validated. */
export interface Plugin extends Readonly<PluginDefinition> {
  readonly name: string;
  readonly directives: Readonly<Record<string, DirectiveSpec>>;
  readonly directivePatterns: readonly RegExp[];
  readonly evals: Readonly<Record<string, EvalDefinition | EvalRuleType>>;
  readonly features: readonly string[];
}
