/**
 * The URI list uri rules run over (`PerMsgStatus::get_uri_list`).
 *
 * Work in progress: this glue passes on the URIs SA's HTML renderer collects (HTML parts,
 * resolved against `<base>`); the text-URI extraction and SA's canonical variants
 * (`uri_list_canonicalize`) land with the URI module of the scoring milestone.
 */
import type { RuleSet } from '../compile/rule-set.js';
import { htmlPartResults } from './body/rendered-body.js';
import type { MimeTree } from './mime/tree.js';
import type { Boundaries } from './registry-boundaries.js';

/** The URIs of a message, as uri rules see them. */
export function messageUris(_ruleSet: RuleSet, tree: MimeTree, _bodyLines: readonly string[], _b: Boundaries): string[] {
  const out = new Set<string>();
  for (const r of htmlPartResults(tree)) for (const u of r.uri) out.add(u);
  return [...out];
}
