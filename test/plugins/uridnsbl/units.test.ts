/**
 * URIDNSBL's parts: sub-test canonicalisation and matching, list directive lines, the
 * preference groups and the max-domains cut, rule classes by tflags, and query names.
 *
 * The canonical sub-tests are Perl's answers: `URIDNSBL::parse_and_canonicalize_subtest` and
 * `AskDNS::parse_and_canonicalize_subtest` called on each input (perl -MMail::SpamAssassin::
 * Plugin::URIDNSBL -e …).
 */
import { describe, expect, it } from 'vitest';
import {
  answerMatches,
  canonicalizeNumericSubtest,
  classifyRules,
  dnsblQueryName,
  numericSubtestMatch,
  parseListLine,
  preferenceGroup,
  selectHosts,
  uriHostTags,
} from '../../../src/plugins/builtin/uridnsbl/index.js';

describe('sub-tests are canonicalised as SA stores them', () => {
  const PERL: [string, string | undefined, string | undefined][] = [
    ['127.0.0.2', '2130706434-2130706434', '2130706434-2130706434'],
    ['2', '2', '2'],
    ['0x10', '16', '16'],
    ['0x10/0x10', '16/16', '16/16'],
    ['127.0.1.20-127.0.1.39', '2130706708-2130706727', '2130706708-2130706727'],
    ['0.0.0.16/0.0.0.16', '16/16', '16/16'],
    ['0010', '0010', '10'],
    ['256.0.0.1', undefined, '1-1'],
    ['1-2-3', undefined, undefined],
    ['0xzz', '0', '0'],
    ['12345678901', undefined, undefined],
    ['foo', undefined, undefined],
    ['127.0.0.1/255.255.255.0', '2130706433/4294967040', '2130706433/4294967040'],
    [' 2', undefined, undefined],
  ];
  for (const [input, uridnsbl, askdns] of PERL) {
    it(`"${input}" is ${uridnsbl} for URIDNSBL and ${askdns} for AskDNS`, () => {
      expect(canonicalizeNumericSubtest(input, 'strict')).toBe(uridnsbl);
      expect(canonicalizeNumericSubtest(input, 'loose')).toBe(askdns);
    });
  }
});

describe('numeric sub-tests match answers as complete_dnsbl_lookup does', () => {
  const n = (quad: string) => quad.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  it('a lone number is a mask that also requires 127/8', () => {
    expect(numericSubtestMatch('2', n('127.0.0.2'))).toBe(true);
    expect(numericSubtestMatch('2', n('127.0.0.4'))).toBe(false);
    expect(numericSubtestMatch('2', n('10.0.0.2'))).toBe(false);
  });
  it('a range is inclusive', () => {
    expect(numericSubtestMatch(`${n('127.0.0.10')}-${n('127.0.0.20')}`, n('127.0.0.20'))).toBe(true);
    expect(numericSubtestMatch(`${n('127.0.0.10')}-${n('127.0.0.20')}`, n('127.0.0.21'))).toBe(false);
  });
  it('value/mask compares the masked bits', () => {
    expect(numericSubtestMatch('16/16', n('127.0.0.48'))).toBe(true);
    expect(numericSubtestMatch('16/16', n('127.0.0.32'))).toBe(false);
  });
  it('a non-numeric sub-test is not decided here', () => {
    expect(numericSubtestMatch('listed', n('127.0.0.2'))).toBeUndefined();
  });
  it('an answer without an address counts as 0 (Perl undef)', () => {
    expect(numericSubtestMatch('0-5', undefined)).toBe(true);
    expect(numericSubtestMatch('2', undefined)).toBe(false);
  });
});

describe('answers', () => {
  it('without a sub-test, any TXT and any A in 127/8 list the host', () => {
    expect(answerMatches('TXT', 'anything', undefined)).toBe(true);
    expect(answerMatches('A', '127.0.0.9', undefined)).toBe(true);
    expect(answerMatches('A', '10.0.0.1', undefined)).toBe(false);
  });
  it('a sub-test equal to the answer text matches it', () => {
    expect(answerMatches('TXT', '2', '2')).toBe(true);
    expect(answerMatches('TXT', 'listed', '2')).toBe(false);
  });
  it('an exact address is stored as a one-address range', () => {
    expect(answerMatches('A', '127.0.1.2', canonicalizeNumericSubtest('127.0.1.2'))).toBe(true);
    expect(answerMatches('A', '127.0.1.3', canonicalizeNumericSubtest('127.0.1.2'))).toBe(false);
  });
});

describe('list directives', () => {
  it('read the rule, the zone without its trailing dot, the type and the sub-test', () => {
    expect(parseListLine('urirhssub', 'URIBL_BLACK  multi.uribl.com.  A   2')).toEqual({
      rule: 'URIBL_BLACK',
      zone: 'multi.uribl.com',
      type: 'A',
      kind: 'rhsbl',
      subtest: '2',
    });
    expect(parseListLine('uridnsbl', 'URIBL_SBLXBL sbl-xbl.spamhaus.org. TXT')).toEqual({
      rule: 'URIBL_SBLXBL',
      zone: 'sbl-xbl.spamhaus.org',
      type: 'TXT',
      kind: 'dnsbl',
    });
    expect(parseListLine('urifullnsrhssub', 'X z.test A 127.0.0.2')?.kind).toBe('fullnsrhsbl');
    expect(parseListLine('urinsrhsbl', 'X z.test A')?.kind).toBe('nsrhsbl');
  });
  it('refuse a wrong number of fields or a bad sub-test, as SA does', () => {
    expect(parseListLine('urirhsbl', 'X z.test A 2')).toBeUndefined();
    expect(parseListLine('urirhssub', 'X z.test A')).toBeUndefined();
    expect(parseListLine('urirhssub', 'X z.test A foo')).toBeUndefined();
  });
});

