/**
 * HeaderEval's webmail-forgery evals: Received trails that do not fit the webmail service the
 * From address claims (Hotmail, Yahoo, Gmail, Juno, Eudoramail), fake AOL relays, the gw05
 * pattern, MSN Groups and the ezmlm "Received remover".
 */
import type { EvalContext } from '../../types.js';
import { IP_ADDRESS } from '../../../message/relays/ip-patterns.js';
import { DOT, NS, S } from '../../../perl/regex-classes.js';
import { perlRegExp } from '../perl-regexp.js';

const squeeze = (s: string) => s.replace(/[\t\n\x0b\f\r ]+/g, ' ');
const get = (ctx: EvalContext, name: string) => ctx.message.getScalar(name) ?? '';
/** The Received headers with white space squeezed, as several of these evals start (once per scan). */
const squeezedReceived = (ctx: EvalContext) => ctx.memo('he:rcvd-squeezed', () => squeeze(get(ctx, 'Received')));
const IP_RE = new RegExp(IP_ADDRESS);

/** `gated_through_received_hdr_remover`: ezmlm or MSN Groups removed the Received headers. */
export function gatedThroughReceivedHdrRemover(ctx: EvalContext): number {
  const txt = ctx.message.getScalar('Mailing-List', undefined);
  if (txt !== undefined && new RegExp(`^contact ${NS}+@${NS}+; run by ezmlm$`, 'm').test(txt)) {
    const dlto = get(ctx, 'Delivered-To');
    const rcvd = get(ctx, 'Received');
    if (
      new RegExp(`^mailing list ${NS}+@${NS}+`, 'm').test(dlto) &&
      new RegExp(`qmail \\d+ invoked (?:from network|by ${DOT}{3,20})\\); \\d+ ${DOT}${DOT}${DOT} \\d+`).test(rcvd)
    ) {
      return 1;
    }
  }
  const rcvd = ctx.message.getScalar('Received', undefined);
  if (rcvd === undefined) return 1;
  if (new RegExp(`from groups\\.msn\\.com \\(${NS}+\\.msn\\.com `).test(rcvd)) return 1;
  return 0;
}

/** `check_for_msn_groups_headers`: mail relayed by an MSN Group. */
export function msnGroupsHeaders(ctx: EvalContext): number {
  const to = /<([^\t\n\x0b\f\r ]+)@groups\.msn\.com>/i.exec(get(ctx, 'To'));
  if (!to) return 0;
  const listname = to[1]!;
  const srv = /from mail pickup service by ((?:p\d\d\.)groups\.msn\.com)\b/.exec(get(ctx, 'Received'));
  if (!srv) return 0;
  const server = srv[1]!;
  // SA interpolates both names into patterns unquoted
  if (/^notifications$/.test(listname)) {
    return perlRegExp(`^<\\S+\\@${server}>`)?.test(get(ctx, 'Message-Id')) ? 1 : 0;
  }
  if (!perlRegExp(`^<${listname}-\\S+\\@groups\\.msn\\.com>`)?.test(get(ctx, 'Message-Id'))) return 0;
  if (!perlRegExp(`${listname}-bounce\\@groups\\.msn\\.com`)?.test(get(ctx, 'EnvelopeFrom:addr'))) return 0;
  return 1;
}

