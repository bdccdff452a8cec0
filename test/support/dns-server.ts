/**
 * A small authoritative DNS server for tests: serves zones from plain data on 127.0.0.1, over
 * UDP and TCP, so that Perl SpamAssassin (through `dns_server 127.0.0.1:PORT`) and spamscore
 * (through Node's resolver) ask the very same questions of the very same data, with no network.
 *
 * What it gets right because SA's code paths depend on it:
 * - NXDOMAIN (the name does not exist) versus NODATA (the name exists, or has names below it,
 *   but no record of that type): both carry the zone's SOA in the authority section, as real
 *   servers do. SA's DNSEval `check_rbl_ns_from` reads the *authority* section of an NS answer,
 *   so that SOA is observable.
 * - Wildcards (`*` owner names, RFC 4592 closest-encloser rule), CNAME chains inside our zones,
 *   case-insensitive matching with the question echoed as asked, the AA flag in our zones.
 * - UDP truncation (TC) beyond 512 bytes or the client's EDNS payload size, so large answers
 *   (DKIM keys) make resolvers retry over TCP, which is served too.
 * Options add a per-answer delay and a "black hole" mode that never answers (deadline tests).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';

/** The record types the server stores. */
export type ZoneRecordType = 'A' | 'AAAA' | 'TXT' | 'NS' | 'MX' | 'PTR' | 'CNAME';

/**
 * The records of one owner name, by type. A TXT entry is one record: a string, or its chunks
 * (character-strings) as an array. `rcode` makes every question for this name fail with that
 * code instead (to test SERVFAIL handling, e.g. SPF's temperror).
 */
export interface RecordSet {
  A?: string[];
  AAAA?: string[];
  TXT?: Array<string | string[]>;
  NS?: string[];
  MX?: Array<{ preference: number; exchange: string }>;
  PTR?: string[];
  /** At most one CNAME per name, and no other data beside it (as RFC 1034 demands). */
  CNAME?: string;
  rcode?: 'SERVFAIL' | 'REFUSED';
}

/**
 * One zone. Owner names in `names` are relative to `apex` (`'2.0.0.127'`, `'*'`, `'@'` for the
 * apex itself) unless they end with a dot, which makes them absolute.
 */
export interface Zone {
  apex: string;
  names: Record<string, RecordSet>;
  /** TTL of every record of the zone (default 300). */
  ttl?: number;
}

/** Options of {@link startDnsServer}. */
export interface DnsServerOptions {
  /** Port to listen on, UDP and TCP alike (default: a free one). */
  port?: number;
  /** Milliseconds to wait before each answer, or a function of the question. */
  delay?: number | ((question: LoggedQuery) => number);
  /** Receive and log questions, never answer (a dead or filtered server). */
  blackHole?: boolean;
}

/** A question the server received. */
export interface LoggedQuery {
  /** The name as asked (case preserved, no trailing dot). */
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
  /** Epoch milliseconds of arrival. */
  at: number;
}

/** A running server. */
export interface DnsServer {
  port: number;
  /** Every question received so far, in arrival order. */
  queries: LoggedQuery[];
  /** Stops listening, drops TCP clients and pending delayed answers. */
  close(): Promise<void>;
}

type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
const RCODE_BITS: Record<Rcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

interface Resolution {
  rcode: Rcode;
  authoritative: boolean;
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
}

const norm = (name: string): string => name.toLowerCase().replace(/\.+$/, '');

/** The zones, indexed for lookups: absolute lower-case owner name → record set, per apex. */
class ZoneIndex {
  private readonly zones: Array<{ apex: string; ttl: number; names: Map<string, RecordSet>; parents: Set<string> }>;

  constructor(zones: readonly Zone[]) {
    this.zones = zones
      .map((z) => {
        const apex = norm(z.apex);
        const names = new Map<string, RecordSet>();
        for (const [rel, set] of Object.entries(z.names)) {
          const owner = rel === '@' ? apex : rel.endsWith('.') ? norm(rel) : norm(`${rel}.${apex}`);
          if (owner !== apex && !owner.endsWith(`.${apex}`)) throw new Error(`dns-server: ${owner} is outside zone ${apex}`);
          if (set.CNAME !== undefined && Object.keys(set).some((k) => k !== 'CNAME')) {
            throw new Error(`dns-server: ${owner} has a CNAME and other data`);
          }
          const prev = names.get(owner);
          names.set(owner, prev ? mergeSets(prev, set) : set);
        }
        // Every ancestor of an owner name (up to the apex) exists as an empty non-terminal:
        // asking for it is NODATA, not NXDOMAIN (RFC 8020).
        const parents = new Set<string>();
        for (const owner of names.keys()) {
          for (let n = parentOf(owner); n !== undefined && n.length >= apex.length; n = parentOf(n)) parents.add(n);
        }
        return { apex, ttl: z.ttl ?? 300, names, parents };
      })
      // The most specific zone wins when zones nest.
      .sort((a, b) => b.apex.length - a.apex.length);
  }

