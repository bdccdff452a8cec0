/**
 * A seeded generator of adversarial messages for the fuzz oracle: random MIME structures,
 * charsets, transfer encodings and HTML full of the constructs SpamAssassin's parser and
 * renderer treat specially. Output is binary strings (one char per byte).
 */
import iconv from 'iconv-lite';

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HTML_BITS = [
  'Hello world', ' foo&amp;bar ', '&eacute;t&eacute;', '&#8217;', '&#x2019;s', '&#160;', '&nbsp;&nbsp;x', '&ampfoo',
  '&lt;b&gt;', '&#0;', '&#xD800;&#xDC00;', '&#55357;&#56832;', '&#1114112;', '&Alpha', '&Alpha;', '&euro;', '&euro',
  '&copy', '&#65;&#x42;', '&unknown;', '<p>', '</p>', '<br>', '<br/>', '<br />', '<BR>', '<div>', '</div>', '<li>',
  '<td>', '<tr>', '<th>', '</td>', '</tr>', '<table bgcolor=red>', '</table>', '<font color=#ffffff>', '</font>',
  '<font color=white size=1>', '<font size="+3">', '<font face="Arial, Helvetica">', '<font face="@#$">',
  "<span style='display:none'>", '</span>', '<span style="color: rgb(255,255,255)">',
  '<span style="color:#FFF; background-color: #fff">', '<body bgcolor=#000000 text=#000000>', '<body text="#ffffff">',
  '<div style="background:#fff;color:#fff">', '<div style="background: url(x.png) white">', '<big>', '<small>',
  '<basefont size=1>', '<title>T</title>', '<title>Unterminated ', '<script>var x="<p>";</script>', '<script>x<y',
  '<style>p{color:red}</style>', '<style>p{}', '<!-- comment -->', '<!-- unterminated ', '<!-- a -- b -->',
  '<!---->', '<!DOCTYPE html>', "<!doctype foo bar 'x'>", '<![CDATA[ x < y ]]>', '<![if !supportLists]>',
  '<![endif]>', '<![IGNORE[ hidden ]]>', '<![ INCLUDE [ inc ]]>', ']]>', '] x', '<?xml x?>', '</ foo>', '</>',
  '<a href="http://x.com/">link</a>', "<a href='rel/x.html'>", '</a>', '<img src=x width=10 height=20>',
  '<img src="p.gif" width="50%" height="0">', '<a href="unclosed>', '< notatag', 'a < b > c', '<xmp><b>x</b></xmp>',
  '<textarea>&amp;</textarea>', '<plaintext>rest', '<o:p></o:p>', '<h1>H</h1>', '<blockquote>q</blockquote>',
  '\u201cquoted\u201d', 'x\ty\r\nz', '<marquee>m</marquee>', '<p style="visibility:hidden">h</p>',
  '<font color=invalidcolor>z</font>', '<iframe>i</iframe>', '<td style="color: transparent">t</td>',
  '<base href="http://base.example/dir/index.html">', '<meta http-equiv="refresh" content="0; url=http://r.example/">',
  '<form action="mailto:x@y">', '<embed src=e>', '<hr>', '<pre>  pre  </pre>', '<dt>d<dd>e', '<h3>t</h3>',
  'Gr\u00f6\u00dfe', '\u65e5\u672c\u8a9e', '\ud83d\ude00', '\u00a0', '\u2003', 'caf\u00e9', ' ', '  ', '\n', '\n\n',
  'word', 'longwordlongword', '<unknowntag>', '</unknowntag>', '<p\nclass=x>', "<a title='a>b'>", '<x =y>',
  '<b>bold</b>', '<i>it</i>', 'zz]]>yy', '&#x110000;', '&#xFFFE;', '&#xFDD0;',
  '<a href="x" title="unclosed>text', '<!-- -- >', '<!--->', '<![CDATA[ unterminated', '</script foo>',
  '<script>a</script >', '<title>t<b>x</b>', '<![INCLUDE[ x ]] >', '<![ ignore [ <p>x</p> ]]>', '<![RCDATA[ &amp; ]]>',
  '<!ENTITY x "y">', '<!ELEMENT x>', '<!1>', '<! >', '&amp', '&#38', '&#x26', '&', '&#', '&#x', '<', '<a', '< ', '</', '<!--',
  '<!', '<?x', '<p/>', '<img/>', '<br	/>', '<font color="#f0f0f0" style="">', '<font color=#fffffe>',
  '<body bgcolor="#fff" text="#ffffff">', '<span style="font-size:1px">', '<font size=0>', '<font size="-5">',
  '<div style="display: NONE !important">', '<span style="color: inherit">', '<span style="color: red !important">',
  '<span style="color:rgb(10%,20%,30%)">', '<font color="rgb(300,0,0)">', '<font color=#abcd>', '<font color="#">',
  '<td bgcolor=white style="background-color: transparent; color: transparent">', '\u00c2\u00a0', 'x\u00a0y',
  '<a href=http://a.b/c?d=e&amp;f=g>', '<area href="/rel">', '<link href="//host/x">', '<frame src="../up">',
  '<BASE HREF="ftp://f.example/a/b.htm">', '<A HREF="http://x">X</A>', '<tbody><tr><td>cell</td></tr></tbody>',
  '<li>one<li>two', '<dl><dt>t<dd>d</dl>', '<h6>six</h6>', '<listing>l</listing>', '<embed>', '<bgsound src=s>',
  '<st1:place>p</st1:place>', '<o:p>&nbsp;</o:p>', '<x-sigsep>', '<nobr>n</nobr>', '<center>c</center>',
  'text   with\t\ttabs', '\r', '\f', '\x0b', '\x00', 'word'.repeat(600), ('w ').repeat(1200),
];

