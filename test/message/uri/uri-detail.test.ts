/**
 * The detail list and get_uri_list: text and HTML URIs merged the way SA's
 * `get_uri_detail_list` does. Expected values were produced by running Perl SpamAssassin 4.0.1
 * on small messages (sa-uri-oracle.pl) and are hard-coded here; the HTML inputs are the
 * uri_detail keys SA's HTML.pm produced for those messages.
 */
import { describe, expect, it } from 'vitest';
import { getUriDetailList, getUriList, htmlUriInputs, type HtmlUriInput } from '../../../src/message/uri/index.js';
import { REDIRECTORS, TLDS } from './fixtures.js';

function details(bodyLines: string[], htmlUris: (string | HtmlUriInput)[], dkimSignatures: string[] = []) {
  const list = getUriDetailList({ bodyLines, htmlUris, redirectorPatterns: REDIRECTORS, tlds: TLDS, dkimSignatures });
  const out: Record<string, { types: string[]; cleaned: string[] | null; anchor?: string[] }> = {};
  for (const [k, d] of list.details) {
    out[k] = { types: [...d.types].sort(), cleaned: d.cleaned ? [...d.cleaned].sort() : null };
    if (d.anchorText) out[k]!.anchor = d.anchorText;
  }
  return { out, list };
}

/** The uri_detail keys of: <base href="http://base.example.com/dir/"> + links, images, forms. */
const BASE_PAGE: HtmlUriInput[] = [
  { uri: '#', types: undefined, anchorText: ['h'] },
  { uri: 'HTTP://Y.COM', types: ['a'], anchorText: ['y'] },
  { uri: 'http://base.example.com/dir/#', types: ['a'] },
  { uri: 'http://base.example.com/dir/', types: ['base'] },
  { uri: 'http://base.example.com/dir/rel/page.html', types: ['a'] },
  { uri: 'http://caf\u00e9.com/', types: ['a'], anchorText: ['e'] },
  { uri: 'http://cdn.example.com/i.gif', types: ['img'] },
  { uri: 'http://x.com/', types: ['a'], anchorText: ['sp'] },
  { uri: 'javascript:void(0)', types: ['a'], anchorText: ['j'] },
  { uri: 'mailto:f@x.com', types: ['form'] },
  { uri: 'rel/page.html', anchorText: ['rel'] },
];

