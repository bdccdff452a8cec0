/**
 * The URI list uri rules run over (`PerMsgStatus::get_uri_list`): text URIs of the rendered
 * body, the URIs SA's HTML renderer collects, DKIM signing domains, and every canonical
 * variant, built by the URI module from what the rest of the message stage has parsed.
 */
import type { RuleSet } from '../compile/rule-set.js';
import { compilePattern } from '../compile/pattern.js';
import { htmlPartResults } from './body/rendered-body.js';
import type { MimeTree } from './mime/tree.js';
import type { TldSets } from './registry-boundaries.js';
import { getUriDetailList, uriListFromDetails, type HtmlUriInput, type UriDetailList } from './uri/index.js';
import { htmlUriInputs } from './uri/html-input.js';

const redirectors = new WeakMap<RuleSet, RegExp[]>();

/** `redirector_pattern`s as JS RegExps (each line one Perl pattern; group 1 is the target). */
export function redirectorPatterns(ruleSet: RuleSet): RegExp[] {
  let list = redirectors.get(ruleSet);
  if (list) return list;
  list = [];
  for (const d of ruleSet.directives) {
    if (d.name !== 'redirector_pattern') continue;
    const r = compilePattern(d.value);
    if (r.ok) list.push(new RegExp(r.pattern.js.source, r.pattern.js.flags));
  }
  redirectors.set(ruleSet, list);
  return list;
}

/** The HTML parts' URIs as the URI module takes them (SA's `_process_html_uri_list`). */
function htmlUris(tree: MimeTree): { uris: HtmlUriInput[]; truncated: boolean } {
  const parts = htmlPartResults(tree);
  return { uris: htmlUriInputs(parts), truncated: parts.some((r) => r.uri_truncated) };
}

/** SA's `get_uri_detail_list` for a message. */
export function messageUriDetails(
  ruleSet: RuleSet,
  tree: MimeTree,
  bodyLines: readonly string[],
  tlds: TldSets,
  dkimSignatures: readonly string[],
): UriDetailList {
  const html = htmlUris(tree);
  return getUriDetailList({
    bodyLines,
    htmlUris: html.uris,
    redirectorPatterns: redirectorPatterns(ruleSet),
    tlds,
    dkimSignatures,
    parseDkimUris: ruleSet.settings.get('parse_dkim_uris') !== false,
    htmlUriTruncated: html.truncated,
  });
}

/** The URIs of a message, as uri rules see them. */
export function messageUris(details: UriDetailList): string[] {
  return uriListFromDetails(details);
}
