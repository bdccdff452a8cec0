/**
 * The plugins as the configuration parser sees them: what `loadplugin` can load, and of each
 * plugin only the directives, probe features and eval names that `Conf::Parser` consults. The
 * parser declares this view rather than importing the plugin layer, which sits above it;
 * plugins/registry.ts `PluginRegistry` provides it as it is (its plugins have these fields).
 */
import type { DirectiveSpec } from './directive-spec.js';

/** What the parser reads of one loadable plugin. */
export interface LoadablePlugin {
  /** The directives it declares, by name (their `aliases` are read too). */
  readonly directives: Readonly<Record<string, DirectiveSpec>>;
  /** Directive names it handles by pattern (read as `list` directives). */
  readonly directivePatterns: readonly RegExp[];
  /** The functions a `can()`/`has_*` condition finds in it besides its evals. */
  readonly features: readonly string[];
  /** Its evals by rule-file name (only their existence is read here). */
  readonly evals: Readonly<Record<string, unknown>>;
}

/** The plugins a configuration can load, by module name (after SA's renames). */
export interface PluginLookup {
  /** The plugin registered under a module name, if any. */
  get(name: string): LoadablePlugin | undefined;
  /** Whether a module name can be loaded. */
  has(name: string): boolean;
}

/**
 * The eval function a plugin declares under that rule-file name (SA's `eval_plugins` lookup),
 * own entries only: safe for names like `constructor` even on a plugin built by hand.
 * @typeParam E the plugin's eval entries (a definition or rule type for a `Plugin`)
 */
export function pluginEval<E>(plugin: { readonly evals: Readonly<Record<string, E>> }, fn: string): E | undefined {
  return Object.hasOwn(plugin.evals, fn) ? plugin.evals[fn] : undefined;
}

/** The directive a plugin declares under that name, own entries only (see {@link pluginEval}). */
export function pluginDirective(plugin: LoadablePlugin, name: string): DirectiveSpec | undefined {
  return Object.hasOwn(plugin.directives, name) ? plugin.directives[name] : undefined;
}
