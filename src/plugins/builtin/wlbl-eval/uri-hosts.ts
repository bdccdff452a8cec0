/**
 * `_check_uri_host_listed`: which URI host lists (`enlist_uri_host`) name a host of the message.
 *
 * The hosts are those of SA's URI detail list (mailto: URIs skipped); with `parse_dkim_uris`
 * on (the default) that list also holds the `d=` domains of DKIM/DomainKey signatures, filed as
 * `domainkeys:` URIs.
 */
import type { EvalContext } from '../../types.js';
import type { WlblContext } from './lists.js';

/** The hosts of the message's URI detail list, each once. */
export function uriHosts(ctx: EvalContext): readonly string[] {
  return ctx.memo('wlbl:uri_hosts', () => {
    const seen = new Set<string>();
    for (const [uri, info] of ctx.model.uriDetails().details) {
      if (/^mailto:/i.test(uri)) continue;
      for (const host of info.hosts.keys()) seen.add(host);
    }
    return [...seen];
  });
}

/** The lookup keys for a host: an address literal or IPv4 as is, else it and its parent domains (last 11). */
function queryKeys(host: string): string[] {
  const lit = /^\[([\s\S]*)\]$/.exec(host);
  if (lit) return [lit[1]!];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return [host];
  if (host === '') return [];
  const keys: string[] = [];
  let h = host;
  for (;;) {
    if (keys.length > 10) keys.shift();
    keys.push(h);
    const dot = h.indexOf('.');
    if (dot < 0) break;
    h = h.slice(dot + 1);
  }
  return keys;
}

/** List name → the first host it matched (`host` or `host (domain)`), for the lists that hit. */
export function uriHostsEnlisted(ctx: WlblContext): ReadonlyMap<string, string> {
  return ctx.memo('wlbl:uri_host_enlisted', () => {
    const out = new Map<string, string>();
    const lists = ctx.settings.uriHosts;
    if (lists.size === 0) return out;
    const names = [...lists.keys()].sort();
    for (const host of uriHosts(ctx)) {
      const keys = queryKeys(host);
      for (const nm of names) {
        const l = lists.get(nm)!;
        for (const q of keys) {
          const verdict = l.get(q);
          if (verdict === undefined) continue;
          if (verdict) out.set(nm, q === host ? host : `${host} (${q})`);
          break;
        }
      }
    }
    return out;
  });
}