const PLAIN_BITS = [
  'Hello world.', 'caf\u00e9 cr\u00e8me', '\u00a0nbsp\u00a0', 'em\u2003space', '\u3000ideo', '\u65e5\u672c', '\ud83d\ude00',
  '\n', '\n\n', '\n \n', '\t', '   ', '\r\n', '\x00', '\n\u00a0\n', '\u2000\n\u3000\n', '<b>not html</b>',
  '<html><body>looks like html</body></html>', '\u200b', '\ufeff', '\u00ad', '\x85', '=\n', '=20\n', ' \n', 'x'.repeat(3000), ('word ').repeat(700), '\n'.repeat(25),
  'line\n', '\u201csmart\u201d', '\u2028ls', '\u0085nel', '--notaboundary\n', 'From me\n', '=3D', '= \n', '\f\x0b',
];

const CHARSETS = [
  'us-ascii', 'utf-8', 'UTF-8', 'iso-8859-1', 'ISO-8859-15', 'windows-1252', 'windows-1251', 'koi8-r', 'gb2312',
  'big5', 'euc-kr', 'iso-2022-jp', 'shift_jis', 'utf-16', 'utf-16le', 'x-unknown', 'unknown-8bit', 'gb18030', '',
  'latin1', 'cp1252', 'iso-8859-2', 'UTF8', 'ks_c_5601-1987',
];

