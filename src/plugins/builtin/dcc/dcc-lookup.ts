/**
 * One DCC query per message, started by the first of the `check_dnsbl` hook or a DCC eval,
 * shared by every DCC rule (DCC.pm `_launch_dcc` / `_check_async`).
 */
import type { EvalContext } from '../../types.js';
import { dccRequest } from './dcc-request.js';
import { dccVerdict, type DccThresholds, type DccVerdict } from './dcc-result.js';

/** What the DCC rules of a message learn: a verdict, or nothing (no answer: every DCC rule misses). */
export type DccOutcome = DccVerdict | undefined;

const num = (ctx: EvalContext, key: string, dflt: number): number => {
  const v = ctx.config.get(key);
  return typeof v === 'number' ? v : dflt;
};

/** A boolean setting (`use_dcc`, `use_dcc_rep`; both default on). */
export const flag = (ctx: EvalContext, key: string): boolean => {
  const v = ctx.config.get(key);
  return v === undefined ? true : v !== false && v !== 0 && v !== '0';
};

function thresholds(ctx: EvalContext): DccThresholds {
  return {
    bodyMax: num(ctx, 'dcc_body_max', 999999),
    fuz1Max: num(ctx, 'dcc_fuz1_max', 999999),
    fuz2Max: num(ctx, 'dcc_fuz2_max', 999999),
    repPercent: num(ctx, 'dcc_rep_percent', 90),
    useRep: flag(ctx, 'use_dcc_rep'),
  };
}

/**
 * The message's DCC outcome, asking dccifd the first time. Resolves undefined, never rejects,
 * when DCC cannot answer (no client, no socket, timeout, unusable answer), with a diagnostic.
 */
export function dccOutcome(ctx: EvalContext): Promise<DccOutcome> {
  return ctx.memo('dcc:outcome', () => launch(ctx));
}

async function launch(ctx: EvalContext): Promise<DccOutcome> {
  const net = ctx.net;
  if (!net) return undefined;
  // _launch_dcc: the tags exist (empty) from the moment a query is attempted.
  for (const tag of ['DCCB', 'DCCR', 'DCCREP']) ctx.setTag(tag, '');
  const full = ctx.message.fullText();
  if (full === '') return undefined;
  const client = net.clients.dcc;
  if (!client) {
    net.diagnostic('net-client', 'dcc: no DCC client: dccifd or dccproc is not available', 'info');
    return undefined;
  }
  let header: string;
  try {
    header = (await client.check(Buffer.from(full, 'latin1'), dccRequest(ctx), net.signal)).header;
  } catch (e) {
    net.diagnostic('net-client', `dcc: dccifd failed: ${e instanceof Error ? e.message : String(e)}`, 'info');
    return undefined;
  }
  if (!header) return undefined;
  if (!/^X-DCC/.test(header)) net.diagnostic('net-client', `dcc: instead of X-DCC header, dccifd returned '${header}'`, 'info');
  const verdict = dccVerdict(header, thresholds(ctx));
  for (const [tag, value] of verdict.tags) ctx.setTag(tag, value, 'latin1');
  return verdict;
}
