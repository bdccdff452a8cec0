/**
 * A set of networks as SpamAssassin's `Mail::SpamAssassin::NetSet` holds `trusted_networks`,
 * `internal_networks` and `msa_networks`, matched with ipaddr.js.
 *
 * Semantics mirrored (SA 4.0.1 without Net::Patricia, as on the reference install):
 * - entries are CIDRs, bare IPs, IPv4 prefixes with a trailing dot (`192.168.` = /16) or a bare
 *   first octet (`10` = /8), optional `[brackets]`, `%scope` ignored, `!` for exclusions;
 * - IPv4 masks may be dotted (`/255.255.0.0`) when contiguous;
 * - an entry already covered by an earlier one (included or excluded) is dropped with a warning,
 *   and a lookup returns the verdict of the first entry that contains the address — so list
 *   exclusions before the wider network they carve out, as SA's documentation says;
 * - IPv4 is matched as IPv4-mapped IPv6, so `::ffff:0:0/96` covers every IPv4 address;
 * - `a-b` ranges need Perl's optional Net::CIDR::Lite; SA without it (the reference install)
 *   ignores them with a warning, and so does this class.
 */

import ipaddr from 'ipaddr.js';

interface Net {
  readonly exclude: boolean;
  readonly addr: ipaddr.IPv6;
  readonly bits: number;
  /** The entry as written, for warnings. */
  readonly text: string;
}

/** Parses a relay/lookup IP into IPv6 form (IPv4 as mapped); undefined when not an address. */
function toV6(ip: string): ipaddr.IPv6 | undefined {
  let text = ip;
  const bracketed = /^\[([^\]]*)\]$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  text = text.replace(/%[A-Z0-9:._-]+$/i, '').replace(/^IPv6:/i, '');
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text).toIPv4MappedAddress();
    if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  } catch {
    // fall through: not an address
  }
  return undefined;
}

/** A dotted IPv4 netmask to a prefix length, if contiguous. */
function dottedMaskBits(mask: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask)) return undefined;
  const bits = ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  return bits ?? undefined;
}

/** Does network `outer` contain network `inner` (both IPv6 form)? */
function covers(outer: Net, inner: { addr: ipaddr.IPv6; bits: number }): boolean {
  return inner.bits >= outer.bits && inner.addr.match(outer.addr, outer.bits);
}

/** Lookups remembered per set, at most (see {@link NetSet.containsIp}). */
const CACHE_MAX = 4096;

/** A list of networks with SA's add/lookup semantics. */
export class NetSet {
  readonly #nets: Net[] = [];
  readonly #warnings: string[] = [];
  readonly #cache = new Map<string, boolean>();

  /**
   * @param name - for warnings, e.g. `trusted_networks`
   * @param withLoopback - start with 127.0.0.0/8 and ::1, as SA does for trusted and internal networks
   */
  constructor(
    readonly name: string,
    withLoopback = false,
  ) {
    if (withLoopback) this.add('127.0.0.0/8', '::1');
  }

  /** Number of networks held (SA's `get_num_nets`). */
  get size(): number {
    return this.#nets.length;
  }

