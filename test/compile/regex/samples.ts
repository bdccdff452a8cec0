/**
 * Subject strings for the differential tests: a seeded PRNG, strings drawn from a pattern's own
 * structure (so that most patterns actually match some subjects), and plausible mail text.
 */
import type { Node } from '../../../src/compile/regex/ast.js';

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
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

/** Random string of `length` chars drawn from `alphabet`. */
export function randomString(rand: () => number, alphabet: string, length: number): string {
  let s = '';
  for (let k = 0; k < length; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

/**
 * A string built by walking the pattern: a random member of each set, a random alternative, a
 * small random repeat count, the captured text for backreferences. Lookarounds and anchors are
 * ignored, so the result often (not always) matches.
 */
export function sampleFromAst(root: Node, rand: () => number): string {
  const captures = new Map<number, string>();
  const pickByte = (n: Extract<Node, { type: 'set' }>): string => {
    const members: number[] = [];
    for (let c = 0; c < 256; c++) if (n.set.has(c)) members.push(c);
    if (members.length === 0) return '';
    const printable = members.filter((c) => c >= 0x20 && c < 0x7f);
    const pool = printable.length > 0 && rand() < 0.85 ? printable : members;
    return String.fromCharCode(pool[Math.floor(rand() * pool.length)]!);
  };
  const gen = (n: Node): string => {
    switch (n.type) {
      case 'set':
        return pickByte(n);
      case 'assert':
        return '';
      case 'seq':
        return n.items.map(gen).join('');
      case 'alt':
        return gen(n.alternatives[Math.floor(rand() * n.alternatives.length)]!);
      case 'group': {
        if (n.kind !== 'capture' && n.kind !== 'plain' && n.kind !== 'atomic') return '';
        const text = gen(n.body);
        if (n.index !== undefined) captures.set(n.index, text);
        return text;
      }
      case 'repeat': {
        const extra = Math.min(n.max - n.min, 3);
        const count = n.min + Math.floor(rand() * (extra + 1));
        let s = '';
        for (let k = 0; k < count; k++) s += gen(n.body);
        return s;
      }
      case 'backref':
        return captures.get(n.group) ?? '';
    }
  };
  return gen(root);
}

/** Swaps the case of ASCII and Latin-1 letters at random positions. */
export function flipCase(s: string, rand: () => number): string {
  return s.replace(/[A-Za-z\xc0-\xde\xe0-\xfe]/g, (ch) => {
    if (rand() < 0.5) return ch;
    const c = ch.charCodeAt(0);
    if (c === 0xd7 || c === 0xf7) return ch;
    return String.fromCharCode(c ^ 0x20);
  });
}

/** Plausible mail text, one logical line per entry (headers keep their final newline). */
export const MAIL_LINES: readonly string[] = [
  'From: "John Doe" <john.doe@example.com>\n',
  'From: john@example.com\n',
  'From: "support@paypal.com" <random123@evil.example.ru>\n',
  'From: =?UTF-8?B?w4RwcGxl?= <noreply@apple-id.example.net>\n',
  'To: undisclosed-recipients:;\n',
  'To: "Jane" <jane@example.org>, bob@example.org\n',
  'Subject: Re: your invoice #12345\n',
  'Subject: ACT NOW! Limited time offer!!!\n',
  'Subject: =?iso-8859-1?Q?Gr=FC=DFe?=\n',
  'Subject: [SPAM] V1AGRA 100mg $0.99\n',
  'Subject: F r e e   m o n e y\n',
  'Message-Id: <1234abcd$5678ef01$0@mail.example.com>\n',
  'Message-ID: <CAF=abc123@mail.gmail.com>\n',
  'Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.org with ESMTP id 1234; Mon, 1 Jan 2024 00:00:00 +0000\n',
  'Received: from unknown (HELO 192.168.1.1) (10.0.0.1) by relay with SMTP; 1 Jan 2024\n',
  '[ ip=192.0.2.1 rdns=mail.example.com helo=mail.example.com by=mx.example.org ident= envfrom= intl=0 id=ABC123 auth= msa=0 ]\n',
  '[ ip=198.51.100.7 rdns= helo=EXAMPLE.COM by=mx.example.org ident= envfrom= intl=0 id= auth= msa=0 ]\n',
  '[ ip=10.1.2.3 rdns=host.example.net helo=HOST.EXAMPLE.NET by=mx ident= envfrom= intl=1 id= auth= msa=0 ] [ ip=10.1.2.3 rdns=x helo=!10.1.2.3! by=y ]\n',
  'Date: Mon, 01 Jan 2024 12:34:56 +0000\n',
  'Date: Mon, 01 Jan 2024 12:34:56 -2400\n',
  'X-Mailer: Microsoft Outlook Express 6.00.2600.0000\n',
  'Content-Type: text/html; charset="iso-8859-1"\n',
  'Content-Type: multipart/alternative; boundary="----=_NextPart_000_0000_1234ABCD.5678EF01"\n',
  'Content-Transfer-Encoding: base64\n',
  'Reply-To: winner@lottery.example\n',
  'Return-Path: <bounce-123@lists.example.com>\n',
  'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64)\n',
  'MIME-Version: 1.0\n',
  'Dear Friend,',
  'Congratulations! You have WON $1,000,000.00 USD in our online lottery.',
  'Click here to claim your prize: http://www.example.com/claim?id=12345',
  'Visit https://bit.ly/3abcDEF now',
  'To unsubscribe, reply with REMOVE in the subject line.',
  'This is not spam. You are receiving this because you opted in.',
  'Buy cheap viagra, cialis and other meds online without prescription!!!',
  'Your account has been suspended. Please verify your password at http://paypa1.example/login',
  'Best regards, Mr. Smith, Bank of Nigeria',
  'I am Barrister John, I have a business proposal of US$15.5 Million Dollars for you.',
  'Hello,\nhow are you?\r\nKind regards\n',
  'Gr\xfc\xdfe aus M\xfcnchen \u00e4\u00f6\u00fc',
  'Gr\xc3\xbc\xc3\x9fe aus M\xc3\xbcnchen',
  '\xe9conomisez 50% sur votre commande',
  'Caf\xc3\xa9 \xe2\x82\xac 20 \xc2\xa0 nbsp',
  'Tab\tseparated\tvalues\x0bwith vertical tab\x0c and form feed',
  'Weird\x85next line and \xa0 non-breaking',
  '<html><body><a href="http://evil.example.com/x">http://www.paypal.com/</a></body></html>',
  '<img src="http://img.example.com/pic.jpg" width="1" height="1">',
  '<div style="display:none">hidden text</div>',
  '<font color="#ffffff">invisible</font>&nbsp;&nbsp;',
  '=20=20quoted=3Dprintable=\n',
  'Call now: 1-800-555-0199 or +44 20 7946 0958',
  'Order #A1B2C3-D4E5-F6A7-B8C9D0E1F2A3 confirmed',
  '6f1ed002-ab5d-011-011-0123456789ab',
  'GUARANTEED!!! 100% FREE!!! NO RISK!!!',
  'm o r t g a g e   r a t e s',
  'V-i-a-g-r-a, C.i.a.l.i.s',
  '',
  '\n',
  ' ',
  'a\n',
  'end with newline\n',
  'two\nlines\n\n',
  'mixed\r\nline\rendings\n',
  '\x00\x01\x1b[0m binary \xff\xfe',
];

/** A few multi-line blocks (header block, `ALL`-style text, body paragraph). */
export const MAIL_BLOCKS: readonly string[] = [
  MAIL_LINES.slice(0, 28).join(''),
  '\nFrom: "Bob" <bob@example.com>\nTo: bob@example.com\nSubject: bob@example.com\n',
  '\nTo: alice@example.com\nFrom: "alice@example.com" <alice@example.com>\n',
  MAIL_LINES.slice(28, 40).join('\n'),
];
