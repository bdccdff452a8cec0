/**
 * SpamAssassin's vocabulary for a built-in plugin's `definePlugin({...})` object: the
 * directives, directive patterns, eval rule types and `has_*` probes SA's plugin of that name
 * registers, read from the generated catalog (catalog.ts). Each built-in takes its part of the
 * vocabulary from here and adds its implementations, settings and hooks.
 */
import { definePlugin } from '../define-plugin.js';
import type { EvalDefinition, EvalRuleType, Plugin, PluginDefinition, PluginSettingsApi } from '../types.js';
import { validTldsSource } from '../../message/registry-boundaries.js';
import { SA_PLUGIN_PREFIX } from '../../config/plugin-names.js';
import { SA_PLUGIN_CATALOG } from './catalog.js';

/** An eval implementation of a built-in; its rule type comes from the catalog. */
export type EvalImpl<S = unknown> = EvalDefinition<S>['run'];

/** Implementations by eval name. */
export type EvalImpls<S = unknown> = Readonly<Record<string, EvalImpl<S>>>;

/**
 * The catalog's entry of SA's plugin `short`.
 * @throws Error when the catalog has no such plugin (a typo in a built-in)
 */
function catalogEntry(short: string): (typeof SA_PLUGIN_CATALOG)[string] & object {
  const entry = SA_PLUGIN_CATALOG[short];
  if (!entry) throw new Error(`no SpamAssassin plugin ${short} in the catalog`);
  return entry;
}

/**
 * The full module name, directives, directive patterns and `has_*` probes of SA's plugin
 * `short` (`HeaderEval` → `Mail::SpamAssassin::Plugin::HeaderEval`).
 * @throws Error when the catalog has no such plugin (a typo in a built-in)
 */
export function saVocabulary(short: string): Pick<Required<PluginDefinition>, 'name' | 'directives' | 'directivePatterns' | 'features'> {
  const entry = catalogEntry(short);
  return {
    name: SA_PLUGIN_PREFIX + short,
    directives: entry.directives,
    directivePatterns: entry.directivePatterns ?? [],
    features: entry.features,
  };
}

/**
 * Every eval SA's plugin `short` registers, with the rule type SA enforces: those in `impls`
 * run, the others are declared by type only (a rule calling one compiles and is reported
 * unsupported). `areas`: the report area of late hits for evals whose SA callback passes one
 * to `got_hit`.
 */
export function saEvals<S>(
  short: string,
  impls: EvalImpls<S>,
  areas: Readonly<Record<string, string>> = {},
): Readonly<Record<string, EvalDefinition<S> | EvalRuleType>> {
  const entry = catalogEntry(short);
  return Object.fromEntries(
    Object.entries(entry.evals).map(([fn, ruleType]) => {
      const run = Object.hasOwn(impls, fn) ? impls[fn] : undefined;
      const area = areas[fn];
      return [fn, run ? { ruleType, run, ...(area !== undefined ? { pendingArea: area } : {}) } : ruleType];
    }),
  );
}

/** A plugin SA has and spamscore does not implement yet: its vocabulary only (its evals declared by type). */
export function vocabularyPlugin(short: string): Plugin {
  return definePlugin({ ...saVocabulary(short), evals: saEvals(short, {}) });
}

/**
 * SA's `valid_tlds_re` source for the rule set's TLDs (`RegistryBoundaries::new`), for the
 * settings hooks that embed it (FreeMail's and HashBL's e-mail patterns): a trie over ~1,500
 * TLDs is not free, so it is built on first use, once per rule set, and shared.
 */
export function validTldsOnce(api: PluginSettingsApi): () => string {
  return api.memo('registry:valid_tlds', () => {
    const tlds = api.tlds.tld;
    let source: string | undefined;
    return () => (source ??= validTldsSource(tlds));
  });
}
