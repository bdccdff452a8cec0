/**
 * Hostile mail: a generator of messages built to make a mail scanner slow, hungry or crash —
 * deep and wide MIME trees, broken transfer encodings, huge parts, HTML bombs, header floods,
 * charset garbage, inputs that make backtracking regexes explode, header names that collide with
 * `Object.prototype`, and malformed framing (NUL bytes, bare CR, no header/body separator).
 *
 * Every builder returns a `Buffer` (the raw bytes of one RFC 822 message) and is deterministic:
 * the same arguments (size and seed) always give the same bytes, so a failure found in CI can be
 * rebuilt locally. Nothing here is ever written to disk or committed; the tests build each message
 * in memory, scan it and drop it.
 *
 * {@link hostileCases} lists the catalogue the hostile test suite runs, each case with a name, a
 * sentence saying what it is, and a lazy `build()` (the large ones are tens of megabytes, so they
 * are only built when a test asks for them).
 *
 * The messages are written from scratch for these tests; none is taken from a real corpus.
 */

/** A small deterministic pseudo-random source (mulberry32): the same seed gives the same sequence. */
export interface Random {
  /** The next number in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
  /** `n` random bytes. */
  bytes(n: number): Buffer;
}

/**
 * Creates a {@link Random} from a 32-bit seed.
 * @param seed any number; only its low 32 bits matter.
 */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(list: readonly T[]): T => list[int(list.length)] as T,
    bytes: (n: number): Buffer => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = int(256);
      return b;
    },
  };
}

/** One byte per character: how every builder turns its text into the message's bytes. */
const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Repeats `unit` until the result is exactly `length` characters long. */
export function run(unit: string, length: number): string {
  if (length <= 0 || unit.length === 0) return '';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const WORDS = [
  'the', 'offer', 'money', 'account', 'free', 'click', 'here', 'meeting', 'report', 'viagra',
  'lottery', 'winner', 'urgent', 'transfer', 'million', 'dollars', 'please', 'reply', 'mortgage',
  'rate', 'unsubscribe', 'remove', 'guaranteed', 'credit', 'card', 'bank', 'password', 'verify',
  'limited', 'time', 'order', 'now', 'cheap', 'pills', 'schedule', 'project', 'attached', 'thanks',
];

/** Random words from a small vocabulary, in lines of about 70 characters, `length` characters in all. */
export function wordText(length: number, seed = 1): string {
  const rnd = createRandom(seed);
  const parts: string[] = [];
  let total = 0;
  let line = 0;
  while (total < length) {
    const w = rnd.pick(WORDS);
    const sep = line + w.length > 70 ? '\n' : ' ';
    if (sep === '\n') line = 0;
    parts.push(w, sep);
    line += w.length + 1;
    total += w.length + 1;
  }
  return parts.join('').slice(0, length);
}

/**
 * Text of `length` characters made by repeating a 256 KB block of {@link wordText}: building tens
 * of megabytes word by word would dominate the test's run time, and the scanner sees the same
 * kind of text either way.
 */
export function bigWordText(length: number, seed = 1): string {
  const block = wordText(Math.min(length, 256 * 1024), seed);
  return run(block.endsWith('\n') ? block : block + '\n', length);
}

/** Base64 of `data` in lines of 76 characters, each ended by `\n`. */
export function base64Lines(data: Buffer | string): string {
  const b64 = (typeof data === 'string' ? bytes(data) : data).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\n') + '\n';
}

/** Options of {@link message}. */
export interface MessageParts {
  /** Header lines, without line ends, placed after the standard ones. */
  headers?: readonly string[];
  /** Replaces the standard headers entirely (an empty list gives a message without them). */
  replaceHeaders?: readonly string[];
  /** The body, after the blank line. */
  body?: string;
  /** Line end used between header lines and before the body (default `\n`). */
  eol?: string;
}

/** The standard header block every generated message starts with, unless replaced. */
export const STANDARD_HEADERS: readonly string[] = [
  'Return-Path: <sender@example.com>',
  'Received: from mail.example.com (mail.example.com [192.0.2.10]) by mx.example.net (Postfix) with ESMTP id 4ABC123; Mon, 6 Jan 2025 10:00:00 +0000',
  'From: "Hostile Sender" <sender@example.com>',
  'To: recipient@example.net',
  'Subject: hostile test message',
  'Date: Mon, 6 Jan 2025 10:00:00 +0000',
  'Message-ID: <hostile.1@example.com>',
  'MIME-Version: 1.0',
];

/** Assembles a message: headers, a blank line, the body. */
export function message(parts: MessageParts = {}): Buffer {
  const eol = parts.eol ?? '\n';
  const headers = [...(parts.replaceHeaders ?? STANDARD_HEADERS), ...(parts.headers ?? [])];
  return bytes(headers.join(eol) + eol + eol + (parts.body ?? ''));
}

// ---------------------------------------------------------------------------------------------
// MIME structure

/**
 * A multipart tree `depth` levels deep: each level is a `multipart/mixed` whose only child is
 * the next level, the innermost a short `text/plain` part; every boundary is closed on the way
 * out. 500 levels is about 37 KB, 5,000 about 380 KB.
 */
export function deepMime(depth: number): Buffer {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    open.push(`--deep${i}\nContent-Type: multipart/mixed; boundary="deep${i + 1}"\n\n`);
    close.push(`\n--deep${i + 1}--\n`);
  }
  const body =
    'This is a multi-part message in MIME format.\n' +
    open.join('') +
    `--deep${depth}\nContent-Type: text/plain; charset=us-ascii\n\nthe innermost part, ${depth} levels down\n` +
    close.reverse().join('') +
    '\n--deep0--\n';
  return message({ headers: ['Content-Type: multipart/mixed; boundary="deep0"'], body });
}

