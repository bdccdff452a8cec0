/**
 * Content-Type parsing as Util::parse_content_type. Expected values were produced by running
 * Perl SpamAssassin 4.0.1's `Mail::SpamAssassin::Util::parse_content_type` on each value.
 */
import { describe, expect, it } from 'vitest';
import { parseContentType } from '../../../src/message/mime/content-type.js';

const parsed = (v: string | undefined) => {
  const r = parseContentType(v);
  return [r.type, r.boundary, r.charset, r.name, r.missing];
};

describe('parseContentType', () => {
  it('lower-cases the type and reads a quoted or bare charset', () => {
    expect(parsed('text/plain; charset="ISO-8859-1"')).toEqual(['text/plain', undefined, 'ISO-8859-1', undefined, false]);
    expect(parsed('TEXT/HTML;charset=utf-8')).toEqual(['text/html', undefined, 'utf-8', undefined, false]);
  });

  it('treats a missing, empty or "0" header as text/plain in us-ascii, flagged missing', () => {
    expect(parsed(undefined)).toEqual(['text/plain', undefined, 'us-ascii', undefined, true]);
    expect(parsed('')).toEqual(['text/plain', undefined, 'us-ascii', undefined, true]);
    expect(parsed('0')).toEqual(['text/plain', undefined, 'us-ascii', undefined, true]);
  });

  it('maps text/* other than html, calendar and x-vcard to text/plain, but not look-alikes', () => {
    expect(parsed('text/enriched')[0]).toBe('text/plain');
    expect(parsed('text')[0]).toBe('text/plain');
    expect(parsed('text/calendar')[0]).toBe('text/calendar');
    expect(parsed("Text/X-VCARD; charset='utf-8'")).toEqual(['text/x-vcard', undefined, 'utf-8', undefined, false]);
    expect(parsed('texts/foo')[0]).toBe('texts/foo');
  });

  it('reads boundaries with spaces around "=", quoted with spaces, or with only an opening quote', () => {
    expect(parsed('multipart/mixed; boundary = "abc def"; x')[1]).toBe('abc def');
    expect(parsed('multipart/alternative; boundary=b1;')[1]).toBe('b1');
    expect(parsed('multipart/mixed; boundary="only-open')[1]).toBe('only-open');
  });

  it('joins RFC 2231 name continuations and reads filename=', () => {
    expect(parsed('application/octet-stream; name*0="pa"; name*1="ge.html"')[3]).toBe('page.html');
    expect(parsed("image/gif; filename='a.gif'")[3]).toBe('a.gif');
  });

  it('keeps only type/subtype of a value missing its semicolon', () => {
    expect(parsed('text/plain charset=us-ascii')).toEqual(['text/plain', undefined, 'us-ascii', undefined, false]);
  });

  it('strips characters not allowed in a type, possibly leaving an empty type (not "missing")', () => {
    expect(parsed('@@@')).toEqual(['', undefined, undefined, undefined, false]);
  });
});
