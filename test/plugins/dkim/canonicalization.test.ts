/**
 * The message as Mail::DKIM 1.20230212 reads it from SpamAssassin: header fields cut as
 * `MessageParser::PRINT` cuts them, and the relaxed/simple canonicalizations of RFC 6376 with
 * Mail::DKIM's handling of empty bodies and unterminated last lines. The body expectations are
 * what Mail::DKIM's own canonicalizers output for the same chunks
 * (`Mail::DKIM::Canonicalization::{simple,relaxed}->new(Signature => …)`, `add_body`, `finish_body`,
 * `result`).
 */
import { describe, expect, it } from 'vitest';
import { canonicalBody, dkimMessage, relaxedHeader } from '../../../src/plugins/builtin/dkim/message-parts.js';
import { parseTagList, withoutValue } from '../../../src/plugins/builtin/dkim/tag-list.js';

describe('the header fields Mail::DKIM sees', () => {
  it('turn LF into CRLF and keep folding inside a field', () => {
    const m = dkimMessage('Subject: a\n b\nFrom: x@y\n\nbody\n', '\n');
    expect(m.headers.map((h) => h.line)).toEqual(['Subject: a\r\n b', 'From: x@y']);
    expect(m.headers.map((h) => h.name)).toEqual(['subject', 'from']);
    expect(m.body).toBe('body\r\n');
  });

  it('leave a CRLF message as it is', () => {
    expect(dkimMessage('A: 1\r\n\r\nx\n', '\r\n').body).toBe('x\n');
  });

  it('end at the end of the text when there is no empty line', () => {
    const m = dkimMessage('A: 1\nB: 2\n', '\n');
    expect(m.headers.map((h) => h.line)).toEqual(['A: 1', 'B: 2']);
    expect(m.body).toBe('');
  });
});

describe('relaxed header canonicalization', () => {
  it('lower-cases the name, unfolds, squeezes and trims white space', () => {
    expect(relaxedHeader('SubJect :  Hello \r\n\t World  ')).toBe('subject:Hello World');
  });
});

describe('body canonicalization', () => {
  it('simple drops trailing empty lines and makes an empty body one CRLF', () => {
    expect(canonicalBody('a \r\n\r\n\r\n', 'simple')).toBe('a \r\n');
    expect(canonicalBody('', 'simple')).toBe('\r\n');
  });

  it('relaxed squeezes white space, drops it at line ends, and leaves an empty body empty', () => {
    expect(canonicalBody(' a \t b  \r\n\r\n', 'relaxed')).toBe(' a b\r\n');
    expect(canonicalBody('', 'relaxed')).toBe('');
    expect(canonicalBody('\r\n\r\n', 'relaxed')).toBe('');
  });

  it('keeps empty lines between text and ends an unterminated last line in relaxed only', () => {
    expect(canonicalBody('a\r\n\r\nb', 'relaxed')).toBe('a\r\n\r\nb\r\n');
    expect(canonicalBody('a\r\n\r\nb', 'simple')).toBe('a\r\n\r\nb');
  });
});

describe('tag lists', () => {
  it('split on ; and trim around =', () => {
    const t = parseTagList(' v=1; a = rsa-sha256 ;b=ab\r\n cd;')!;
    expect(Object.fromEntries(t.byName)).toEqual({ v: '1', a: 'rsa-sha256', b: 'ab\r\n cd' });
  });

  it('refuse a piece without =', () => {
    expect(parseTagList('v=1; junk; a=x')).toBeUndefined();
  });

  it('write the b= value back empty, everything else byte for byte', () => {
    expect(withoutValue(parseTagList(' v=1; b=abc\r\n def; bh=xyz')!, 'b')).toBe(' v=1; b=; bh=xyz');
  });
});
