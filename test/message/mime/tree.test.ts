/**
 * The MIME tree: multipart splitting quirks, parser flags, find_parts order and nested
 * messages. Expected values were produced by running Perl SpamAssassin 4.0.1 on the same
 * messages (`$sa->parse($text)`, then `find_parts(qr/./)` with each part's `{type}`,
 * `{charset}`, `{name}`, the flags on the message object, and get_decoded_body_text_array).
 */
import { describe, expect, it } from 'vitest';
import { buildMimeTree, buildMimeTreeFromRaw, decodePart, findParts, leafParts, splitMessage } from '../../../src/message/mime/index.js';
import { rawBodyArray } from '../../../src/message/body/index.js';

const msg = (...lines: string[]) => lines.join('\n') + '\n';
const types = (raw: string) => findParts(buildMimeTreeFromRaw(raw).root, /./).map((p) => p.type);

describe('multipart splitting', () => {
  const preamble = msg(
    'Subject: t', 'Content-Type: multipart/mixed; boundary="b"', '', 'preamble', '--b', 'Content-Type: text/plain', '',
    'one', '', '--b', 'Content-Type: text/html', '', '<p>two</p>', '--b--', 'epilogue text',
  );

  it('skips the preamble, drops the newline before each boundary and notes an epilogue', () => {
    const tree = buildMimeTreeFromRaw(preamble);
    expect(types(preamble)).toEqual(['multipart/mixed', 'text/plain', 'text/html']);
    expect(rawBodyArray(tree)).toEqual(['one\n', '<p>two</p>']);
    expect(tree.flags.mimeEpilogueExists).toBe(true);
    expect(tree.flags.boundaryState.get('b')).toBe(0);
  });

  it('does not count dots and blank lines after the closing boundary as an epilogue', () => {
    const tree = buildMimeTreeFromRaw(msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'one', '--b--', '.', ''));
    expect(tree.flags.mimeEpilogueExists).toBe(false);
    expect(tree.flags.missingMimeHeaders).toBe(true);
  });

  it('flags a part without headers and a header block running into body text', () => {
    const tree = buildMimeTreeFromRaw(
      msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'just text', '--b', 'Content-Type: text/plain', 'no blank line', '--b--'),
    );
    expect(tree.flags.missingMimeHeaders).toBe(true);
    expect(tree.flags.missingMimeHeadBodySeparator).toBe(true);
    expect(rawBodyArray(tree)).toEqual(['just text', 'no blank line']);
  });

  it('drops a part header still pending when the next boundary comes', () => {
    const tree = buildMimeTreeFromRaw(
      msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/html', '--b', 'Content-Type: text/plain', '', 'x', '--b--'),
    );
    expect(leafParts(tree.root).map((p) => [p.type, p.charset])).toEqual([['text/plain', 'us-ascii'], ['text/plain', undefined]]);
    expect(rawBodyArray(tree)).toEqual(['', 'x']);
  });

  it('tolerates one level of a nested multipart reusing the parent boundary', () => {
    const raw = msg(
      'Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: multipart/alternative; boundary=b', '',
      '--b', 'Content-Type: text/plain', '', 'inner', '--b--', '--b', 'Content-Type: text/plain', '', 'outer', '--b--',
    );
    expect(types(raw)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/plain']);
    expect(rawBodyArray(buildMimeTreeFromRaw(raw))).toEqual(['inner', 'outer']);
  });

  it('lets a child multipart without boundary use its parent boundary', () => {
    const raw = msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: multipart/alternative', '', 'alt body', '--b--');
    expect(types(raw)).toEqual(['multipart/mixed', 'multipart/alternative', 'text/plain']);
  });

  it('reads a multipart without boundary as text/plain', () => {
    const raw = msg('Subject: t', 'Content-Type: multipart/mixed', '', '--x', 'Content-Type: text/html', '', '<b>x</b>');
    expect(types(raw)).toEqual(['text/plain']);
    expect(rawBodyArray(buildMimeTreeFromRaw(raw))).toEqual(['\n--x\nContent-Type: text/html\n\n<b>x</b>\n']);
  });

  it('inserts a blank line when a multipart body starts with neither a blank line nor its boundary (bug 6845)', () => {
    const raw = msg('Subject: t', 'Content-Type: multipart/mixed; boundary=q', '', 'Content-Type: text/html', '', '<i>x</i>');
    expect(types(raw)).toEqual(['multipart/mixed', 'text/plain']);
    expect(rawBodyArray(buildMimeTreeFromRaw(raw))).toEqual(['Content-Type: text/html\n\n<i>x</i>\n']);
  });

  it('cuts lines over 2048 characters inside multipart parts, adding a newline', () => {
    const raw = msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'a'.repeat(2100), '--b--');
    expect(rawBodyArray(buildMimeTreeFromRaw(raw))).toEqual(['a'.repeat(2048) + '\n' + 'a'.repeat(52)]);
  });

  it('turns CRLF line ends into LF and removes the CRLF that belongs to a boundary', () => {
    const raw = 'Subject: crlf\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\nline one\r\nline two\r\n\r\n--c--\r\n';
    expect(rawBodyArray(buildMimeTreeFromRaw(raw))).toEqual(['line one\nline two\n']);
  });

  it('stops at 1000 parts and flags it, leaving the closing boundary unseen', () => {
    let body = '';
    for (let i = 0; i < 1003; i++) body += `--m\nContent-Type: text/plain\n\npart ${i}\n`;
    const tree = buildMimeTreeFromRaw(`Subject: many\nContent-Type: multipart/mixed; boundary=m\n\n${body}--m--\n`);
    expect(leafParts(tree.root)).toHaveLength(1000);
    expect(tree.flags.mimepartLimitExceeded).toBe(true);
    expect(tree.flags.boundaryState.get('m')).toBe(1);
    expect(rawBodyArray(tree).at(-1)).toBe('part 999');
  });
});

