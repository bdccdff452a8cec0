// Writes src/config/user-config-access.ts: the directives SpamAssassin registers with
// `is_admin` (never settable from a user's preferences read by spamd) or `is_priv` (only with
// `allow_user_rules`), core and plugins alike, by their registered names, sorted.
import { byAscii, saTables } from './lib.mjs';

/** The file this generator writes, from the repository root. */
export const target = 'src/config/user-config-access.ts';

/** Perl modules it reads (its check is skipped without them). */
export const needs = ['Mail::SpamAssassin'];

/** Space-separated names wrapped into string literals of at most `width` characters per line. */
function lines(names, width = 100) {
  const out = [];
  let cur = '';
  for (const n of names) {
    if (cur && 4 + 2 + cur.length + 1 + n.length + 1 > width) {
      out.push(cur);
      cur = '';
    }
    cur = cur ? `${cur} ${n}` : n;
  }
  if (cur) out.push(cur);
  return out.map((l) => `    '${l}',`).join('\n');
}

/** The file's text. */
export function generate() {
  const t = saTables();
  const all = [...t.core, ...Object.values(t.plugins).flatMap((p) => p.commands)];
  const admin = [...new Set(all.filter((c) => c.is_admin).map((c) => c.name))].sort(byAscii);
  const priv = [...new Set(all.filter((c) => c.is_priv && !c.is_admin).map((c) => c.name))].sort(byAscii);
  return `/**
 * Which directives a user's preferences may not set when the server reads them (spamd's
 * \`user_prefs\`, read by SA's \`read_scoreonly_config\` → \`Conf::Parser::parse\` in its
 * "scores only" mode): SA's \`is_admin\` directives never, its \`is_priv\` ones only while
 * \`allow_user_rules\` is on. The names are those SA 4.0.1 (core and its plugins) registers
 * with \`is_admin => 1\` or \`is_priv => 1\`. Generated from SA's registered command tables by
 * \`npm run generate\` (scripts/generate/user-config-access.mjs): edit the generator, not this
 * file. A plugin written with \`definePlugin()\` marks its own directives with
 * \`isAdmin\`/\`isPriv\` in their {@link DirectiveSpec}.
 */
import type { DirectiveSpec } from './directive-spec.js';

/** SA's \`is_admin\` directives (site configuration only). */
const ADMIN = new Set(
  [
${lines(admin)}
  ].flatMap((line) => line.split(' ')),
);

/** SA's \`is_priv\` directives (user preferences only with \`allow_user_rules\`): rules and what shapes them. */
const PRIV = new Set(
  [
${lines(priv)}
  ].flatMap((line) => line.split(' ')),
);

/**
 * May a user's preferences set this directive? \`admin\`: never (SA: "not parsing,
 * administrator setting"); \`priv\`: only with \`allow_user_rules\` (SA: "not parsing,
 * 'allow_user_rules' is 0"); undefined: yes.
 * @param name the directive's canonical name (aliases resolved)
 * @param spec its definition, when it has one (a plugin's own \`isAdmin\`/\`isPriv\`)
 */
export function userConfigAccess(name: string, spec?: DirectiveSpec): 'admin' | 'priv' | undefined {
  if (spec?.isAdmin || ADMIN.has(name)) return 'admin';
  if (spec?.isPriv || PRIV.has(name)) return 'priv';
  return undefined;
}
`;
}
