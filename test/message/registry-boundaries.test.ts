/**
 * RegistryBoundaries, driven by SA's TLD lists. Expected values were produced by running Perl
 * SpamAssassin 4.0.1 (stock registry lists, or the lists named in the test) and are written here.
 */
import { describe, expect, it } from 'vitest';
import {
  isDomainValid,
  splitDomain,
  tldSetsOf,
  trimDomain,
  uriToDomain,
  validTldsSource,
} from '../../src/message/registry-boundaries.js';
import { TLDS } from './uri/fixtures.js';

describe('is_domain_valid', () => {
  it('wants a dot, no whitespace and a last label in util_rb_tld, after idn_to_ascii', () => {
    expect(isDomainValid(TLDS, 'example.com')).toBe(true);
    expect(isDomainValid(TLDS, 'example.COM')).toBe(true);
    expect(isDomainValid(TLDS, 'com')).toBe(false);
    expect(isDomainValid(TLDS, 'example.notatld')).toBe(false);
    expect(isDomainValid(TLDS, 'exa mple.com')).toBe(false);
    expect(isDomainValid(TLDS, 'foo.com.')).toBe(false);
    expect(isDomainValid(TLDS, 'caf\u00c3\u00a9.xn--p1ai')).toBe(true);
    // .рф in UTF-8 octets is xn--p1ai once converted
    expect(isDomainValid(TLDS, 'foo.\u00d1\u0080\u00d1\u0084')).toBe(true);
  });
});

describe('split_domain / trim_domain', () => {
  it('cuts at the registry boundary using util_rb_2tld/3tld and the US state rules', () => {
    expect(splitDomain(TLDS, 'www.foo.co.uk')).toEqual(['www', 'foo.co.uk']);
    expect(splitDomain(TLDS, 'foo.co.uk')).toEqual(['', 'foo.co.uk']);
    expect(splitDomain(TLDS, 'co.uk')).toEqual(['', 'co.uk']);
    expect(splitDomain(TLDS, 'www.foo.ny.us')).toEqual(['', 'www.foo.ny.us']);
    expect(splitDomain(TLDS, 'a.b.pvt.k12.ny.us')).toEqual(['a', 'b.pvt.k12.ny.us']);
    expect(splitDomain(TLDS, 'x.ci.la.ca.us')).toEqual(['', 'x.ci.la.ca.us']);
    expect(splitDomain(TLDS, 'localhost')).toEqual(['', 'localhost']);
    expect(splitDomain(TLDS, '')).toEqual(['', '']);
  });

  it('squeezes and trims dots and lowercases', () => {
    expect(splitDomain(TLDS, 'www..example.com.')).toEqual(['www', 'example.com']);
    expect(trimDomain(TLDS, '.example.com')).toBe('example.com');
    expect(trimDomain(TLDS, 'WWW.Example.COM')).toBe('example.com');
  });

  it('with $is_ascii lower-cases only the ASCII letters of octets, else converts to ACE first', () => {
    const lists = { tld: new Set(['example', 'uk']), twoLevel: new Set(['co.uk']), threeLevel: new Set<string>() };
    // www.BÜcher.example in UTF-8 octets; JavaScript's toLowerCase would also change the 0xC3 byte
    expect(trimDomain(lists, 'www.B\xc3\x9ccher.example', true)).toBe('b\xc3\x9ccher.example');
    expect(trimDomain(lists, 'www.B\xc3\x9ccher.example')).toBe('xn--bcher-kva.example');
    expect(trimDomain(lists, 'WWW.\xc0B.co.uk', true)).toBe('\xc0b.co.uk');
    expect(trimDomain(lists, 'WWW.\xc0B.co.uk')).toBe('xn--b-rfa.co.uk');
    expect(trimDomain(lists, 'www.B\xc3\x9ccher.example\n', true)).toBe('b\xc3\x9ccher.example\n');
    expect(isDomainValid(lists, 'www.B\xc3\x9ccher.example', true)).toBe(true);
    expect(isDomainValid(lists, 'www.B\xc3\x9ccher.example\n', true)).toBe(false);
  });
});