/** `_check_for_forged_hotmail_received_headers`: [forged hotmail Received, hotmail From without one]. */
function hotmail(ctx: EvalContext): [number, number] {
  return ctx.memo('he:hotmail', (): [number, number] => {
    const rcvd = squeezedReceived(ctx);
    if (/from mail pickup service by hotmail\.com with Microsoft SMTPSVC;/.test(rcvd)) return [0, 0];
    if (msnGroupsHeaders(ctx)) return [0, 0];
    const ipHdr = ctx.message.getScalar('X-Originating-Ip', undefined);
    const origHdr = ctx.message.getScalar('X-OriginatorOrg', undefined);
    const ip = ipHdr !== undefined && IP_RE.test(ipHdr);
    const orig = origHdr !== undefined && /hotmail\.com|msonline-outlook/.test(origHdr);
    if (gatedThroughReceivedHdrRemover(ctx)) return [0, 0];
    const t = (src: string) => new RegExp(src).test(rcvd);
    if (ip && t(`from (?:${NS}*\\.)?hotmail${DOT}com \\(${NS}+\\.hotmail(?:\\.msn)?\\.com[ )]`)) return [0, 0];
    if (orig && t(`from ${NS}*\\.outbound\\.protection\\.outlook\\.com \\(${NS}+\\.outbound\\.protection\\.outlook\\.com[ )]`)) return [0, 0];
    if (orig && t(`from ${NS}*\\.(?:eur|nam)prd\\d+\\.prod\\.outlook\\.com \\(${IP_ADDRESS}\\)`)) return [0, 0];
    if (ip && t(`from ${NS}*\\.hotmail${DOT}com \\(\\[${IP_ADDRESS}\\][ ):]`)) return [0, 0];
    if (ip && t(`from ${NS}+ by ${NS}+\\.hotmail(?:\\.msn)?\\.com with HTTP;`)) return [0, 0];
    if (ip && t(`from \\[66\\.218${DOT}${NS}+\\] by ${NS}+\\.yahoo\\.com`)) return [0, 0];
    if (t(`(?:from |HELO |helo=)${NS}*hotmail\\.com\\b`)) return [1, 0];
    if (!/\bhotmail\.com$/i.test(get(ctx, 'From:addr'))) return [0, 0];
    return [0, 1];
  });
}

