// Writes src/config/directive-table.ts: the core configuration commands SpamAssassin's Conf.pm
// registers (`$conf->{registered_commands}` of a fresh Mail::SpamAssassin), each as a
// DirectiveSpec (see lib.mjs directiveSpec for how SA's record maps to ours), sorted by name.
import { byAscii, directiveSpec, saTables, tsDirectiveSpec, tsKey } from './lib.mjs';

/** The file this generator writes, from the repository root. */
export const target = 'src/config/directive-table.ts';

/** Perl modules it reads (its check is skipped without them). */
export const needs = ['Mail::SpamAssassin'];

/** The file's text. */
export function generate() {
  const specs = new Map();
  for (const rec of saTables().core) {
    if (specs.has(rec.name)) throw new Error(`core command ${rec.name} registered twice`);
    specs.set(rec.name, directiveSpec(rec));
  }
  const entries = [...specs.keys()].sort(byAscii).map((name) => `  ${tsKey(name)}: ${tsDirectiveSpec(specs.get(name))},`);
  return `/**
 * SpamAssassin 4.0.1's own configuration directives (those of \`Conf.pm\`, before any plugin).
 *
 * Each entry gives the directive's value type as SA declares it (\`$CONF_TYPE_*\`), the setting it
 * writes when that differs from the directive's name, its old aliases and its default. The rule
 * directives themselves (header, body, score, …) are interpreted in \`parser.ts\`; everything else
 * is stored typed so later stages can read it. Names are SA's, verbatim: they are the user's
 * vocabulary. Generated from SA's registered command table by \`npm run generate\`
 * (scripts/generate/directive-table.mjs): edit the generator, not this file.
 */
import type { DirectiveSpec } from './directive-spec.js';

/** Core directives by name. */
export const CORE_DIRECTIVES: Readonly<Record<string, DirectiveSpec>> = {
${entries.join('\n')}
};

/**
 * The core directive of that name, if SA has one. An own-key lookup: a line starting
 * \`constructor\` or \`__proto__\` is an unknown directive, as in SA (whose \`%{$self->{cmd}}\` has no
 * inherited keys), not a match for \`Object.prototype\`'s members.
 */
export function coreDirective(name: string): DirectiveSpec | undefined {
  return Object.hasOwn(CORE_DIRECTIVES, name) ? CORE_DIRECTIVES[name] : undefined;
}
`;
}