describe('rules are sorted by how they are asked', () => {
  const lists = [
    parseListLine('urirhssub', 'R z A 2')!,
    parseListLine('urirhssub', 'RI z A 2')!,
    parseListLine('urirhssub', 'RD z A 2')!,
    parseListLine('uridnssub', 'N z A 2')!,
    parseListLine('uridnssub', 'A z A 2')!,
    parseListLine('uridnssub', 'AN z A 2')!,
    parseListLine('urinsrhssub', 'NS z A 2')!,
    parseListLine('urifullnsrhssub', 'FNS z A 2')!,
  ];
  const tflags: Record<string, string> = { RI: 'net ips_only', RD: 'net domains_only', A: 'net a', AN: 'net a ns' };
  it('by tflags ips_only / domains_only / a / ns', () => {
    expect(classifyRules(lists, (r) => tflags[r] ?? 'net')).toEqual({
      rhsbl: ['R'],
      rhsblIpsOnly: ['RI'],
      rhsblDomainsOnly: ['RD'],
      nsRhsbl: ['NS'],
      fullNsRhsbl: ['FNS'],
      nsRevIp: ['N', 'AN'],
      aRevIp: ['A', 'AN'],
    });
  });
});

describe('host selection', () => {
  const detail = (types: string[], hosts: [string, string][], anchorText?: string[]) => ({
    types: new Set(types),
    hosts: new Map(hosts),
    ...(anchorText ? { anchorText } : {}),
  });
  it('ranks anchors with text, forms, images, others, text URIs, empty anchors', () => {
    expect(preferenceGroup(detail(['a'], [], ['click']))).toBe(0);
    expect(preferenceGroup(detail(['form'], []))).toBe(1);
    expect(preferenceGroup(detail(['img'], []))).toBe(2);
    expect(preferenceGroup(detail(['parsed', 'schemeless'], []))).toBe(3);
    expect(preferenceGroup(detail(['domainkeys', 'nocanon', 'noclean'], []))).toBe(3);
    expect(preferenceGroup(detail(['parsed'], []))).toBe(4);
    expect(preferenceGroup(detail(['a'], [], ['']))).toBe(5);
  });
  const details = new Map([
    ['http://t.example.org/', detail(['parsed'], [['t.example.org', 'example.org']])],
    ['http://www.a.com/', detail(['a'], [['www.a.com', 'a.com']], ['go'])],
    ['mailto:x@m.com', detail(['a'], [['m.com', 'm.com']], ['mail'])],
    ['http://skip.net/', detail(['img'], [['skip.net', 'skip.net']])],
    ['http://host.skiphost.com/', detail(['img'], [['host.skiphost.com', 'skiphost.com']])],
    ['http://i.b.com/', detail(['img'], [['i.b.com', 'b.com']])],
  ]);
  const options = { skipDomains: new Set(['skip.net', 'host.skiphost.com']), skipMailto: true, maxDomains: 20 };
  it('drops mailto URIs, skipped domains and skipped hosts, and orders by group', () => {
    expect([...selectHosts(details, options)]).toEqual([
      ['www.a.com', 'a.com'],
      ['i.b.com', 'b.com'],
      ['t.example.org', 'example.org'],
    ]);
  });
  it('keeps mailto hosts when uridnsbl_skip_mailto is off', () => {
    expect([...selectHosts(details, { ...options, skipMailto: false }).keys()]).toContain('m.com');
  });
  it('stops at uridnsbl_max_domains', () => {
    expect([...selectHosts(details, { ...options, maxDomains: 2 }).keys()]).toEqual(['www.a.com', 'i.b.com']);
    expect(selectHosts(details, { ...options, maxDomains: 0 }).size).toBe(0);
  });
  it('tags list the sorted hosts and distinct sorted domains', () => {
    expect(uriHostTags(new Map([['www.b.com', 'b.com'], ['a.b.com', 'b.com'], ['1.2.3.4', '1.2.3.4']]))).toEqual({
      URIHOSTS: '1.2.3.4 a.b.com www.b.com',
      URIDOMAINS: '1.2.3.4 b.com',
    });
  });
});

describe('query names', () => {
  it('are the lookup under the zone, dotted quads reversed', () => {
    expect(dnsblQueryName('spam.com', 'multi.uribl.com')).toBe('spam.com.multi.uribl.com');
    expect(dnsblQueryName('1.2.3.4', 'zen.spamhaus.org')).toBe('4.3.2.1.zen.spamhaus.org');
    expect(dnsblQueryName('WWW.Spam.COM', 'dbl.test.')).toBe('www.spam.com.dbl.test');
  });
});
