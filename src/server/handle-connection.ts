/**
 * One spamd connection, start to end, as spamd's `accept_a_conn` serves it: read the request
 * line within the TCP timeout, dispatch on the command, answer, close. Scanning commands
 * (`check`), TELL (`dotell`), SKIP and PING (`doskip_or_ping`) each run under the child
 * timeout, like spamd's `alarm $timeout_child`; the scan's own deadline is what is left of it
 * (spamd's `master_deadline`), or the rule set's `time_limit` when that is sooner.
 */
import type { Duplex } from 'node:stream';
import type { Scanner, ScanResult } from '../scanner/scanner.js';
import { ScannerBusyError, ScannerClosedError } from '../scanner/scanner.js';
import { ConnectionReader, ReadLimitError } from './connection-reader.js';
import { checkLength, parseRequestLine, readBody, readHeaders, RequestError, type RequestHeaders } from './request.js';
import { checkResponse, pong, protocolError, serviceTimeout, serviceUnavailable, temporaryFailure, type CheckMethod } from './response.js';
import { checkTellHeaders, runTell, type SpamdLearner } from './tell.js';
import { findUserPrefs, type UserPrefsOptions } from './user-prefs.js';

/** Log levels of the server's log lines (spamd's `info`, `warn`, `dbg`). */
export type LogLevel = 'info' | 'warn' | 'error' | 'debug';

/** What a connection needs from its server. */
export interface ConnectionContext {
  /** The scanner pool to use now (it changes on reload). */
  scanner(): Scanner;
  /** The rule set's `time_limit`, ms. */
  timeLimitMs(): number;
  /** Seconds to wait for the request line (spamd `--timeout-tcp`, default 30; 0: none). */
  timeoutTcp: number;
  /** Seconds a request may take once its line is read (spamd `--timeout-child`, default 300; 0: none). */
  timeoutChild: number;
  /** spamd `--allow-tell`. */
  allowTell: boolean;
  learner: SpamdLearner | undefined;
  /** Run network tests (spamd without `-L`). */
  network: boolean;
  /** The most bytes of message a request may carry (read limit). */
  maxRequestSize: number;
  /** Where a request's `User:` finds its preferences; none: the site configuration for everyone. */
  userPrefs?: UserPrefsOptions;
  log(level: LogLevel, message: string): void;
}

/** Who is on the other end. */
export interface Peer {
  hostname: string;
  address: string;
  port: string | number;
}

class Timeout extends Error {}

/** How long a closed connection waits for the client to close its side. */
const LINGER_MS = 5000;

