/**
 * SPF macro expansion for explanations (Mail::SPF::MacroString, RFC 7208 section 7): the
 * examples of RFC 7208 section 7.4 with the sender strong-bad@email.example.com from
 * 192.0.2.3 (and 2001:db8::cb01), plus the escapes and the errors.
 */
import { describe, expect, it } from 'vitest';
import { expandSpfMacro, SpfMacroError } from '../../../src/plugins/builtin/spf/macro.js';

const v4 = { sender: 'strong-bad@email.example.com', ip: '192.0.2.3', helo: 'mx.example.org', receiver: 'mx.example.net' };
const x = (s: string) => expandSpfMacro(s, v4);

describe('expandSpfMacro', () => {
  it('expands the RFC 7208 examples', () => {
    expect(x('%{s}')).toBe('strong-bad@email.example.com');
    expect(x('%{o}')).toBe('email.example.com');
    expect(x('%{d}')).toBe('email.example.com');
    expect(x('%{d4}')).toBe('email.example.com');
    expect(x('%{d3}')).toBe('email.example.com');
    expect(x('%{d2}')).toBe('example.com');
    expect(x('%{d1}')).toBe('com');
    expect(x('%{dr}')).toBe('com.example.email');
    expect(x('%{d2r}')).toBe('example.email');
    expect(x('%{l}')).toBe('strong-bad');
    expect(x('%{l-}')).toBe('strong-bad');
    expect(x('%{lr}')).toBe('strong-bad');
    expect(x('%{lr-}')).toBe('bad.strong');
    expect(x('%{l1r-}')).toBe('strong');
    expect(x('%{ir}.%{v}._spf.%{d2}')).toBe('3.2.0.192.in-addr._spf.example.com');
    expect(x('%{lr-}.lp._spf.%{d2}')).toBe('bad.strong.lp._spf.example.com');
  });

  it('writes IPv6 addresses as nibbles and names their version ip6', () => {
    const r = expandSpfMacro('%{ir}.%{v}._spf.%{d2}', { ...v4, ip: '2001:db8::cb01' });
    expect(r).toBe('1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com');
  });

  it('URL-escapes upper-case macros and expands the literal escapes', () => {
    expect(expandSpfMacro('%{S}', { ...v4, sender: 'a b@x.example' })).toBe('a%20b%40x.example');
    expect(x('100%% %_%-')).toBe('100%  %20');
    expect(x('%{h} %{r} %{c}')).toBe('mx.example.org mx.example.net 192.0.2.3');
  });

  it('refuses a lone percent sign, an unknown letter and a zero part count', () => {
    expect(() => x('50% off')).toThrow(SpfMacroError);
    expect(() => x('%{z}')).toThrow(SpfMacroError);
    expect(() => x('%{d0}')).toThrow(SpfMacroError);
  });
});
