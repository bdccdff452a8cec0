/**
 * The body, visible-body, rawbody and full texts. Expected values were produced by running
 * Perl SpamAssassin 4.0.1 on the same messages: get_rendered_body_text_array,
 * get_visible_rendered_body_text_array, get_invisible_rendered_body_text_array,
 * get_decoded_body_text_array and get_pristine.
 */
import { describe, expect, it } from 'vitest';
import { buildMimeTreeFromRaw, headerValues } from '../../../src/message/mime/index.js';
import {
  invisibleRenderedBodyArray,
  pristineMessage,
  rawBodyArray,
  renderedBodyArray,
  visibleRenderedBodyArray,
} from '../../../src/message/body/index.js';

const msg = (...lines: string[]) => lines.join('\n') + '\n';

/** Body arrays the way SA builds them, the Subject taken from the message itself. */
function views(raw: string) {
  const tree = buildMimeTreeFromRaw(raw);
  const subjects = headerValues(tree.root, 'subject');
  const subject = subjects.length ? subjects[subjects.length - 1] + '\n' : undefined;
  return {
    body: renderedBodyArray(tree, subject),
    visible: visibleRenderedBodyArray(tree, subject),
    invisible: invisibleRenderedBodyArray(tree),
    raw: rawBodyArray(tree),
  };
}

