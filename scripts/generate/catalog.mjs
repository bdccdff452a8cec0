// Writes src/plugins/builtin/catalog.ts: for every plugin module the installed SpamAssassin
// ships (less its test and sa-compile internals, see lib.mjs), what its constructor registers —
// commands (as DirectiveSpecs; one the core table already has is left to the core), eval
// functions with the rule type SA enforces, and the `has_*` probes that return true, in the
// order the plugin defines them. Directive patterns claimed in `parse_config` hooks cannot be
// read from SA's tables: they are hand-written in catalog-patterns.ts and referenced by name.
import { byAscii, directiveSpec, loadTs, saTables, tsDirectiveSpec, tsKey, tsString } from './lib.mjs';

/** The file this generator writes, from the repository root. */
export const target = 'src/plugins/builtin/catalog.ts';

/** Perl modules it reads (its check is skipped without them). */
export const needs = ['Mail::SpamAssassin'];

/** SA's eval rule types (`$TYPE_*_EVALS`, by the name's middle part) to our EvalRuleType. */
const EVAL_TYPES = { HEAD: 'header', BODY: 'body', RAWBODY: 'rawbody', FULL: 'full', URI: 'uri', RBL: 'rbl' };

/** The file's text. */
export async function generate() {
  const { core, plugins } = saTables();
  const coreNames = new Set(core.map((c) => c.name));
  const { PARSE_CONFIG_PATTERNS } = await loadTs('src/plugins/builtin/catalog-patterns.ts');
  const hooked = Object.keys(plugins).filter((p) => plugins[p].parseConfig);
  const written = Object.keys(PARSE_CONFIG_PATTERNS);
  if (hooked.sort(byAscii).join() !== written.sort(byAscii).join()) {
    throw new Error(`plugins with their own parse_config (${hooked.join(', ')}) differ from catalog-patterns.ts (${written.join(', ')})`);
  }

  const blocks = Object.keys(plugins).sort(byAscii).map((name) => {
    const p = plugins[name];
    const directives = new Map();
    for (const rec of p.commands) if (!coreNames.has(rec.name)) directives.set(rec.name, directiveSpec(rec));
    const evals = new Map();
    for (const e of p.evals) {
      const type = e.type === null ? 'any' : EVAL_TYPES[e.type];
      if (!type) throw new Error(`${name}: eval ${e.name} has unknown rule type ${e.type}`);
      evals.set(e.name, type);
    }
    const features = p.features.filter((f) => f.value).map((f) => tsString(f.name));
    const lines = [`  ${tsKey(name)}: {`];
    if (directives.size === 0) lines.push('    directives: {},');
    else {
      lines.push('    directives: {');
      for (const d of [...directives.keys()].sort(byAscii)) lines.push(`      ${tsKey(d)}: ${tsDirectiveSpec(directives.get(d))},`);
      lines.push('    },');
    }
    if (p.parseConfig) lines.push(`    directivePatterns: PARSE_CONFIG_PATTERNS.${name},`);
    if (evals.size === 0) lines.push('    evals: {},');
    else {
      lines.push('    evals: {');
      for (const e of [...evals.keys()].sort(byAscii)) lines.push(`      ${tsKey(e)}: ${tsString(evals.get(e))},`);
      lines.push('    },');
    }
    lines.push(`    features: [${features.join(', ')}],`, '  },');
    return lines.join('\n');
  });

  return `/**
 * What each of SpamAssassin 4.0.1's plugins brings to the configuration language: the directives
 * it registers, the eval functions it registers (with the rule type SA enforces for each, see
 * \`Conf::Parser::finish_parsing\`), and the \`has_*\` capability probes that rule files test with
 * \`if can(Mail::SpamAssassin::Plugin::X::has_y)\`.
 *
 * This is the vocabulary only. A plugin's evals are implemented by the built-in plugin modules
 * (later stages); until one is, a rule calling it compiles and is reported as unsupported at
 * check time. Generated from SA's own registration tables by \`npm run generate\`
 * (scripts/generate/catalog.mjs): edit the generator, not this file. The directive patterns of
 * \`parse_config\` hooks are hand-written in \`catalog-patterns.ts\`.
 */
import type { DirectiveSpec } from '../../config/directive-spec.js';
import type { EvalRuleType } from '../types.js';
import { PARSE_CONFIG_PATTERNS } from './catalog-patterns.js';

/** One SpamAssassin plugin's configuration vocabulary. */
export interface PluginCatalogEntry {
  /** Directives the plugin registers when loaded. */
  directives: Readonly<Record<string, DirectiveSpec>>;
  /** Directive names matched by pattern, which SA handles in the plugin's \`parse_config\` hook. */
  directivePatterns?: readonly RegExp[];
  /** Eval functions and the rule type each must be used from (\`any\` = not enforced). */
  evals: Readonly<Record<string, EvalRuleType>>;
  /** \`has_*\` functions that return true (probed by \`if can(...)\`). */
  features: readonly string[];
}

/** Every plugin of SpamAssassin 4.0.1 by its short name (after \`Mail::SpamAssassin::Plugin::\`). */
export const SA_PLUGIN_CATALOG: Readonly<Record<string, PluginCatalogEntry>> = {
${blocks.join('\n')}
};
`;
}
