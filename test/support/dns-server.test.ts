/**
 * The test DNS server answers as an authoritative server does, seen through Node's own
 * resolver (c-ares) and through raw UDP/TCP packets where the resolver hides the details
 * (flags, authority section, truncation).
 */
import dgram from 'node:dgram';
import { promises as dns } from 'node:dns';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer, type Zone } from './dns-server.js';

const ZONES: Zone[] = [
  {
    apex: 'zen.example-bl.org',
    names: {
      '2.0.0.127': { A: ['127.0.0.2', '127.0.0.4'] },
      '10.113.0.203': { A: ['127.0.0.10'], TXT: ['listed: see https://bl.example/203.0.113.10'] },
      '*.wild': { A: ['127.0.0.3'] },
      'deep.sub.ent': { A: ['127.0.0.9'] },
    },
  },
  {
    apex: 'mail-fixture.com',
    names: {
      '@': { A: ['203.0.113.5'], MX: [{ preference: 10, exchange: 'mx.mail-fixture.com' }], TXT: ['v=spf1 ip4:203.0.113.0/24 -all'], NS: ['ns1.mail-fixture.com'] },
      mx: { A: ['203.0.113.6'], AAAA: ['2001:db8::6'] },
      www: { CNAME: 'mail-fixture.com' },
      outside: { CNAME: 'elsewhere.invalid' },
      'sel._domainkey': { TXT: [['v=DKIM1; k=rsa; p=', 'A'.repeat(250), 'B'.repeat(250)]] },
      big: { TXT: Array.from({ length: 8 }, (_, i) => `record ${i} ${'x'.repeat(100)}`) },
      broken: { rcode: 'SERVFAIL' },
    },
  },
  { apex: '113.0.203.in-addr.arpa', names: { '6': { PTR: ['mx.mail-fixture.com'] } } },
];

let srv: DnsServer;
let resolver: dns.Resolver;

