/**
 * Which hosts URIDNSBL looks up (`URIDNSBL::check_dnsbl`): every host of the URI detail list
 * (redirect targets and DKIM `d=` domains included, as the list holds them) that is neither a
 * skipped domain nor a skipped host, at most `uridnsbl_max_domains` of them, preferring the
 * hosts of linked HTML anchors, then forms, images, other URIs, plain-text URIs and last
 * anchors without text.
 */
import type { UriDetail } from '../../../message/uri/uri-detail.js';

/** What the selection depends on besides the URI list. */
export interface HostSelectionOptions {
  /** `uridnsbl_skip_domains` (lower case). */
  readonly skipDomains: ReadonlySet<string>;
  /** `uridnsbl_skip_mailto` (default on): `mailto:` URIs give no hosts. */
  readonly skipMailto: boolean;
  /** `uridnsbl_max_domains` (default 20). */
  readonly maxDomains: number;
}

/**
 * The preference group of a URI, SA's index into `@uri_ordered`: 0 an `<a>` with anchor text,
 * 1 a form action, 2 an image, 3 anything else, 4 a URI only found in the text, 5 an `<a>`
 * whose anchors are all empty.
 */
export function preferenceGroup(detail: Pick<UriDetail, 'types' | 'anchorText'>): number {
  const { types } = detail;
  if (types.has('a')) return (detail.anchorText ?? []).some((t) => t.length > 0) ? 0 : 5;
  if (types.has('form')) return 1;
  if (types.has('img')) return 2;
  if (types.has('parsed') && types.size === 1) return 4;
  return 3;
}

/**
 * The hosts to look up, host -> registered domain, in the order they were chosen.
 *
 * When a preference group does not fit in what is left of the limit, SA picks its hosts at
 * random (`int rand`); we take them in the list's order instead, so that a message always
 * gives the same lookups. Which hosts are candidates, and the limit, are SA's.
 */
export function selectHosts(details: ReadonlyMap<string, Pick<UriDetail, 'types' | 'anchorText' | 'hosts'>>, options: HostSelectionOptions): Map<string, string> {
  const groups: (Map<string, string> | undefined)[] = [];
  for (const [uri, info] of details) {
    if (options.skipMailto && /^mailto:/i.test(uri)) continue;
    if (info.hosts.size === 0) continue;
    const group = preferenceGroup(info);
    for (const [host, domain] of info.hosts) {
      if (options.skipDomains.has(domain) || options.skipDomains.has(host)) continue;
      (groups[group] ??= new Map()).set(host, domain);
    }
  }
  const chosen = new Map<string, string>();
  const max = options.maxDomains;
  for (let g = 0; g < groups.length && chosen.size < max; g++) {
    const group = groups[g];
    if (!group) continue;
    const fresh = [...group.keys()].filter((h) => !chosen.has(h));
    if (fresh.length === 0) continue;
    for (const host of fresh) {
      if (chosen.size >= max) break;
      chosen.set(host, group.get(host)!);
    }
  }
  return chosen;
}

/** Perl's `sort` of strings (by code unit, which for octet strings is by byte). */
const perlSort = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The `URIHOSTS` and `URIDOMAINS` tag values SA sets from the selection: the sorted hosts and
 * the sorted distinct domains, space-separated as `get_tag` joins a list.
 */
export function uriHostTags(hosts: ReadonlyMap<string, string>): { URIHOSTS: string; URIDOMAINS: string } {
  const names = perlSort(hosts.keys());
  const domains = [...new Set(perlSort(hosts.values()))];
  return { URIHOSTS: names.join(' '), URIDOMAINS: domains.join(' ') };
}
