/**
 * spamd's answers, byte for byte: the status line codes (`%resphash`), the `Spam:` line and
 * the response shapes of `check()`, `dotell()`, `doskip_or_ping()`, `protocol_error()`,
 * `service_unavailable_error()` and `service_timeout()` in spamd 4.0.1. Pure functions of
 * their inputs; texts are byte strings (one char per byte).
 */
import { scoreTag } from '../report/tags.js';
import { sprintfFixed } from '../report/perl-format.js';

/** spamd's `%resphash`: sysexits.h codes, which spamc turns into its own exit status. */
export const EX = {
  EX_OK: 0,
  EX_USAGE: 64,
  EX_DATAERR: 65,
  EX_NOINPUT: 66,
  EX_NOUSER: 67,
  EX_NOHOST: 68,
  EX_UNAVAILABLE: 69,
  EX_SOFTWARE: 70,
  EX_OSERR: 71,
  EX_OSFILE: 72,
  EX_CANTCREAT: 73,
  EX_IOERR: 74,
  EX_TEMPFAIL: 75,
  EX_PROTOCOL: 76,
  EX_NOPERM: 77,
  EX_CONFIG: 78,
  EX_TIMEOUT: 79,
} as const;

/** The scanning commands (`check()` in spamd). */
export type CheckMethod = 'PROCESS' | 'CHECK' | 'SYMBOLS' | 'REPORT' | 'HEADERS' | 'REPORT_IFSPAM';

/** What a scanning command answers with. */
export interface CheckAnswer {
  score: number;
  requiredScore: number;
  isSpam: boolean;
  /** Names of the scored rules hit, in hit order (`get_names_of_tests_hit`). */
  testsHit: readonly string[];
  /** `get_report`. */
  report: string;
  /** `rewrite_mail` (PROCESS and HEADERS). */
  message?: string;
}

/** `protocol_error`: `SPAMD/1.0 76 Bad header line: …`. */
export function protocolError(err: string): string {
  return `SPAMD/1.0 ${EX.EX_PROTOCOL} Bad header line: ${err}\r\n`;
}

/** `service_unavailable_error`: `SPAMD/1.0 69 Service Unavailable: …`. */
export function serviceUnavailable(err: string): string {
  return `SPAMD/1.0 ${EX.EX_UNAVAILABLE} Service Unavailable: ${err}\r\n`;
}

/** `service_timeout`: `SPAMD/1.0 79 Timeout: …`. */
export function serviceTimeout(err: string): string {
  return `SPAMD/1.0 ${EX.EX_TIMEOUT} Timeout: ${err}\r\n`;
}

/**
 * Not a spamd answer (a spamd child that cannot take a connection leaves it in the listen
 * backlog): the scan queue is full. spamc exits with EX_TEMPFAIL under `-x`, so the MTA
 * retries later, and passes the message through unchanged otherwise.
 */
export function temporaryFailure(err: string): string {
  return `SPAMD/1.0 ${EX.EX_TEMPFAIL} Temporary failure: ${err}\r\n`;
}

/** `PONG`, the answer to PING (PING always answers 1.5). */
export function pong(): string {
  return `SPAMD/1.5 ${EX.EX_OK} PONG\r\n`;
}

/** The `Spam: True ; 9.4 / 5.0` line (REPORT_IFSPAM says Yes/No). */
export function spamLine(method: CheckMethod, a: Pick<CheckAnswer, 'score' | 'requiredScore' | 'isSpam'>): string {
  const yes = method === 'REPORT_IFSPAM' ? 'Yes' : 'True';
  const no = method === 'REPORT_IFSPAM' ? 'No' : 'False';
  // Util::get_tag_value_for_score: a ham never shows the threshold itself.
  const score = scoreTag(a.score, a.requiredScore, a.isSpam);
  return `Spam: ${a.isSpam ? yes : no} ; ${score} / ${sprintfFixed(a.requiredScore, 1)}`;
}

/** The whole answer of a scanning command, for a client speaking protocol `version`. */
export function checkResponse(method: CheckMethod, version: number, a: CheckAnswer): string {
  const ok = `SPAMD/1.1 ${EX.EX_OK} EX_OK\r\n`;
  const spam = spamLine(method, a);
  if (method === 'PROCESS' || method === 'HEADERS') {
    let msg = a.message ?? '';
    // just the headers: everything after the first empty line goes
    if (method === 'HEADERS') {
      const m = /\r?\n\r?\n/.exec(msg);
      if (m) msg = msg.slice(0, m.index + m[0].length);
    }
    if (version >= 1.3) return `${ok}Content-length: ${msg.length}\r\n${spam}\r\n\r\n${msg}`;
    if (version >= 1.2) return `${ok}Content-length: ${msg.length}\r\n\r\n${msg}`;
    return `SPAMD/1.0 ${EX.EX_OK} EX_OK\r\n${msg}`;
  }
  if (method === 'CHECK') return `${ok}${spam}\r\n\r\n`;
  let body = '';
  if (method === 'REPORT' || (method === 'REPORT_IFSPAM' && a.isSpam)) body = a.report;
  else if (method === 'SYMBOLS') {
    body = a.testsHit.join(',');
    if (version < 1.3) body += '\r\n';
  }
  if (version >= 1.3) return `${ok}Content-length: ${body.length}\r\n${spam}\r\n\r\n${body}`;
  return `${ok}${spam}\r\n\r\n${body}`;
}

/** `dotell`'s answer: what was set and removed (`DidSet: local`), then an empty line — and another. */
export function tellResponse(didSet: readonly string[], didRemove: readonly string[]): string {
  let hdr = '';
  if (didSet.length) hdr += `DidSet: ${didSet.join(',')}\r\n`;
  if (didRemove.length) hdr += `DidRemove: ${didRemove.join(',')}\r\n`;
  return `SPAMD/1.1 ${EX.EX_OK} EX_OK\r\n${hdr}\r\n\r\n`;
}