beforeAll(async () => {
  srv = await startDnsServer(ZONES);
  resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${srv.port}`]);
});
afterAll(async () => {
  await srv.close();
});

/** A decoded answer: dns-packet sets `rcode`, which its type declarations omit. */
type Decoded = dnsPacket.DecodedPacket & { rcode: string };
const dataOf = (a: dnsPacket.Answer | undefined): unknown => (a as { data?: unknown } | undefined)?.data;

/** Sends one query over UDP and decodes the answer. */
async function udpQuery(port: number, name: string, type: dnsPacket.RecordType, edns = false): Promise<Decoded> {
  const sock = dgram.createSocket('udp4');
  const packet = dnsPacket.encode({
    type: 'query',
    id: 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: 'IN' }],
    additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.OptAnswer] : [],
  });
  try {
    return await new Promise((resolve, reject) => {
      sock.once('message', (msg) => resolve(dnsPacket.decode(msg) as Decoded));
      sock.once('error', reject);
      sock.send(packet, port, '127.0.0.1');
      setTimeout(() => reject(new Error('no answer')), 1000).unref();
    });
  } finally {
    sock.close();
  }
}

/** Sends one query over TCP (length-prefixed) and decodes the answer. */
async function tcpQuery(port: number, name: string, type: dnsPacket.RecordType): Promise<Decoded> {
  const packet = dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ name, type, class: 'IN' }] });
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(packet));
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        sock.destroy();
        resolve(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))) as Decoded);
      }
    });
    sock.on('error', reject);
  });
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: NodeJS.ErrnoException) => e.code);

describe('the test DNS server', () => {
  it('answers A, AAAA, TXT, MX, NS, CNAME and PTR questions from its zones', async () => {
    expect((await resolver.resolve4('2.0.0.127.zen.example-bl.org')).sort()).toEqual(['127.0.0.2', '127.0.0.4']);
    expect(await resolver.resolve6('mx.mail-fixture.com')).toEqual(['2001:db8::6']);
    expect(await resolver.resolveTxt('mail-fixture.com')).toEqual([['v=spf1 ip4:203.0.113.0/24 -all']]);
    expect(await resolver.resolveMx('mail-fixture.com')).toEqual([{ exchange: 'mx.mail-fixture.com', priority: 10 }]);
    expect(await resolver.resolveNs('mail-fixture.com')).toEqual(['ns1.mail-fixture.com']);
    expect(await resolver.resolveCname('www.mail-fixture.com')).toEqual(['mail-fixture.com']);
    expect(await resolver.reverse('203.0.113.6')).toEqual(['mx.mail-fixture.com']);
  });

  it('keeps the chunks of one TXT record apart, as the resolver reports them', async () => {
    const [record] = await resolver.resolveTxt('sel._domainkey.mail-fixture.com');
    expect(record).toEqual(['v=DKIM1; k=rsa; p=', 'A'.repeat(250), 'B'.repeat(250)]);
  });

  it('tells a missing name (NXDOMAIN) from a name without that type (NODATA), with the SOA in both', async () => {
    expect(await codeOf(resolver.resolve4('3.0.0.127.zen.example-bl.org'))).toBe('ENOTFOUND');
    expect(await codeOf(resolver.resolveMx('mx.mail-fixture.com'))).toBe('ENODATA');
    const nx = await udpQuery(srv.port, '3.0.0.127.zen.example-bl.org', 'A');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authorities?.map((a) => [a.name, a.type])).toEqual([['zen.example-bl.org', 'SOA']]);
    const nodata = await udpQuery(srv.port, 'mx.mail-fixture.com', 'MX');
    expect(nodata.rcode).toBe('NOERROR');
    expect(nodata.answers).toEqual([]);
    expect(nodata.authorities?.[0]?.type).toBe('SOA');
  });

  it('answers NODATA for an empty non-terminal and for a name listed without records', async () => {
    expect(await codeOf(resolver.resolve4('sub.ent.zen.example-bl.org'))).toBe('ENODATA');
    expect(await codeOf(resolver.resolve4('ent.zen.example-bl.org'))).toBe('ENODATA');
    expect(await resolver.resolve4('deep.sub.ent.zen.example-bl.org')).toEqual(['127.0.0.9']);
  });

  it('synthesises wildcard answers below the closest encloser only', async () => {
    expect(await resolver.resolve4('anything.wild.zen.example-bl.org')).toEqual(['127.0.0.3']);
    expect(await resolver.resolve4('a.b.wild.zen.example-bl.org')).toEqual(['127.0.0.3']);
    expect(await codeOf(resolver.resolve4('wild.zen.example-bl.org'))).toBe('ENODATA');
    expect(await codeOf(resolver.resolve4('x.other.zen.example-bl.org'))).toBe('ENOTFOUND');
  });

  it('matches names case-insensitively and echoes the question as it was asked', async () => {
    expect(await resolver.resolve4('2.0.0.127.ZEN.Example-BL.org')).toHaveLength(2);
    const p = await udpQuery(srv.port, '10.113.0.203.ZEN.example-bl.ORG', 'A');
    expect(p.questions?.[0]?.name).toBe('10.113.0.203.ZEN.example-bl.ORG');
    expect(p.answers?.[0]?.name).toBe('10.113.0.203.ZEN.example-bl.ORG');
  });

  it('sets the AA flag in its zones and answers NXDOMAIN without it elsewhere', async () => {
    const inside = await udpQuery(srv.port, 'mail-fixture.com', 'A');
    expect(inside.flag_aa).toBe(true);
    expect(inside.flag_rd).toBe(true);
    const outside = await udpQuery(srv.port, 'www.not-ours.net', 'A');
    expect(outside.rcode).toBe('NXDOMAIN');
    expect(outside.flag_aa).toBe(false);
    expect(await codeOf(resolver.resolve4('www.not-ours.net'))).toBe('ENOTFOUND');
  });

  it('follows CNAMEs inside its zones and stops at a target outside them', async () => {
    const p = await udpQuery(srv.port, 'www.mail-fixture.com', 'A');
    expect(p.answers?.map((a) => [a.type, dataOf(a)])).toEqual([
      ['CNAME', 'mail-fixture.com'],
      ['A', '203.0.113.5'],
    ]);
    const out = await udpQuery(srv.port, 'outside.mail-fixture.com', 'A');
    expect(out.rcode).toBe('NOERROR');
    expect(out.answers?.map((a) => a.type)).toEqual(['CNAME']);
  });

  it('fails the names marked SERVFAIL', async () => {
    expect((await udpQuery(srv.port, 'broken.mail-fixture.com', 'TXT')).rcode).toBe('SERVFAIL');
    expect(await codeOf(resolver.resolveTxt('broken.mail-fixture.com'))).toBe('ESERVFAIL');
  });

  it('truncates UDP answers over 512 bytes without EDNS, and serves them whole over TCP', async () => {
    const udp = await udpQuery(srv.port, 'big.mail-fixture.com', 'TXT');
    expect(udp.flag_tc).toBe(true);
    expect(udp.answers).toEqual([]);
    const withEdns = await udpQuery(srv.port, 'big.mail-fixture.com', 'TXT', true);
    expect(withEdns.flag_tc).toBe(false);
    expect(withEdns.answers).toHaveLength(8);
    const tcp = await tcpQuery(srv.port, 'big.mail-fixture.com', 'TXT');
    expect(tcp.answers).toHaveLength(8);
    // The resolver retries over TCP by itself.
    expect(await resolver.resolveTxt('big.mail-fixture.com')).toHaveLength(8);
    expect(srv.queries.some((q) => q.name === 'big.mail-fixture.com' && q.transport === 'tcp')).toBe(true);
  });

  it('logs every question it receives', async () => {
    const before = srv.queries.length;
    await resolver.resolve4('2.0.0.127.zen.example-bl.org');
    expect(srv.queries.slice(before)).toEqual([
      expect.objectContaining({ name: '2.0.0.127.zen.example-bl.org', type: 'A', transport: 'udp' }),
    ]);
  });
});

describe('the test DNS server options', () => {
  it('delays every answer by the given time, answering concurrent questions in parallel', async () => {
    const slow = await startDnsServer(ZONES, { delay: 100 });
    try {
      const r = new dns.Resolver({ timeout: 2000, tries: 1 });
      r.setServers([`127.0.0.1:${slow.port}`]);
      const t0 = Date.now();
      await Promise.all(Array.from({ length: 10 }, () => r.resolve4('2.0.0.127.zen.example-bl.org')));
      const took = Date.now() - t0;
      expect(took).toBeGreaterThanOrEqual(95);
      expect(took).toBeLessThan(600);
    } finally {
      await slow.close();
    }
  });

  it('never answers in black-hole mode, but logs the questions', async () => {
    const hole = await startDnsServer(ZONES, { blackHole: true });
    try {
      const r = new dns.Resolver({ timeout: 200, tries: 1 });
      r.setServers([`127.0.0.1:${hole.port}`]);
      expect(await codeOf(r.resolve4('2.0.0.127.zen.example-bl.org'))).toBe('ETIMEOUT');
      expect(hole.queries.map((q) => q.name)).toContain('2.0.0.127.zen.example-bl.org');
    } finally {
      await hole.close();
    }
  });

  it('listens on the port it is given', async () => {
    const first = await startDnsServer(ZONES);
    const port = first.port;
    await first.close();
    const again = await startDnsServer(ZONES, { port });
    try {
      expect(again.port).toBe(port);
      expect(dataOf((await tcpQuery(port, 'mail-fixture.com', 'A')).answers?.[0])).toBe('203.0.113.5');
    } finally {
      await again.close();
    }
  });

  it('refuses a zone holding a name outside it, and a CNAME beside other data', async () => {
    await expect(startDnsServer([{ apex: 'a.org', names: { 'b.org.': { A: ['127.0.0.1'] } } }])).rejects.toThrow(/outside zone/);
    await expect(startDnsServer([{ apex: 'a.org', names: { x: { CNAME: 'y.a.org', A: ['127.0.0.1'] } } }])).rejects.toThrow(/CNAME/);
  });
});

describe('the network test zones', () => {
  it('load into the server and answer as the stock lists do', async () => {
    const { NETWORK_ZONES } = await import('./zones/index.js');
    const zones = await startDnsServer(NETWORK_ZONES);
    try {
      const r = new dns.Resolver({ timeout: 1000, tries: 1 });
      r.setServers([`127.0.0.1:${zones.port}`]);
      expect(await r.resolve4('10.113.18.198.zen.spamhaus.org')).toEqual(['127.0.0.2']);
      expect(await r.resolve4('uribl-black-fixture.com.multi.uribl.com')).toEqual(['127.0.0.2']);
      expect(await codeOf(r.resolve4('2.113.18.198.zen.spamhaus.org'))).toBe('ENOTFOUND');
      const [key] = await r.resolveTxt('big2025._domainkey.dkim-fixture.com');
      expect(key?.length).toBe(2);
      expect(key?.join('')).toMatch(/^v=DKIM1; k=rsa; p=MIIBIjAN/);
    } finally {
      await zones.close();
    }
  });
});
