/**
 * Adapts the HTML renderer's results (one `HtmlResults` per rendered HTML part, SA's
 * `html_all`) to the HTML URI input of the URI list, as SA's `_process_html_uri_list` reads
 * `uri_detail`: every key, with its types (none for anchor-text-only keys) and anchor texts.
 */
import type { HtmlResults } from '../html/results.js';
import type { HtmlUriInput } from './uri-detail.js';

/**
 * The `uri_detail` entries of every HTML part, in part order.
 *
 * @param parts - the HTML results of the message's HTML parts (SA's `html_all`)
 * @param octetParts - optional: for each part, whether SA holds its URIs as octet strings
 *   (HTML.pm UTF-8 encodes them when the part was not decoded to characters); default false
 */
export function htmlUriInputs(
  parts: Iterable<Pick<HtmlResults, 'uri_detail'>>,
  octetParts: readonly boolean[] = [],
): HtmlUriInput[] {
  const out: HtmlUriInput[] = [];
  let index = 0;
  for (const part of parts) {
    const octets = octetParts[index++] === true;
    for (const [uri, detail] of part.uri_detail ?? []) {
      out.push({
        uri,
        types: detail.types,
        ...(detail.anchor_text ? { anchorText: detail.anchor_text } : {}),
        ...(octets ? { octets } : {}),
      });
    }
  }
  return out;
}
