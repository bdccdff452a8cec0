/**
 * How a raw message is split into header fields and body, as Mail::SpamAssassin::Message::new
 * does it. Every expected value below was produced by Perl SpamAssassin 4.0.1 (Debian
 * 4.0.1-1~deb12u1) through test/message/sa-header-oracle.pl, then hard-coded, unless a test
 * says otherwise.
 */
import { describe, expect, it } from 'vitest';
import { parseRawMessage } from '../../src/message/raw-message.js';

const fields = (text: string) => parseRawMessage(text).headers.map((h) => [h.name, h.rawValue]);

describe('parseRawMessage', () => {
  it('removes a leading mbox From line and keeps it aside', () => {
    const m = parseRawMessage('From sender@example.com Thu Jan  1 00:00:00 2020\nSubject: hi\n\nbody\n');
    expect(m.mboxSeparator).toBe('From sender@example.com Thu Jan  1 00:00:00 2020\n');
    expect(m.headers).toEqual([{ name: 'Subject', rawValue: ' hi\n' }]);
    expect(m.pristineHeader).toBe('Subject: hi\n\n');
    expect(m.pristineBody).toBe('body\n');
  });

  it('takes "From  :" (two spaces before the colon) for an mbox line, as SA does', () => {
    const m = parseRawMessage('From  : a@b.com\nSubject: x\n\nb\n');
    expect(m.mboxSeparator).toBe('From  : a@b.com\n');
    expect(fields('From  : a@b.com\nSubject: x\n\nb\n')).toEqual([['Subject', ' x\n']]);
  });

  it('keeps the value after the first colon with its leading space, folds and final newline', () => {
    expect(fields('X-Fold: one\n two\n\tthree\nX-Colon: a: b\n\nb\n')).toEqual([
      ['X-Fold', ' one\n two\n\tthree\n'],
      ['X-Colon', ' a: b\n'],
    ]);
  });

  it('strips blanks before the colon from the name', () => {
    expect(fields('Subject  : spaced\nX-Key\t: tab\n\nb\n')).toEqual([
      ['Subject', ' spaced\n'],
      ['X-Key', ' tab\n'],
    ]);
  });

  it('treats a CRLF message as CRLF when its first line ends in CRLF, squashing stored values to LF', () => {
    const m = parseRawMessage('Subject: x\r\nX-Fold: one\r\n two\n three\r\n\r\nbody\r\nline\n\r\n');
    expect(m.lineEnding).toBe('\r\n');
    expect(m.headers).toEqual([
      { name: 'Subject', rawValue: ' x\n' },
      { name: 'X-Fold', rawValue: ' one\n two\n three\n' },
    ]);
    // a bare LF inside the CRLF header block becomes CRLF even in the pristine header (Bug 7785)
    expect(m.pristineHeader).toBe('Subject: x\r\nX-Fold: one\r\n two\r\n three\r\n\r\n');
    expect(m.pristineBody).toBe('body\r\nline\n\r\n');
    expect(m.bodyLines).toEqual(['body\n', 'line\n', '\n']);
  });

  it('also treats it as CRLF when only the last line ends in CRLF', () => {
    const m = parseRawMessage('Subject: x\nX-A: a\n\nbody\nend\r\n');
    expect(m.lineEnding).toBe('\r\n');
    expect(m.pristineHeader).toBe('Subject: x\r\nX-A: a\r\n\r\n');
    expect(m.pristineBody).toBe('body\nend\r\n');
    expect(m.bodyLines).toEqual(['body\n', 'end\n']);
  });

  it('tolerates three invalid header lines and ends the header at the fourth', () => {
    const m = parseRawMessage('Subject: x\nbad line one\nbad line two\nFrom: a@b.com\nbad three\nbad four\nTo: z@z.com\n\nb\n');
    expect(m.headers.map((h) => h.name)).toEqual(['Subject', 'From']);
    expect(m.flags).toEqual({ truncated_header: false, missing_head_body_separator: true });
    expect(m.pristineHeader).toBe('Subject: x\nbad line one\nbad line two\nFrom: a@b.com\nbad three\n');
    expect(m.pristineBody).toBe('bad four\nTo: z@z.com\n\nb\n');
    expect(m.diagnostics.filter((d) => d.code === 'invalid-header-line')).toHaveLength(4);
  });

  it('stores an invalid line as a field when a continuation brings a colon', () => {
    expect(fields('Subject: x\nbad line\n more: stuff\n\nb\n')).toEqual([
      ['Subject', ' x\n'],
      ['bad line\n more', ' stuff\n'],
    ]);
  });

  it('ends the header at a line starting with "--" (a MIME boundary)', () => {
    const m = parseRawMessage('Subject: x\n--boundary\nFrom: a@b.com\n\nb\n');
    expect(fields('Subject: x\n--boundary\nFrom: a@b.com\n\nb\n')).toEqual([['Subject', ' x\n']]);
    expect(m.flags.missing_head_body_separator).toBe(true);
    expect(m.pristineBody).toBe('--boundary\nFrom: a@b.com\n\nb\n');
  });

  it('keeps the last field of a message without body and flags the missing separator', () => {
    const m = parseRawMessage('Subject: no body');
    expect(m.headers).toEqual([{ name: 'Subject', rawValue: ' no body' }]);
    expect(m.flags.missing_head_body_separator).toBe(true);
    expect(m.pristineHeader).toBe('Subject: no body');
  });

  it('reads an empty message as a single newline (Bug 4884)', () => {
    const m = parseRawMessage('');
    expect(m.headers).toEqual([]);
    expect(m.pristineHeader).toBe('\n');
    expect(m.flags.missing_head_body_separator).toBe(false);
  });

  it('stores a field that starts with a continuation line under a name with a leading blank', () => {
    expect(fields(' lead: cont\nSubject: s\n\nb\n')).toEqual([
      [' lead', ' cont\n'],
      ['Subject', ' s\n'],
    ]);
  });

  it('cuts names over 256 and values over 8192 characters and flags truncated_header', () => {
    const m = parseRawMessage(`Subject: ${'x'.repeat(9000)}\nX-${'k'.repeat(300)}: v\n\nb\n`);
    expect(m.headers[0]!.rawValue).toBe(` ${'x'.repeat(8191)}`);
    expect(m.headers[1]!.name).toBe(`X-${'k'.repeat(254)}`);
    expect(m.flags.truncated_header).toBe(true);
  });

  it('shortens a run of more than 20 blank body lines to 20, leaving the pristine body alone', () => {
    const m = parseRawMessage(`Subject: a\n\nx\n${'\n'.repeat(25)}end\n`);
    expect(m.bodyLines).toEqual(['x\n', ...Array(20).fill('\n'), 'end\n']);
    expect(m.pristineBody).toBe(`x\n${'\n'.repeat(25)}end\n`);
  });

  it('keeps 21 blank lines when the run opens the body (SA off-by-one)', () => {
    const m = parseRawMessage(`Subject: a\n${'\n'.repeat(25)}end\n`);
    expect(m.bodyLines).toEqual([...Array(21).fill('\n'), 'end\n']);
  });

  it('accepts a Buffer as bytes', () => {
    // ours: a Buffer is the same message as its binary string
    const m = parseRawMessage(Buffer.from([0x53, 0x3a, 0x20, 0xe9, 0x0a, 0x0a]));
    expect(m.headers).toEqual([{ name: 'S', rawValue: ' \xe9\n' }]);
  });

  it('drops an MBX separator line and says that SA 4.0.1 itself dies on it', () => {
    // not Perl-verified: SA 4.0.1 dies here (`timelocal` is not imported into Message.pm);
    // the From line is what its code means to build
    const m = parseRawMessage('22-Mar-2002 10:11:12 +0000,1234;000000000000-00000000\nFrom: <mbx@example.com>\nSubject: mbx\n\nb\n');
    expect(m.mboxSeparator).toBe('From mbx@example.com Fri Mar 22 10:11:12 2002\n');
    expect(m.headers.map((h) => h.name)).toEqual(['From', 'Subject']);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['mbx-separator']);
  });
});

describe('parseRawMessage on hostile bodies and header lines', () => {
  it('cuts 50,000 runs of 22 blank lines to 20 lines each', () => {
    const body = ('\n'.repeat(22) + 'x\n').repeat(50_000);
    const m = parseRawMessage('Subject: s\n\n' + body);
    expect(m.pristineBody).toBe(body);
    expect(m.bodyLines.length).toBe(50_000 * 21 + 1); // the run at the top keeps 21
    expect(m.bodyText).toBe('\n' + ('\n'.repeat(20) + 'x\n').repeat(50_000));
  });

  it('trims the blanks before the colon of a field name however many blanks it holds', () => {
    const m = parseRawMessage(`Subject: s\nX-${' '.repeat(100_000)}y ${'\t'.repeat(100_000)}: v\n\nb\n`);
    // an invalid line with a colon is still collected; its name is cut at 256 characters
    expect(m.headers.map((h) => [h.name.length, h.rawValue])).toEqual([[7, ' s\n'], [256, ' v\n']]);
    expect(m.flags.truncated_header).toBe(true);
  });
});
