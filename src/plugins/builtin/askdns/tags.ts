/**
 * The template tags an askdns query can name, with the values SA has for them when its
 * `check_dnsbl` hook runs: `SENDERDOMAIN` and `AUTHORDOMAIN` (`extract_message_metadata`), the
 * relay tags (`RELAYSTRUSTED`…, `LASTEXTERNALIP`/`REVIP`/`RDNS`/`HELO`, `FIRSTTRUSTEDIP`/`REVIP`,
 * `RELAYS*REVIP`) and `HEADER(request)` (`$pms->get(request, '')`).
 *
 * A tag SA sets later from another plugin (`DKIMDOMAIN` from DKIM, …) has no value here unless
 * the scan provides one (see {@link TagReader}); SA's rule then never launches, a miss.
 */
import type { EvalContext } from '../../types.js';
import { modelOf } from '../internal.js';
import { relayTags } from '../../../message/relays/relay-views.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';

/** Reads a tag SA's plugins would have set: its values, or undefined when unset. */
export type TagReader = (tag: string) => readonly string[] | undefined;

/** The values of one built-in tag (`get_tag_raw`), or undefined when SA has none. */
export function builtinTagValues(ctx: EvalContext, tag: string): readonly string[] | undefined {
  const header = /^HEADER\(([^]*?)\)$/.exec(tag);
  if (header) return header[1] ? [ctx.message.getScalar(header[1], '') ?? ''] : [''];
  switch (tag) {
    case 'SENDERDOMAIN': {
      const host = ctx.message.get('EnvelopeFrom:first:addr:host')[0];
      return host === undefined ? undefined : [idnToAscii(host, false)];
    }
    case 'AUTHORDOMAIN': {
      const hosts = [...new Set(ctx.message.get('From:addr:host'))];
      return hosts.length === 0 ? undefined : hosts.map((h) => idnToAscii(h, false));
    }
    case 'RELAYSTRUSTED':
    case 'RELAYSUNTRUSTED':
    case 'RELAYSINTERNAL':
    case 'RELAYSEXTERNAL':
    case 'FIRSTTRUSTEDIP':
    case 'FIRSTTRUSTEDREVIP':
    case 'LASTEXTERNALIP':
    case 'LASTEXTERNALREVIP':
    case 'LASTEXTERNALRDNS':
    case 'LASTEXTERNALHELO':
      return [relayTags(modelOf(ctx).relays())[tag]];
    case 'RELAYSTRUSTEDREVIP':
    case 'RELAYSUNTRUSTEDREVIP':
    case 'RELAYSINTERNALREVIP':
    case 'RELAYSEXTERNALREVIP': {
      const v = relayTags(modelOf(ctx).relays())[tag];
      return v.length === 0 ? undefined : v;
    }
    default:
      return undefined;
  }
}