/**
 * One `multipart/mixed` with `parts` children (10,000 is about 1.1 MB): mostly short
 * `text/plain`, every third `text/html` with a link, every fifth a base64 `application/octet-stream`.
 */
export function wideMime(parts: number, seed = 1): Buffer {
  const rnd = createRandom(seed);
  const out: string[] = ['This is a multi-part message in MIME format.\n'];
  for (let i = 0; i < parts; i++) {
    out.push('--wide\n');
    if (i % 5 === 4) {
      out.push(`Content-Type: application/octet-stream; name="f${i}.bin"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="f${i}.bin"\n\n`);
      out.push(base64Lines(rnd.bytes(48)));
    } else if (i % 3 === 2) {
      out.push(`Content-Type: text/html; charset=utf-8\n\n<p>part ${i} <a href="http://h${i}.example.com/">link</a></p>\n`);
    } else {
      out.push(`Content-Type: text/plain; charset=us-ascii\n\npart ${i} ${rnd.pick(WORDS)} ${rnd.pick(WORDS)}\n`);
    }
  }
  out.push('--wide--\n');
  return message({ headers: ['Content-Type: multipart/mixed; boundary="wide"'], body: out.join('') });
}

// ---------------------------------------------------------------------------------------------
// Broken transfer encodings

/**
 * Base64 text with a run of `equals` pad characters in the middle of it: valid base64 lines of
 * text, one line of `=` × `equals`, then more valid base64 lines. A decoder that rescans the pad
 * run for every `=` goes quadratic here.
 */
export function base64PadRunPart(equals: number, textLength = 4096, seed = 1): string {
  const half = Math.floor(textLength / 2);
  return base64Lines(wordText(half, seed)) + '='.repeat(equals) + '\n' + base64Lines(wordText(textLength - half, seed + 1));
}

/** A single-part `text/plain` message whose base64 body holds a run of `equals` `=` signs (see {@link base64PadRunPart}). */
export function brokenBase64(equals: number, seed = 1): Buffer {
  return message({
    headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
    body: base64PadRunPart(equals, 4096, seed),
  });
}

/**
 * A multipart message of about 309 KB whose four parts (text, HTML, text, an attachment) are
 * each about 77 KB of base64 with a run of 8,000 `=` inside.
 */
export function brokenBase64Multipart(seed = 1): Buffer {
  const types = ['text/plain; charset=utf-8', 'text/html; charset=utf-8', 'text/plain; charset=iso-8859-1', 'application/octet-stream; name="x.bin"'];
  const out: string[] = ['This is a multi-part message in MIME format.\n'];
  types.forEach((type, i) => {
    out.push(`--b64\nContent-Type: ${type}\nContent-Transfer-Encoding: base64\n\n`);
    out.push(base64PadRunPart(8000, 51_200, seed + i));
  });
  out.push('--b64--\n');
  return message({ headers: ['Content-Type: multipart/mixed; boundary="b64"'], body: out.join('') });
}

