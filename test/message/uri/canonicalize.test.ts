/**
 * uri_list_canonicalize: every variant SA adds for one URI. Expected values were produced by
 * running Perl SpamAssassin 4.0.1 (`Util::uri_list_canonicalize` with the stock
 * redirector_patterns and registry) and are hard-coded here.
 */
import { describe, expect, it } from 'vitest';
import { uriListCanonicalize } from '../../../src/message/uri/index.js';
import { TLDS, variants } from './fixtures.js';

describe('uri_list_canonicalize', () => {
  it('keeps a plain URI as the only variant', () => {
    expect(variants('http://www.example.com/')).toEqual(['http://www.example.com/']);
  });

  it('keeps the raw URI and adds the %-decoded one', () => {
    expect(variants('http://www.exa%6Dple.com/')).toEqual(['http://www.exa%6Dple.com/', 'http://www.example.com/']);
    expect(variants('http://%31%32%33.com/%20x%41%7f%e9')).toEqual(['http://%31%32%33.com/%20x%41%7f%e9', 'http://123.com/%20xA%7f%e9']);
    expect(variants('http://www.foo.com%2Fx')).toEqual(['http://www.foo.com%2Fx', 'http://www.foo.com/x']);
  });

  it('decodes entities only after adding "/" before a query, which splits entity-obfuscated hosts', () => {
    expect(variants('http://%77&#00119;%77.example.com/')).toEqual([
      'http://%77&#00119;%77.example.com/',
      'http://w&/#00119;w.example.com/',
      'http://w/#00119;w.example.com/',
      'http://www.w&.com/#00119;w.example.com/',
    ]);
    expect(variants('http://foo.com/?&#104;ttp://evil.biz')).toEqual([
      'http://evil.biz',
      'http://foo.com/?&#104;ttp://evil.biz',
      'http://foo.com/?http://evil.biz',
    ]);
  });

  it('repairs the scheme separator and assumes http:// (ftp:// for a lower-case ftp. host)', () => {
    expect(variants('http:www.foo.biz')).toEqual(['http://www.foo.biz', 'http:www.foo.biz']);
    expect(variants('HTTP:/www.foo.biz/x')).toEqual(['HTTP://www.foo.biz/x', 'HTTP:/www.foo.biz/x']);
    expect(variants('www.foo.biz?id=3')).toEqual(['http://www.foo.biz/?id=3', 'www.foo.biz?id=3']);
    expect(variants('ftp.foo.com/pub')).toEqual(['ftp.foo.com/pub', 'ftp://ftp.foo.com/pub']);
    expect(variants('FTP.foo.com/pub')).toEqual(['FTP.foo.com/pub', 'http://FTP.foo.com/pub']);
    expect(variants('x.gif', true)).toEqual(['http://x.gif', 'x.gif']);
  });

  it('turns backslashes into slashes', () => {
    expect(variants('http://foo.com\\bar\\baz')).toEqual(['http://foo.com/bar/baz', 'http://foo.com\\bar\\baz']);
  });

  it('strips the default port, comparing the scheme case-sensitively as SA does', () => {
    expect(variants('https://foo.com:443/x')).toEqual(['https://foo.com/x', 'https://foo.com:443/x']);
    expect(variants('HTTP://foo.com:80/x')).toEqual(['HTTP://foo.com:80/x']);
    expect(variants('HTTP://foo.com:443/x')).toEqual(['HTTP://foo.com/x', 'HTTP://foo.com:443/x']);
    expect(variants('http://foo.com:800/x')).toEqual(['http://foo.com:800/x']);
    expect(variants('http://1.2.3.4:80/')).toEqual(['http://1.2.3.4/', 'http://1.2.3.4:80/']);
  });

  it('needs a word boundary after the port, by Perl rules for the string kind', () => {
    expect(variants('http://foo.com:80\u00e9/x', true)).toEqual(['http://foo.com:80\u00e9/x']);
    expect(variants('http://foo.com:80\u00c3\u00a9/x')).toEqual(['http://foo.com:80\u00c3\u00a9/x', 'http://foo.com\u00c3\u00a9/x']);
  });

  it('makes http://foo into http://www.foo.com like Firefox, unless the host is a valid domain', () => {
    expect(variants('http://foo')).toEqual(['http://foo', 'http://www.foo.com']);
    expect(variants('http://foo:80/x')).toEqual(['http://foo/x', 'http://foo:80/x', 'http://www.foo.com:80/x']);
    expect(variants('http://www.com')).toEqual(['http://www.com']);
    expect(variants('http://localhost/')).toEqual(['http://localhost/']);
    expect(variants('http://user@foo/')).toEqual(['http://user@foo/']);
    expect(variants('https://foo')).toEqual(['https://foo']);
    expect(variants('rel/page.html', true)).toEqual(['http://rel/page.html', 'http://www.rel.com/page.html', 'rel/page.html']);
  });

  it('drops user@ parts and trailing junk from the host', () => {
    expect(variants('http://a@b@c.com/')).toEqual(['http://a@b@c.com/', 'http://c.com/']);
    expect(variants('http://example.biz!!!')).toEqual(['http://example.biz', 'http://example.biz!!!']);
    expect(variants('http://example.biz./')).toEqual(['http://example.biz./', 'http://example.biz/']);
    expect(variants('http://foo-/')).toEqual(['http://foo-/', 'http://foo/', 'http://www.foo-.com/']);
  });

  it('removes control characters and spaces from the host', () => {
    expect(variants('http://www.foo.com\u0001/')).toEqual(['http://www.foo.com\u0001/', 'http://www.foo.com/']);
    expect(variants('http://Foo Bar.com/')).toEqual(['http://Foo Bar.com/', 'http://FooBar.com/']);
  });

  it('normalises hex, octal and decimal IP hosts', () => {
    expect(variants('http://0x7f000001/')).toEqual(['http://0x7f000001/', 'http://127.0.0.1/']);
    expect(variants('http://0X7F000001/')).toEqual(['http://0X7F000001/', 'http://127.0.0.1/']);
    expect(variants('http://0x1234567890/')).toEqual(['http://0x1234567890/', 'http://52.86.120.144/']);
    expect(variants('http://1113343453/')).toEqual(['http://1113343453/', 'http://66.92.69.221/']);
    expect(variants('http://99999999999/')).toEqual(['http://23.72.118.231/', 'http://99999999999/']);
    expect(variants('http://89.0x00000000000000000000068.0000000000000000000000160.0x00000000000011')).toEqual([
      'http://89.0x00000000000000000000068.0000000000000000000000160.0x00000000000011',
      'http://89.104.112.17',
    ]);
    expect(variants('http://0377.0400.08.007/')).toEqual(['http://0377.0400.08.007/', 'http://255.400.8.7/']);
    expect(variants('http://0x0.1.2.3/')).toEqual(['http://.1.2.3/', 'http://0x0.1.2.3/']);
    expect(variants('http://0xffffffffffffffffff.1.2.3/')).toEqual(['http://-1.1.2.3/', 'http://0xffffffffffffffffff.1.2.3/']);
  });

  it('converts IDN hosts to punycode, keeping the hosts libidn2 refuses', () => {
    expect(variants('http://caf\u00e9.com/', true)).toEqual(['http://caf\u00e9.com/', 'http://xn--caf-dma.com/']);
    expect(variants('http://caf\u00c3\u00a9.com/')).toEqual(['http://caf\u00c3\u00a9.com/', 'http://xn--caf-dma.com/']);
    expect(variants('http://CAF\u00c9.com:80/x', true)).toEqual([
      'http://CAF\u00c9.com/x',
      'http://CAF\u00c9.com:80/x',
      'http://xn--caf-dma.com/x',
      'http://xn--caf-dma.com:80/x',
    ]);
    expect(variants('http://www.foo\u3002com/', true)).toEqual(['http://www.foo.com/', 'http://www.foo\u3002com/']);
    // A refused character string host comes back as UTF-8 octets, which Perl then joins as Latin-1.
    expect(variants('http://ex\u2764ample.com/', true)).toEqual(['http://ex\u00e2\u009d\u00a4ample.com/', 'http://ex\u2764ample.com/']);
  });

  it('follows redirector_pattern targets and embedded http URLs, canonicalising them too', () => {
    expect(variants('http://www.google.co.uk/url?sa=t&q=http%3A%2F%2Fevil.biz%2F&x')).toEqual([
      'http://evil.biz/',
      'http://www.google.co.uk/url?sa=t&q=http%3A%2F%2Fevil.biz%2F&x',
      'http://www.google.co.uk/url?sa=t&q=http://evil.biz/&x',
    ]);
    expect(variants('http://chkpt.zdnet.com/chkpt/whatever/spammer.domain/yo/dude')).toEqual([
      'http://chkpt.zdnet.com/chkpt/whatever/spammer.domain/yo/dude',
      'http://spammer.domain/yo/dude',
      'spammer.domain/yo/dude',
    ]);
    expect(variants('http://foo.com/index.php?a=1&URL=www.evil.biz')).toEqual([
      'http://foo.com/index.php?a=1&URL=www.evil.biz',
      'http://www.evil.biz',
      'www.evil.biz',
    ]);
    expect(variants('http://redir.example.com/?u=http:/evil.biz')).toEqual([
      'http://evil.biz',
      'http://redir.example.com/?u=http:/evil.biz',
      'http:/evil.biz',
    ]);
    expect(variants('http://redir.example.com/go?http://a.b.c/http://d.e.f/')).toEqual([
      'http://a.b.c/http://d.e.f/',
      'http://d.e.f/',
      'http://redir.example.com/go?http://a.b.c/http://d.e.f/',
    ]);
    expect(variants('http://redir.example.com/go?http://nodot')).toEqual(['http://redir.example.com/go?http://nodot']);
  });

  it('cleans mail URIs of parameters, %20 and <...> wrappers, and nothing else', () => {
    expect(variants('mailto:foo@bar.com?subject=hi')).toEqual(['mailto:foo@bar.com', 'mailto:foo@bar.com?subject=hi']);
    expect(variants('mailto:foo@bar.com&x=1')).toEqual(['mailto:foo@bar.com', 'mailto:foo@bar.com&x=1']);
    expect(variants('mailto:%20foo@bar.com%20')).toEqual(['mailto:%20foo@bar.com%20', 'mailto:foo@bar.com']);
    expect(variants('mailto:"Foo%20Bar"%20<foo.bar@example.com>')).toEqual([
      'mailto:"Foo%20Bar"%20<foo.bar@example.com>',
      'mailto:foo.bar@example.com',
    ]);
    expect(variants('foo@bar.com')).toEqual(['foo@bar.com']);
  });

  it('returns fragments, relative paths and one-character URIs unchanged', () => {
    for (const u of ['#top', '?x', '&x', '/img.gif', 'x', '', 'javascript:alert(1)', 'news:comp.lang']) {
      expect(variants(u, true)).toEqual([u]);
    }
    expect(variants('//foo.com/x', true)).toEqual(['//foo.com/x', 'http:////foo.com/x']);
  });

  it('trims whitespace (Unicode whitespace for character strings only) and removes CR/LF', () => {
    expect(variants('\u00a0http://foo.com/\u2003', true)).toEqual(['http://foo.com/']);
    expect(variants('\u00a0http://foo.com/')).toEqual(['http://www.\u00a0http.com://foo.com/', 'http://\u00a0http://foo.com/', '\u00a0http://foo.com/']);
    expect(variants('http://fo\no.com/\r')).toEqual(['http://foo.com/']);
  });
});

