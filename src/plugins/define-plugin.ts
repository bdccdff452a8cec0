/**
 * `definePlugin()`: how users (and our built-ins) declare an eval plugin.
 */
import type { Plugin, PluginDefinition } from './types.js';

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
 * @throws TypeError when the name or an eval name is not what `loadplugin` and rule files can use.
 */
export function definePlugin(def: PluginDefinition): Plugin {
  if (typeof def !== 'object' || def === null) throw new TypeError('definePlugin: expected a definition object');
  if (typeof def.name !== 'string' || !MODULE_NAME.test(def.name)) {
    throw new TypeError(`definePlugin: name must be a Perl-style module name like 'My::Plugin', got ${JSON.stringify(def.name)}`);
  }
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
    directives: Object.freeze({ ...(def.directives ?? {}) }),
    directivePatterns: Object.freeze([...(def.directivePatterns ?? [])]),
    evals: Object.freeze({ ...(def.evals ?? {}) }),
    features: Object.freeze([...(def.features ?? [])]),
  });
}