  private zoneOf(name: string) {
    return this.zones.find((z) => name === z.apex || name.endsWith(`.${z.apex}`));
  }

  resolve(qname: string, qtype: string, depth = 0): Resolution {
    const name = norm(qname);
    const zone = this.zoneOf(name);
    if (!zone) return { rcode: 'NXDOMAIN', authoritative: false, answers: [], authorities: [] };
    const soa: dnsPacket.Answer = {
      name: zone.apex,
      type: 'SOA',
      ttl: zone.ttl,
      data: {
        mname: `ns1.${zone.apex}`,
        rname: `hostmaster.${zone.apex}`,
        serial: 2025010101,
        refresh: 3600,
        retry: 600,
        expire: 604800,
        minimum: 300,
      },
    };
    const negative = (rcode: Rcode): Resolution => ({ rcode, authoritative: true, answers: [], authorities: [soa] });

    let set = zone.names.get(name);
    if (!set && name === zone.apex) set = {};
    if (!set && zone.parents.has(name)) return negative('NOERROR');
    if (!set) {
      // RFC 4592: the closest encloser is the nearest existing ancestor; only `*.` directly
      // below it may answer.
      let encloser = parentOf(name);
      while (encloser !== undefined && encloser !== zone.apex && !zone.names.has(encloser) && !zone.parents.has(encloser)) {
        encloser = parentOf(encloser);
      }
      set = encloser === undefined ? undefined : zone.names.get(`*.${encloser}`);
      if (!set) return negative('NXDOMAIN');
    }
    if (set.rcode) return { rcode: set.rcode, authoritative: true, answers: [], authorities: [] };

    const ttl = zone.ttl;
    if (set.CNAME !== undefined && qtype !== 'CNAME') {
      const cname: dnsPacket.Answer = { name: qname, type: 'CNAME', ttl, data: set.CNAME };
      if (depth >= 8) return { rcode: 'SERVFAIL', authoritative: true, answers: [], authorities: [] };
      const next = this.resolve(set.CNAME, qtype, depth + 1);
      // A target outside our zones is left for the client to chase, as an authoritative server does.
      const rest = next.authoritative ? next : { rcode: 'NOERROR' as Rcode, authoritative: true, answers: [], authorities: [] };
      return { ...rest, answers: [cname, ...rest.answers] };
    }
    if (name === zone.apex && qtype === 'SOA') return { rcode: 'NOERROR', authoritative: true, answers: [{ ...soa, name: qname }], authorities: [] };
    const answers = recordsOf(set, qtype, qname, ttl);
    if (answers.length === 0) return negative('NOERROR');
    return { rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
  }
}

/**
 * Binds a UDP socket and the TCP server to the same port: the given one, or a free UDP port
 * whose TCP twin is free too (a few attempts, since another process may hold the TCP side).
 */
async function bindBoth(makeUdp: () => dgram.Socket, tcp: net.Server, wanted: number | undefined): Promise<dgram.Socket> {
  for (let attempt = 0; ; attempt++) {
    const udp = makeUdp();
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(wanted ?? 0, '127.0.0.1', () => {
        udp.off('error', reject);
        resolve();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(udp.address().port, '127.0.0.1', () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return udp;
    } catch (err) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (wanted !== undefined || attempt >= 10) throw err;
    }
  }
}

function parentOf(name: string): string | undefined {
  const i = name.indexOf('.');
  return i < 0 ? undefined : name.slice(i + 1);
}

function mergeSets(a: RecordSet, b: RecordSet): RecordSet {
  const out: RecordSet = { ...a };
  for (const k of ['A', 'AAAA', 'TXT', 'NS', 'MX', 'PTR'] as const) {
    const list = [...(a[k] ?? []), ...(b[k] ?? [])];
    if (list.length) (out as Record<string, unknown>)[k] = list;
  }
  if (b.CNAME !== undefined) out.CNAME = b.CNAME;
  if (b.rcode) out.rcode = b.rcode;
  return out;
}

function recordsOf(set: RecordSet, qtype: string, owner: string, ttl: number): dnsPacket.Answer[] {
  switch (qtype) {
    case 'A':
    case 'AAAA':
    case 'NS':
    case 'PTR':
      return (set[qtype] ?? []).map((data) => ({ name: owner, type: qtype, ttl, data }));
    case 'TXT':
      return (set.TXT ?? []).map((data) => ({ name: owner, type: 'TXT', ttl, data: typeof data === 'string' ? [data] : data }));
    case 'MX':
      return (set.MX ?? []).map((data) => ({ name: owner, type: 'MX', ttl, data }));
    case 'CNAME':
      return set.CNAME === undefined ? [] : [{ name: owner, type: 'CNAME', ttl, data: set.CNAME }];
    case 'ANY':
      return (['A', 'AAAA', 'TXT', 'NS', 'MX', 'PTR', 'CNAME'] as const).flatMap((t) => recordsOf(set, t, owner, ttl));
    default:
      return [];
  }
}

/** Builds the response to one query packet, or undefined when it is not a query we can answer. */
function respond(index: ZoneIndex, query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp'): Buffer | undefined {
  const question = query.questions?.[0];
  const opt = query.additionals?.find((a): a is dnsPacket.OptAnswer => a.type === 'OPT');
  const base = {
    type: 'response' as const,
    id: query.id,
    questions: query.questions ?? [],
  };
  // Recursion is not available: this is an authoritative server, like the DNSBL servers SA
  // talks to through a resolver; the RD bit is echoed.
  const rd = query.flag_rd ? dnsPacket.RECURSION_DESIRED : 0;
  const ednsAnswer: dnsPacket.OptAnswer = { type: 'OPT', name: '.', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
  // Echo EDNS when the client used it (RFC 6891), announcing the payload size we honour.
  const edns: dnsPacket.Answer[] = opt ? [ednsAnswer] : [];
  if (!question || (query.questions?.length ?? 0) !== 1) {
    return dnsPacket.encode({ ...base, flags: rd | RCODE_BITS.REFUSED, additionals: edns });
  }
  const r = index.resolve(question.name, question.type);
  const flags = rd | RCODE_BITS[r.rcode] | (r.authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0);
  const full = dnsPacket.encode({ ...base, flags, answers: r.answers, authorities: r.authorities, additionals: edns });
  if (transport === 'udp') {
    const limit = opt ? Math.max(512, Math.min(opt.udpPayloadSize ?? 512, 4096)) : 512;
    if (full.length > limit) {
      return dnsPacket.encode({ ...base, flags: flags | dnsPacket.TRUNCATED_RESPONSE, additionals: edns });
    }
  }
  return full;
}

/**
 * Starts the server on 127.0.0.1 (UDP and TCP on the same port).
 * @example
 * ```ts
 * const srv = await startDnsServer([{ apex: 'zen.spamhaus.org', names: { '2.0.0.127': { A: ['127.0.0.2'] } } }]);
 * const r = new dns.promises.Resolver(); r.setServers([`127.0.0.1:${srv.port}`]);
 * await r.resolve4('2.0.0.127.zen.spamhaus.org'); // ['127.0.0.2']
 * await srv.close();
 * ```
 */
export async function startDnsServer(zones: readonly Zone[], options: DnsServerOptions = {}): Promise<DnsServer> {
  const index = new ZoneIndex(zones);
  const queries: LoggedQuery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  let closed = false;

  /** Logs the query and calls `send` with the answer, after the configured delay. */
  const handle = (msg: Buffer, transport: 'udp' | 'tcp', send: (out: Buffer) => void): void => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: drop it, as a server does
    }
    if (query.type !== 'query') return;
    const q = query.questions?.[0];
    const logged: LoggedQuery = { name: q ? q.name.replace(/\.$/, '') : '', type: q ? q.type : '', transport, at: Date.now() };
    queries.push(logged);
    if (options.blackHole) return;
    const out = respond(index, query, transport);
    if (!out) return;
    const ms = typeof options.delay === 'function' ? options.delay(logged) : (options.delay ?? 0);
    if (ms <= 0) return send(out);
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) send(out);
    }, ms);
    timers.add(t);
  };

  const makeUdp = (): dgram.Socket => {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, rinfo) => handle(msg, 'udp', (out) => sock.send(out, rinfo.port, rinfo.address)));
    return sock;
  };
  const tcp = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      // RFC 1035 4.2.2: over TCP each message is preceded by its length, two octets.
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        handle(msg, 'tcp', (out) => {
          if (sock.destroyed) return;
          const head = Buffer.alloc(2);
          head.writeUInt16BE(out.length);
          sock.write(Buffer.concat([head, out]));
        });
      }
    });
  });
  const udp = await bindBoth(makeUdp, tcp, options.port);
  udp.on('error', () => undefined);
  const port = udp.address().port;

  return {
    port,
    queries,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