describe('part types, names and nested messages', () => {
  it('types a part without Content-Type in multipart/digest as message/rfc822 and parses it', () => {
    const tree = buildMimeTreeFromRaw(msg('Subject: t', 'Content-Type: multipart/digest; boundary=d', '', '--d', '', 'Subject: inner', '', 'digest body', '--d--'));
    expect(findParts(tree.root, /./).map((p) => [p.type, p.charset, p.children ? 'inner' : 'leaf'])).toEqual([
      ['multipart/digest', undefined, 'inner'],
      ['message/rfc822', 'us-ascii', 'inner'],
      ['text/plain', 'us-ascii', 'leaf'],
    ]);
  });

  it('decodes a base64 message/rfc822 part and re-parses it as a message', () => {
    const inner = Buffer.from('Subject: inner\r\nContent-Type: text/html\r\n\r\n<b>inner</b> text\r\n').toString('base64');
    const raw = msg('Subject: outer', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: message/rfc822', 'Content-Transfer-Encoding: base64', '', inner, '--b--');
    const tree = buildMimeTreeFromRaw(raw);
    expect(types(raw)).toEqual(['multipart/mixed', 'message/rfc822', 'text/html']);
    expect(rawBodyArray(tree)).toEqual(['<b>inner</b> text\n']);
    // base64 output of message/* types has CRLF turned to LF, so the nested message is LF-only
    expect(findParts(tree.root, /^message\//)[0]!.children![0]!.message?.crlf).toBe(false);
  });

  it('re-parses nested messages 20 levels down, then keeps the rest as a message/rfc822 leaf', () => {
    let raw = 'Subject: innermost\nContent-Type: text/plain\n\ninnermost body\n';
    for (let i = 0; i < 22; i++) raw = `Subject: level ${i}\nContent-Type: message/rfc822\n\n${raw}`;
    const tree = buildMimeTreeFromRaw(raw);
    const parts = findParts(tree.root, /./);
    expect(parts).toHaveLength(21);
    expect(leafParts(tree.root).map((p) => p.type)).toEqual(['message/rfc822']);
    expect(rawBodyArray(tree)).toEqual([
      'Subject: level 0\nContent-Type: message/rfc822\n\nSubject: innermost\nContent-Type: text/plain\n\ninnermost body\n',
    ]);
  });

  it('takes attachment names from Content-Disposition or Content-Type; *.html makes a part HTML', () => {
    const raw = msg(
      'Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: application/octet-stream; name="page.html"', '',
      '<p>hi</p>', '--b', 'Content-Type: text/calendar', '', 'BEGIN:VCALENDAR', '--b', 'Content-Type: message/delivery-status', '',
      'Status: 5.0.0', '--b', 'Content-Type: image/gif', 'Content-Transfer-Encoding: base64', '', 'R0lGODlh', '--b--',
    );
    const tree = buildMimeTreeFromRaw(raw);
    expect(leafParts(tree.root).map((p) => [p.type, p.name])).toEqual([
      ['application/octet-stream', 'page.html'], ['text/calendar', undefined], ['message/delivery-status', undefined], ['image/gif', undefined],
    ]);
    // rawbody: text and message parts only (the .html attachment counts as text), never text/calendar
    expect(rawBodyArray(tree)).toEqual(['<p>hi</p>', 'Status: 5.0.0']);
  });
});

describe('part headers', () => {
  it('decodes RFC 2047 words in part headers and ignores a "Content-Type :" key (space before colon)', () => {
    const raw = msg(
      'Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: application/octet-stream; name="=?utf-8?Q?x.html?="', '',
      '<p>enc</p>', '--b', 'Content-Type : text/html', '', '<p>spaced key</p>', '--b--',
    );
    const tree = buildMimeTreeFromRaw(raw);
    expect(leafParts(tree.root).map((p) => [p.type, p.name, p.charset])).toEqual([
      ['application/octet-stream', 'x.html', undefined],
      ['text/plain', undefined, 'us-ascii'],
    ]);
  });
});

describe('entry points', () => {
  it('builds the same tree from pre-split header fields as from the raw message', () => {
    const raw = msg('Subject: t', 'Content-Type: multipart/mixed;', ' boundary="b"', '', '--b', 'Content-Type: text/plain', '', 'one', '--b--');
    const split = splitMessage(raw);
    const tree = buildMimeTree({ headers: split.headers, body: split.pristineBody });
    expect(findParts(tree.root, /./).map((p) => p.type)).toEqual(types(raw));
    expect(rawBodyArray(tree)).toEqual(['one']);
  });

  it('notes a header section that ends without a blank line and removes an mbox From line', () => {
    expect(splitMessage('Subject: only\n').missingHeadBodySeparator).toBe(true);
    const s = splitMessage(msg('From someone@example.com Mon Jan  1 00:00:00 2024', 'Subject: m', '', 'body'));
    expect(s.mboxSeparator).toBe('From someone@example.com Mon Jan  1 00:00:00 2024\n');
    expect(s.headers.map((h) => h.name)).toEqual(['Subject']);
  });
});

describe('large and hostile structures', () => {
  it('parses 300 multiparts of 900 parts each, keeping SA\'s breadth-first part order', () => {
    const inner = (o: number) => Array.from({ length: 900 }, (_, i) => `--in\nContent-Type: text/plain\n\n${o}.${i}\n`).join('') + '--in--\n';
    const outer = Array.from({ length: 300 }, (_, o) => `--out\nContent-Type: multipart/mixed; boundary=in\n\n${inner(o)}`).join('');
    const tree = buildMimeTreeFromRaw(`Subject: many\nContent-Type: multipart/mixed; boundary=out\n\n${outer}--out--\n`);
    const leaves = leafParts(tree.root);
    expect(leaves).toHaveLength(270_000);
    expect(rawBodyArray(tree).slice(0, 2)).toEqual(['0.0', '0.1']);
    expect(rawBodyArray(tree).at(-1)).toBe('299.899');
  });

  it('decodes four base64 parts that each hold two runs of 8,000 "=" (issue #8)', () => {
    const line = Buffer.from('hello world, this is a line of base64 text!!').toString('base64');
    const b64 = `${line}\n`.repeat(10) + '='.repeat(4000) + '\n' + `${line}\n`.repeat(10) + '='.repeat(4000) + '\n';
    const part = `--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${b64}\n`;
    const tree = buildMimeTreeFromRaw(`Subject: eq\nContent-Type: multipart/mixed; boundary=b\n\n${part.repeat(4)}--b--\n`);
    // every inner '=' (the lines' own padding included) reads as 'A'; only the last run is padding
    const inner = (line.repeat(10) + '='.repeat(4000)).replace(/=/g, 'A') + line.repeat(9).replace(/=/g, 'A') + line;
    const expected = Buffer.from(inner, 'base64').toString('latin1');
    expect(leafParts(tree.root).map((p) => decodePart(p))).toEqual([expected, expected, expected, expected]);
  });
});
