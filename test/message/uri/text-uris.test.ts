/**
 * URIs found in the rendered body text (SA's `_process_text_uri_list` + `add_uri_detail_list`).
 * Expected values were produced by running Perl SpamAssassin 4.0.1 on one-line text/plain
 * messages (sa-uri-oracle.pl) and are hard-coded here.
 */
import { describe, expect, it } from 'vitest';
import { findTextUris, getUriDetailList } from '../../../src/message/uri/index.js';
import { REDIRECTORS, TLDS, utf8Octets } from './fixtures.js';

/** raw URI -> [sorted types, sorted cleaned] for body lines that are already octet strings. */
function foundInOctets(lines: string[]): Record<string, [string[], string[]]> {
  const list = getUriDetailList({ bodyLines: lines, htmlUris: [], redirectorPatterns: REDIRECTORS, tlds: TLDS });
  const out: Record<string, [string[], string[]]> = {};
  for (const [k, d] of list.details) out[k] = [[...d.types].sort(), [...(d.cleaned ?? [])].sort()];
  return out;
}

/** The same for one line of text, UTF-8 encoded as the rendered body holds it. */
function found(line: string): Record<string, [string[], string[]]> {
  return foundInOctets([utf8Octets(line) + ' ']);
}

const P: string[] = ['parsed'];
const S: string[] = ['parsed', 'schemeless'];
const U: string[] = ['parsed', 'schemeless', 'unlinked'];

