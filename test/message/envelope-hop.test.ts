/**
 * The MTA's own hop written from the SMTP envelope (as SA's milters do): SA's relay parsing
 * reads the client's IP, reverse DNS, HELO, envelope sender and authentication from it.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { envelopeReceived } from '../../src/message/envelope-hop.js';

const cf = [
  'loadplugin Mail::SpamAssassin::Plugin::Check',
  'header HOP_UNTRUSTED X-Spam-Relays-Untrusted =~ /^\\[ ip=203\\.0\\.113\\.9 rdns=rdns\\.example\\.net helo=helo\\.example\\.com by=mx\\.example\\.org ident= envfrom=alice\\@example\\.com intl=0 id=\\S+ auth= msa=0 \\]$/',
  'header HOP_TRUSTED_AUTH X-Spam-Relays-Trusted =~ /ip=203\\.0\\.113\\.9 .*auth=ESMTPA/',
  'header ENV_FROM EnvelopeFrom =~ /alice\\@example\\.com/',
  'header NO_RELAY X-Spam-Relays-Untrusted =~ /^$/',
].join('\n');
const rs = compileRuleSet([{ name: 'local.cf', text: cf }]);
const raw = Buffer.from('From: a@example.com\nSubject: hi\n\nbody\n');
const when = new Date(Date.UTC(2026, 11, 6, 23, 0, 0));

describe('an envelope with a client IP', () => {
  it('writes the Received hop Perl SA parses into ip, rdns, helo, by, envfrom and id', () => {
    const h = envelopeReceived({ ip: '203.0.113.9', helo: 'helo.example.com', rdns: 'rdns.example.net', mailFrom: 'alice@example.com', rcptTo: ['bob@example.org'] }, 'mx.example.org', '\n', when);
    expect(h).toBe(
      'Received: from helo.example.com (rdns.example.net [203.0.113.9])\n\tby mx.example.org (spamscore) with ESMTP id ' +
        when.getTime().toString(36).toUpperCase() +
        '\n\t(envelope-from <alice@example.com>)\n\tfor <bob@example.org>; Sun, 06 Dec 2026 23:00:00 +0000\n',
    );
  });

  it('is seen by the scan as the last untrusted relay, envelope sender included', async () => {
    const r = await rs.check(raw, { envelope: { ip: '203.0.113.9', helo: 'helo.example.com', rdns: 'rdns.example.net', mailFrom: 'alice@example.com' }, hostname: 'mx.example.org' });
    expect(r.hits.map((h) => h.name).sort()).toEqual(['ENV_FROM', 'HOP_UNTRUSTED']);
  });

  it('makes an authenticated client a trusted hop (ESMTPA), as SA treats an MSA', async () => {
    const r = await rs.check(raw, { envelope: { ip: '203.0.113.9', helo: 'laptop', authenticated: true }, hostname: 'mx.example.org' });
    expect(r.hits.map((h) => h.name).sort()).toEqual(['HOP_TRUSTED_AUTH', 'NO_RELAY']);
  });

  it('writes nothing without an IP, and keeps hostile HELO text inside its field', () => {
    expect(envelopeReceived({ helo: 'x' }, 'mx', '\n')).toBe('');
    const h = envelopeReceived({ ip: '198.51.100.1', helo: 'evil)\r\nX-Injected: 1 (' }, 'mx', '\n', when);
    expect(h.split('\n')[0]).toBe('Received: from evil?X-Injected:1? (unknown [198.51.100.1])');
  });

  it('writes the null sender as <> and keeps a sender named like the placeholder', () => {
    expect(envelopeReceived({ ip: '198.51.100.1', mailFrom: '' }, 'mx', '\n', when)).toContain('\t(envelope-from <>)');
    expect(envelopeReceived({ ip: '198.51.100.1', mailFrom: 'unknown' }, 'mx', '\n', when)).toContain('\t(envelope-from <unknown>)');
  });

  it('uses the message\'s own line ending', () => {
    expect(envelopeReceived({ ip: '198.51.100.1' }, 'mx', '\r\n', when)).toMatch(/\r\n\tby mx .*; Sun, 06 Dec 2026 23:00:00 \+0000\r\n$/s);
  });

  it('refuses an IP that is not one', async () => {
    await expect(rs.check(raw, { envelope: { ip: 'not-an-ip' } })).rejects.toThrow(TypeError);
  });

  it('leaves a rewritten message without the hop', async () => {
    const r = await rs.check(raw, { envelope: { ip: '203.0.113.9' }, rewrite: true });
    expect(String(r.message)).not.toContain('(spamscore)');
  });
});
