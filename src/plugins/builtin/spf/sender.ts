/**
 * Who and what SPF checks, as SA 4.0.1's SPF plugin picks them (`_get_sender`, `_check_spf`):
 * the relay is the first *external* one (`relays_external->[0]`), its IP and HELO; the envelope
 * sender comes from that relay's Received `envelope-from`, else, only when no trusted relay
 * handled the message (or `always_trust_envelope_sender` is on), from `EnvelopeFrom:addr`.
 */
import type { EvalContext } from '../../types.js';
import type { Relay } from '../../../message/relays/index.js';
import { lc } from '../../../perl/strings.js';
import { boolSetting } from './settings.js';

/** The relay SPF and DMARC look at: the first external one, or undefined. */
export function spfRelay(ctx: EvalContext): Relay | undefined {
  return ctx.model.relays().relaysExternal[0];
}

/**
 * SA's `$pms->{spf_sender}`: the lower-cased envelope sender, '' for a null sender, undefined
 * when it cannot be known (what `check_spf_skipped_noenvfrom` reports).
 */
export function spfSender(ctx: EvalContext): string | undefined {
  return ctx.memo('spf:sender', () => {
    const relay = spfRelay(ctx);
    if (relay && relay.envfrom !== undefined) return lc(relay.envfrom);
    const relays = ctx.model.relays();
    if (relays.numRelaysTrusted > 0 && !boolSetting(ctx, 'always_trust_envelope_sender')) return undefined;
    const env = ctx.message.get('EnvelopeFrom:addr')[0];
    return env === undefined ? undefined : lc(env);
  });
}
