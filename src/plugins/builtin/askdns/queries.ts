/**
 * From an askdns template to the names asked (`AskDNS::launch_queries`): each tag is replaced
 * by each of its values (several values, or several tags, give the Cartesian product, duplicates
 * dropped), the result is converted to ACE, and names that are not valid FQDNs are dropped.
 * A tag without a value means no query at all (SA waits for it forever).
 */
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';
import { asciiLc } from '../../../message/uri/perl-strings.js';

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
 * `Util::is_fqdn_valid($host, 1)` with Perl's reading of its label pattern: `$` also matches
 * before a final newline, so a label may end in one (`_HEADER(X-Id)_` values keep the header's
 * newline, and SA asks such names). At least two labels of 1-63 characters, no edge hyphen,
 * no underscore in the last two, 253 characters at most once trailing dots are cut.
 */
export function isQueryFqdn(name: string): boolean {
  const host = asciiLc(name).replace(/\.+$/, '');
  if (host.length > 253) return false;
  const labels = host.split('.');
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop();
  let count = labels.length;
  if (count <= 1) return false;
  for (const label of labels) {
    if (label.length < 1 || label.length > 63) return false;
    if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\n?$/.test(label)) return false;
    if (count <= 2 && label.includes('_')) return false;
    count--;
  }
  return true;
}

/**
 * The names actually asked: valid FQDNs only ({@link isQueryFqdn}), trailing dots removed as
 * `bgsend_and_start_lookup` does.
 */
export function queryNames(expanded: readonly string[]): string[] {
  return expanded.filter(isQueryFqdn).map((q) => q.replace(/\.+$/, ''));
}
