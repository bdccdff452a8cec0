/**
 * `From:addr` and `From:name`: SpamAssassin's own address parser, with Email::Address::XS as
 * the fallback it consults on this platform. Expected values come from Perl SpamAssassin
 * 4.0.1 with Email::Address::XS 1.05 (sa-header-oracle.pl), hard-coded.
 */
import { describe, expect, it } from 'vitest';
import { parseAddressesInternal, parseHeaderAddresses } from '../../src/message/header-addresses.js';
import { parseAddressesXs } from '../../src/message/header-address-xs.js';
import { createHeaderContext, getHeader } from '../../src/message/header-get.js';
import { makeRegistry } from './helpers/registry.js';

const registry = makeRegistry(['com', 'org', 'net', 'uk', 'de', 'fr', 'xn--p1ai'], ['co.uk']);
const from = (value: string, request: string) =>
  getHeader(createHeaderContext(`From: ${value}\nTo: t@t.com\nSubject: s\n\nbody\n`, { registry }), request);

describe('From:addr and From:name', () => {
  it('read a quoted display name and an angle address', () => {
    expect(from('"Joe Q. Public" <john.q.public@example.com>', 'From:addr')).toEqual(['john.q.public@example.com']);
    expect(from('"Joe Q. Public" <john.q.public@example.com>', 'From:name')).toEqual(['Joe Q. Public']);
  });

  it('return every address of a list, and names only where there are some', () => {
    const v = 'Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>';
    expect(from(v, 'From:addr')).toEqual(['mary@x.test', 'jdoe@example.org', 'one@y.test']);
    expect(from(v, 'From:name')).toEqual(['Mary Smith', 'Who?']);
  });

  it('unescape quoted pairs and drop comments from names and addresses', () => {
    expect(from('"Giant; \\"Big\\" Box" <sysservices@example.net>', 'From:name')).toEqual(['Giant; "Big" Box']);
    expect(from('Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>', 'From:addr')).toEqual(['pete@silly.test']);
    expect(from('Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>', 'From:name')).toEqual(['Pete']);
  });

  it('use a trailing comment as the name when there is no phrase', () => {
    expect(from('foo@bar.co.uk (Comment), "Q" <q@mail.xn--p1ai>', 'From:name')).toEqual(['Comment', 'Q']);
    expect(from('joe@example.com\n (folded comment)', 'From:name')).toEqual(['folded comment']);
  });

  it('open groups and return nothing for an empty group or <>', () => {
    expect(from('A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;', 'From:addr')).toEqual([
      'c@a.test', 'joe@where.test', 'jdoe@one.test',
    ]);
    expect(from('Undisclosed recipients:;', 'From:addr')).toEqual([]);
    expect(from('<>', 'From:addr')).toEqual([]);
  });

  it('take an address-looking quoted phrase as the address (Bug 5201)', () => {
    expect(from('"joe+foobar@example.com"', 'From:addr')).toEqual(['joe+foobar@example.com']);
    expect(from('"joe+foobar@example.com"', 'From:name')).toEqual([]);
  });

  it('find addresses inside encoded words with the last-ditch <address> scan', () => {
    expect(from('=?UTF-8?Q?"Foobar"_<noreply@foobar.com>?=', 'From:addr')).toEqual(['noreply@foobar.com']);
    expect(from('=?utf-8?Q?"Foobar"?=<info=foobar.com@mlsend.com>', 'From:addr')).toEqual(['info=foobar.com@mlsend.com']);
    expect(from('=?utf-8?Q?"Foobar"?=<info=foobar.com@mlsend.com>', 'From:name')).toEqual(['Foobar']);
  });

  it('decode display names to UTF-8 unless :raw is asked (raw keeps the blank before <), strip one level of quotes', () => {
    expect(from('=?utf-8?q?J=C3=B6rg?= <joerg@example.de>', 'From:name')).toEqual(['J\xc3\xb6rg']);
    expect(from('=?utf-8?q?J=C3=B6rg?= <joerg@example.de>', 'From:name:raw')).toEqual(['=?utf-8?q?J=C3=B6rg?= ']);
    expect(from("'Single Quoted' <sq@example.com>", 'From:name')).toEqual(['Single Quoted']);
    expect(from('"" <empty@name.com>', 'From:name')).toEqual([' ']);
  });

  it('keep SA oddities: text after a second @ is cut, a group prefix swallows "mailto:"', () => {
    expect(from('a@b@c.com', 'From:addr')).toEqual(['a@b']);
    expect(from('mailto:x@y.com', 'From:addr')).toEqual(['x@y.com']);
    expect(from('Name <a@b.com> <c@d.com>', 'From:addr')).toEqual(['a@b.com']);
    expect(from('Foo <foo@bar.com>>', 'From:addr')).toEqual([]);
  });

  it('turn to Email::Address::XS when it finds more addresses than SA\'s parser', () => {
    // a trailing comma makes SA's parser stop early; XS reports the whole input as a name too
    expect(from('a@b.com,, c@d.com,', 'From:addr')).toEqual(['a@b.com', 'c@d.com']);
    expect(from('a@b.com,, c@d.com,', 'From:name')).toEqual(['a@b.com,, c@d.com,']);
    expect(from('group: a@b.com, (x) ;, c@d.com', 'From:addr')).toEqual(['a@b.com', 'c@d.com']);
    expect(from('Doe, John <john@doe.com>', 'From:name')).toEqual(['Doe', 'John']);
  });

  it('return names for bare words and nothing for blank values', () => {
    expect(from('a, b, c', 'From:name')).toEqual(['a', 'b', 'c']);
    expect(from('nobody', 'From:name')).toEqual(['nobody']);
    expect(from('  ', 'From:addr')).toEqual([]);
  });
});

