/**
 * The plugin registry: which plugin modules `loadplugin` can load, by their Perl-style names.
 *
 * SpamAssassin loads a Perl module for each `loadplugin` line; we look the name up here instead,
 * so rule files are data and nothing in them is executed. An unknown name is a lint warning and
 * the rules guarded by `ifplugin` for it are skipped, as SA does when a module is missing.
 */
import { markBuiltin } from './builtin-mark.js';
import { allBuiltinPlugins } from './builtin/index.js';
import { canonicalPluginName } from '../config/plugin-names.js';
import type { PluginLookup } from '../config/plugin-lookup.js';
import type { EvalDefinition, EvalRuleType, Plugin } from './types.js';

/** SA's plugin module names (their prefix, the renames); the config parser resolves them too. */
export { canonicalPluginName, SA_PLUGIN_PREFIX } from '../config/plugin-names.js';

/**
 * An immutable set of plugins that rule files can load by name: the {@link PluginLookup} the
 * configuration parser reads.
 */
export class PluginRegistry implements PluginLookup {
  readonly #plugins: ReadonlyMap<string, Plugin>;

  /** Prefer {@link createRegistry}, which adds the built-in plugins. */
  constructor(plugins: Iterable<Plugin>) {
    const map = new Map<string, Plugin>();
    for (const p of plugins) map.set(p.name, p);
    this.#plugins = map;
  }

  /** The plugin registered under a module name (after SA's renames), if any. */
  get(name: string): Plugin | undefined {
    return this.#plugins.get(canonicalPluginName(name));
  }

  /** Whether a module name can be loaded. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Every registered plugin. */
  list(): Plugin[] {
    return [...this.#plugins.values()];
  }

  /** A new registry with these plugins added (a later plugin replaces one of the same name). */
  with(plugins: Iterable<Plugin>): PluginRegistry {
    return new PluginRegistry([...this.#plugins.values(), ...plugins]);
  }
}

/** The rule type an eval declares, whether given as a full definition or just its type. */
export function evalRuleType(def: EvalDefinition | EvalRuleType): EvalRuleType {
  return typeof def === 'string' ? def : (def.ruleType ?? 'any');
}

let builtins: Plugin[] | undefined;

/**
 * SpamAssassin's plugins as we know them (builtin/index.ts): one `definePlugin({...})` object
 * each, in the catalog's order; evals without an implementation yet are declared by type only.
 */
export function builtinPlugins(): Plugin[] {
  builtins ??= allBuiltinPlugins().map(markBuiltin);
  return builtins;
}

/** A registry with the built-in plugins plus the given ones (which win on a name clash). */
export function createRegistry(plugins: Iterable<Plugin> = []): PluginRegistry {
  return new PluginRegistry([...builtinPlugins(), ...plugins]);
}
