/**
 * Network lists (trusted_networks & co.) and SA's IP helpers. Every expected value was produced
 * by Perl SpamAssassin 4.0.1's own Mail::SpamAssassin::NetSet (add_cidr, contains_ip, without
 * Net::Patricia as on the reference install), Constants::IP_PRIVATE and Util::reverse_ip_address.
 */
import { describe, expect, it } from 'vitest';
import { isPrivateIp, NetSet, reverseIpAddress } from '../../../src/message/relays/index.js';

/** The addresses every set below was asked about. */
const probes = ["0.0.0.0","1.2.3.4","10.0.1.5","10.0.1.6","10.200.1.1","100.127.0.1","100.128.0.1","172.31.255.255","172.32.0.1","192.168.4.4","198.51.100.1","198.51.101.1","2001:db8:1::1","2001:db8:1::2","2001:db8:2::1","203.0.113.5","300.1.1.1","::","::ffff:c633:6405","fe80::1"];

describe('a network set', () => {
  it("reads a trailing-dot prefix, a bare first octet, a short CIDR and a dotted netmask", () => {
    const set = new NetSet('t');
    set.add(...["192.168.","10","172.16/12","100.64.0.0/255.192.0.0"]);
    // Perl NetSet: 4 network(s) kept, 0 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(4);
    expect(set.warnings).toHaveLength(0);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["10.0.1.5","10.0.1.6","10.200.1.1","100.127.0.1","172.31.255.255","192.168.4.4"]);
  });

  it("lets an exclusion listed first carve a host out of a later network", () => {
    const set = new NetSet('t');
    set.add(...["!10.0.1.5","10.0.1/24"]);
    // Perl NetSet: 2 network(s) kept, 0 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(2);
    expect(set.warnings).toHaveLength(0);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["10.0.1.6"]);
  });

  it("drops, with a warning, an exclusion that an earlier network already covers", () => {
    const set = new NetSet('t');
    set.add(...["10.0.1/24","!10.0.1.5"]);
    // Perl NetSet: 1 network(s) kept, 1 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(1);
    expect(set.warnings).toHaveLength(1);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["10.0.1.5","10.0.1.6"]);
  });

  it("matches IPv6 hosts and prefixes, first entry wins, brackets and %scope accepted", () => {
    const set = new NetSet('t');
    set.add(...["2001:db8:1::1","!2001:db8:1::/64","2001:db8::/32","[fe80::1%eth0]"]);
    // Perl NetSet: 4 network(s) kept, 0 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(4);
    expect(set.warnings).toHaveLength(0);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["2001:db8:1::1","2001:db8:2::1","fe80::1"]);
  });

  it("treats IPv4 addresses as IPv4-mapped IPv6, so ::ffff:0:0/96 holds every IPv4 address", () => {
    const set = new NetSet('t');
    set.add(...["::ffff:0:0/96"]);
    // Perl NetSet: 1 network(s) kept, 0 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(1);
    expect(set.warnings).toHaveLength(0);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["0.0.0.0","1.2.3.4","10.0.1.5","10.0.1.6","10.200.1.1","100.127.0.1","100.128.0.1","172.31.255.255","172.32.0.1","192.168.4.4","198.51.100.1","198.51.101.1","203.0.113.5","::ffff:c633:6405"]);
  });

  it("takes the network of a host address written with a mask", () => {
    const set = new NetSet('t');
    set.add(...["198.51.100.77/24"]);
    // Perl NetSet: 1 network(s) kept, 0 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(1);
    expect(set.warnings).toHaveLength(0);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["198.51.100.1","::ffff:c633:6405"]);
  });

  it("warns about and ignores illegal entries and a-b ranges (Net::CIDR::Lite is absent, as on the reference install)", () => {
    const set = new NetSet('t');
    set.add(...["300.1.1.1","1.2.3.4.","1.2.3.4/33","10.1.2.3/255.255.0.255","not-an-ip","198.51.100.0-198.51.100.9","203.0.113.5"]);
    // Perl NetSet: 1 network(s) kept, 6 warning(s); contains_ip true exactly for these
    expect(set.size).toBe(1);
    expect(set.warnings).toHaveLength(6);
    expect(probes.filter((ip) => set.containsIp(ip))).toEqual(["203.0.113.5"]);
  });

  it('starts with 127/8 and ::1 for trusted and internal networks, which nothing can exclude afterwards', () => {
    const set = new NetSet('trusted_networks', true);
    set.add('!127.0.0.2');
    expect([set.containsIp('127.0.0.2'), set.containsIp('::1'), set.containsIp('10.0.0.1')]).toEqual([true, true, false]);
    expect(set.warnings).toHaveLength(1);
  });

  it('answers every lookup the same after more addresses than it remembers', () => {
    const set = new NetSet('trusted_networks');
    set.add('10.0.0.0/9');
    const ips = Array.from({ length: 6000 }, (_, i) => `10.${i % 256}.${(i >> 8) & 255}.1`);
    const first = ips.map((ip) => set.containsIp(ip));
    expect(first.filter(Boolean)).toHaveLength(ips.filter((ip) => Number(ip.split('.')[1]) < 128).length);
    expect(ips.map((ip) => set.containsIp(ip))).toEqual(first);
  });

  it('never matches an empty set or a non-address', () => {
    expect(new NetSet('msa_networks').containsIp('127.0.0.1')).toBe(false);
    expect(new NetSet('t', true).containsIp('')).toBe(false);
  });
});

describe("SA's IP_PRIVATE", () => {
  it.each([
    ["0:0:0:0:0:0:0:1", true],
    ["0:0:0:0:0:ffff:192.168.1.1", true],
    ["10.0.0.1", true],
    ["100.0.0.1", false],
    ["100.127.255.255", true],
    ["100.128.0.1", false],
    ["100.64.0.1", true],
    ["127.1.2.3", true],
    ["169.254.1.1", true],
    ["169.255.1.1", false],
    ["172.15.0.1", false],
    ["172.16.0.1", true],
    ["172.31.0.1", true],
    ["172.32.0.1", false],
    ["192.168.0.1", true],
    ["192.169.0.1", false],
    ["198.51.100.1", false],
    ["2001:db8::1", false],
    ["::1", true],
    ["::2", false],
    ["::ffff:10.0.0.1", true],
    ["::ffff:8.8.8.8", false],
    ["FE80::1", true],
    ["IPv6:::1", true],
    ["fc00::1", false],
    ["fe80::1", true],
    ["febf::1", true],
    ["fec0::1", false],
  ])('says %s is private: %s', (ip, expected) => {
    expect(isPrivateIp(ip)).toBe(expected);
  });
});

describe('reverse_ip_address', () => {
  it.each([
    ["1.2.3", undefined],
    ["198.51.100.7", "7.100.51.198"],
    ["2001:DB8::AbC", "c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"],
    ["2001:db8::25", "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"],
    ["::ffff:1.2.3.4", "4.0.3.0.2.0.1.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"],
    ["fe80::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f"],
    ["not:an:ip", undefined],
  ])('reverses %s to %s', (ip, expected) => {
    expect(reverseIpAddress(ip)).toBe(expected);
  });
});
