/**
 * A fake resolver over the zone data of `test/support/dns-server.ts`: the same zones answer our
 * check() here (no sockets) and Perl SpamAssassin through that server when the expectations are
 * regenerated. It resolves what the DNSEval cases use — exact owner names, NXDOMAIN versus
 * NODATA (ancestors of an owner name exist), the apex SOA (`mname` = `ns1.<apex>`, as the
 * server writes it) — and records every question as `TYPE/name`.
 */
import type { DnsRecordType, DnsResolver } from '../../../src/net/types.js';
import type { RecordSet, Zone } from '../../support/dns-server.js';

const norm = (name: string) => name.toLowerCase().replace(/\.+$/, '');

/** The absolute owner names of a zone. */
function owners(zone: Zone): Map<string, RecordSet> {
  const apex = norm(zone.apex);
  const out = new Map<string, RecordSet>();
  for (const [rel, set] of Object.entries(zone.names)) {
    out.set(rel === '@' ? apex : rel.endsWith('.') ? norm(rel) : norm(`${rel}.${apex}`), set);
  }
  return out;
}

const fail = (code: string, name: string) => Promise.reject(Object.assign(new Error(`query ${code} ${name}`), { code }));

/** A resolver with `dns.promises`' shape answering from `zones`; `queries` logs each question. */
export function zoneResolver(zones: readonly Zone[]): DnsResolver & { queries: string[] } {
  const indexed = zones
    .map((z) => ({ apex: norm(z.apex), names: owners(z) }))
    .sort((a, b) => b.apex.length - a.apex.length);
  const queries: string[] = [];
  return {
    queries,
    resolve(qname: string, rrtype: DnsRecordType): Promise<unknown> {
      const name = norm(qname);
      queries.push(`${rrtype}/${name}`);
      const zone = indexed.find((z) => name === z.apex || name.endsWith(`.${z.apex}`));
      if (!zone) return fail('ENOTFOUND', name);
      if (rrtype === 'SOA' && name === zone.apex) {
        return Promise.resolve({ nsname: `ns1.${zone.apex}`, hostmaster: `hostmaster.${zone.apex}`, serial: 1, refresh: 3600, retry: 600, expire: 604800, minttl: 300 });
      }
      const set = zone.names.get(name);
      if (!set) {
        const isParent = name === zone.apex || [...zone.names.keys()].some((o) => o.endsWith(`.${name}`));
        return isParent ? fail('ENODATA', name) : fail('ENOTFOUND', name);
      }
      if (set.rcode) return fail(set.rcode === 'SERVFAIL' ? 'ESERVFAIL' : 'EREFUSED', name);
      switch (rrtype) {
        case 'A':
        case 'AAAA':
        case 'NS':
        case 'PTR':
          return set[rrtype]?.length ? Promise.resolve([...set[rrtype]!]) : fail('ENODATA', name);
        case 'TXT':
          return set.TXT?.length ? Promise.resolve(set.TXT.map((t) => (typeof t === 'string' ? [t] : t))) : fail('ENODATA', name);
        case 'MX':
          return set.MX?.length ? Promise.resolve(set.MX.map((m) => ({ exchange: m.exchange, priority: m.preference }))) : fail('ENODATA', name);
        default:
          return fail('ENODATA', name);
      }
    },
  };
}