/** A message generator bound to one PRNG. */
export class MessageFuzzer {
  private n = 0;
  constructor(private readonly r: () => number) {}

  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.r() * a.length)]!;
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private text(bits: readonly string[], max: number): string {
    const n = 1 + Math.floor(this.r() * max);
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(bits) + (this.chance(0.5) ? ' ' : '');
    return s;
  }

  /** Unicode text to bytes in a charset, sometimes deliberately mislabelled. */
  private encodeCharset(text: string, charset: string): string {
    const mode = this.r();
    let enc = charset.toLowerCase();
    if (mode < 0.15) enc = 'utf-8';
    else if (mode < 0.25) enc = 'windows-1252';
    if (enc === '' || enc === 'us-ascii' || enc === 'x-unknown' || enc === 'unknown-8bit') enc = this.chance(0.5) ? 'utf-8' : 'latin1';
    if (enc === 'iso-2022-jp') enc = 'euc-jp';
    if (enc === 'utf-16') enc = this.chance(0.5) ? 'utf-16le' : 'utf-16be';
    if (!iconv.encodingExists(enc)) enc = 'utf-8';
    return iconv.encode(text, enc).toString('latin1');
  }

  private qp(bin: string): string {
    let out = '';
    let col = 0;
    for (const ch of bin) {
      const c = ch.charCodeAt(0);
      let piece: string;
      if (ch === '\n') {
        out += '\n';
        col = 0;
        continue;
      }
      if (c === 0x3d || c > 0x7e || (c < 0x20 && ch !== '\t')) piece = '=' + c.toString(16).toUpperCase().padStart(2, '0');
      else piece = ch;
      if (this.chance(0.02)) piece = piece.toLowerCase();
      if (col + piece.length > 72) {
        out += this.chance(0.9) ? '=\n' : '= \n';
        col = 0;
      }
      out += piece;
      col += piece.length;
    }
    if (this.chance(0.1)) out += '=ZZ =\n';
    return out;
  }

  private b64(bin: string): string {
    let s = Buffer.from(bin, 'latin1').toString('base64');
    if (this.chance(0.1)) s = s.replace(/=+$/, '');
    if (this.chance(0.05)) s = s.slice(0, 8) + '==' + s.slice(8);
    if (this.chance(0.05)) s = s.slice(0, 5) + '*!' + s.slice(5);
    if (this.chance(0.05)) s += 'Q';
    return s.replace(/.{1,76}/g, (m) => m + '\n');
  }

  private encodeTransfer(bin: string): { cte: string; body: string } {
    const x = this.r();
    if (x < 0.3) return { cte: 'quoted-printable', body: this.qp(bin) };
    if (x < 0.55) return { cte: this.pick(['base64', 'BASE64', ' base64 ']), body: this.b64(bin) };
    if (x < 0.6) return { cte: 'x-uuencode', body: bin };
    return { cte: this.pick(['7bit', '8bit', '']), body: bin };
  }

  /** One leaf part: headers (without the blank line) and body. */
  private leaf(depth: number): { headers: string; body: string } {
    const kind = this.r();
    if (kind < 0.06 && depth < 3) {
      const inner = this.message(depth + 1);
      const t = this.encodeTransfer(inner);
      return { headers: `Content-Type: message/rfc822${t.cte ? `\nContent-Transfer-Encoding: ${t.cte}` : ''}`, body: t.body };
    }
    if (kind < 0.1) {
      const t = this.encodeTransfer('\x89PNG\r\n\x1a\n' + this.text(PLAIN_BITS, 3));
      const name = this.pick(['a.png', 'page.html', 'x.HTM', '"file.shtml"', 'doc.txt']);
      return {
        headers: `Content-Type: ${this.pick(['application/octet-stream', 'image/png', 'text/calendar', 'message/delivery-status'])}; name=${name}\nContent-Disposition: attachment; filename=${name}\nContent-Transfer-Encoding: ${t.cte}`,
        body: t.body,
      };
    }
    const html = kind < 0.55;
    const charset = this.pick(CHARSETS);
    const text = html ? this.text(HTML_BITS, 40) : this.text(PLAIN_BITS, 20);
    const t = this.encodeTransfer(this.encodeCharset(text, charset));
    const type = html ? this.pick(['text/html', 'TEXT/HTML', 'text/html']) : this.pick(['text/plain', 'text/enriched', 'text', 'text/plain']);
    let ct = `Content-Type: ${type}`;
    if (charset !== '') ct += this.chance(0.5) ? `; charset="${charset}"` : `;\n\tcharset=${charset}`;
    if (this.chance(0.05)) ct += `; name="${this.pick(['x.html', '=?utf-8?Q?a.html?=', 'n.txt', 'a.htm '])}"`;
    if (this.chance(0.05)) ct = ct.replace('Content-Type:', this.pick(['Content-Type :', 'content-type:', 'Content-type:\n ']));
    if (this.chance(0.03)) ct = `Content-Type: text/plain\n${ct}`;
    const headers = [ct];
    if (t.cte !== '') headers.push(`Content-Transfer-Encoding: ${t.cte}`);
    if (this.chance(0.03)) headers.push('Content-Disposition: inline; filename="page.html"');
    if (this.chance(0.05)) headers.length = 0;
    return { headers: headers.join('\n'), body: t.body };
  }

  private multipart(depth: number, inherited?: string): { headers: string; body: string } {
    const boundary = inherited ?? this.pick(['b1', '----=_Part_' + this.n++, 'sep ' + this.n++, '=_x' + this.n++, '0', 'a.b+c']);
    const sub = this.pick(['mixed', 'alternative', 'related', 'digest', 'MIXED']);
    const quoted = this.chance(0.6) || boundary.includes(' ');
    const headers = `Content-Type: multipart/${sub};\n boundary=${quoted ? `"${boundary}"` : boundary}`;
    let body = this.chance(0.5) ? 'This is a multi-part message in MIME format.\n\n' : '';
    const count = 1 + Math.floor(this.r() * 4);
    for (let i = 0; i < count; i++) {
      body += `--${boundary}${this.chance(0.1) ? '  ' : ''}\n`;
      const nest = depth < 3 && this.chance(0.2);
      const part = nest ? this.multipart(depth + 1, this.chance(0.2) ? boundary : undefined) : this.leaf(depth);
      if (this.chance(0.05)) body += part.body + '\n';
      else body += part.headers + (this.chance(0.05) ? '\n' : '\n\n') + part.body + (this.chance(0.5) ? '\n' : '');
    }
    if (this.chance(0.85)) body += `--${boundary}--${this.chance(0.1) ? ' \t' : ''}\n`;
    if (this.chance(0.2)) body += this.pick(['\n.\n', 'epilogue text\n', '\n\n', `--${boundary}\nafter\n`]);
    if (this.chance(0.05)) body = body.replace(/\n/g, '\r\n');
    return { headers, body };
  }

  /** Rare, expensive shapes: many parts, deep nesting, huge parts. */
  private special(): string | undefined {
    const x = this.r();
    if (x < 0.003) {
      let body = '';
      for (let i = 0; i < 1003; i++) body += `--m\nContent-Type: text/plain\n\npart ${i}\n`;
      return `Subject: many\nContent-Type: multipart/mixed; boundary=m\n\n${body}--m--\n`;
    }
    if (x < 0.006) {
      let msg = 'Subject: deep\nContent-Type: text/plain\n\ninnermost\n';
      for (let i = 0; i < 23; i++) msg = `Subject: level ${i}\nContent-Type: message/rfc822\n\n${msg}`;
      return msg;
    }
    if (x < 0.009) {
      const big = this.pick(['word '.repeat(12000), 'x'.repeat(60000), ('line\n').repeat(11000), '<p>' + 'y '.repeat(30000)]);
      return `Subject: big\nContent-Type: text/${this.pick(['plain', 'html'])}\n\n${big}`;
    }
    if (x < 0.011) return `Subject: huge\nContent-Type: text/html\n\n${'<b>z</b>'.repeat(70000)}`;
    if (x < 0.014) return 'From sender@x Mon Jan 1 00:00:00 2024\nSubject: mbox\n\nbody\n';
    if (x < 0.017) return `Subject: nobody\nContent-Type: multipart/alternative; boundary="q"`;
    if (x < 0.02) return 'Content-Type: multipart/mixed; boundary="q"\n--q\nContent-Type: text/plain\n\nno separator\n--q--\n';
    return undefined;
  }

  /** A whole message (binary string). */
  message(depth = 0): string {
    if (depth === 0) {
      const sp = this.special();
      if (sp !== undefined) return sp;
    }
    const top = this.chance(0.6) ? this.multipart(depth) : this.leaf(depth);
    const subject = this.pick(['Hello', '=?utf-8?B?w6l0w6k=?=', '=?iso-8859-1?Q?caf=E9?= x', 'plain \u00e9'.replace('\u00e9', '\xe9')]);
    let msg = `From: a@example.com\nTo: b@example.com\nSubject: ${subject}\nMIME-Version: 1.0\n${top.headers}\n\n${top.body}`;
    if (depth === 0 && this.chance(0.1)) msg = msg.replace(/\n/g, '\r\n');
    return msg;
  }
}