/** HeaderEval's forgery evals (`check_for_forged_hotmail_received_headers`, …) by name. */
export const FORGED_EVALS = {
  gated_through_received_hdr_remover: gatedThroughReceivedHdrRemover,
  check_for_msn_groups_headers: msnGroupsHeaders,
  check_for_forged_hotmail_received_headers: (ctx: EvalContext) => hotmail(ctx)[0],
  check_for_no_hotmail_received_headers: (ctx: EvalContext) => hotmail(ctx)[1],

  /** __FORGED_AOL_RCVD: an AOL relay host name not in an AOL-formatted header. */
  check_for_fake_aol_relay_in_rcvd: (ctx: EvalContext) => {
    const rcvd = squeezedReceived(ctx);
    if (!/ rly-[a-z][a-z]\d\d\./i.test(rcvd)) return 0;
    if (/\/AOL-\d+\.\d+\.\d+\)/.test(rcvd)) return 0;
    if (/ESMTP id (?:RELAY|MAILRELAY|MAILIN)/.test(rcvd)) return 0;
    return 1;
  },

  check_for_forged_eudoramail_received_headers: (ctx: EvalContext) => {
    if (!/\beudoramail\.com$/i.test(get(ctx, 'From:addr'))) return 0;
    const rcvd = squeezedReceived(ctx);
    const ipHdr = ctx.message.getScalar('X-Sender-Ip', undefined);
    const ip = ipHdr !== undefined && IP_RE.test(ipHdr);
    if (gatedThroughReceivedHdrRemover(ctx)) return 0;
    if (ip && new RegExp(`by ${NS}*whowhere${DOT}com;`).test(rcvd)) return 0;
    return 1;
  },

  /** FORGED_YAHOO_RCVD. */
  check_for_forged_yahoo_received_headers: (ctx: EvalContext) => {
    const from = get(ctx, 'From:addr');
    if (!/\byahoo\.com$/i.test(from)) return 0;
    let rcvd = get(ctx, 'Received');
    if (get(ctx, 'Resent-From') !== '' && get(ctx, 'Resent-To') !== '') {
      const x = get(ctx, 'X-Received');
      if (x !== '') rcvd = x;
    }
    rcvd = squeeze(rcvd);
    if (gatedThroughReceivedHdrRemover(ctx)) return 0;
    const relays = ctx.model.relays();
    if (
      new RegExp(` rdns=${NS}+\\.yahoo\\.com `).test(relays.relaysTrustedStr) ||
      new RegExp(`^[^\\]]+ rdns=${NS}+\\.yahoo\\.com `).test(relays.relaysUntrustedStr)
    ) {
      return 0;
    }
    const t = (src: string) => new RegExp(src).test(rcvd);
    if (t(`by web${NS}+\\.mail${NS}*\\.yahoo\\.com via HTTP`)) return 0;
    if (t(`by sonic${NS}+\\.consmr\\.mail${NS}*\\.yahoo\\.com with HTTP`)) return 0;
    if (t(`by smtp${NS}+\\.yahoo\\.com with SMTP`)) return 0;
    if (t(`from \\[${IP_ADDRESS}\\] by ${NS}+\\.(?:groups|scd|dcn)\\.yahoo\\.com with NNFMP`)) return 0;
    if (/\bmailer\d+\.bulk\.scd\.yahoo\.com\b/.test(rcvd) && /@reply\.yahoo\.com$/i.test(from)) return 0;
    if (/by \w+\.\w+\.yahoo\.com \(\d+\.\d+\.\d+\/\d+\.\d+\.\d+\)(?: with ESMTP)? id \w+/.test(rcvd)) return 0;
    return 1;
  },

  check_for_forged_juno_received_headers: (ctx: EvalContext) => {
    if (!/\bjuno\.com$/i.test(get(ctx, 'From:addr'))) return 0;
    if (gatedThroughReceivedHdrRemover(ctx)) return 0;
    const xorig = get(ctx, 'X-Originating-IP');
    const xmailer = get(ctx, 'X-Mailer');
    const rcvd = get(ctx, 'Received');
    const t = (src: string) => new RegExp(src).test(rcvd);
    if (xorig !== '') {
      if (
        !t(`from${DOT}*\\b(?:juno|untd)\\.com${DOT}*[[(]${IP_ADDRESS}[\\])]${DOT}*by`) &&
        !t(` cookie\\.(?:juno|untd)\\.com `)
      ) {
        return 1;
      }
      if (xmailer.indexOf('Juno ') === -1) return 1;
    } else {
      if (t(`from${DOT}*\\bmail\\.com${DOT}*\\[${IP_ADDRESS}\\]${DOT}*by`)) {
        if (!/\bmail\.com/.test(xmailer)) return 1;
      } else if (t(`from (webmail${NS}+\\.untd\\.com) \\(\\1 \\[${IP_ADDRESS}\\]\\) by`)) {
        if (!/^Webmail Version \d/.test(xmailer)) return 1;
      } else {
        return 1;
      }
      if (!IP_RE.test(xorig)) return 1;
    }
    return 0;
  },

  /** FORGED_GMAIL_RCVD. */
  check_for_forged_gmail_received_headers: (ctx: EvalContext) => {
    if (!/\bgmail\.com$/i.test(get(ctx, 'From:addr'))) return 0;
    const xgms = get(ctx, 'X-Gm-Message-State');
    const xss = get(ctx, 'X-Google-Smtp-Source');
    const xreceived = get(ctx, 'X-Received');
    const received = get(ctx, 'Received');
    if (new RegExp(`by 10\\.${NS}+ with SMTP id ${NS}+`).test(xreceived)) return 0;
    if (new RegExp(`by 2002:a\\d\\d:\\w+:${NS}+ with SMTP id ${NS}+`).test(xreceived)) return 0;
    if (new RegExp(`by smtp\\.googlemail\\.com with ESMTPSA id ${NS}+`).test(received)) return 0;
    if (xgms.length >= 60 && xss.length >= 60) return 0;
    return 1;
  },

  check_for_forged_gw05_received_headers: (ctx: EvalContext) => {
    const rcv = get(ctx, 'Received');
    const m = new RegExp(
      `\\nfrom${S}(${NS}+)${S}by${S}(${NS}+)${S}with${S}ESMTP;${S}+${NS}${NS}${NS},${S}+\\d+${S}+${NS}${NS}${NS}${S}+` +
        `\\d{4}${S}+\\d\\d:\\d\\d:\\d\\d${S}+[-+]*\\d{4}\\n(?=\\n?$)`,
    ).exec(rcv);
    return m && !m[2]!.includes('.') ? 1 : 0;
  },
};
