/**
 * `definePlugin()`: how users (and our built-ins) declare an eval plugin.
 */
import type { Plugin, PluginDefinition, PluginSettingsApi } from './types.js';

/**
 * A plugin whose evals or hooks read typed `ctx.settings` must say where they come from: with
 * a settings type other than `undefined` (or `unknown`), the `settings` hook is required.
 */
export type SettingsRequired<S> = [S] extends [undefined] ? unknown : unknown extends S ? unknown : { settings(api: PluginSettingsApi): S };

const MODULE_NAME = /^(?:\w+::){0,10}\w+$/;
const EVAL_NAME = /^\w+$/;

/**
 * Validates and freezes a plugin definition.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   name: 'Mail::SpamAssassin::Plugin::MyCheck',
 *   directives: { my_threshold: { type: 'number', default: 3 } },
 *   evals: { check_my_thing: { ruleType: 'header', run: (ctx, arg) => arg === 'yes' } },
 * });
 * ```
 * A plugin with settings compiles them once per rule set; its evals read them typed:
 * ```ts
 * definePlugin({
 *   name: 'My::Plugin::Lists',
 *   directives: { my_list: { type: 'custom' } },
 *   settings: (api) => new Set(api.lines('my_list').map((l) => l.value.toLowerCase())),
 *   evals: { check_my_list: { ruleType: 'header', run: (ctx) => ctx.settings.has(ctx.message.getScalar('From:addr') ?? '') } },
 * });
 * ```
 * @throws TypeError when the name or an eval name is not what `loadplugin` and rule files can use.
 */
export function definePlugin<S = undefined>(def: PluginDefinition<S> & SettingsRequired<NoInfer<S>>): Plugin<S> {
  if (typeof def !== 'object' || def === null) throw new TypeError('definePlugin: expected a definition object');
  if (typeof def.name !== 'string' || !MODULE_NAME.test(def.name)) {
    throw new TypeError(`definePlugin: name must be a Perl-style module name like 'My::Plugin', got ${JSON.stringify(def.name)}`);
  }
  if (def.settings !== undefined && typeof def.settings !== 'function') throw new TypeError('definePlugin: settings must be a function');
  for (const name of Object.keys(def.evals ?? {})) {
    if (!EVAL_NAME.test(name)) throw new TypeError(`definePlugin: eval name ${JSON.stringify(name)} is not a word`);
  }
  for (const name of Object.keys(def.directives ?? {})) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      throw new TypeError(`definePlugin: directive name ${JSON.stringify(name)} must be lower-case words joined by _`);
    }
  }
  return Object.freeze({
    ...def,
    directives: ownTable(def.directives),
    directivePatterns: Object.freeze([...(def.directivePatterns ?? [])]),
    evals: ownTable(def.evals),
    features: Object.freeze([...(def.features ?? [])]),
  });
}

/**
 * A frozen copy of a name-keyed table without a prototype: a rule file naming an eval or a
 * directive `constructor` or `__proto__` must find nothing, not `Object.prototype`'s members
 * (SA's tables are Perl hashes, which have no inherited keys).
 */
function ownTable<T>(table: Readonly<Record<string, T>> | undefined): Readonly<Record<string, T>> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of Object.entries(table ?? {})) out[k] = v;
  return Object.freeze(out);
}

/**
 * A plugin's eval / directive by name, own entries only. Defined with the parser's view of
 * plugins (config/ reads them too and may not import plugins/); re-exported for the layers above.
 */
export { pluginDirective, pluginEval } from '../config/plugin-lookup.js';
