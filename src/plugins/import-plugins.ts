/**
 * Plugin modules: a file or package a host names (`spamscore check --plugin ./my-plugin.mjs`,
 * the scanner pool's `pluginModules`), imported and searched for `definePlugin()` objects —
 * SpamAssassin's `loadplugin Module /path/Module.pm`, done by the host instead of the rule
 * files (rule files are data: nothing in them is executed).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { definePlugin } from './define-plugin.js';
import type { Plugin, PluginDefinition } from './types.js';

/**
 * Whether a value is a plugin as `definePlugin()` returns it. Checked by shape, not identity:
 * a plugin module imports `definePlugin` from its own copy of spamscore (ESM or CJS), which
 * need not be the copy loading it.
 */
export function isPlugin(value: unknown): value is Plugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Plugin>;
  return (
    typeof p.name === 'string' &&
    typeof p.evals === 'object' &&
    p.evals !== null &&
    typeof p.directives === 'object' &&
    p.directives !== null &&
    Array.isArray(p.features) &&
    Array.isArray(p.directivePatterns)
  );
}

/** What a plugin definition may declare besides its name (PluginDefinition's members). */
const DEFINITION_KEYS = [
  'directives', 'directivePatterns', 'settings', 'evals', 'features', 'finishParsingStart', 'checkDnsbl', 'checkEnd',
  'scanStart', 'autolearnDiscriminator', 'learnMessage', 'forgetMessage',
] as const;

/** Whether a value is a plugin definition not passed through `definePlugin()`: a name and something a plugin declares. */
function isDefinition(value: unknown): value is PluginDefinition {
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as { name?: unknown }).name === 'string' && DEFINITION_KEYS.some((k) => k in value);
}

/**
 * The plugins a module exports: its default export and its named exports, each a plugin or an
 * array of them. A plain definition object (not made by `definePlugin()`) is accepted and
 * validated as `definePlugin()` would (a bad one throws its TypeError).
 */
export function pluginsOfModule(mod: Record<string, unknown>): Plugin[] {
  const out: Plugin[] = [];
  const seen = new Set<unknown>();
  const add = (v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (seen.has(x)) continue;
      seen.add(x);
      if (isPlugin(x)) out.push(x);
      else if (isDefinition(x)) out.push(definePlugin(x));
    }
  };
  add(mod.default);
  for (const [k, v] of Object.entries(mod)) if (k !== 'default') add(v);
  return out;
}

/**
 * The URL to import for a module specifier: a path (`./x.mjs`, `/abs/x.js`, or a file that
 * exists relative to `from`) becomes a file URL; a package name is resolved from `from`, so a
 * plugin installed in the host's project is found, not one next to spamscore.
 */
export function pluginModuleUrl(specifier: string, from: string = process.cwd()): string {
  if (specifier.startsWith('file:')) return specifier;
  const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
  const file = path.resolve(from, specifier);
  if (isPath || existsSync(file)) return pathToFileURL(file).href;
  try {
    return pathToFileURL(createRequire(path.join(from, 'noop.js')).resolve(specifier)).href;
  } catch {
    // An ESM-only package (no `require` condition): let import() resolve it.
    return specifier;
  }
}

/**
 * Imports a plugin module and returns its plugins (see {@link pluginsOfModule}).
 * @throws Error naming the module when it cannot be imported or exports no plugin.
 */
export async function importPluginModule(specifier: string, from: string = process.cwd()): Promise<Plugin[]> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pluginModuleUrl(specifier, from))) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`plugin module ${specifier} could not be imported: ${e instanceof Error ? e.message : String(e)}`);
  }
  const plugins = pluginsOfModule(mod);
  if (plugins.length === 0) {
    throw new Error(`plugin module ${specifier} exports no plugin (a definePlugin() object, or an array of them, as its default or a named export)`);
  }
  return plugins;
}

/** Imports several plugin modules, in order (a later plugin of the same name replaces an earlier one in the registry). */
export async function importPluginModules(specifiers: readonly string[], from: string = process.cwd()): Promise<Plugin[]> {
  const out: Plugin[] = [];
  for (const s of specifiers) out.push(...(await importPluginModule(s, from)));
  return out;
}
