/**
 * The server's pure parts: request lines read as spamd's regexes read them, Perl's numbers,
 * --allowed-ips and --listen values, and spamd's answer shapes per protocol version.
 */
import { describe, expect, it } from 'vitest';
import { parseAllowedIps } from '../../src/server/allowed-ips.js';
import { parseListenSpec } from '../../src/server/listen-spec.js';
import { parseRequestLine, perlNumber } from '../../src/server/request.js';
import { checkResponse, spamLine, tellResponse } from '../../src/server/response.js';
import { pristineHeaderValues, rfc822Date } from '../../src/report/rewrite.js';

describe('request lines', () => {
  it('find the command anywhere in the line, as spamd\'s unanchored regexes do', () => {
    expect(parseRequestLine('CHECK SPAMC/1.5\r\n')).toEqual({ kind: 'check', method: 'CHECK', version: 1.5 });
    expect(parseRequestLine('REPORT_IFSPAM SPAMC/1.5\r\n')).toEqual({ kind: 'check', method: 'REPORT_IFSPAM', version: 1.5 });
    expect(parseRequestLine('xxPROCESS SPAMC/1.2 junk\n')).toEqual({ kind: 'check', method: 'PROCESS', version: 1.2 });
    expect(parseRequestLine('TELL SPAMC/1.5\r\n')).toEqual({ kind: 'tell', version: 1.5 });
    expect(parseRequestLine('PING SPAMC/1.2\r\n')).toEqual({ kind: 'ping', version: 1.2 });
    expect(parseRequestLine('HELLO\r\n')).toEqual({ kind: 'unknown', line: 'HELLO' });
  });

  it('read versions as Perl numbers: a leading number, else 0', () => {
    expect([perlNumber('1.5'), perlNumber(' 1.3abc'), perlNumber('abc'), perlNumber(''), perlNumber('.5')]).toEqual([1.5, 1.3, 0, 0, 0.5]);
  });
});

describe('--allowed-ips', () => {
  it('allows only loopback by default', () => {
    const a = parseAllowedIps();
    expect([a.allows('127.0.0.1'), a.allows('::1'), a.allows('::ffff:127.0.0.1'), a.allows('10.0.0.1')]).toEqual([true, true, true, false]);
  });

  it('takes addresses, CIDR ranges, bracketed IPv6 and trailing-dot prefixes, comma-separated', () => {
    const a = parseAllowedIps(['10.,192.168.1.0/24', '[2001:db8::]/32', '203.0.113.7']);
    expect(['10.9.9.9', '192.168.1.200', '192.168.2.1', '2001:db8::5', '203.0.113.7', '127.0.0.1'].map((x) => a.allows(x))).toEqual([true, true, false, true, true, false]);
  });

  it('refuses what is not an address or a network', () => {
    expect(() => parseAllowedIps(['example.com'])).toThrow(TypeError);
    expect(() => parseAllowedIps(['10.0.0.0/33'])).toThrow(TypeError);
  });
});

describe('--listen', () => {
  it('reads host:port, [v6]:port, :port, a bare host, ssl: and Unix paths', () => {
    expect(parseListenSpec('127.0.0.1:7830')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 7830, tls: false });
    expect(parseListenSpec('[::1]:7830')).toEqual({ kind: 'tcp', host: '::1', port: 7830, tls: false });
    expect(parseListenSpec(':7830')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 7830, tls: false });
    expect(parseListenSpec('localhost')).toEqual({ kind: 'tcp', host: 'localhost', port: 783, tls: false });
    expect(parseListenSpec('ssl:0.0.0.0:7831')).toEqual({ kind: 'tcp', host: '0.0.0.0', port: 7831, tls: true });
    expect(parseListenSpec('/run/spamd.sock')).toEqual({ kind: 'unix', path: '/run/spamd.sock' });
    expect(() => parseListenSpec('host:99999')).toThrow(TypeError);
  });
});

describe('answers', () => {
  const spam = { score: 7.25, requiredScore: 5, isSpam: true, testsHit: ['A', 'B'], report: 'r\n' };
  it('write the Spam line as spamd does, a ham never showing the threshold', () => {
    expect(spamLine('CHECK', spam)).toBe('Spam: True ; 7.2 / 5.0');
    expect(spamLine('REPORT_IFSPAM', { score: 5, requiredScore: 5, isSpam: false })).toBe('Spam: No ; 4.9 / 5.0');
  });

  it('shape SYMBOLS by protocol version: a Content-length from 1.3, a CRLF before it', () => {
    expect(checkResponse('SYMBOLS', 1.5, spam)).toBe('SPAMD/1.1 0 EX_OK\r\nContent-length: 3\r\nSpam: True ; 7.2 / 5.0\r\n\r\nA,B');
    expect(checkResponse('SYMBOLS', 1.2, spam)).toBe('SPAMD/1.1 0 EX_OK\r\nSpam: True ; 7.2 / 5.0\r\n\r\nA,B\r\n');
  });

  it('cut HEADERS after the first empty line', () => {
    expect(checkResponse('HEADERS', 1.5, { ...spam, message: 'A: 1\r\n\r\nbody\n' })).toBe('SPAMD/1.1 0 EX_OK\r\nContent-length: 8\r\nSpam: True ; 7.2 / 5.0\r\n\r\nA: 1\r\n\r\n');
  });

  it('answer TELL with what was set and removed, then two line ends', () => {
    expect(tellResponse(['local'], [])).toBe('SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n');
    expect(tellResponse([], [])).toBe('SPAMD/1.1 0 EX_OK\r\n\r\n\r\n');
  });
});

describe('rewrite helpers', () => {
  it('read pristine header values with their folds, the last one last', () => {
    const h = 'Subject: one\nTo: a,\n  b\nsubject:two\r\n\n';
    expect(pristineHeaderValues(h, 'Subject')).toEqual(['one\n', 'two\r\n']);
    expect(pristineHeaderValues(h, 'To')).toEqual(['a,\n  b\n']);
  });

  it('write dates as Util::time_to_rfc822_date', () => {
    expect(rfc822Date(new Date(2024, 0, 5, 3, 4, 5))).toMatch(/^Fri, 05 Jan 2024 03:04:05 [+-]\d{4}$/);
  });
});