  /** Problems met while adding entries (illegal addresses, shadowed entries, ranges). */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /**
   * Adds entries (SA's `add_cidr`); each argument may hold several whitespace-separated entries,
   * like a config line. Returns how many were added.
   */
  add(...entries: string[]): number {
    let added = 0;
    this.#cache.clear();
    for (const entry of entries.flatMap((e) => e.split(/[\t\n\v\f\r ]+/)).filter(Boolean)) {
      const net = this.#parse(entry);
      if (!net) continue;
      const earlier = this.#nets.length < 200 ? this.#nets.find((n) => covers(n, net)) : undefined;
      if (earlier) {
        this.#warnings.push(
          `${this.name}: cannot ${net.exclude ? 'exclude' : 'include'} ${entry} as it has already been ${earlier.exclude ? 'excluded' : 'included'}`,
        );
        continue;
      }
      this.#nets.push(net);
      added++;
    }
    return added;
  }

  /**
   * SA's `lint_trusted_networks` step for a subordinate list (internal or MSA networks must lie
   * within the trusted ones): drops every non-excluded entry that `outer` does not contain — the
   * first `outer` entry covering it decides, and an excluding one means "not contained".
   * Returns the lint warnings.
   */
  restrictTo(outer: NetSet): string[] {
    const warnings: string[] = [];
    const kept = this.#nets.filter((net) => {
      if (net.exclude) return true;
      const first = outer.#nets.find((o) => covers(o, net));
      if (first && !first.exclude) return true;
      warnings.push(`${outer.name} doesn't contain ${this.name} entry '${net.text}'`);
      return false;
    });
    this.#nets.splice(0, this.#nets.length, ...kept);
    this.#cache.clear();
    this.#warnings.push(...warnings);
    return warnings;
  }

  /** Whether the IP is in the set: the first network containing it decides (SA's `contains_ip`). */
  containsIp(ip: string): boolean {
    if (this.#nets.length === 0) return false;
    const cached = this.#cache.get(ip);
    if (cached !== undefined) return cached;
    // A set lives as long as its rule set and sees every message's relays: bounded.
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    const addr = toV6(ip);
    let result = false;
    if (addr) {
      const net = this.#nets.find((n) => addr.match(n.addr, n.bits));
      result = net !== undefined && !net.exclude;
    }
    this.#cache.set(ip, result);
    return result;
  }

  #parse(entry: string): Net | undefined {
    let cidr = entry;
    const exclude = /^![\t\n\v\f\r ]*/.test(cidr);
    cidr = cidr.replace(/^![\t\n\v\f\r ]*/, '');
    if (cidr.includes('-')) {
      this.#warnings.push(`${this.name}: IP range notation '${entry}' requires Net::CIDR::Lite, ignoring`);
      return undefined;
    }
    let mask: string | undefined;
    const slash = cidr.indexOf('/');
    if (slash >= 0) {
      mask = cidr.slice(slash + 1);
      cidr = cidr.slice(0, slash);
    }
    const bracketed = /^\[([^\]]*)\]$/.exec(cidr);
    if (bracketed) cidr = bracketed[1]!;
    cidr = cidr.replace(/%[A-Z0-9._~-]*$/i, ''); // interface scope: ignored, as SA does

    const illegal = (): undefined => {
      this.#warnings.push(`${this.name}: illegal IP address given: '${entry}'`);
      return undefined;
    };
    let addr: ipaddr.IPv6;
    let bits: number;
    if (/^\d+(?:\.|$)/.test(cidr)) {
      // IPv4, possibly abbreviated: 10 / 10. / 10.1 / 10.1. / 10.1.2 / 10.1.2.
      const parts = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?\.?$/.exec(cidr);
      if (!parts || (parts[4] !== undefined && cidr.endsWith('.'))) return illegal();
      const octets = parts.slice(1).filter((p) => p !== undefined).map(Number);
      if (octets.some((o) => o > 255)) return illegal();
      const implied = octets.length * 8;
      while (octets.length < 4) octets.push(0);
      addr = new ipaddr.IPv4(octets).toIPv4MappedAddress();
      let v4bits: number | undefined = implied;
      if (mask !== undefined) v4bits = /^\d+$/.test(mask) ? Number(mask) : dottedMaskBits(mask);
      if (v4bits === undefined || v4bits > 32) return illegal();
      bits = 96 + v4bits;
    } else {
      if (!ipaddr.IPv6.isValid(cidr)) return illegal();
      addr = ipaddr.IPv6.parse(cidr);
      bits = 128;
      if (mask !== undefined) {
        if (!/^\d+$/.test(mask) || Number(mask) > 128) return illegal();
        bits = Number(mask);
      }
    }
    return { exclude, addr, bits, text: entry };
  }
}