/**
 * Quoted-printable abuse in one `text/plain` part, about 420 KB: a line of 60,000 `=`; 30,000 lines
 * that are nothing but a soft break (`=`); 20,000 `=3D` escapes in a row; soft breaks followed by
 * trailing blanks (`=   \t`); lines ending in 40,000 spaces and tabs; a `=` before end of input.
 */
export function brokenQuotedPrintable(seed = 1): Buffer {
  const body = [
    'plain start of the message',
    '='.repeat(60_000),
    ...Array.from({ length: 30_000 }, () => '='),
    '=3D'.repeat(20_000),
    ...Array.from({ length: 5_000 }, (_, i) => `word${i}= \t  `),
    'text' + run(' \t', 40_000),
    run(' ', 40_000),
    'x' + run('\t', 40_000) + '=',
    wordText(50_000, seed),
    '=\r\n=\r\n=0=1=Z=zz=\n=',
  ].join('\n');
  return message({ headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], body });
}

// ---------------------------------------------------------------------------------------------
// Huge parts

/** A single `text/plain` part of `size` bytes of ordinary words. */
export function hugeText(size: number, seed = 1): Buffer {
  return message({ headers: ['Content-Type: text/plain; charset=us-ascii'], body: bigWordText(size, seed) });
}

/** A single `text/plain` part whose `size` bytes of words are base64-encoded (the message is about 4/3 as big). */
export function hugeBase64Text(size: number, seed = 1): Buffer {
  return message({
    headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
    body: base64Lines(bigWordText(size, seed)),
  });
}

/** A single line of `size` bytes with no line end at all. */
export function hugeSingleLine(size: number, seed = 1): Buffer {
  return message({ headers: ['Content-Type: text/plain; charset=us-ascii'], body: bigWordText(size, seed).replace(/\n/g, ' ') });
}

// ---------------------------------------------------------------------------------------------
// HTML bombs

/**
 * A `text/html` part of `size` bytes: paragraphs with styles, links, images, comments and entities,
 * repeated.
 */
export function hugeHtml(size: number, seed = 1): Buffer {
  const rnd = createRandom(seed);
  const chunks: string[] = [];
  let len = 0;
  for (let i = 0; len < 256 * 1024; i++) {
    const c =
      `<p style="color:#${(rnd.int(0xffffff)).toString(16).padStart(6, '0')};font-size:${rnd.int(20)}px">` +
      `${rnd.pick(WORDS)} &amp; ${rnd.pick(WORDS)} &#${65 + rnd.int(26)}; <a href="http://site${i % 50}.example.com/p?id=${i}">${rnd.pick(WORDS)}</a>` +
      `<img src="http://img.example.com/${i}.gif" width=1 height=1><!-- ${rnd.pick(WORDS)} --></p>\n`;
    chunks.push(c);
    len += c.length;
  }
  const html = '<html><head><title>offer</title></head><body>\n' + run(chunks.join(''), size) + '\n</body></html>\n';
  return message({ headers: ['Content-Type: text/html; charset=utf-8'], body: html });
}

/** A `text/html` part of about 2 MB holding `count` distinct links (20,000 by default). */
export function htmlManyUrls(count = 20_000): Buffer {
  const out: string[] = ['<html><body>\n'];
  for (let i = 0; i < count; i++) {
    out.push(`<a href="http://host${i}.domain${i % 97}.example.com/path/${i}?u=${i}&amp;r=${i % 7}">click ${i}</a> www.w${i}.example.org <br>\n`);
  }
  out.push('</body></html>\n');
  return message({ headers: ['Content-Type: text/html; charset=utf-8'], body: out.join('') });
}

/**
 * `depth` levels of nested `<font>`, `<span>`, `<table><tr><td>` and `<div>` tags, each with a
 * `style` attribute (hidden text, tiny fonts, colours), with text at the bottom and every tag closed.
 */