describe('URI detail list', () => {
  it('adds HTML URIs with their tag types, and anchor-text-only keys as "parsed"', () => {
    const { out } = details(['html\n', 'rel spyhej text www.text-in-html.com '], BASE_PAGE);
    expect(out).toEqual({
      'http://www.text-in-html.com': { types: ['parsed', 'schemeless'], cleaned: ['http://www.text-in-html.com'] },
      '#': { types: ['parsed'], cleaned: ['#'], anchor: ['h'] },
      'HTTP://Y.COM': { types: ['a'], cleaned: ['HTTP://Y.COM'], anchor: ['y'] },
      'http://base.example.com/dir/#': { types: ['a'], cleaned: ['http://base.example.com/dir/#'] },
      'http://base.example.com/dir/': { types: ['base'], cleaned: ['http://base.example.com/dir/'] },
      'http://base.example.com/dir/rel/page.html': { types: ['a'], cleaned: ['http://base.example.com/dir/rel/page.html'] },
      'http://caf\u00e9.com/': { types: ['a'], cleaned: ['http://caf\u00e9.com/', 'http://xn--caf-dma.com/'], anchor: ['e'] },
      'http://cdn.example.com/i.gif': { types: ['img'], cleaned: ['http://cdn.example.com/i.gif'] },
      'http://x.com/': { types: ['a'], cleaned: ['http://x.com/'], anchor: ['sp'] },
      'javascript:void(0)': { types: ['a'], cleaned: ['javascript:void(0)'], anchor: ['j'] },
      'mailto:f@x.com': { types: ['form'], cleaned: ['mailto:f@x.com'] },
      'rel/page.html': {
        types: ['parsed'],
        cleaned: ['http://rel/page.html', 'http://www.rel.com/page.html', 'rel/page.html'],
        anchor: ['rel'],
      },
    });
  });

  it('reads the HTML renderer results of every part, an anchor-only key (no types) counting as parsed', () => {
    const parts = [
      { uri_detail: new Map([['http://x.com/', { types: new Set(['a']), anchor_text: ['x'] }]]) },
      { uri_detail: new Map([['', { types: new Set<string>(), anchor_text: ['none'] }]]) },
    ];
    const inputs = htmlUriInputs(parts, [false, true]);
    expect(inputs).toEqual([
      { uri: 'http://x.com/', types: new Set(['a']), anchorText: ['x'] },
      { uri: '', types: new Set(), anchorText: ['none'], octets: true },
    ]);
    const { out } = details([], inputs);
    expect(out['']).toEqual({ types: ['parsed'], cleaned: [''], anchor: ['none'] });
  });

  it('keeps HTML URIs without a valid domain (only text URIs need one)', () => {
    expect(getUriList({ bodyLines: [], htmlUris: ['', 'x.gif'], redirectorPatterns: [], tlds: TLDS }).sort()).toEqual(['', 'http://x.gif', 'x.gif']);
  });

  it('de-duplicates anchor texts per HTML part', () => {
    const { out } = details([], [{ uri: 'http://dup.com/', types: ['a'], anchorText: ['one', 'one', 'two'] }]);
    expect(out['http://dup.com/']).toEqual({ types: ['a'], cleaned: ['http://dup.com/'], anchor: ['one', 'two'] });
  });

  it('treats an octet-string HTML URI with Perl byte rules: a refused IDN host stays as it is', () => {
    const { out } = details([], [
      { uri: 'http://\u2014bad.com/', types: ['a'] },
      { uri: 'http://caf\u00c3\u00a9.com/', types: ['a'], octets: true },
    ]);
    expect(out).toEqual({
      'http://\u2014bad.com/': { types: ['a'], cleaned: ['http://\u00e2\u0080\u0094bad.com/', 'http://\u2014bad.com/'] },
      'http://caf\u00c3\u00a9.com/': { types: ['a'], cleaned: ['http://caf\u00c3\u00a9.com/', 'http://xn--caf-dma.com/'] },
    });
  });

  it('records DKIM d= domains as noclean entries that get_uri_list leaves out', () => {
    const sigs = ['a=rsa; d = other.example.org ; c=simple\n', 'v=1; d=example.com; s=x; b=abc\n'];
    const { out, list } = details([], [], sigs);
    expect(out).toEqual({
      'domainkeys:other.example.org': { types: ['domainkeys', 'nocanon', 'noclean'], cleaned: null },
      'domainkeys:example.com': { types: ['domainkeys', 'nocanon', 'noclean'], cleaned: null },
    });
    expect(list.details.get('domainkeys:example.com')!.hosts).toEqual(new Map([['example.com', 'example.com']]));
    expect(getUriList({ bodyLines: [], htmlUris: [], redirectorPatterns: [], tlds: TLDS, dkimSignatures: sigs })).toEqual([]);
  });

  it('records hosts and registered domains of the cleaned variants', () => {
    const { list } = details(['see http://www.google.co.uk/url?q=http://evil.biz/&x=1 '], []);
    const d = list.details.get('http://www.google.co.uk/url?q=http://evil.biz/&x=1')!;
    expect([...d.domains].sort()).toEqual(['evil.biz', 'google.co.uk']);
    expect(d.hosts).toEqual(new Map([['www.google.co.uk', 'google.co.uk'], ['evil.biz', 'evil.biz']]));
  });

  it('cuts cleaned URIs at 8192 characters and says so (URI_TRUNCATED)', () => {
    const href = 'http://x/' + 'a'.repeat(8192 - 9);
    const list = getUriDetailList({ bodyLines: [], htmlUris: [{ uri: href, types: ['a'] }], redirectorPatterns: [], tlds: TLDS, htmlUriTruncated: true });
    const uris = [...list.details.get(href)!.cleaned!].sort();
    expect(uris.map((u) => [u.slice(0, 17), u.length])).toEqual([
      ['http://www.x.com/', 8192],
      ['http://x/aaaaaaaa', 8192],
    ]);
    expect(list.truncated).toBe(true);
  });

  it('rejects a malformed configuration with a TypeError naming the option', () => {
    expect(() => getUriList({ bodyLines: [], htmlUris: [], redirectorPatterns: [], tlds: {} as never })).toThrow(/tlds\.tld/);
    expect(() => getUriList({ bodyLines: [], htmlUris: [], redirectorPatterns: ['x'] as never, tlds: TLDS })).toThrow(/redirectorPatterns/);
  });

  it('never throws on odd message data', () => {
    const odd = { bodyLines: [undefined, 42, '\u0000\uffff\ud800'], htmlUris: [{ uri: 7 }, '\ud800\udc00.com'], redirectorPatterns: [/(a)?/g], tlds: TLDS };
    expect(() => getUriList(odd as never)).not.toThrow();
  });
});
