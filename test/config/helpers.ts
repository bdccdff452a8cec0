import { parseConfig, type ConfigSource, type ParseOptions } from '../../src/config/parser.js';
import { createRegistry } from '../../src/plugins/registry.js';

/** Parses inline config text (one file named `test.cf` unless more are given). */
export function parse(text: string | ConfigSource[], options: Partial<ParseOptions> = {}) {
  const sources = typeof text === 'string' ? [{ name: 'test.cf', text }] : text;
  return parseConfig(sources, { registry: createRegistry(), ...options });
}

/** The messages of a parse's diagnostics of a severity. */
export const messages = (cfg: ReturnType<typeof parse>, severity = 'error') =>
  cfg.diagnostics.filter((d) => d.severity === severity).map((d) => d.message);
