/**
 * The default DNS resolver: Node's c-ares resolver (`dns.promises.Resolver`), pointed at the
 * rule set's `dns_server` lines when there are any (SA's `DnsResolver::configured_nameservers`),
 * else at the system's servers.
 */
import { promises as dns } from 'node:dns';
import type { DnsRecordType, DnsResolver } from './types.js';

/** Options of {@link createDefaultResolver}. */
export interface DefaultResolverOptions {
  /** Servers as SA writes them: `127.0.0.1`, `127.0.0.1:5353`, `[::1]:53`. */
  servers?: readonly string[];
  /** Per-try timeout in milliseconds (c-ares' own; the scan's deadline is applied above it). */
  timeoutMs?: number;
  /** Tries per server before c-ares gives up. */
  tries?: number;
}

/**
 * A resolver on Node's `dns.promises.Resolver`. Each call is one query of one type, answered
 * in `dns.promises` shapes; NXDOMAIN rejects with `ENOTFOUND`, NODATA with `ENODATA`.
 */
export function createDefaultResolver(options: DefaultResolverOptions = {}): DnsResolver {
  const r = new dns.Resolver({ timeout: options.timeoutMs ?? 3000, tries: options.tries ?? 2 });
  if (options.servers?.length) r.setServers(options.servers.map(nodeServer));
  return { resolve: (name: string, rrtype: DnsRecordType) => r.resolve(name, rrtype) as Promise<unknown> };
}

/** SA's `[ipv6]` without a port is just the address for Node; the other forms Node reads as is. */
function nodeServer(s: string): string {
  const m = /^\[([^\]]+)\]$/.exec(s);
  return m ? m[1]! : s;
}