describe('text URIs', () => {
  it('cuts a ")" that has no "(" before it, and trailing punctuation', () => {
    expect(found('visit http://www.example.com/foo). now')).toEqual({ 'http://www.example.com/foo': [P, ['http://www.example.com/foo']] });
    expect(found('(see http://www.example.com/a(b)c) and http://x.example.com/a)b)c')).toEqual({
      'http://www.example.com/a(b)c': [P, ['http://www.example.com/a(b)c']],
      'http://x.example.com/a)b': [P, ['http://x.example.com/a)b']],
    });
    expect(found('trailing http://www.example.com/path?x=1&y=2... and www.example.org!!! and ftp.example.net,')).toEqual({
      'ftp://ftp.example.net': [S, ['ftp://ftp.example.net']],
      'http://www.example.com/path?x=1&y=2': [P, ['http://www.example.com/path?x=1&y=2']],
      'http://www.example.org': [S, ['http://www.example.org']],
    });
  });

  it('adds the scheme MUAs assume: http:// for www<N>., ftp:// for ftp., and marks them schemeless', () => {
    expect(found('www2.example.com www123.example.com WWW.EXAMPLE.COM Http://UPPER.Example.COM')).toEqual({
      'Http://UPPER.Example.COM': [P, ['Http://UPPER.Example.COM']],
      'http://WWW.EXAMPLE.COM': [S, ['http://WWW.EXAMPLE.COM']],
      'http://www123.example.com': [U, ['http://www123.example.com']],
      'http://www2.example.com': [S, ['http://www2.example.com']],
    });
    expect(found('ftp://ftp.example.com/ ftp.example.com/x FTP.EXAMPLE.COM')).toEqual({
      'ftp://FTP.EXAMPLE.COM': [S, ['ftp://FTP.EXAMPLE.COM']],
      'ftp://ftp.example.com/': [P, ['ftp://ftp.example.com/']],
      'ftp://ftp.example.com/x': [S, ['ftp://ftp.example.com/x']],
    });
  });

  it('finds bare host.<valid TLD>[:port][/path] after a delimiter, as unlinked http URIs', () => {
    expect(found('schemeless example.com/path and foo.example.co.uk:8080/x and bar.notatld and 1.2.3.4')).toEqual({
      'http://example.com/path': [U, ['http://example.com/path']],
      'http://foo.example.co.uk:8080/x': [U, ['http://foo.example.co.uk:8080/x']],
    });
    expect(found('foo.com. foo.com: foo.com:99999 foo.com:123/x')).toEqual({
      'http://foo.com': [U, ['http://foo.com']],
      'http://foo.com:123/x': [U, ['http://foo.com:123/x']],
      'http://foo.com:99999': [U, ['http://foo.com:99999']],
    });
    expect(found('deep.sub.example.museum foo.xn--p1ai')).toEqual({
      'http://deep.sub.example.museum': [U, ['http://deep.sub.example.museum']],
      'http://foo.xn--p1ai': [U, ['http://foo.xn--p1ai']],
    });
  });

  it('needs the schemeless host to start after punctuation or space and to be a valid FQDN', () => {
    expect(found('(foo.example.com) ;bar.example.com; =baz.example.com= %qux.example.com')).toEqual({});
    expect(found('abc.example.com-def ok-example.com a_b.example.com _x.example.com')).toEqual({
      'http://a_b.example.com': [U, ['http://a_b.example.com']],
      'http://ok-example.com': [U, ['http://ok-example.com']],
    });
    expect(found('foo.example.com.bar foo.example.c0m foo.example.com-')).toEqual({
      'http://foo.example.com.bar': [U, ['http://foo.example.com.bar']],
    });
    expect(found('1http://digit.example.com 1www.example.com a.www.example.com')).toEqual({
      'http://1www.example.com': [U, ['http://1www.example.com']],
      'http://a.www.example.com': [U, ['http://a.www.example.com']],
      'http://digit.example.com': [U, ['http://digit.example.com']],
    });
  });

  it('ends URIs at quotes, angle brackets, braces, brackets and pipes', () => {
    expect(found('<http://www.example.com/> "http://quoted.example.com/" \'http://single.example.com/\'')).toEqual({
      'http://quoted.example.com/': [P, ['http://quoted.example.com/']],
      'http://single.example.com/': [P, ['http://single.example.com/']],
      'http://www.example.com/': [P, ['http://www.example.com/']],
    });
    expect(found('example.com/a"b example.com/<x> http://example.com/`y`')).toEqual({
      'http://example.com/': [P, ['http://example.com/']],
      'http://example.com/a': [U, ['http://example.com/a']],
    });
  });

  it('treats a raw NBSP byte, ASCII whitespace and the ISO-2022 escape as delimiters, but not \\x85', () => {
    // (expected values from Perl SA with these exact octets as the rendered body array)
    expect(foundInOctets(['\u00a0www.nbsp.com\u00a0 x\u00a0foo.example.com/p\u00a0q x\u00a0a@b.com'])).toEqual({
      'http://foo.example.com/p': [U, ['http://foo.example.com/p']],
      'http://www.nbsp.com': [S, ['http://www.nbsp.com']],
      'mailto:a@b.com': [S, ['mailto:a@b.com']],
    });
    expect(foundInOctets(['http://a.com\u0085 http://b.com\u000bc'])).toEqual({
      'http://a.com\u0085': [P, ['http://a.com', 'http://a.com\u0085']],
      'http://b.com': [P, ['http://b.com']],
    });
    expect(found('\x1b(Bhttp://iso.example.com/\x1b(B and foo\x1b(Bwww.iso2.com')).toEqual({
      'http://Bwww.iso2.com': [U, ['http://Bwww.iso2.com']],
      'http://iso.example.com/': [P, ['http://iso.example.com/']],
    });
  });

  it('keeps 8-bit octets in the path and punycodes a UTF-8 host', () => {
    expect(found('caf\u00e9.com and http://caf\u00e9.com/x')).toEqual({
      'http://caf\u00c3\u00a9.com/x': [P, ['http://caf\u00c3\u00a9.com/x', 'http://xn--caf-dma.com/x']],
    });
    expect(found('http://example.com/a\u201d more')).toEqual({
      'http://example.com/a\u00e2\u0080\u009d': [P, ['http://example.com/a\u00e2\u0080\u009d']],
    });
  });

  it('turns mail addresses into mailto: URIs when the domain has a dot and a valid TLD', () => {
    expect(found('mail me at john.doe@example.com, or jane@example.co.uk; or bob@nodot or vi@gra')).toEqual({
      'mailto:jane@example.co.uk': [S, ['mailto:jane@example.co.uk']],
      'mailto:john.doe@example.com': [S, ['mailto:john.doe@example.com']],
    });
    expect(found('skype:foo@bar.com e-mail:joe@bar.com mail::a@b.com')).toEqual({
      'mailto:a@b.com': [S, ['mailto:a@b.com']],
      'mailto:foo@bar.com': [S, ['mailto:foo@bar.com']],
      'mailto:joe@bar.com': [S, ['mailto:joe@bar.com']],
    });
    expect(found('e-mail: someone@example.com, x-mail:a@b.com')).toEqual({
      'mailto:someone@example.com': [S, ['mailto:someone@example.com']],
      'mailto:x-mail:a@b.com': [S, ['mailto:x-mail:a@b.com']],
    });
    expect(found('foo@bar.com&x=1 foo@bar%2Ecom?foo.com&bar foo@bar.com?subject=x')).toEqual({
      'mailto:foo@bar.com&x=1': [S, ['mailto:foo@bar.com', 'mailto:foo@bar.com&x=1']],
      'mailto:foo@bar.com?foo.com&bar': [S, ['mailto:foo@bar.com', 'mailto:foo@bar.com?foo.com&bar']],
      'mailto:foo@bar.com?subject=x': [S, ['mailto:foo@bar.com', 'mailto:foo@bar.com?subject=x']],
    });
  });

  it('url-decodes written mailto: URIs and keeps their spelling', () => {
    expect(found('mailto:foo%40bar%2Ecom and mailto:foo@bar.com?subject=hi and MAILTO:x@y.com')).toEqual({
      'MAILTO:x@y.com': [P, ['MAILTO:x@y.com']],
      'mailto:foo@bar.com?subject=hi': [P, ['mailto:foo@bar.com', 'mailto:foo@bar.com?subject=hi']],
    });
  });

  it('skips cid:/mid: references, empty schemes, garbled &nbsp; and hosts without a valid domain', () => {
    expect(found('x@y cid:image001.png@01D4986E.E3459640 [cid:foo@bar.com] mid:a@b.com')).toEqual({});
    expect(found('http:// and https://x and www. and ftp:')).toEqual({});
    expect(found('&nbsp;a@b.com x&nbsp;y@z.com')).toEqual({ 'mailto:nbsp;a@b.com': [S, ['mailto:nbsp;a@b.com']] });
    expect(found('test@[127.0.0.1] test@localhost.localdomain')).toEqual({});
    expect(found('user@host.com/path http://user:pass@host.com/ user@@host.com')).toEqual({
      'http://user:pass@host.com/': [P, ['http://user:pass@host.com/']],
    });
  });

  it('canonicalises text URIs like any other (IPs, %-encoding, redirect targets)', () => {
    expect(found('http://%77%77%77.example.com/ http://0x7f000001/ http://2130706433/')).toEqual({
      'http://%77%77%77.example.com/': [P, ['http://%77%77%77.example.com/', 'http://www.example.com/']],
      'http://0x7f000001/': [P, ['http://0x7f000001/', 'http://127.0.0.1/']],
      'http://2130706433/': [P, ['http://127.0.0.1/', 'http://2130706433/']],
    });
    expect(found('www.foo.bar.com/x?http://inner.example.com/')).toEqual({
      'http://www.foo.bar.com/x?http://inner.example.com/': [S, ['http://inner.example.com/', 'http://www.foo.bar.com/x?http://inner.example.com/']],
    });
  });

  it('reads every body element, the Subject line included, and lists each raw URI once', () => {
    expect(foundInOctets(['subj www.subject-uri.com\n', 'see www.subject-uri.com and www.other.org '])).toEqual({
      'http://www.other.org': [S, ['http://www.other.org']],
      'http://www.subject-uri.com': [S, ['http://www.subject-uri.com']],
    });
  });
});

describe('text URIs in long lines', () => {
  const uris = (line: string) => findTextUris([line], TLDS).map((u) => [u.uri, [...u.types].sort()]);

  it('links a slash-laden string before an "@" as http and keeps long runs of %20 in a mailto', () => {
    // The finder takes at most 251 characters before an '@'.
    expect(uris('see ' + 'a/'.repeat(500) + 'c@d.com now')).toEqual([['http://' + 'a/'.repeat(125) + 'c@d.com', S]]);
    expect(uris('mailto:me@example.com' + '%20'.repeat(600) + ' x')).toEqual([['mailto:me@example.com' + '%20'.repeat(600), P]]);
    expect(uris('mailto:me@exa' + '%20'.repeat(600) + 'mple.com x')).toEqual([['mailto:me@exa' + '%20'.repeat(600) + 'mple.com', P]]);
  });

  it('drops a run of "@" with no dot after it', () => {
    expect(uris('mail x' + '@'.repeat(500) + 'y now')).toEqual([]);
  });
});
