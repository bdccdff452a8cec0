/**
 * The ids a learned message is remembered by (`Message.pm::get_msgid` :580-590,
 * `generate_msgid` :598-611, `get_pristine_body_digest` :550-570) and the time its tokens are
 * stamped with (`Message::receive_date` → `Util::receive_date` Util.pm:1821-1873).
 */
import type { RawMessage } from '../message/raw-message.js';
import { decodedValues, type HeaderContext } from '../message/header-context.js';
import { parseRfc822Date } from '../message/rfc822-date.js';
import { sha1Hex } from './token-id.js';

/** `get_header($name)` in scalar context: the last decoded value plus "\n", or undefined. */
function lastHeader(headers: HeaderContext, name: string): string | undefined {
  const v = decodedValues(headers, name);
  return v.length ? v[v.length - 1] : undefined;
}

/** `get_msgid`: the text between `<` and `>` of the last Message-Id header, or undefined. */
export function messageIdOf(headers: HeaderContext): string | undefined {
  const v = lastHeader(headers, 'Message-Id');
  const m = v === undefined ? null : /^[\t\n\x0b\f\r ]*<([\s\S]+)>[\t\n\x0b\f\r ]*$/.exec(v);
  return m ? m[1] : undefined;
}

/** `generate_msgid`: `sha1_hex(To . "\0" . Date . "\0" . body digest) . '@sa_generated'`. */
export function generatedMsgid(headers: HeaderContext, raw: RawMessage): string {
  const to = lastHeader(headers, 'To') || '';
  const date = lastHeader(headers, 'Date') || '';
  const body = raw.lineEnding === '\r\n' ? raw.pristineBody.replace(/\r\n/g, '\n') : raw.pristineBody;
  return sha1Hex(`${to}\0${date}\0${sha1Hex(body)}`) + '@sa_generated';
}

/** Perl's `local_tz()`: the local offset as `+HHMM`. */
function localTz(now: Date = new Date()): string {
  const off = -now.getTimezoneOffset();
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${String(Math.trunc(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

function firstDate(...strings: string[]): number | undefined {
  for (const s of strings) {
    const t = parseRfc822Date(s);
    if (t !== undefined && t) return t;
  }
  return undefined;
}

/**
 * `Util::receive_date(scalar get_all_headers(0, 1))`: when the message arrived, from its
 * Received headers, mbox `From ` line, Resent-Date or Date; else now.
 * @param header the decoded header block with the mbox `From ` line first, as SA builds it
 */
export function receiveDate(header: string, now: number = Math.floor(Date.now() / 1000)): number {
  header = header.replace(/\n[ \t]+/g, ' ');
  const rcvd = [...header.matchAll(/^Received:([^\n]*)/gim)].map((m) => m[1]!);
  const local: string[] = [];
  if (rcvd.length) {
    if (/qmail \d+ invoked by uid \d+/.test(rcvd[0]!) || /\bfrom (?:localhost[\t\n\x0b\f\r ]|(?:[^\t\n\x0b\f\r ]+ ){1,2}[^\t\n\x0b\f\r ]*\b127\.0\.0\.1\b)/.test(rcvd[0]!)) {
      local.push(rcvd.shift()!);
    }
    if (rcvd.length && /\bby localhost with \w+ \(fetchmail-[\d.]+/.test(rcvd[0]!)) local.push(rcvd.shift()!);
    else if (local.length) rcvd.unshift(local.shift()!);
  }
  let t: number | undefined;
  if (rcvd.length && (t = firstDate(rcvd.shift()!)) !== undefined) return t;
  if (local.length && (t = firstDate(...local)) !== undefined) return t;
  const from = /^(?:From|X-From-Line:)[\t\n\x0b\f\r ]+([^\n]+)$/im.exec(header);
  if (from) {
    let s = from[1]!;
    if (!/(?:[-+]\d{4}|\b[A-Z]{2,4}\b)/.test(s)) s += ' ' + localTz();
    if ((t = firstDate(s)) !== undefined) return t;
  }
  if (rcvd.length && (t = firstDate(...rcvd)) !== undefined) return t;
  const resent = /^Resent-Date:[\t\n\x0b\f\r ]*(.+)$/im.exec(header);
  if (resent && (t = firstDate(resent[1]!)) !== undefined) return t;
  const date = /^Date:[\t\n\x0b\f\r ]*(.+)$/im.exec(header);
  if (date && (t = firstDate(date[1]!)) !== undefined) return t;
  return now;
}
