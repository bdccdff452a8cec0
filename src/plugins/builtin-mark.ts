/**
 * Which plugins are spamscore's own: the registry marks each built-in plugin as it builds it
 * (registry.ts), and the scan asks here (check/eval-trust.ts: the warm-up scan runs only
 * built-in evals; the slice guard trusts them). A leaf module, so that asking does not import
 * every built-in plugin.
 */
import type { Plugin } from './types.js';

const builtins = new WeakSet<Plugin>();

/** Marks a plugin as built in; returns it. */
export function markBuiltin(p: Plugin): Plugin {
  builtins.add(p);
  return p;
}

/** Whether a plugin is one of spamscore's own (the object the registry built, not one of the same name). */
export function isBuiltinPlugin(p: Plugin): boolean {
  return builtins.has(p);
}
