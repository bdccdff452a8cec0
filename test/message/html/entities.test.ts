/**
 * Entity decoding as HTML::Parser's C decoder does it. Expected values were produced by
 * running Perl HTML::Parser 3.81 (api_version 3) on `<a title="&ampx &amp;y &#65">&#x26\0 &ampx</a>`
 * and on the references below, reading `dtext` and the `attr` hash.
 */
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../../src/message/html/entities.js';

describe('decodeEntities', () => {
  it('expands a known entity name prefix in text but not in attribute values', () => {
    expect(decodeEntities('&ampx', false, true).text).toBe('&x');
    expect(decodeEntities('&ampx &amp;y &#65', false, false).text).toBe('&ampx &y A');
  });

  it('reads a NUL after hex digits as one more zero digit (C strchr quirk)', () => {
    expect(decodeEntities('&#x26\x00 &ampx', false, true).text).toBe('\u0260 &x');
  });

  it('upgrades an octet string only for references above U+00FF', () => {
    expect(decodeEntities('caf&eacute;', false, true)).toEqual({ text: 'caf\xe9', utf8: false });
    expect(decodeEntities('&#8217;', false, true)).toEqual({ text: '\u2019', utf8: true });
  });

  it('combines a surrogate pair written as two references and leaves &#0; alone', () => {
    expect(decodeEntities('&#55357;&#56832;&#0;', false, true).text).toBe('\ud83d\ude00&#0;');
  });
});