export function htmlDeepNesting(depth: number): Buffer {
  const tags = [
    ['<font color="#ffffff" size="1" style="font-size:1px;color:#fefefe">', '</font>'],
    ['<span style="display:none;visibility:hidden">', '</span>'],
    ['<table style="width:1px;height:1px"><tr><td style="background:#fff">', '</td></tr></table>'],
    ['<div style="position:absolute;left:-9999px;font-family:Arial">', '</div>'],
  ] as const;
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < depth; i++) {
    const [o, c] = tags[i % tags.length]!;
    open.push(o);
    close.push(c);
  }
  const html = '<html><body>' + open.join('') + 'hidden words cheap pills' + close.reverse().join('') + '</body></html>\n';
  return message({ headers: ['Content-Type: text/html; charset=utf-8'], body: html });
}

/**
 * About 600 KB of HTML that never closes anything: unclosed tags, attributes with unterminated
 * quotes, an unterminated comment and `<script>`/`<style>` without their end tags.
 */
export function htmlUnclosed(seed = 1): Buffer {
  const rnd = createRandom(seed);
  const out: string[] = ['<html><body>'];
  for (let i = 0; i < 20_000; i++) {
    out.push(
      rnd.pick([
        `<div class="a${i}">`,
        `<a href="http://x${i}.example.com/`,
        `<font color="red`,
        `<table><tr><td>`,
        `<p ${'a='.repeat(5)}`,
        `<img src=http://i${i}.example.com/x.gif `,
        `<b><i><u>`,
      ]) + rnd.pick(WORDS) + ' ',
    );
  }
  out.push('<style>p{color:red', '<script>var a = "<', '<!-- never closed ', wordText(10_000, seed));
  return message({ headers: ['Content-Type: text/html; charset=utf-8'], body: out.join('\n') });
}

// ---------------------------------------------------------------------------------------------
// Header bombs

/** `count` distinct header lines (`X-Flood-N: value N`) before a short body. */
export function headerFlood(count: number): Buffer {
  const headers = Array.from({ length: count }, (_, i) => `X-Flood-${i}: value ${i}`);
  return message({ headers, body: 'a short body\n' });
}

/** One `Subject` header of `size` bytes of words, folded into continuation lines of about 70 characters. */
export function hugeHeader(size: number, seed = 1): Buffer {
  const text = bigWordText(size, seed).replace(/\n/g, '\n ');
  return message({ replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('Subject:')), headers: ['Subject: ' + text], body: 'a short body\n' });
}

/** A `To` header listing `count` addresses, one per continuation line. */
export function manyRecipients(count: number): Buffer {
  const list = Array.from({ length: count }, (_, i) => `"User ${i}" <user${i}@d${i % 101}.example.net>`).join(',\n ');
  return message({ replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('To:')), headers: ['To: ' + list], body: 'hello\n' });
}

/** `count` Received headers, each a plausible relay hop with a distinct host and IP. */
export function receivedFlood(count: number): Buffer {
  const headers: string[] = [];
  for (let i = 0; i < count; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    headers.push(`Received: from relay${i}.example.org (relay${i}.example.org [${ip}])\n\tby hop${i + 1}.example.org (8.12.8/8.12.8) with ESMTP id h7M${i}; Mon, 6 Jan 2025 09:00:00 +0000`);
  }
  return message({ replaceHeaders: headers.concat(STANDARD_HEADERS.slice(2)), body: 'relayed many times\n' });
}

