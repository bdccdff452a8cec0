/**
 * The message stage's settings are compiled once, with the rule set: list directives replayed
 * with their clear_* lines, the util_rb lists, part sizes, and redirector patterns translated at
 * load time so that a bad one is a lint error with its file and line.
 */
import { describe, expect, it } from 'vitest';
import { compile } from './helpers.js';

describe('the compiled message settings', () => {
  it('replay list directives after their clear lines, in order', () => {
    const rs = compile(
      'trusted_networks 10.0.0.0/8\nclear_trusted_networks\ntrusted_networks 192.0.2.0/24 198.51.100.7\n' +
        'internal_networks 10.1.0.0/16\nmsa_networks 10.2.0.1\noriginating_ip_headers X-Originating-IP X-Yahoo-Post-IP\n',
    );
    expect(rs.messageConfig.trustedNetworks).toEqual(['192.0.2.0/24', '198.51.100.7']);
    expect(rs.messageConfig.internalNetworks).toEqual(['10.1.0.0/16']);
    expect(rs.messageConfig.msaNetworks).toEqual(['10.2.0.1']);
    expect(rs.messageConfig.originatingIpHeaders).toEqual(['X-Originating-IP', 'X-Yahoo-Post-IP']);
  });

  it('build the util_rb lists and read the part scan sizes', () => {
    const rs = compile('util_rb_tld example\nutil_rb_2tld co.example\nbody_part_scan_size 1000\n');
    expect([...rs.messageConfig.tlds.tld]).toEqual(['example']);
    expect([...rs.messageConfig.tlds.twoLevel]).toEqual(['co.example']);
    expect(rs.messageConfig.bodyPartScanSize).toBe(1000);
    expect(rs.messageConfig.rawbodyPartScanSize).toBe(500000);
  });

  it('translate redirector patterns once, usable on URLs', () => {
    const rs = compile('redirector_pattern /^https?:\\/\\/redir\\.example\\/\\?u=(.*)$/i\n');
    expect(rs.messageConfig.redirectorPatterns).toHaveLength(1);
    expect(rs.messageConfig.redirectorPatterns[0]!.exec('HTTP://redir.example/?u=http://spam.example/')?.[1]).toBe('http://spam.example/');
    expect(rs.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('report a redirector pattern that cannot be used as an error with its file and line', () => {
    const rs = compile('body OK /ok/\nredirector_pattern /(unclosed/\n');
    expect(rs.messageConfig.redirectorPatterns).toHaveLength(0);
    const bad = rs.diagnostics.filter((d) => d.severity === 'error');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file: 'test.cf', line: 2 });
    expect(bad[0]!.message).toContain('redirector_pattern');
    expect(rs.rules.has('OK')).toBe(true);
  });
});
