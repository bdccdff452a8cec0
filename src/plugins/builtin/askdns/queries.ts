/**
 * From an askdns template to the names asked (`AskDNS::launch_queries`): each tag is replaced
 * by each of its values (several values, or several tags, give the Cartesian product, duplicates
 * dropped), the result is converted to ACE, and names that are not valid FQDNs are dropped.
 * A tag without a value means no query at all (SA waits for it forever).
 */
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { isFqdnValid } from '../../../message/fqdn.js';

/**
 * The names a template gives, or undefined when one of its tags has no value.
 *
 * @param template - the query template
 * @param tags - the tags it names (sorted, as SA walks them)
 * @param valuesOf - a tag's values (`get_tag_raw`, undefined and '' values ignored)
 */
export function expandTemplate(template: string, tags: readonly string[], valuesOf: (tag: string) => readonly string[] | undefined): string[] | undefined {
  let queries = [template];
  for (const tag of tags) {
    const values = (valuesOf(tag) ?? []).filter((v) => v !== '');
    if (values.length === 0) return undefined;
    const next = new Set<string>();
    for (const q of queries) for (const v of values) next.add(q.split(`_${tag}_`).join(v));
    queries = [...next];
  }
  return queries.map((q) => idnToAscii(q, false));
}

/**
 * The names actually asked: valid FQDNs only (`is_fqdn_valid($query, 1)`; an `_HEADER(X-Id)_`
 * value keeps the header's newline, which a label may end in), trailing dots removed as
 * `bgsend_and_start_lookup` does.
 */
export function queryNames(expanded: readonly string[]): string[] {
  return expanded.filter((q) => isFqdnValid(q, true)).map((q) => q.replace(/\.+$/, ''));
}
