/**
 * spamd's `--allowed-ips` (`set_allowed_ip`, NetSet `add_cidr`): which client addresses may
 * connect over TCP. Entries are single addresses, CIDR ranges (`10.0.0.0/8`,
 * `[2001:db8::]/32`) or IPv4 prefixes with a trailing dot (`10.`, `192.168.`). Without any,
 * only 127.0.0.1 and ::1 may connect, as with spamd.
 */
import { BlockList, isIP } from 'node:net';

/** A set of allowed client networks. */
export interface AllowedIps {
  /** Whether a peer address (as Node reports it; IPv4-mapped IPv6 is read as IPv4) may connect. */
  allows(address: string): boolean;
}

/** Parses `--allowed-ips` entries (each may hold several, comma-separated). Throws a TypeError naming a bad one. */
export function parseAllowedIps(entries: readonly string[] = []): AllowedIps {
  const list = new BlockList();
  const items = entries.flatMap((e) => e.split(',')).map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) items.push('127.0.0.1', '::1');
  for (const item of items) {
    // strip optional square brackets: [v6] or [v6]/len
    const ip = item.replace(/^\[(.*)\]$/s, '$1').replace(/^\[(.*)\](\/\d+)$/s, '$1$2');
    const partial = /^(\d{1,3}\.){1,3}$/.exec(ip);
    if (partial) {
      const octets = ip.split('.').filter((o) => o !== '');
      if (octets.some((o) => Number(o) > 255)) throw new TypeError(`allowed-ips: not an address or network: ${item}`);
      const addr = [...octets, '0', '0', '0'].slice(0, 4).join('.');
      list.addSubnet(addr, octets.length * 8, 'ipv4');
      continue;
    }
    const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(ip);
    const family = m ? isIP(m[1]!) : 0;
    if (!m || family === 0) throw new TypeError(`allowed-ips: not an address or network: ${item}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (m[2] === undefined) list.addAddress(m[1]!, type);
    else {
      const len = Number(m[2]);
      if (len > (family === 4 ? 32 : 128)) throw new TypeError(`allowed-ips: bad prefix length: ${item}`);
      list.addSubnet(m[1]!, len, type);
    }
  }
  return {
    allows(address: string): boolean {
      const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
      if (v4) return list.check(v4[1]!, 'ipv4');
      const family = isIP(address);
      if (family === 0) return false;
      return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
