/**
 * The request side of the SPAMC/SPAMD protocol as spamd 4.0.1 reads it: the request line
 * (`accept_a_conn`'s command regexes), the request headers (`parse_headers` and its
 * `got_*_header` checks), and the message body (`parse_body`, `zlib_inflate_read`).
 * Every refusal carries spamd's own answer text.
 */
import { inflateSync } from 'node:zlib';
import type { ConnectionReader } from './connection-reader.js';
import type { CheckMethod } from './response.js';
import { protocolError, serviceUnavailable } from './response.js';

/** The command of a request line. */
export type RequestLine =
  | { kind: 'check'; method: CheckMethod; version: number }
  | { kind: 'tell'; version: number }
  | { kind: 'skip' | 'ping'; version: number }
  | { kind: 'unknown'; line: string };

/** Perl's numeric value of a string: its leading number, else 0 ("1.5" → 1.5, "x" → 0). */
export function perlNumber(s: string): number {
  const m = /^[ \t\n\r\f\v]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** `accept_a_conn`: which command a request line asks for (regexes unanchored, as spamd's are). */
export function parseRequestLine(raw: string): RequestLine {
  const line = raw.replace(/\r?\n/, '');
  let m = /(PROCESS|CHECK|SYMBOLS|REPORT|HEADERS|REPORT_IFSPAM) SPAMC\/(.*)/.exec(line);
  if (m) return { kind: 'check', method: m[1] as CheckMethod, version: perlNumber(m[2]!) };
  m = /(TELL) SPAMC\/(.*)/.exec(line);
  if (m) return { kind: 'tell', version: perlNumber(m[2]!) };
  m = /(SKIP|PING) SPAMC\/(.*)/.exec(line);
  if (m) return { kind: m[1] === 'SKIP' ? 'skip' : 'ping', version: perlNumber(m[2]!) };
  return { kind: 'unknown', line };
}

/** The request headers spamd understands (others are read and ignored). */
export interface RequestHeaders {
  /** `Content-length` as written (digits, maybe none: spamd compares it as a number). */
  contentLength?: string;
  user?: string;
  /** `Message-class` as written (spamd learns spam only for exactly `spam`). */
  messageClass?: string;
  setLocal?: boolean;
  setRemote?: boolean;
  removeLocal?: boolean;
  removeRemote?: boolean;
  compressZlib?: boolean;
}

/** A request refused: the answer to send, and a line for the log. */
export class RequestError extends Error {
  constructor(
    readonly response: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

const protocol = (err: string) => new RequestError(protocolError(err), `bad protocol: header error: ${err}`);

/** The longest request header line read (spamd has no limit; a bound keeps memory bounded). */
export const MAX_HEADER_LINE = 64 * 1024;

/** `parse_headers`: at most 256 header lines up to an empty one, each checked as spamd checks it. */
export async function readHeaders(reader: ConnectionReader): Promise<RequestHeaders> {
  const hdrs: RequestHeaders = {};
  for (let count = 0; count <= 255; count++) {
    const buf = await reader.line(MAX_HEADER_LINE);
    if (buf === null) throw protocol('(EOF during headers)');
    const line = buf.toString('latin1').replace(/\r\n$/, '');
    if (line === '') return hdrs;
    // split(/:\s*/, $line, 2)
    const m = /:[ \t\n\r\f\v]*/.exec(line);
    if (!m) throw protocol("(header not in 'Name: value' format)");
    const header = line.slice(0, m.index);
    const value = line.slice(m.index + m[0].length);
    switch (header) {
      case 'Content-length': {
        // /^(\d*)$/: `$` also matches before a final "\n"
        const d = /^(\d*)\n?$/.exec(value);
        if (!d) throw protocol('(Content-Length contains non-numeric bytes)');
        hdrs.contentLength = d[1]!;
        break;
      }
      case 'User': {
        const u = /^([\x20-\xff]*)\n?$/.exec(value);
        if (!u) throw protocol('(User header contains control chars)');
        hdrs.user = u[1]!;
        break;
      }
      case 'Message-class':
        // spamd's check of the class is always true: any value is taken
        hdrs.messageClass = value;
        break;
      case 'Set':
        hdrs.setLocal = /local/i.test(value);
        hdrs.setRemote = /remote/i.test(value);
        break;
      case 'Remove':
        hdrs.removeLocal = /local/i.test(value);
        hdrs.removeRemote = /remote/i.test(value);
        break;
      case 'Compress':
        if (!/zlib/i.test(value)) throw protocol(`(compression type not supported: ${value})`);
        hdrs.compressZlib = true;
        break;
    }
  }
  throw protocol('(too many headers)');
}

/** The message of a request: its bytes, and how many bytes `Content-length` is compared with. */
export interface RequestBody {
  message: Buffer;
  /** spamd's `$actual_length`. */
  actualLength: number;
}

/** `parse_body` (with `zlib_inflate_read`): the message, read as spamd reads it. */
export async function readBody(reader: ConnectionReader, hdrs: RequestHeaders): Promise<RequestBody> {
  const expected = hdrs.contentLength === undefined ? undefined : perlNumber(hdrs.contentLength);
  if (hdrs.compressZlib) {
    if (expected === undefined) {
      throw new RequestError(serviceUnavailable('Compress requires Content-length header'), 'service unavailable: Compress requires Content-length header');
    }
    let data = await reader.rest();
    if (data.length > expected) data = data.subarray(0, expected);
    let out: Buffer;
    try {
      out = inflateSync(data);
    } catch {
      const err = 'zlib: failed to find end of zlib stream\n';
      throw new RequestError(serviceUnavailable(err), `service unavailable: ${err.trim()}`);
    }
    // map { s/$/\n/ } split(/\n/, $out): every line ends in "\n", trailing empty lines go
    const lines = out.toString('latin1').split('\n');
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return { message: Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'), actualLength: out.length };
  }
  const message = await reader.body(expected);
  return { message, actualLength: message.length };
}

/** `check`/`dotell`: the Content-length check after reading (skipped for zlib, whose length is the inflated one). */
export function checkLength(hdrs: RequestHeaders, body: RequestBody): void {
  if (hdrs.contentLength === undefined || hdrs.compressZlib) return;
  if (body.actualLength !== perlNumber(hdrs.contentLength)) {
    throw protocol(`(Content-Length mismatch: Expected ${hdrs.contentLength} bytes, got ${body.actualLength} bytes)`);
  }
}
