/**
 * SpamAssassin plugin module names as `loadplugin` and `ifplugin` read them. Here, below the
 * plugins, because the configuration parser resolves these names itself (plugins/registry.ts
 * re-exports both).
 */

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
