/**
 * `check(raw, { envelope })` at SMTP time: the client the envelope names is what the DNS lists
 * are asked about, as with SA behind a milter that writes the MTA's own Received line first —
 * also for a message that carries no Received header at all.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import type { DnsRecordType, DnsResolver } from '../../src/net/types.js';

const rs = compileRuleSet([
  {
    name: 'local.cf',
    text: [
      'loadplugin Mail::SpamAssassin::Plugin::DNSEval',
      'header RCVD_IN_TEST eval:check_rbl("test", "bl.example.")',
      'tflags RCVD_IN_TEST net',
      'describe RCVD_IN_TEST Relay is listed in bl.example',
      'score RCVD_IN_TEST 3',
      '',
    ].join('\n'),
  },
]);

/** A resolver that lists 203.0.113.9 in bl.example and records every question. */
function listing(): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve(name: string, rrtype: DnsRecordType): Promise<unknown> {
      asked.push(`${rrtype} ${name.replace(/\.$/, '')}`);
      if (rrtype === 'A' && /^9\.113\.0\.203\.bl\.example\.?$/i.test(name)) return Promise.resolve(['127.0.0.2']);
      return Promise.reject(Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
    },
  };
}

const raw = Buffer.from('From: a@example.com\nTo: b@example.org\nSubject: hello\nMessage-ID: <1@example.com>\n\nhello\n');

describe('an envelope client IP', () => {
  it('is asked about in the DNS lists, and a listing hits', async () => {
    const resolver = listing();
    const r = await rs.check(raw, { network: true, clients: { resolver }, envelope: { ip: '203.0.113.9', helo: 'client.example', mailFrom: 'a@example.com', rcptTo: ['b@example.org'] }, hostname: 'mx.example.org' });
    expect(resolver.asked).toContain('A 9.113.0.203.bl.example');
    expect(r.hits.map((h) => h.name)).toEqual(['RCVD_IN_TEST']);
  });

  it('is the only relay a message without Received headers has: without the envelope nothing is asked', async () => {
    const resolver = listing();
    const r = await rs.check(raw, { network: true, clients: { resolver } });
    expect(resolver.asked.filter((q) => q.endsWith('.bl.example'))).toEqual([]);
    expect(r.hits).toEqual([]);
  });
});
