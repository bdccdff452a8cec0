/**
 * Date evals of HeaderEval: DATE_IN_PAST_* / DATE_IN_FUTURE_* (`check_for_shifted_date`),
 * `received_within_months` and MSGID_OUTLOOK_INVALID, with `Util::parse_rfc822_date`.
 */
import type { EvalContext } from '../../types.js';
import { decodedValues } from '../../../message/header-context.js';
import { parseRfc822Date } from '../../../message/rfc822-date.js';
import { NS, S } from '../../../perl/regex-classes.js';
import { perlNum } from '../../../perl/numbers.js';

/** `_get_date_header_time`: the first parseable Resent-Date, else Date. */
function dateHeaderTime(ctx: EvalContext): number | undefined {
  return ctx.memo('he:date_header_time', () => {
    const headers = ctx.model.headers;
    for (const name of ['Resent-Date', 'Date']) {
      for (const date of decodedValues(headers, name)) {
        const t = date.length ? parseRfc822Date(date.replace(/\n$/, '')) : undefined;
        if (t !== undefined) return t;
      }
    }
    return undefined;
  });
}

const RCVD_DATE = new RegExp(`(${S}[^\\n]?\\d+ ${NS}${NS}${NS} \\d+ \\d+:\\d+:\\d+ ${NS}+)`);

/** `_get_received_header_times`: the dates of the Received lines, and a fetchmail time. */
function receivedTimes(ctx: EvalContext): { times: number[]; fetchmail: number | undefined } {
  return ctx.memo('he:received_times', () => {
    const received = ctx.message.getScalar('Received') ?? '';
    const lines = received === '' ? [] : received.split('\n').filter((l) => /[^\t\n\x0b\f\r ]/.test(l));
    if (lines.length === 0) return { times: [], fetchmail: undefined };
    const local: string[] = [];
    if (
      new RegExp(`\\bfrom (?:localhost${S}|(?:${NS}+ ){1,2}${NS}*\\b127\\.0\\.0\\.1\\b)`).test(lines[0]!) ||
      /qmail \d+ invoked by uid \d+/.test(lines[0]!)
    ) {
      local.push(lines.shift()!);
    }
    if (lines.length && /\bby localhost with \w+ \(fetchmail-[\d.]+/.test(lines[0]!)) local.push(lines.shift()!);
    else if (local.length) lines.unshift(local.shift()!);

    let fetchmail: number | undefined;
    if (local.length) {
      const now = Date.now() / 1000;
      const ft: number[] = [];
      for (const r of local) {
        const m = RCVD_DATE.exec(r);
        const t = m ? parseRfc822Date(m[1]!) : undefined;
        if (t !== undefined && now >= t) ft.push(t);
      }
      if (ft.length) fetchmail = Math.max(...ft);
    }
    const times: number[] = [];
    for (const r of lines) {
      const m = RCVD_DATE.exec(r);
      const t = m ? parseRfc822Date(m[1]!) : undefined;
      if (t !== undefined) times.push(t);
    }
    return { times, fetchmail };
  });
}

/** `_check_date_diff`: Date minus the closest Received date, in seconds (0 when unknown). */
function dateDiff(ctx: EvalContext): number {
  return ctx.memo('he:date_diff', () => {
    const date = dateHeaderTime(ctx);
    if (date === undefined) return 0;
    const { times } = receivedTimes(ctx);
    if (!times.length) return 0;
    const diffs = times.map((t) => date - t);
    if (diffs.length > 1 && diffs[diffs.length - 1] === 0) diffs.pop();
    diffs.sort((a, b) => Math.abs(a) - Math.abs(b)); // stable, as Perl's merge sort
    return diffs[0]!;
  });
}

/** `_check_date_received`: the median of the candidate receive times. */
function dateReceived(ctx: EvalContext): number {
  return ctx.memo('he:date_received', () => {
    const poss: number[] = [];
    const date = dateHeaderTime(ctx);
    if (date !== undefined) poss.push(date);
    const { times, fetchmail } = receivedTimes(ctx);
    if (times.length) poss.push(times[0]!);
    if (fetchmail !== undefined) poss.push(fetchmail);
    if (date !== undefined && times.length) poss.push(date - dateDiff(ctx));
    if (!poss.length) return 0;
    poss.sort((a, b) => b - a);
    return poss[Math.trunc((poss.length - 1) / 2)]!;
  });
}

/** HeaderEval's date evals (`check_for_shifted_date`, `received_within_months`, …) by name. */
export const DATE_EVALS = {
  /** Date header minus Received time in hours within [min, max) ('undef' = open). */
  check_for_shifted_date: (ctx: EvalContext, min?: string, max?: string) => {
    const diff = dateDiff(ctx);
    return (min === 'undef' || diff >= 3600 * perlNum(min ?? '')) && (max === 'undef' || diff < 3600 * perlNum(max ?? '')) ? 1 : 0;
  },

  /** The message was received between min and max months ago (uses the current time). */
  received_within_months: (ctx: EvalContext, min?: string, max?: string) => {
    const diff = Date.now() / 1000 - dateReceived(ctx);
    const year = 31556952;
    return (min === undefined || min === 'undef' || diff >= year * (perlNum(min) / 12)) &&
      (max === undefined || max === 'undef' || diff < year * (perlNum(max) / 12))
      ? 1
      : 0;
  },

  /** MSGID_OUTLOOK_INVALID: the time token of an Outlook Message-ID fits neither Date nor Received. */
  check_outlook_message_id: (ctx: EvalContext) => {
    const id = ctx.message.getScalar('MESSAGEID') ?? '';
    const m = /^<[0-9a-f]{4}([0-9a-f]{8})\$[0-9a-f]{8}\$[0-9a-f]{8}@/.exec(id);
    if (!m) return 0;
    const token = parseInt(m[1]!, 16);
    const x = 0.0023283064365387;
    const y = 27111902.8329849;
    const fudge = 250;
    let t = parseRfc822Date(ctx.message.getScalar('Date') ?? '') || 0;
    if (Math.abs(token - Math.trunc(t * x + y)) < fudge) return 0;
    // SA matches a date in the Received text but then parses the whole text ($_ is unchanged)
    t = parseRfc822Date(ctx.message.getScalar('Received') ?? '') || 0;
    return Math.abs(token - Math.trunc(t * x + y)) >= fudge ? 1 : 0;
  },
};
