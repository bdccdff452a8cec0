// Writes src/message/html/entity-table.ts: `%HTML::Entities::entity2char` of the HTML-Parser the
// installed SpamAssassin runs with, as `name codePoint` pairs in name order.
import { byAscii, packedLines, perl } from './lib.mjs';

/** The file this generator writes, from the repository root. */
export const target = 'src/message/html/entity-table.ts';

/** Perl modules it reads (its check is skipped without them). */
export const needs = ['HTML::Entities'];

/** The HTML-Parser release the table is from. */
const HTML_PARSER_VERSION = '3.81';

/** The file's text. */
export function generate() {
  const [version, ...rows] = perl([
    '-MHTML::Entities',
    '-MHTML::Parser',
    '-e',
    'print "$HTML::Parser::VERSION\\n"; while (my ($k, $v) = each %HTML::Entities::entity2char) { print "$k ", join(",", map { ord } split //, $v), "\\n" }',
  ])
    .trim()
    .split('\n');
  if (version !== HTML_PARSER_VERSION) throw new Error(`the table is HTML-Parser ${HTML_PARSER_VERSION}'s; the installed one is ${version}`);
  const pairs = rows.map((r) => r.split(' ')).sort((a, b) => byAscii(a[0], b[0]));
  for (const [name, cps] of pairs) if (!/^\d+$/.test(cps)) throw new Error(`entity ${name} is not one character (${cps})`);
  return `/**
 * The entity table HTML::Parser decodes with: \`%HTML::Entities::entity2char\` of HTML-Parser
 * ${HTML_PARSER_VERSION} (the version SA 4.0.1 runs with here), dumped from Perl by \`npm run generate\`
 * (scripts/generate/entity-table.mjs). Names ending in ";" only match when the reference is
 * written with its semicolon (HTML::Entities keys them that way).
 */

const PACKED =
${packedLines(pairs.map(([name, cp]) => `${name} ${cp}`), '  ').join('\n')};

/** Entity name (as keyed by HTML::Entities, possibly ending in ";") to its code point. */
export const ENTITY_TO_CODE_POINT: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const parts = PACKED.trim().split(' ');
  for (let i = 0; i + 1 < parts.length; i += 2) m.set(parts[i]!, Number(parts[i + 1]));
  return m;
})();
`;
}
