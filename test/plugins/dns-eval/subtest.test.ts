/**
 * Subtests and the records tested (SA 4.0.1's `check_subtest` and `process_dnsbl_result`):
 * a dotted quad is an exact answer, a number a bitmask over 127/8 answers, the rest a regex.
 */
import { describe, expect, it } from 'vitest';
import type { DnsAnswer } from '../../../src/net/types.js';
import { answerHits, parseSubtest, subtestMatches, testedRecords, type Subtest } from '../../../src/plugins/builtin/dns-eval/subtest.js';

const st = (text: string): Subtest => {
  const p = parseSubtest(text);
  if ('error' in p) throw new Error(p.error);
  return p;
};
const a = (records: string[], rrtype: 'A' | 'TXT' = 'A', status: DnsAnswer['status'] = 'ok'): DnsAnswer => ({ name: 'x.test', rrtype, status, records });

describe('parseSubtest', () => {
  it('reads a dotted quad as an exact answer and a number as a bitmask', () => {
    expect(st('127.0.0.2')).toEqual({ kind: 'exact', ip: '127.0.0.2' });
    expect(st('8')).toEqual({ kind: 'mask', mask: 8n });
  });

  it('compiles anything else as a Perl regex without delimiters', () => {
    expect(st('^127\\.0\\.\\d+\\.3$').kind).toBe('regex');
    // CIDR and range forms are not subtest syntaxes in 4.0.1: they are regexes too.
    expect(st('127.0.0.0/24').kind).toBe('regex');
  });

  it('refuses SenderBase subtests and regexes Perl cannot compile', () => {
    expect(parseSubtest('sb:S1')).toHaveProperty('error');
    expect(parseSubtest('127.0.0.(')).toHaveProperty('error');
  });
});

describe('subtestMatches', () => {
  it('compares exact subtests as strings', () => {
    expect(subtestMatches('127.0.0.2', st('127.0.0.2'))).toBe(true);
    expect(subtestMatches('127.0.0.20', st('127.0.0.2'))).toBe(false);
  });

  it('applies a bitmask to 127/8 answers only', () => {
    expect(subtestMatches('127.0.0.10', st('8'))).toBe(true);
    expect(subtestMatches('127.0.0.10', st('4'))).toBe(false);
    expect(subtestMatches('10.0.0.10', st('8'))).toBe(false);
    expect(subtestMatches('Blocked', st('8'))).toBe(false);
  });

  it('matches regexes unanchored, with Perl meaning', () => {
    expect(subtestMatches('127.0.15.3', st('^127\\.0\\.\\d+\\.3$'))).toBe(true);
    expect(subtestMatches('127.0.15.31', st('^127\\.0\\.\\d+\\.3$'))).toBe(false);
    expect(subtestMatches('see SpamCop', st('(?i:spamcop)'))).toBe(true);
  });
});

describe('testedRecords and answerHits', () => {
  it('tests A records inside 127/8 only, and every TXT string', () => {
    expect(testedRecords(a(['10.0.0.2', '127.0.0.4']))).toEqual(['127.0.0.4']);
    expect(testedRecords(a(['v=spf1 -all'], 'TXT'))).toEqual(['v=spf1 -all']);
  });

  it('tests nothing of a failed lookup', () => {
    expect(testedRecords(a([], 'A', 'nxdomain'))).toEqual([]);
    expect(testedRecords(a([], 'A', 'timeout'))).toEqual([]);
  });

  it('hits on any tested record without a subtest, else on one passing it', () => {
    expect(answerHits(a(['10.0.0.2']), undefined)).toBe(false);
    expect(answerHits(a(['127.0.0.2']), undefined)).toBe(true);
    expect(answerHits(a(['127.0.0.2', '127.0.0.10']), st('127.0.0.10'))).toBe(true);
    expect(answerHits(a(['127.0.0.2']), st('127.0.0.10'))).toBe(false);
  });
});
