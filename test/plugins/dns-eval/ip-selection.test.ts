/**
 * Which relay IPs a DNS-list set asks about (DNSEval's `parsed_metadata` and
 * `_check_rbl_backend`); the check() cases pin the same choices against Perl SA 4.0.1.
 */
import { describe, expect, it } from 'vitest';
import { NetSet, parseRelays } from '../../../src/message/relays/index.js';
import { dnsEvalIps, ipsForSet, ipsInText, uniqPublic, type DnsEvalIps } from '../../../src/plugins/builtin/dns-eval/ip-selection.js';

const DATE = 'Tue, 15 Jun 2021 10:00:00 +0000';
const rcvd = (ip: string, by: string) => `from h.example.net (h.example.net [${ip}]) by ${by} (Postfix) with ESMTP id X; ${DATE}`;
const trusted = (...nets: string[]) => {
  const s = new NetSet('trusted_networks', true);
  s.add(...nets);
  return s;
};

describe('uniqPublic', () => {
  it('keeps first occurrences of public addresses', () => {
    expect(uniqPublic(['192.0.2.1', '10.0.0.1', '', '0', '192.0.2.1', '127.0.0.1', 'fe80::1', '2001:db8::1'])).toEqual([
      '192.0.2.1',
      '2001:db8::1',
    ]);
  });
});

describe('ipsInText', () => {
  it('lists every address of a header value', () => {
    expect(ipsInText('198.51.100.50 via [198.51.100.22], 2001:db8::5')).toEqual(['198.51.100.50', '198.51.100.22', '2001:db8::5']);
  });
});

describe('dnsEvalIps', () => {
  it('is undefined without a public untrusted relay or an originating address', () => {
    const relays = parseRelays({ received: [rcvd('10.0.0.1', 'mx.example.com')] });
    expect(dnsEvalIps(relays, [])).toBeUndefined();
  });

  it('lists external relays (trusted outside internal_networks, then untrusted) and untrusted ones', () => {
    const relays = parseRelays({
      received: [rcvd('203.0.113.200', 'mx.ours.example'), rcvd('198.51.100.22', 'gw.ours.example'), rcvd('192.168.1.5', 'r.example.net')],
      config: { trustedNetworks: ['203.0.113.0/24'], internalNetworks: ['203.0.113.0/25'] },
    });
    expect(dnsEvalIps(relays, [undefined, 'x 192.0.2.99'])).toEqual({
      fullExternal: ['203.0.113.200', '198.51.100.22', '192.168.1.5'],
      untrusted: ['198.51.100.22'],
      originating: ['192.0.2.99'],
    });
  });
});

describe('ipsForSet', () => {
  const ips: DnsEvalIps = {
    fullExternal: ['203.0.113.200', '198.51.100.22', '192.0.2.11', '192.168.1.5'],
    untrusted: ['198.51.100.22', '192.0.2.11'],
    originating: ['192.0.2.99', '203.0.113.7'],
  };
  const t = trusted('203.0.113.0/24');

  it('asks about untrusted relays and untrusted originating IPs, oldest first, by default', () => {
    expect(ipsForSet(ips, 'zen', t, false)).toEqual(['192.0.2.99', '192.0.2.11', '198.51.100.22']);
  });

  it('-lastexternal: the newest public external relay, unless trusted (nice rules keep it)', () => {
    expect(ipsForSet(ips, 'zen-lastexternal', t, false)).toEqual([]);
    expect(ipsForSet(ips, 'zen-lastexternal', t, true)).toEqual(['203.0.113.200']);
  });

  it('-notfirsthop: external relays but the oldest', () => {
    expect(ipsForSet(ips, 'x-notfirsthop', t, false)).toEqual(['198.51.100.22']);
    expect(ipsForSet({ ...ips, fullExternal: ['192.0.2.11'] }, 'x-notfirsthop', t, false)).toEqual(['192.0.2.11']);
  });

  it('-firsttrusted: the newest untrusted relay; -untrusted: the others', () => {
    expect(ipsForSet(ips, 'dnswl-firsttrusted', t, true)).toEqual(['198.51.100.22']);
    expect(ipsForSet(ips, 'x-untrusted', t, false)).toEqual(['192.0.2.11', '192.0.2.99']);
  });

  it('asks about at most 9 IPs', () => {
    const many = Array.from({ length: 12 }, (_, i) => `192.0.2.${i + 1}`);
    expect(ipsForSet({ fullExternal: many, untrusted: many, originating: [] }, 'zen', t, false)).toEqual(many.slice(3).reverse());
  });
});