describe('body (rendered) array', () => {
  it('starts with the Subject line, then one line per paragraph with whitespace squeezed', () => {
    const v = views(msg('Subject: Para', '', 'first  line', 'continues\there', '', '', 'second\xc2\xa0para', ' ', '', 'third'));
    expect(v.body).toEqual(['Para\n', 'first line continues here\n', 'second para\n', 'third ']);
    expect(v.raw).toEqual(['first  line\ncontinues\there\n\n\nsecond\xc2\xa0para\n \n\nthird\n']);
  });

  it('uses "\\n" when there is no Subject, and the decoded Subject (UTF-8) when encoded', () => {
    expect(views(msg('From: x@y', '', 'body')).body).toEqual(['\n', 'body ']);
    expect(views(msg('Subject: =?utf-8?B?w6l0w6k=?= x', '', 'body')).body).toEqual(['\xc3\xa9t\xc3\xa9 x\n', 'body ']);
  });

  it('has only the Subject for a message without body', () => {
    expect(views('Subject: only\n')).toEqual({ body: ['only\n'], visible: ['only\n'], invisible: [], raw: [''] });
  });

  it('is UTF-8: mislabelled UTF-8 stays UTF-8, Windows-1252 and KOI8-R are transcoded', () => {
    expect(views(msg('Subject: t', 'Content-Type: text/plain; charset=iso-8859-1', '', 'caf\xc3\xa9 \xc2\xa0nbsp')).body)
      .toEqual(['t\n', 'caf\xc3\xa9 nbsp ']);
    expect(views(msg('Subject: t', 'Content-Type: text/plain; charset=iso-8859-1', '', '\x93quoted\x94 caf\xe9')).body)
      .toEqual(['t\n', '\xe2\x80\x9cquoted\xe2\x80\x9d caf\xc3\xa9 ']);
    expect(views(msg('Subject: t', 'Content-Type: text/plain; charset=koi8-r', '', '\xf0\xd2\xc9\xd7\xc5\xd4')).body)
      .toEqual(['t\n', '\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 ']);
  });

  it('keeps an entity-made NBSP as a byte when no part was decoded to characters (Perl octet semantics)', () => {
    expect(views(msg('Subject: t', 'Content-Type: text/html; charset=us-ascii', '', '<p>caf&eacute;&#160;x</p>')).body)
      .toEqual(['t\n', '\n', 'caf\xe9\xa0x\n']);
    // ...but one character above U+00FF makes the whole text UTF-8, NBSP then collapsing
    expect(views(msg('Subject: t', 'Content-Type: text/html; charset=us-ascii', '', '<p>caf&eacute;&#160;x &#8217;</p>')).body)
      .toEqual(['t\n', '\n', 'caf\xc3\xa9 x \xe2\x80\x99\n']);
  });

  it('includes HTML title and invisible text; the visible array drops the invisible part', () => {
    const html = msg(
      'Subject: Render', 'Content-Type: text/html', '',
      '<html><head><title>The Title</title><style>p{color:red}</style><script>var x="<p>";</script></head>',
      '<body>Hello<br>world<div>div</div>a&nbsp;&nbsp;b <p>para</p><ul><li>one<li>two</ul>',
      '<font color="#ffffff">hidden</font> <span style="display:none">gone</span> visible',
      '<!-- a comment --> &ldquo;q&rdquo; \xe2\x80\x9csmart\xe2\x80\x9d <a href="http://x.example/">link</a></body></html>',
    );
    const v = views(html);
    expect(v.body).toEqual([
      'Render\n', '\n', 'The Title\n', 'Hello world div a b\n', 'para\n',
      ' one two hidden gone visible \xe2\x80\x9cq\xe2\x80\x9d "smart" link ',
    ]);
    expect(v.visible.at(-1)).toBe(' one two visible \xe2\x80\x9cq\xe2\x80\x9d "smart" link ');
    expect(v.invisible).toEqual(['hiddengone']);
  });

  it('renders an attachment named *.html as HTML and separates parts with a newline', () => {
    const raw = msg(
      'Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: application/octet-stream; name="page.html"', '',
      '<p>hi</p>', '--b', 'Content-Type: image/gif', 'Content-Transfer-Encoding: base64', '', 'R0lGODlh', '--b--',
    );
    expect(views(raw).body).toEqual(['t\n', '\n', 'hi\n']);
  });

  it('splits lines over 2048 bytes after the last space at or before offset 2048', () => {
    const spaced = views(msg('Subject: t', '', 'word '.repeat(500))).body;
    expect(spaced.map((l) => l.length)).toEqual([2, 2045, 455]);
    // the multipart parser cut the 2100-character line at 2048; that newline became a space
    // at offset 2048, so the first piece is 2049 bytes long
    const cut = views(msg('Subject: t', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain', '', 'a'.repeat(2100), '--b--')).body;
    expect(cut.map((l) => l.length)).toEqual([2, 2049, 52]);
  });

  it('truncates each part to body_part_scan_size (50000) at the next space', () => {
    // 'word ' repeated: the next space after offset 50000 is at 50004, kept
    const body = views(msg('Subject: t', '', 'word '.repeat(12000))).body;
    expect(body).toHaveLength(26);
    expect(body.slice(1).join('').length).toBe(50005);
    // no newline or space within 1024 characters: cut hard at 50000
    const solid = views(msg('Subject: t', '', 'x'.repeat(60000))).body;
    expect(solid.slice(1).join('').length).toBe(50000);
  });
});

describe('rawbody array', () => {
  it('keeps original bytes and markup, decoding only the transfer encoding', () => {
    const qp = msg('Subject: t', 'Content-Type: text/plain', 'Content-Transfer-Encoding: quoted-printable', '', 'soft=', 'break =3d =3D =ZZ trailing   ', 'caf=E9');
    expect(views(qp).raw).toEqual(['softbreak = = =ZZ trailing\ncaf\xe9\n']);
    expect(views(qp).body).toEqual(['t\n', 'softbreak = = =ZZ trailing caf\xc3\xa9 ']);
    expect(views(msg('Subject: t', 'Content-Type: text/html', '', 'a <![CDATA[ x ]]> b')).raw).toEqual(['a <![CDATA[ x ]]> b\n']);
  });

  it('splits parts over 2048 bytes into chunks ending at a newline, else at ">"', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `line ${i} ` + 'x'.repeat(60));
    expect(views(msg('Subject: t', '', ...lines)).raw.map((c) => c.length)).toEqual([2060, 2070, 2070, 2090]);
    const html = msg('Subject: t', 'Content-Type: text/html', '', '<b>' + 'y'.repeat(5000) + '</b>' + 'z'.repeat(3000));
    expect(views(html).raw.map((c) => c.length)).toEqual([2049, 2958, 3001]);
  });

  it('truncates each part to rawbody_part_scan_size (500000) at the next newline', () => {
    const raw = views(msg('Subject: t', '', 'abcdefghi\n'.repeat(50100))).raw;
    expect(raw).toHaveLength(243);
    // the newline at offset 500009 ends the kept text
    expect(raw.join('').length).toBe(500010);
  });
});

describe('full text', () => {
  it('is the message without its mbox From line, CRLF kept', () => {
    expect(pristineMessage(msg('From someone@example.com Mon Jan  1 00:00:00 2024', 'Subject: m', '', 'body'))).toBe('Subject: m\n\nbody\n');
    const crlf = 'Subject: crlf\r\n\r\nline one\r\n';
    expect(pristineMessage(crlf)).toBe(crlf);
  });
});