describe('the util_rb_* lists of a configuration', () => {
  const lines = (text: string) => text.split('\n').map((l) => ({ name: l.split(' ')[0]!, value: l.slice(l.indexOf(' ') + 1) }));

  it('gathers each word through idn_to_ascii, and clear_util_rb empties all three lists', () => {
    const sets = tldSetsOf(lines('util_rb_tld old\nclear_util_rb x\nutil_rb_tld COM  uk\t\xd1\x80\xd1\x84\nutil_rb_2tld co.uk\nutil_rb_3tld a.b.uk'));
    expect([...sets.tld].sort()).toEqual(['com', 'uk', 'xn--p1ai']);
    expect([...sets.twoLevel]).toEqual(['co.uk']);
    expect([...sets.threeLevel]).toEqual(['a.b.uk']);
  });

  it('builds valid_tlds_re as SA does: a whole label, not followed by a dot and an alphanumeric', () => {
    const re = new RegExp(validTldsSource(new Set(['com', 'uk', 'xn--p1ai', 'example'])), 'i');
    expect(['x.COM', 'x.uk', 'a.xn--p1ai.', 'host.example/'].map((s) => re.test(s))).toEqual([true, true, true, true]);
    expect(['x.company', 'x.com.au', 'x.com-x', 'x.ukx'].map((s) => re.test(s))).toEqual([false, false, false, false]);
    expect(validTldsSource(new Set())).toBe('no_tlds_defined');
  });
});

describe('uri_to_domain', () => {
  const d = (uri: string) => {
    const r = uriToDomain(TLDS, uri);
    return r ? [r.domain, r.host] : null;
  };

  it('finds the host after scheme, credentials and port, and its registered domain', () => {
    expect(d('http://www.example.com/x')).toEqual(['example.com', 'www.example.com']);
    expect(d('HTTP://User:Pw@WWW.Example.com:8080/x?y#z')).toEqual(['example.com', 'www.example.com']);
    expect(d('ftp://ftp.example.org')).toEqual(['example.org', 'ftp.example.org']);
    expect(d('www.example.com')).toEqual(['example.com', 'www.example.com']);
    expect(d('http://example.com:/')).toEqual(['example.com', 'example.com']);
    expect(d('domainkeys:foo.com')).toEqual(['foo.com', 'foo.com']);
    expect(d('http://caf\u00c3\u00a9.com/')).toEqual(['xn--caf-dma.com', 'xn--caf-dma.com']);
  });

  it('keeps IP addresses whole', () => {
    expect(d('http://1.2.3.4/')).toEqual(['1.2.3.4', '1.2.3.4']);
    expect(d('http://[::1]/')).toBeNull();
  });

  it('reads the domain of a mailto: address, refusing several @', () => {
    expect(d('mailto:a@b.example.co.uk?subject=x')).toEqual(['example.co.uk', 'b.example.co.uk']);
    expect(d('mailto:a@b@c.com')).toBeNull();
    expect(d('mailto:nobody')).toBeNull();
  });

  it('gives nothing for javascript:/cid:, undecoded printable %XX, bad hosts and unknown TLDs', () => {
    for (const u of ['javascript:x', 'cid:a@b.com', 'http://%77ww.example.com/', 'http://www.example.com%2F', 'http://example.notatld/', 'http://a_b.com/']) {
      expect([u, d(u)]).toEqual([u, null]);
    }
  });
});

describe('domains of long hostile URIs', () => {
  it('finds no domain in a mailto without "@" and skips to the last "@" of the first line that has one', () => {
    expect(uriToDomain(TLDS, 'mailto:' + 'a.'.repeat(50_000))).toBeUndefined();
    expect(uriToDomain(TLDS, 'mailto:' + 'x\n'.repeat(50_000) + 'a@b@example.com')).toBeUndefined(); // two '@' (SA: undef)
    expect(uriToDomain(TLDS, 'mailto:' + 'x'.repeat(50_000) + '@example.com')).toEqual({ domain: 'example.com', host: 'example.com' });
  });
});