describe('the parsers themselves', () => {
  it('report user, host and validity like SA\'s records', () => {
    expect(parseAddressesInternal(' Joe <joe@example.com>\n')).toEqual([
      { phrase: 'Joe ', user: 'joe', host: 'example.com', address: 'joe@example.com', comment: undefined, invalid: false },
    ]);
    expect(parseHeaderAddresses(' x@localhost\n')[0]).toMatchObject({ address: 'x@localhost', invalid: true });
  });

  it('parse RFC 5322 the Dovecot way in the XS port', () => {
    expect(parseAddressesXs(' "quoted local"@example.com, <@route.com:u@h.com>\n').map((a) => a.address)).toEqual([
      '"quoted local"@example.com',
      'u@h.com',
    ]);
  });

  it('stay fast on hostile input (SA itself needs seconds for this one)', () => {
    const t = performance.now();
    parseHeaderAddresses(` <${'a'.repeat(8000)}\n`);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});

describe('the internal address parser on long runs of blanks', () => {
  // Short forms from Perl SpamAssassin 4.0.1 (`Util::_parse_header_addresses`).
  it('reads blanks before "," as a one-blank phrase and finds nothing in blanks before a lone quote', () => {
    expect(parseAddressesInternal('   "')).toEqual([]);
    expect(parseAddressesInternal('   ,')).toEqual([{ phrase: ' ', user: undefined, host: undefined, address: undefined, comment: undefined, invalid: true }]);
    expect(parseAddressesInternal('  ;a@b.com').map((a) => [a.phrase, a.address])).toEqual([[' ', undefined], [undefined, 'a@b.com']]);
  });

  it('gives the same answers after 100,000 blanks', () => {
    const blanks = ' \t'.repeat(50_000);
    expect(parseAddressesInternal(blanks + '"')).toEqual([]);
    expect(parseAddressesInternal(blanks + ',').map((a) => a.phrase)).toEqual(['\t']);
    expect(parseAddressesInternal(blanks + ';a@b.com').map((a) => [a.phrase, a.address])).toEqual([['\t', undefined], [undefined, 'a@b.com']]);
    expect(parseAddressesInternal(blanks + 'Name <a@b.com>').map((a) => [a.phrase, a.address])).toEqual([['Name ', 'a@b.com']]); // SA keeps the blank before '<'
  });
});