describe('uri_list_canonicalize on long hostile URIs', () => {
  // Short forms checked against Perl SpamAssassin 4.0.1 (no redirector patterns, stock registry);
  // the long forms (HTML attributes reach 8,192 characters) must give the same shapes.
  const plain = (uri: string) => uriListCanonicalize([uri], { redirectorPatterns: [], tlds: TLDS, unicode: false }).sort();
  const k = 8_000;

  it('trims blanks only at the ends, however long the inner run', () => {
    expect(plain('http://a.example.com/   x   ')).toEqual(['http://a.example.com/   x']);
    expect(plain(`http://a.example.com/${' '.repeat(k)}x${' '.repeat(k)}`)).toEqual([`http://a.example.com/${' '.repeat(k)}x`]);
  });

  it('finds <address> after thousands of "<" and the address after thousands of %20', () => {
    expect(plain('mailto:<<<a@b.com>')).toEqual(['mailto:<<<a@b.com>', 'mailto:a@b.com']);
    expect(plain(`mailto:${'<'.repeat(k)}a@b.com>`)).toEqual([`mailto:${'<'.repeat(k)}a@b.com>`, 'mailto:a@b.com']);
    expect(plain(`mailto:${'<'.repeat(k)}`)).toEqual([`mailto:${'<'.repeat(k)}`]);
    expect(plain('mailto:%20%20%20a@b.com')).toEqual(['mailto:%20%20%20a@b.com', 'mailto:a@b.com']);
    expect(plain(`mailto:${'%20'.repeat(k)}a@b.com`)).toEqual([`mailto:${'%20'.repeat(k)}a@b.com`, 'mailto:a@b.com']);
    expect(plain(`mailto:${'%20'.repeat(k)}@b.com`)).toEqual([`mailto:${'%20'.repeat(k)}@b.com`, 'mailto:%20@b.com']); // the last %20 is the local part
  });

  it('reads the host of an http URI holding a decoded newline as Perl does', () => {
    expect(plain('http://aaa%0a/b')).toEqual(['http://aaa%0a/b', 'http://www.aaa%0a.com/b']);
    expect(plain('http://aaa/b%0ac')).toEqual(['http://aaa/b%0ac', 'http://www.aaa.com/b%0ac']);
    expect(plain('http://u@aaa%0a/b')).toEqual(['http://u@aaa%0a/b']);
    const host = 'a'.repeat(k);
    expect(plain(`http://${host}%0a/b`)).toEqual([`http://${host}%0a/b`, `http://www.${host}%0a.com/b`]);
    expect(plain(`http://u@${host}%0a/b`)).toEqual([`http://u@${host}%0a/b`]);
  });
});