/** Serves one connection; resolves when it is closed. Never rejects. */
export async function handleConnection(socket: Duplex, peer: Peer, ctx: ConnectionContext, onPhase?: (phase: 'busy') => void): Promise<void> {
  const reader = new ConnectionReader(socket, ctx.maxRequestSize);
  const start = Date.now();
  let closed = false;
  const finish = (data?: string) => {
    if (closed) return;
    closed = true;
    if (data === undefined || socket.destroyed) {
      socket.destroy();
      return;
    }
    // spamd answers and closes. What the client still sends is read and dropped until it
    // closes its side (closing with unread input would reset the connection and could lose
    // the answer), for a few seconds at most.
    reader.discard();
    socket.end(Buffer.from(data, 'latin1'));
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  socket.on('error', () => undefined);
  // done once the answer is written (or the connection is gone)
  const finished = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.once('finish', () => resolve());
  });

  // the request line, within --timeout-tcp
  let lineBuf: Buffer | null;
  try {
    lineBuf = await withTimeout(reader.line(64 * 1024), ctx.timeoutTcp);
  } catch (e) {
    if (e instanceof Timeout) {
      const err = `(${ctx.timeoutTcp} second socket timeout reading input from client)`;
      ctx.log('warn', `spamd: timeout: ${err}`);
      finish(serviceTimeout(err));
    } else {
      ctx.log('warn', `spamd: ${e instanceof Error ? e.message : String(e)}`);
      finish(e instanceof ReadLimitError ? protocolError(`(${e.message})`) : undefined);
    }
    return finished;
  }
  if (lineBuf === null) {
    ctx.log('warn', 'spamd: bad protocol: header error: (closed before headers)');
    finish(protocolError('(closed before headers)'));
    return finished;
  }
  const request = parseRequestLine(lineBuf.toString('latin1'));
  if (request.kind === 'unknown') {
    ctx.log('warn', `spamd: bad protocol: header error: ${request.line}`);
    finish(protocolError(request.line));
    return finished;
  }
  onPhase?.('busy');
  const method = request.kind === 'check' ? request.method : request.kind.toUpperCase();
  const abort = new AbortController();
  try {
    const answer = await withTimeout(serve(), ctx.timeoutChild, () => abort.abort());
    finish(answer);
  } catch (e) {
    if (e instanceof Timeout) {
      const err = `(${ctx.timeoutChild} second timeout while trying to ${method})`;
      ctx.log('warn', `spamd: timeout: ${err}`);
      finish(serviceTimeout(err));
    } else if (e instanceof RequestError) {
      ctx.log('warn', `spamd: ${e.message}`);
      finish(e.response);
    } else if (e instanceof ReadLimitError) {
      ctx.log('warn', `spamd: ${e.message}`);
      finish(protocolError(`(${e.message})`));
    } else {
      // spamd's `die` inside a command: logged, the connection closed without an answer
      ctx.log('error', `spamd: ${e instanceof Error ? e.message : String(e)}`);
      finish();
    }
  }
  return finished;

  async function serve(): Promise<string | undefined> {
    switch (request.kind) {
      case 'ping':
      case 'skip':
        if (request.version >= 1.5) await readHeaders(reader);
        if (request.kind === 'skip') {
          ctx.log('info', `spamd: skipped large message in ${((Date.now() - start) / 1000).toFixed(1)} seconds`);
          return undefined;
        }
        return pong();
      case 'tell': {
        const hdrs = await readHeaders(reader);
        if (!ctx.allowTell) {
          const err = 'TELL commands are not enabled, set the --allow-tell switch.';
          throw new RequestError(serviceUnavailable(err), `service unavailable: ${err}`);
        }
        checkTellHeaders(hdrs);
        const body = await readBody(reader, hdrs);
        checkLength(hdrs, body);
        let tell;
        try {
          tell = await runTell(hdrs, body.message, ctx.learner, abort.signal);
        } catch (e) {
          if (e instanceof ScannerBusyError || e instanceof ScannerClosedError) throw new RequestError(temporaryFailure(e.message.replace(/^scanner: /, '')), e.message);
          throw e;
        }
        const { response, summary } = tell;
        ctx.log('info', `spamd: Tell:${summary}for ${hdrs.user ?? '(unknown)'} in ${elapsed()} seconds, ${body.actualLength} bytes`);
        return response;
      }
      case 'check':
        return check(request.method, request.version);
    }
  }

  async function check(method: CheckMethod, version: number): Promise<string> {
    // protocol 1.0 and later may send headers; 1.0 itself sends none
    const hdrs: RequestHeaders = version > 1.0 ? await readHeaders(reader) : {};
    // got_user_header: the user's preferences are looked up as the header is read
    let userPrefs;
    if (hdrs.user !== undefined && ctx.userPrefs) {
      const found = await findUserPrefs(hdrs.user, ctx.userPrefs);
      for (const line of found.log) ctx.log('info', line);
      userPrefs = found.prefs;
    }
    const body = await readBody(reader, hdrs);
    const msgid = messageId(body.message);
    ctx.log('info', `spamd: ${method === 'PROCESS' ? 'processing' : 'checking'} message ${msgid} for ${hdrs.user ?? '(unknown)'}`);
    checkLength(hdrs, body);
    const left = ctx.timeoutChild > 0 ? start + ctx.timeoutChild * 1000 - Date.now() : Infinity;
    const timeout = Math.max(0, Math.min(ctx.timeLimitMs(), left));
    const rewrite = method === 'PROCESS' || method === 'HEADERS';
    let result: ScanResult;
    try {
      result = await ctx.scanner().scan(body.message, {
        network: ctx.network,
        timeout,
        signal: abort.signal,
        ...(rewrite ? { rewrite: true, tags: { REMOTEHOSTNAME: peer.hostname, REMOTEHOSTADDR: peer.address } } : {}),
        ...(userPrefs ? { userPrefs } : {}),
      });
    } catch (e) {
      if (e instanceof ScannerBusyError || e instanceof ScannerClosedError) {
        throw new RequestError(temporaryFailure(e.message.replace(/^scanner: /, '')), e.message);
      }
      throw e;
    }
    if (result.abandoned) throw new Timeout();
    // the user's preferences, compiled for this scan: what was wrong in them (once per worker)
    for (const d of result.diagnostics) if (userPrefs && d.file === userPrefs.name && d.severity !== 'info') ctx.log('warn', `spamd: ${d.message}`);
    const answer = checkResponse(method, version, {
      score: result.score,
      requiredScore: result.requiredScore,
      isSpam: result.isSpam,
      // get_names_of_tests_hit: sorted
      testsHit: result.hits.map((h) => h.name).sort(),
      report: result.report,
      // the response is written as a byte string (one char per byte)
      ...(result.message !== undefined ? { message: result.message.toString('latin1') } : {}),
    });
    const tests = [...new Set(result.hits.map((h) => h.name))].sort().join(',');
    ctx.log(
      'info',
      `spamd: ${result.isSpam ? 'identified spam' : 'clean message'} (${result.score}/${result.requiredScore}) for ${hdrs.user ?? '(unknown)'} in ${elapsed()} seconds, ${body.actualLength} bytes.`,
    );
    ctx.log('info', `spamd: result: ${result.isSpam ? 'Y' : '.'} ${String(Math.trunc(result.score)).padStart(2)} - ${tests} scantime=${elapsed()},size=${body.actualLength},user=${hdrs.user ?? '(unknown)'},required_score=${result.requiredScore},rhost=${peer.hostname},raddr=${peer.address},rport=${peer.port},mid=${msgid}${result.truncated ? ',truncated=1' : ''}`);
    return answer;
  }

  function elapsed(): string {
    return ((Date.now() - start) / 1000).toFixed(1);
  }
}

/** Races a promise against a timer of `seconds` (0: no timer); `onTimeout` runs when the timer wins. */
async function withTimeout<T>(p: Promise<T>, seconds: number, onTimeout?: () => void): Promise<T> {
  if (!(seconds > 0)) return p;
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Timeout());
    }, seconds * 1000);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
    p.catch(() => undefined);
  }
}

/** `parse_msgids` (Message-Id only): for the log. */
function messageId(message: Buffer): string {
  const head = message.subarray(0, 65536).toString('latin1');
  const m = /(?:^|\n)Message-Id[ \t]*:[ \t]*([^\n]*(?:\n[ \t][^\n]*)*)/i.exec(head);
  if (!m) return '(unknown)';
  let id = m[1]!;
  while (/\([^()]*\)/.test(id)) id = id.replace(/\([^()]*\)/, '');
  id = id.trim().replace(/\s+/g, ' ').replace(/^.*?<(.*?)>.*$/, '$1').replace(/[^\x21-\x7e]/g, '?').replace(/[<>]/g, '?');
  return id ? `<${id}>` : '(unknown)';
}
