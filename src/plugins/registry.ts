/**
 * The plugin registry: which plugin modules `loadplugin` can load, by their Perl-style names.
 *
 * SpamAssassin loads a Perl module for each `loadplugin` line; we look the name up here instead,
 * so rule files are data and nothing in them is executed. An unknown name is a lint warning and
 * the rules guarded by `ifplugin` for it are skipped, as SA does when a module is missing.
 */
import { definePlugin } from './define-plugin.js';
import { markBuiltin } from './builtin-mark.js';
import { SA_PLUGIN_CATALOG } from './builtin/catalog.js';
import { BUILTIN_PARSE_HOOKS } from './builtin/parse-hooks.js';
import { BUILTIN_EVALS } from './builtin/implementations.js';
import { BUILTIN_SCAN_HOOKS } from './builtin/scan-hooks.js';
import { AUTOLEARN_THRESHOLD_PLUGIN, BAYES_PLUGIN } from './builtin/bayes/index.js';
import type { EvalDefinition, EvalRuleType, Plugin } from './types.js';

/** The prefix of every SpamAssassin plugin module name. */
export const SA_PLUGIN_PREFIX = 'Mail::SpamAssassin::Plugin::';

/**
 * Module names SA rewrites before loading (Conf.pm `loadplugin`, Parser.pm `handle_conditional`):
 * the renamed DMARC module and the pre-4.0 WhiteListSubject name.
 */
export function canonicalPluginName(name: string): string {
  if (name === SA_PLUGIN_PREFIX + 'Dmarc') return SA_PLUGIN_PREFIX + 'DMARC';
  if (name === SA_PLUGIN_PREFIX + 'WhiteListSubject') return SA_PLUGIN_PREFIX + 'WelcomeListSubject';
  return name;
}

/** An immutable set of plugins that rule files can load by name. */
export class PluginRegistry {
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

/** Report areas of built-in evals whose late hits SA labels otherwise than `RBL: ` / none. */
const PENDING_AREAS: Readonly<Record<string, string>> = {
  // DNSEval.pm's check_dns_sender hits through got_hit($rule, 'DNS: ')
  check_dns_sender: 'DNS: ',
};

let builtins: Plugin[] | undefined;

/**
 * Built-ins written as one `definePlugin({...})` object each (the shape every built-in should
 * take): they replace the catalog-assembled entry of the same name.
 */
const DEFINED_BUILTINS: ReadonlyMap<string, Plugin> = new Map([BAYES_PLUGIN, AUTOLEARN_THRESHOLD_PLUGIN].map((p) => [p.name, p]));

/**
 * SpamAssassin's plugins as we know them: their directives, eval names and capability probes.
 * Evals without an implementation yet are declared by type only.
 */
export function builtinPlugins(): Plugin[] {
  builtins ??= Object.entries(SA_PLUGIN_CATALOG).map(([short, entry]) =>
    markBuiltin(DEFINED_BUILTINS.get(SA_PLUGIN_PREFIX + short) ?? definePlugin({
      name: SA_PLUGIN_PREFIX + short,
      directives: entry.directives,
      directivePatterns: entry.directivePatterns ?? [],
      evals: Object.fromEntries(
        Object.entries(entry.evals).map(([fn, type]) => {
          const run = BUILTIN_EVALS[short]?.[fn];
          const area = PENDING_AREAS[fn];
          return [fn, run ? { ruleType: type, run, ...(area !== undefined ? { pendingArea: area } : {}) } : type];
        }),
      ),
      features: entry.features,
      ...(BUILTIN_PARSE_HOOKS[short] ? { finishParsingStart: BUILTIN_PARSE_HOOKS[short] } : {}),
      ...(BUILTIN_SCAN_HOOKS[short] ?? {}),
    })),
  );
  return builtins;
}

/** A registry with the built-in plugins plus the given ones (which win on a name clash). */
export function createRegistry(plugins: Iterable<Plugin> = []): PluginRegistry {
  return new PluginRegistry([...builtinPlugins(), ...plugins]);
}
