/**
 * TELL: learning and reporting through spamd (`spamc -L spam|ham|forget`, `-C report|revoke`),
 * as spamd's `dotell` does it. The learning itself is not the server's: it goes through a
 * {@link SpamdLearner} (by default the scanner pool's Bayes, `scanner.learn()`). When nothing
 * is learned (no Bayes, no store, already learned) the server answers as spamd does: EX_OK
 * with nothing set or removed, which spamc reports as "Message was already un/learned".
 */
import type { RequestHeaders } from './request.js';
import { protocolError, tellResponse } from './response.js';
import { RequestError } from './request.js';

/** Who asked for a TELL, and about which message. */
export interface TellContext {
  /** The `User` request header, when sent. */
  user?: string;
  /** Aborts when the request's time (spamd `--timeout-child`) is up. */
  signal?: AbortSignal;
}

/**
 * Where TELL requests go. Every method answers whether it did something (spamd's
 * `did_learn()` / the reporter's result); a method that is absent did nothing. A throw is
 * spamd's `die` inside `dotell`: the connection closes without an answer.
 */
export interface SpamdLearner {
  /** `Set: local` — learn the message as spam (`isSpam`) or ham. */
  learn?(message: Buffer, isSpam: boolean, ctx: TellContext): Promise<boolean> | boolean;
  /** `Remove: local` — forget the message. */
  forget?(message: Buffer, ctx: TellContext): Promise<boolean> | boolean;
  /** `Set: remote` — report the message to collaborative filters (SA's Reporter). */
  report?(message: Buffer, ctx: TellContext): Promise<boolean> | boolean;
  /** `Remove: remote` — revoke such a report. */
  revoke?(message: Buffer, ctx: TellContext): Promise<boolean> | boolean;
}

/** `dotell`'s checks that come before the body is read. */
export function checkTellHeaders(hdrs: RequestHeaders): void {
  if (hdrs.setLocal && hdrs.removeLocal) {
    const err = 'Unable to set local and remove local in the same operation.';
    throw new RequestError(protocolError(err), `bad protocol: header error: ${err}`);
  }
  if (hdrs.setRemote && hdrs.removeRemote) {
    const err = 'Unable to set remote and remove remote in the same operation.';
    throw new RequestError(protocolError(err), `bad protocol: header error: ${err}`);
  }
}

/** `dotell` after the body is read: what to do, done in spamd's order; the answer and a log line. */
export async function runTell(
  hdrs: RequestHeaders,
  message: Buffer,
  learner: SpamdLearner | undefined,
  signal?: AbortSignal,
): Promise<{ response: string; summary: string }> {
  const ctx: TellContext = { ...(hdrs.user !== undefined ? { user: hdrs.user } : {}), ...(signal ? { signal } : {}) };
  const didSet: string[] = [];
  const didRemove: string[] = [];
  // spamd: learning only when a Bayes scanner exists (and bayes_learn_during_report, the learner's business)
  if (hdrs.setLocal && learner?.learn && (await learner.learn(message, hdrs.messageClass === 'spam', ctx))) didSet.push('local');
  if (hdrs.removeLocal && learner?.forget && (await learner.forget(message, ctx))) didRemove.push('local');
  if (hdrs.setRemote && learner?.report && (await learner.report(message, ctx))) didSet.push('remote');
  if (hdrs.removeRemote && learner?.revoke && (await learner.revoke(message, ctx))) didRemove.push('remote');
  let summary = '';
  if (didSet.length) summary += ` Setting ${didSet.join(',')} `;
  if (didRemove.length) summary += ` Removing ${didRemove.join(',')} `;
  return { response: tellResponse(didSet, didRemove), summary: summary || ' Did nothing ' };
}
