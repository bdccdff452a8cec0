/**
 * What DCC.pm tells dccifd about the message's origin: the first external relay
 * (`$pms->{relays_external}->[0]` in `_launch_dcc`), i.e. the host that handed the message to
 * the internal network. Its IP and rDNS go on the client line, its HELO on the HELO line; SA's
 * plugin sends no envelope sender and the single recipient `unknown`, and so does this one.
 */
import type { DccRequest } from '../../../net/types.js';
import type { EvalContext } from '../../types.js';

/** The dccifd request for the message being scanned. */
export function dccRequest(ctx: EvalContext): DccRequest {
  const relay = ctx.model.relays().relaysExternal[0];
  if (!relay) return {};
  // ask_dcc: `$client .= "\r" . $clientname if defined $clientname` — SA's rdns is '' when
  // unknown, which is defined, so the CR is sent even then.
  return { clientIp: relay.ip, clientName: relay.rdns, helo: relay.helo || '' };
}
