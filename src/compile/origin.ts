/**
 * What a rule set was compiled from — its parse, its plugin registry and the parse options —
 * kept beside it (privately, by the `RuleSet` facade), so that a user's preferences can later
 * be read on top of it (`withUserPrefs()`) without reading or compiling the site's
 * configuration again. spamd keeps its parsed `Conf` for the same reason (`copy_config`
 * restores it after each user).
 */
import type { ParsedConfig } from '../config/parsed-config.js';
import type { PluginRegistry } from '../plugins/registry.js';

/** A rule set's parse and how it was parsed. */
export interface CompileOrigin {
  parsed: ParsedConfig;
  registry: PluginRegistry;
  locale?: string;
  localTestsOnly: boolean;
}
