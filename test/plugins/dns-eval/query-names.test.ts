/**
 * The names DNSEval's host-based evals put before a list zone, and the query names sent.
 */
import { describe, expect, it } from 'vitest';
import type { Relay } from '../../../src/message/relays/index.js';
import {
  accreditorTags,
  addressHosts,
  envelopeDomain,
  headerLines,
  hostFilterOf,
  hostLabel,
  rcvdHosts,
} from '../../../src/plugins/builtin/dns-eval/query-names.js';
import { dnsUriOf, listQueryName } from '../../../src/plugins/builtin/dns-eval/rule-lookups.js';
import { dnsblLogText } from '../../../src/plugins/builtin/dns-eval/hit-log.js';

const tlds = { tld: new Set(['com', 'org']), twoLevel: new Set<string>(), threeLevel: new Set<string>() };
const any = hostFilterOf('net');

describe('listQueryName', () => {
  it('joins the label and the zone without trailing dots, in lower case', () => {
    expect(listQueryName('2.0.0.127', 'Zen.Spamhaus.ORG.')).toBe('2.0.0.127.zen.spamhaus.org');
  });

  it('converts an IDN host to its ASCII form', () => {
    expect(listQueryName('b\xc3\xbccher.com', 'dbl.test')).toBe('xn--bcher-kva.com.dbl.test');
  });
});

describe('hostLabel', () => {
  it('reverses IP addresses, IPv6 by nibbles', () => {
    expect(hostLabel('192.0.2.8', any, tlds)).toBe('8.2.0.192');
    expect(hostLabel('2001:db8::1', any, tlds)).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2');
  });

  it('keeps valid host names ending in a known TLD', () => {
    expect(hostLabel('mail.example.com', any, tlds)).toBe('mail.example.com');
    expect(hostLabel('mail.example.net', any, tlds)).toBeUndefined();
    expect(hostLabel('not_valid.com', any, tlds)).toBeUndefined();
    expect(hostLabel('localhost', any, tlds)).toBeUndefined();
  });

  it('honours the ips_only and domains_only tflags', () => {
    expect(hostLabel('192.0.2.8', hostFilterOf('net domains_only'), tlds)).toBeUndefined();
    expect(hostLabel('mail.example.com', hostFilterOf('ips_only'), tlds)).toBeUndefined();
  });

  it('drops one trailing dot of a name when asked (check_rbl_rcvd)', () => {
    expect(hostLabel('relay.example.com.', any, tlds, true)).toBe('relay.example.com');
  });
});

describe('addressHosts', () => {
  it('takes the text after @, trims and squeezes dots, lowercases, drops dotless hosts', () => {
    expect(addressHosts(['a@Mail..Sender.com.', 'b@localhost', undefined, 'no-at', 'c@mail.sender.com'])).toEqual(['mail.sender.com']);
  });
});

describe('headerLines', () => {
  it('gives each occurrence of a header as a line', () => {
    expect(headerLines('10.1.2.3\n192.0.2.8\n')).toEqual(['10.1.2.3', '192.0.2.8']);
    expect(headerLines('')).toEqual([]);
  });
});

describe('rcvdHosts', () => {
  it('lists the IP, by, HELO and rDNS of a relay, unique and non-empty', () => {
    const relay = { ip: '192.0.2.9', by: 'relay.example.com', helo: 'relay.example.com', rdns: '' } as Relay;
    expect(rcvdHosts(relay)).toEqual(['192.0.2.9', 'relay.example.com']);
    expect(rcvdHosts(undefined)).toEqual([]);
  });
});

describe('accreditorTags', () => {
  it('reads a--NAME labels of the envelope sender and the Accreditor header, lowercased', () => {
    expect([...accreditorTags('list@a--Bonded.mail.example.com', 'Foo, Bar parm=2\n')]).toEqual(['bonded', 'foo', 'bar']);
    expect([...accreditorTags('', undefined)]).toEqual([]);
  });

  it('takes the first word of each comma-separated entry, parameters or not', () => {
    // SA splits on commas only: `Foo, parm=1; bar` asserts "foo" and "parm=1;", not "bar".
    expect([...accreditorTags('', 'Foo, parm=1;  bar parm=2')]).toEqual(['foo', 'parm=1;']);
  });
});

describe('envelopeDomain', () => {
  it('is the first domain with a dot, dots squeezed, lowercased', () => {
    expect(envelopeDomain(['x@localhost', 'y@Mail..Example.COM'])).toBe('mail.example.com');
    expect(envelopeDomain([])).toBeUndefined();
  });
});

describe('dnsUriOf', () => {
  it('names an answer as the _RBL_ tag lists it', () => {
    expect(dnsUriOf({ name: '2.0.0.127.zen.test', rrtype: 'A', status: 'ok', records: [] })).toBe('dns:2.0.0.127.zen.test');
    expect(dnsUriOf({ name: '2.0.0.127.sc.test', rrtype: 'TXT', status: 'ok', records: [] })).toBe('dns:2.0.0.127.sc.test?type=TXT');
  });
});

describe('dnsblLogText', () => {
  it('names the listed IPv4 address and the zone', () => {
    expect(dnsblLogText('RCVD_IN_SBL', '7.100.51.198.zen.spamhaus.org', 'A', '127.0.0.2')).toBe('198.51.100.7 listed in zen.spamhaus.org');
  });

  it('rebuilds an IPv6 address from nibbles, leading zeros of groups dropped', () => {
    const name = '5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.test';
    expect(dnsblLogText('T_V6', name, 'A', '127.0.0.2')).toBe('2001:db8:0:0:0:0:0:25 listed in zen.test');
  });

  it('names the whole query for host lists', () => {
    expect(dnsblLogText('T_HOST', 'mail.sender.com.ef.test', 'A', '127.0.0.2')).toBe('listed in mail.sender.com.ef.test');
  });

  it('logs TXT records with their URLs in angle brackets', () => {
    expect(dnsblLogText('T_SC', 'x.sc.test', 'TXT', 'Blocked - see https://www.spamcop.net/bl.shtml?1.2.3.4')).toBe(
      'Blocked - see <https://www.spamcop.net/bl.shtml?1.2.3.4>',
    );
    expect(dnsblLogText('T_SC', 'x.sc.test', 'TXT', 'see (http://a.example/)')).toBe('see (http://a.example/)');
  });

  it('logs nothing for __ sub-rules', () => {
    expect(dnsblLogText('__T_ZEN', '7.100.51.198.zen.test', 'A', '127.0.0.2')).toBeUndefined();
  });
});
