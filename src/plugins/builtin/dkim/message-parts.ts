import { lc } from '../../../perl/strings.js';
/**
 * The message as Mail::DKIM reads it from SpamAssassin: the pristine text with every LF made
 * CRLF unless the message already used CRLF (`_check_signature`), cut into header fields the way
 * `Mail::DKIM::MessageParser::PRINT` does (a field runs to the first CRLF not followed by a space
 * or tab; an empty line ends the header), and the body after it.
 */

/** One header field: its text without the final CRLF (folding CRLFs kept), and its name. */
export interface HeaderField {
  readonly line: string;
  /** The lower-cased field name (`/^([^:]+?)\s*:/`), undefined when the line has no colon. */
  readonly name: string | undefined;
}

/** The header fields and the body, as Mail::DKIM sees them. */
export interface DkimMessage {
  readonly headers: readonly HeaderField[];
  /** Everything after the empty line ending the header ('' when there is none). */
  readonly body: string;
  /** Whether the header was ended by an empty line (else the verifier closes it at the end). */
  readonly hasBody: boolean;
}

function field(line: string): HeaderField {
  const m = /^([^:]+?)[\t\n\x0b\f\r ]*:/.exec(line);
  return { line, name: m ? lc(m[1]!) : undefined };
}

/**
 * Splits the pristine message (a binary string) the way SA feeds Mail::DKIM: `lineEnding` is
 * the message's line ending as SA detected it.
 */
export function dkimMessage(pristine: string, lineEnding: '\n' | '\r\n'): DkimMessage {
  const text = lineEnding === '\r\n' ? pristine : pristine.replace(/\n/g, '\r\n');
  const headers: HeaderField[] = [];
  let pos = 0;
  for (;;) {
    if (text.startsWith('\r\n', pos)) return { headers, body: text.slice(pos + 2), hasBody: true };
    // the shortest run of at least one char ending in CRLF and followed by neither SP nor TAB
    let end = -1;
    for (let crlf = text.indexOf('\r\n', pos + 1); crlf >= 0; crlf = text.indexOf('\r\n', crlf + 2)) {
      const next = text[crlf + 2];
      if (next === undefined) break;
      if (next !== ' ' && next !== '\t') {
        end = crlf + 2;
        break;
      }
    }
    if (end < 0) {
      // CLOSE: the rest is the last header field (its trailing CRLF removed)
      const rest = text.slice(pos).replace(/\r\n$/, '');
      if (text.length > pos) headers.push(field(rest));
      return { headers, body: '', hasBody: false };
    }
    headers.push(field(text.slice(pos, end - 2)));
    pos = end;
  }
}

/**
 * Mail::DKIM's relaxed header canonicalization (`Canonicalization::relaxed::canonicalize_header`)
 * of a field without its final CRLF.
 */
export function relaxedHeader(line: string): string {
  let s = line;
  const m = /^([^:]+):([\s\S]*)$/.exec(s);
  if (m) s = `${lc(m[1]!)}:${m[2]}`;
  s = s.replace(/\r\n([\t\n\x0b\f\r ])/g, '$1');
  s = s.replace(/[ \t]+/g, ' ');
  s = s.replace(/ $/, '');
  s = s.replace(/^([^:\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]*:[\t\n\x0b\f\r ]*/, '$1:');
  return s;
}

/** The chunks Mail::DKIM's body canonicalizers receive: the CRLF-terminated part, then the rest. */
function bodyChunks(body: string): string[] {
  const j = body.lastIndexOf('\r\n');
  const chunks: string[] = [];
  if (j >= 0) chunks.push(body.slice(0, j + 2));
  const carry = j >= 0 ? body.slice(j + 2) : body;
  if (carry !== '') chunks.push(carry);
  return chunks;
}

/**
 * The canonicalized body (`simple` or `relaxed`), as Mail::DKIM's `canonicalize_body` produces
 * it over the chunks `PRINT` and `CLOSE` pass, with `finish_body`'s lone CRLF for an empty simple body.
 */
export function canonicalBody(body: string, method: 'simple' | 'relaxed'): string {
  let out = '';
  let emptyLines = 0;
  let started = false;
  for (let chunk of bodyChunks(body)) {
    if (method === 'relaxed') {
      chunk = chunk.replace(/\r\n$/, '');
      chunk = chunk.replace(/[ \t]+/g, ' ');
      chunk = chunk.replace(/[ \t]+(?=\r\n|$)/g, '');
      chunk += '\r\n';
      const lead = /^(?:\r\n)+/.exec(chunk);
      if (lead) {
        emptyLines += lead[0].length / 2;
        chunk = chunk.slice(lead[0].length);
      }
      if (emptyLines > 0 && chunk.length > 0) {
        chunk = '\r\n'.repeat(emptyLines) + chunk;
        emptyLines = 0;
      }
    } else {
      const lead = /^(?:\r\n)+/.exec(chunk);
      if (lead) {
        emptyLines += lead[0].length / 2;
        chunk = chunk.slice(lead[0].length);
      }
      if (chunk.length > 0) {
        started = true;
        if (emptyLines > 0) {
          chunk = '\r\n'.repeat(emptyLines) + chunk;
          emptyLines = 0;
        }
      }
    }
    while (chunk.endsWith('\r\n\r\n')) {
      chunk = chunk.slice(0, -2);
      emptyLines++;
    }
    out += chunk;
  }
  if (method === 'simple' && !started) out += '\r\n';
  return out;
}
