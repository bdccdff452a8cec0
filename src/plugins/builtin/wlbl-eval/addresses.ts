/**
 * `PerMsgStatus::all_from_addrs` and `all_to_addrs`: the sender and recipient addresses the
 * list evals and FreeMail test.
 */
import type { EvalContext } from '../../types.js';
import { isFqdnValid } from '../../../message/fqdn.js';
import { idnToAscii } from '../../../message/uri/idn-to-ascii.js';

/**
 * Every sender address: those of the first Resent-From when there is one, else of From,
 * Envelope-Sender, Resent-Sender, X-Envelope-From and the envelope sender (runs of dots
 * squeezed), without duplicates. SA returns them in Perl hash order; every caller only asks
 * whether any of them matches, so the order here (first seen) changes no result.
 */
export function allFromAddrs(ctx: EvalContext): readonly string[] {
  return ctx.memo('all_from_addrs', () => {
    const resent = ctx.message.get('Resent-From:first:addr');
    const addrs = resent.length
      ? [...resent]
      : ['From:addr', 'Envelope-Sender:addr', 'Resent-Sender:addr', 'X-Envelope-From:addr', 'EnvelopeFrom:addr']
          .flatMap((req) => ctx.message.get(req))
          .filter((a) => a !== '')
          .map((a) => a.replace(/\.{2,}/g, '.'));
    return [...new Set(addrs)];
  });
}

const TO_HEADERS = [
  'To', 'Apparently-To', 'Delivered-To', 'Envelope-Recipients', 'Apparently-Resent-To', 'X-Envelope-To',
  'Envelope-To', 'X-Delivered-To', 'X-Original-To', 'X-Rcpt-To', 'X-Real-To', 'Cc',
];
const RCVD_FOR = /\x20for <?([^\t\n\x0b\f\r ]+@([^\t\n\x0b\f\r ]+?))>?;/;

/**
 * Every recipient address: Resent-To/Resent-Cc (first of each) when present, else the `for`
 * addresses of the newest three Received headers followed by To, Apparently-To, Delivered-To …
 * Cc; duplicates dropped, first occurrence kept.
 */
export function allToAddrs(ctx: EvalContext): readonly string[] {
  return ctx.memo('all_to_addrs', () => {
    const resent = [...ctx.message.get('Resent-To:first:addr'), ...ctx.message.get('Resent-Cc:first:addr')];
    let addrs: string[];
    if (resent.length) addrs = resent;
    else {
      addrs = [];
      for (const line of ctx.message.get('Received').slice(0, 3)) {
        const m = RCVD_FOR.exec(line);
        if (m && isFqdnValid(idnToAscii(m[2]!, false), true)) addrs.push(m[1]!);
      }
      for (const h of TO_HEADERS) addrs.push(...ctx.message.get(`${h}:addr`));
    }
    return [...new Set(addrs)];
  });
}
