/**
 * Pyzor (Pyzor.pm): `check_pyzor` asks the host's Pyzor client (`ctx.net.clients.pyzor`; there
 * is no default: the Pyzor protocol is not implemented here) how often the message's digest was
 * reported and welcomelisted. As in SA, only the first rule calling `check_pyzor` in a message
 * asks and can hit; the answer sets the `_PYZOR_` tag.
 */
import type { EvalContext } from '../../types.js';
import { perlTrue } from '../../../perl/truth.js';
import { pyzorVerdict } from './pyzor-verdict.js';
import { definePlugin } from '../../define-plugin.js';
import { launchEarly } from '../launch-early.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

const num = (ctx: EvalContext, key: string, dflt: number): number => {
  const v = ctx.config.get(key);
  return typeof v === 'number' ? v : dflt;
};
const on = (ctx: EvalContext, key: string, dflt: boolean): boolean => {
  const v = ctx.config.get(key);
  if (v === undefined) return dflt;
  return perlTrue(v);
};

/** A count from the client, as the number SA would add up (anything else counts 0). */
const countOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** `check_pyzor()`. */
function checkPyzor(ctx: EvalContext): boolean | Promise<boolean> {
  const net = ctx.net;
  if (!net || !on(ctx, 'use_pyzor', true)) return false;
  // `return 0 if $pms->{pyzor_running}`: a second check_pyzor rule never asks nor hits.
  const first = ctx.memo('pyzor:running', () => ctx.rule);
  if (first !== ctx.rule) return false;
  if (on(ctx, 'pyzor_perl', false) && on(ctx, 'pyzor_fork', true)) {
    net.diagnostic('net-client', 'pyzor: pyzor_perl and pyzor_fork cannot be enabled at the same time, Pyzor support will be disabled', 'info');
    return false;
  }
  const client = net.clients.pyzor;
  if (!client) {
    net.diagnostic('net-client', 'pyzor: no Pyzor client given (clients.pyzor): check_pyzor is a miss', 'info');
    return false;
  }
  ctx.setTag('PYZOR', '');
  const signal = AbortSignal.any([net.signal, AbortSignal.timeout(Math.max(0, num(ctx, 'pyzor_timeout', 5)) * 1000)]);
  return client.check(Buffer.from(ctx.message.fullText(), 'latin1'), signal).then(
    (r) => {
      if (!r || !Number.isFinite(r.count) || !Number.isFinite(r.whitelisted)) {
        net.diagnostic('net-client', `pyzor: failure to parse response ${JSON.stringify(r)}`, 'info');
      }
      const v = pyzorVerdict(countOf(r?.count), countOf(r?.whitelisted), {
        countMin: num(ctx, 'pyzor_count_min', 5),
        welcomelistMin: num(ctx, 'pyzor_welcomelist_min', 10),
        welcomelistFactor: num(ctx, 'pyzor_welcomelist_factor', 0.2),
      });
      ctx.setTag('PYZOR', v.tag);
      return v.listed;
    },
    (e: unknown) => {
      net.diagnostic('net-client', `pyzor: check failed: ${e instanceof Error ? e.message : String(e)}`, 'info');
      return false;
    },
  );
}

/** Pyzor's evals. */
const PYZOR: EvalImpls = { check_pyzor: checkPyzor };

/** `Mail::SpamAssassin::Plugin::Pyzor`: SA's vocabulary (catalog.ts) with the implementations above. */
export const PYZOR_PLUGIN = definePlugin({
  ...saVocabulary('Pyzor'),
  evals: saEvals('Pyzor', PYZOR),
  // Pyzor.pm finish_parsing_start: with pyzor_fork (the default) its rules move to priority
  // -100, so the queries start early.
  finishParsingStart: launchEarly('pyzor_fork', ['check_pyzor']),
});
