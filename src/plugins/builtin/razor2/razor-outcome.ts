/**
 * One Razor2 query per message (Razor2.pm `razor2_access` + `_check_result`), shared by
 * `check_razor2` and `check_razor2_range`: whether Razor calls the message spam, and the
 * highest uncontested confidence per engine.
 */
import type { RazorClient } from '../../../net/types.js';
import type { EvalContext } from '../../types.js';

/**
 * What a Razor client answers (`RazorClient`). Without `engines` only the engine-less
 * `check_razor2_range('', …)` (the best confidence) can hit.
 */
export type RazorAnswer = Awaited<ReturnType<RazorClient['check']>>;

/** The message's Razor state: SA's `razor2_running` / `razor2_result` / `razor2_cf_score`. */
export interface RazorState {
  /** The query (launched once), resolving undefined when Razor gave no answer. */
  promise?: Promise<RazorAnswer | undefined>;
  /** The answer once the query settled (SA's `razor2_result` is defined). */
  settled: boolean;
  answer?: RazorAnswer;
  /** The rule that called `check_razor2` first (SA's `razor2_rulename`). */
  owner?: string;
}

/** The message's Razor state. */
export const razorState = (ctx: EvalContext): RazorState => ctx.memo('razor2:state', () => ({ settled: false }));

/** `razor_fork` (default 1): SA then runs Razor in a child and only its first rule waits. */
export function razorFork(ctx: EvalContext): boolean {
  const v = ctx.config.get('razor_fork');
  return v === undefined || (v !== 0 && v !== false && v !== '0');
}

/**
 * Whether a Razor client is there (SA's `razor2_available`); without one every Razor rule
 * misses, with a single diagnostic per message.
 */
export function razorAvailable(ctx: EvalContext): boolean {
  const net = ctx.net;
  if (!net) return false;
  if (net.clients.razor) return true;
  ctx.memo('razor2:missing', () =>
    net.diagnostic('net-client', 'razor2: no Razor2 client given (clients.razor): Razor2 rules are misses', 'info'),
  );
  return false;
}

/**
 * Starts the query if nobody did (SA's `razor2_access($fulltext, 'check')`). Never rejects. A
 * failure or the `razor_timeout` is "not spam, no confidence" plus a diagnostic (SA's
 * `_check_result` of an empty result list); the scan's deadline or cancellation is no answer.
 */
export function launchRazor(ctx: EvalContext): Promise<RazorAnswer | undefined> {
  const state = razorState(ctx);
  if (state.promise) return state.promise;
  const net = ctx.net!;
  const client = net.clients.razor!;
  const t = ctx.config.get('razor_timeout');
  const seconds = typeof t === 'number' ? t : 5;
  const signal = AbortSignal.any([net.signal, AbortSignal.timeout(Math.max(0, seconds) * 1000)]);
  state.promise = client
    .check(Buffer.from(ctx.message.fullText(), 'latin1'), signal)
    .then(
      (a): RazorAnswer | undefined => a,
      (e: unknown): RazorAnswer | undefined => {
        if (net.signal.aborted) return undefined;
        net.diagnostic('net-client', `razor2: razor2 check failed: ${e instanceof Error ? e.message : String(e)}`, 'info');
        return { spam: false, confidence: 0 };
      },
    )
    .then((a) => {
      state.settled = true;
      state.answer = a;
      return a;
    });
  return state.promise;
}
