/**
 * The URI list uri rules run over (`PerMsgStatus::get_uri_list`): text URIs of the rendered
 * body, the URIs SA's HTML renderer collects, DKIM signing domains, and every canonical
 * variant, built by the URI module from what the rest of the message stage has parsed.
 */
import { htmlPartResults } from './body/rendered-body.js';
import type { MessageConfig } from './message-config.js';
import type { MimeTree } from './mime/tree.js';
import { getUriDetailList, uriListFromDetails, type HtmlUriInput, type UriDetailList } from './uri/index.js';
import { htmlUriInputs } from './uri/html-input.js';

/** The HTML parts' URIs as the URI module takes them (SA's `_process_html_uri_list`). */
function htmlUris(tree: MimeTree): { uris: HtmlUriInput[]; truncated: boolean } {
  const parts = htmlPartResults(tree);
  return { uris: htmlUriInputs(parts), truncated: parts.some((r) => r.uri_truncated) };
}

/** SA's `get_uri_detail_list` for a message. */
export function messageUriDetails(
  config: MessageConfig,
  tree: MimeTree,
  bodyLines: readonly string[],
  dkimSignatures: readonly string[],
): UriDetailList {
  const html = htmlUris(tree);
  return getUriDetailList({
    bodyLines,
    htmlUris: html.uris,
    redirectorPatterns: config.redirectorPatterns,
    tlds: config.tlds,
    dkimSignatures,
    parseDkimUris: config.parseDkimUris,
    htmlUriTruncated: html.truncated,
  });
}

/** The URIs of a message, as uri rules see them. */
export function messageUris(details: UriDetailList): string[] {
  return uriListFromDetails(details);
}