/** A `Subject` made of `count` RFC 2047 encoded words (`=?UTF-8?B?…?=`), one per continuation line. */
export function encodedWordChain(count: number, seed = 1): Buffer {
  const rnd = createRandom(seed);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${rnd.pick(WORDS)} caf\u00e9 ${i} `;
    words.push(i % 2 ? `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=` : `=?utf-8?q?${text.replace(/ /g, '_').replace('\u00e9', '=C3=A9')}?=`);
  }
  return message({ replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('Subject:')), headers: ['Subject: ' + words.join('\n ')], body: 'hello\n' });
}

// ---------------------------------------------------------------------------------------------
// Charset garbage

/**
 * Parts and headers in charsets that do not exist or that do not fit their bytes: unknown and
 * absurd charset names, UTF-16 and UTF-32 declared on random (odd-length) bytes, encoded words in
 * bogus charsets.
 */
export function charsetGarbage(seed = 1): Buffer {
  const rnd = createRandom(seed);
  const parts: Array<[string, string, string]> = [
    ['text/plain; charset="x-no-such-charset"', '8bit', wordText(5000, seed) + '\xe9\xff\xfe\n'],
    ['text/plain; charset=utf-16', 'base64', base64Lines(rnd.bytes(20_001))],
    ['text/html; charset=UTF-16LE', 'base64', base64Lines(rnd.bytes(20_003))],
    ['text/plain; charset=utf-32', 'base64', base64Lines(rnd.bytes(40_002))],
    ['text/html; charset="utf-32be"', '8bit', rnd.bytes(10_001).toString('latin1')],
    ['text/plain; charset=""', '8bit', rnd.bytes(5000).toString('latin1')],
    ['text/plain; charset="../../../../etc/passwd"', '7bit', 'path-like charset\n'],
    [`text/plain; charset=${'x'.repeat(10_000)}`, '7bit', 'a very long charset name\n'],
    ['text/plain; charset=utf-7', '7bit', '+AGEAYgBj-+ZeVnLIqe-+' + 'A'.repeat(10_000) + '\n'],
  ];
  const body =
    parts.map(([type, cte, content]) => `--cs\nContent-Type: ${type}\nContent-Transfer-Encoding: ${cte}\n\n${content}\n`).join('') + '--cs--\n';
  return message({
    replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('Subject:') && !h.startsWith('From:')),
    headers: [
      `Subject: =?x-klingon?Q?tlhIngan_Hol?= =?utf-16?B?${rnd.bytes(33).toString('base64')}?= =?UTF-32?B?${rnd.bytes(31).toString('base64')}?=`,
      `From: =?no-such-charset?B?${rnd.bytes(40).toString('base64')}?= <a@example.com>`,
      'Content-Type: multipart/mixed; boundary="cs"',
    ],
    body,
  });
}

/**
 * An ISO-2022-JP part (and Subject) made of 100,000 escape sequences (`ESC $ B`, `ESC ( B`,
 * `ESC ( J`, `ESC $ @`, truncated escapes) with random bytes between them.
 */
export function iso2022jpStorm(seed = 1, escapes = 100_000): Buffer {
  const rnd = createRandom(seed);
  const esc = ['\x1b$B', '\x1b(B', '\x1b(J', '\x1b$@', '\x1b$(D', '\x1b', '\x1b$', '\x1b('];
  const out: string[] = [];
  for (let i = 0; i < escapes; i++) {
    out.push(rnd.pick(esc), String.fromCharCode(0x21 + rnd.int(94), 0x21 + rnd.int(94)));
    if (i % 40 === 39) out.push('\n');
  }
  const subject = Array.from({ length: 200 }, (_, i) => `=?ISO-2022-JP?B?${Buffer.from(out.slice(i * 20, i * 20 + 20).join(''), 'latin1').toString('base64')}?=`).join('\n ');
  return message({
    replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('Subject:')),
    headers: ['Subject: ' + subject, 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
    body: out.join('') + '\n',
  });
}

// ---------------------------------------------------------------------------------------------
// Backtracking bait for the stock rules

/**
 * A body made of `unit` repeated to `length` characters (no line end inside), as `text/plain` or
 * `text/html`: the shape that makes a nested-quantifier regex backtrack (`<` × 200,000, spaces,
 * `=`, `.`, `@`, digits, `http://a.a.a.a…`), after an optional `prefix` (`http://`).
 */
export function baitRun(unit: string, length: number, type: 'plain' | 'html' = 'plain', prefix = ''): Buffer {
  const content = prefix + run(unit, length);
  const body = type === 'html' ? `<html><body>${content}</body></html>\n` : `${content}\n`;
  return message({ headers: [`Content-Type: text/${type}; charset=us-ascii`], body });
}

/** Backtracking bait in the headers: a `Subject` and a `From` display name of `length` characters of `unit`. */
export function headerBait(unit: string, length: number): Buffer {
  return message({
    replaceHeaders: STANDARD_HEADERS.filter((h) => !h.startsWith('Subject:') && !h.startsWith('From:')),
    headers: [`Subject: ${run(unit, length)}`, `From: "${run(unit, length)}" <${run('a.', 1000)}@example.com>`],
    body: 'bait in the headers\n',
  });
}

// ---------------------------------------------------------------------------------------------
// Object.prototype names, framing

/** The property names of `Object.prototype` that a header table keyed by plain objects trips on. */
export const PROTOTYPE_NAMES: readonly string[] = [
  'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__', 'prototype',
];

/**
 * Headers named like `Object.prototype` members (`constructor`, `__proto__`, `toString`,
 * `hasOwnProperty`, …), in both cases, twice each, plus MIME parameters of those names.
 */
export function prototypeHeaders(): Buffer {
  const headers: string[] = [];
  for (const n of PROTOTYPE_NAMES) headers.push(`${n}: value of ${n}`, `${n.toUpperCase()}: second ${n}`, `${n}: again`);
  headers.push('Content-Type: text/plain; charset=us-ascii; __proto__=x; constructor=y; toString=z');
  return message({ headers, body: 'constructor __proto__ toString hasOwnProperty\n' });
}

/** NUL bytes in a header name, a header value, the body and a MIME boundary. */
export function nulBytes(): Buffer {
  return message({
    headers: ['X-Nul\0Name: a', 'X-Nul-Value: a\0b\0c', 'Content-Type: multipart/mixed; boundary="n\0b"'],
    body: `--n\0b\nContent-Type: text/plain\n\nnul\0in\0the\0body ${'\0'.repeat(10_000)}\n--n\0b--\n`,
  });
}

/** Every line ended by a bare CR (`\r`), classic Mac style, including the header/body separator. */
export function bareCr(): Buffer {
  return message({ eol: '\r', headers: ['Content-Type: text/plain'], body: 'line one\rline two\r\r\rlast line\r' + 'x\r'.repeat(10_000) });
}

/** Header lines straight into body lines with no blank line between them. */
export function noSeparator(): Buffer {
  return bytes(STANDARD_HEADERS.join('\n') + '\nThis line is body text, not a header\nand so is this one\n' + wordText(2000));
}

/** A header block and nothing else: no blank line, no body, no final line end. */
export function onlyHeaders(): Buffer {
  return bytes(STANDARD_HEADERS.join('\n'));
}

/** A message of zero bytes. */
export function emptyMessage(): Buffer {
  return Buffer.alloc(0);
}

// ---------------------------------------------------------------------------------------------
// The catalogue

/** One entry of the catalogue. */
export interface HostileCase {
  /** A short stable identifier (`deep-mime-5000`). */
  name: string;
  /** What the message holds, as the end of a sentence: `scores a message whose ${title} within its deadline`. */
  title: string;
  /** Roughly how big the message is, in bytes (for choosing and reporting). */
  approxBytes: number;
  /** Builds the message (deterministic; the same bytes on every call). */
  build: () => Buffer;
}

const MB = 1024 * 1024;
const KB = 1024;

/**
 * The hostile catalogue: every case the hostile test suite scans, largest sizes once.
 * @param seed seeds the random parts of every message (default 1).
 */
export function hostileCases(seed = 1): HostileCase[] {
  const c = (name: string, title: string, approxBytes: number, build: () => Buffer): HostileCase => ({ name, title, approxBytes, build });
  return [
    c('deep-mime-500', 'MIME tree is 500 levels deep', 37 * KB, () => deepMime(500)),
    c('deep-mime-5000', 'MIME tree is 5,000 levels deep', 380 * KB, () => deepMime(5000)),
    c('wide-mime-10000', 'multipart holds 10,000 parts', 1.1 * MB, () => wideMime(10_000, seed)),
    c('base64-pad-2000', 'base64 holds 2,000 = signs', 8 * KB, () => brokenBase64(2000, seed)),
    c('base64-pad-8000', 'base64 holds 8,000 = signs', 14 * KB, () => brokenBase64(8000, seed)),
    c('base64-pad-multipart', '309 KB multipart has four base64 parts each holding 8,000 = signs', 309_000, () => brokenBase64Multipart(seed)),
    c('quoted-printable', 'quoted-printable holds long = runs, bare soft breaks and long blank runs', 420 * KB, () => brokenQuotedPrintable(seed)),
    c('huge-text-30mb', 'plain text part is 30 MB', 30 * MB, () => hugeText(30 * MB, seed)),
    c('huge-base64-20mb', 'base64-encoded text part decodes to 20 MB', 27 * MB, () => hugeBase64Text(20 * MB, seed)),
    c('huge-line-5mb', 'body is one 5 MB line with no line end', 5 * MB, () => hugeSingleLine(5 * MB, seed)),
    c('html-20mb', 'HTML part is 20 MB', 20 * MB, () => hugeHtml(20 * MB, seed)),
    c('html-20000-urls', '2 MB of HTML holds 20,000 URLs', 2.2 * MB, () => htmlManyUrls(20_000)),
    c('html-deep-nesting', 'HTML nests 20,000 styled font, span, table and div tags', 1.4 * MB, () => htmlDeepNesting(20_000)),
    c('html-unclosed', 'HTML never closes its tags, quotes, comment or script', 600 * KB, () => htmlUnclosed(seed)),
    c('headers-100000', 'header holds 100,000 fields', 2.6 * MB, () => headerFlood(100_000)),
    c('header-10mb', 'Subject header is 10 MB long', 10 * MB, () => hugeHeader(10 * MB, seed)),
    c('to-20000', 'To header lists 20,000 addresses', 800 * KB, () => manyRecipients(20_000)),
    c('received-50000', 'header holds 50,000 Received lines', 8.2 * MB, () => receivedFlood(50_000)),
    c('encoded-words-100000', 'Subject is a chain of 100,000 encoded words', 3.7 * MB, () => encodedWordChain(100_000, seed)),
    c('charset-garbage', 'parts declare unknown charsets and UTF-16/UTF-32 over random bytes', 150 * KB, () => charsetGarbage(seed)),
    c('iso-2022-jp-storm', 'ISO-2022-JP text is a storm of 100,000 escape sequences', 500 * KB, () => iso2022jpStorm(seed)),
    c('bait-lt-200kb', 'body is 200 KB of <', 200 * KB, () => baitRun('<', 200 * KB)),
    c('bait-lt-html-200kb', 'HTML body is 200 KB of <', 200 * KB, () => baitRun('<', 200 * KB, 'html')),
    c('bait-spaces', 'body is 200 KB of spaces', 200 * KB, () => baitRun(' ', 200 * KB)),
    c('bait-equals', 'body is 200 KB of = signs', 200 * KB, () => baitRun('=', 200 * KB)),
    c('bait-dots', 'body is 200 KB of dots', 200 * KB, () => baitRun('.', 200 * KB)),
    c('bait-at', 'body is 200 KB of @ signs', 200 * KB, () => baitRun('@', 200 * KB)),
    c('bait-digits', 'body is 200 KB of digits', 200 * KB, () => baitRun('0123456789', 200 * KB)),
    c('bait-url-dots', 'body is one 200 KB URL http://a.a.a.a…', 200 * KB, () => baitRun('a.', 200 * KB, 'plain', 'http://')),
    c('bait-url-repeat', 'body repeats http://a.a.a.a/ for 200 KB', 200 * KB, () => baitRun('http://a.a.a.a/ ', 200 * KB)),
    c('bait-mixed-html', 'HTML body mixes runs of <, =, @, dots and spaces', 500 * KB, () => baitRun('<<<< ==== @@@@ .... a@a. =?', 500 * KB, 'html')),
    c('bait-headers', 'Subject and From are 64 KB of < and spaces', 130 * KB, () => headerBait('< ', 64 * KB)),
    c('prototype-headers', 'header names are constructor, __proto__, toString and hasOwnProperty', 1.5 * KB, () => prototypeHeaders()),
    c('nul-bytes', 'headers, body and boundary hold NUL bytes', 11 * KB, () => nulBytes()),
    c('bare-cr', 'lines end with a bare CR', 21 * KB, () => bareCr()),
    c('no-separator', 'header runs into the body with no blank line', 2.4 * KB, () => noSeparator()),
    c('only-headers', 'text is only a header block', 370, () => onlyHeaders()),
    c('empty', 'bytes are none at all (an empty message)', 0, () => emptyMessage()),
  ];
}
