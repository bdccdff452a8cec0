/**
 * Date evals of HeaderEval: DATE_IN_PAST_* / DATE_IN_FUTURE_* (`check_for_shifted_date`),
 * `received_within_months` and MSGID_OUTLOOK_INVALID, with `Util::parse_rfc822_date`.
 */
import type { EvalContext } from '../../types.js';
import { modelOf } from '../internal.js';
import { decodedValues } from '../../../message/header-context.js';
import { NS, S, perMessage, perlNum } from './perl.js';

/** `%Util::TZ`: the zone abbreviations SA knows. */
const TZ: Readonly<Record<string, string>> = {
  UT: '+0000', UTC: '+0000',
  NDT: '-0230', AST: '-0400', ADT: '-0300', NST: '-0330', EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500',
  MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700', HST: '-1000', AKST: '-0900', AKDT: '-0800', HADT: '-0900', HAST: '-1000',
  GMT: '+0000', BST: '+0100', IST: '+0100', WET: '+0000', WEST: '+0100', CET: '+0100', CEST: '+0200', EET: '+0200', EEST: '+0300',
  MSK: '+0300', MSD: '+0400', MET: '+0100', MEZ: '+0100', MEST: '+0200', MESZ: '+0200',
  BRST: '-0200', BRT: '-0300',
  AEST: '+1000', AEDT: '+1100', ACST: '+0930', ACDT: '+1030', AWST: '+0800',
  NZST: '+1200', NZDT: '+1300',
  JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800', PHT: '+0800',
  IDT: '+0300',
};
const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const MONTH_NUM: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const DATE_A = new RegExp(` (\\d+) (${MONTHS}) (\\d{4}) `, 'i');
const DATE_B = new RegExp(` (${MONTHS}) +(\\d+) \\d+:\\d+:\\d+ (\\d{4}) `, 'i');
const DATE_C = new RegExp(` (\\d+) (${MONTHS}) (\\d{2,3}) `, 'i');
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Replaces the first match by a space (Perl `s/re/ /`), returning the captures or undefined. */
function cut(s: { v: string }, re: RegExp): RegExpExecArray | undefined {
  const m = re.exec(s.v);
  if (!m) return undefined;
  s.v = s.v.slice(0, m.index) + ' ' + s.v.slice(m.index + m[0].length);
  return m;
}

/**
 * `Util::parse_rfc822_date`: seconds since the epoch (UTC), or undefined when no date part is
 * found or the day is 0. Out-of-range fields are clamped the way SA does (year 1970-2037,
 * a day past the month's end rolls to the 1st of the next month); unknown zones count as UTC.
 */
export function parseRfc822Date(date: string): number | undefined {
  const s = { v: ` ${date} `.replace(/, */g, ' ').replace(/[\t\n\x0b\f\r ]+/g, ' ') };
  let dd: number, mon: string, yyyyText: string;
  let m = cut(s, DATE_A);
  if (m) [dd, mon, yyyyText] = [Number(m[1]), m[2]!.toLowerCase(), m[3]!];
  else if ((m = cut(s, DATE_B))) [dd, mon, yyyyText] = [Number(m[2]), m[1]!.toLowerCase(), m[3]!];
  else if ((m = cut(s, DATE_C))) [dd, mon, yyyyText] = [Number(m[1]), m[2]!.toLowerCase(), m[3]!];
  else return undefined;

  let yyyy = Number(yyyyText);
  if (yyyyText.length === 2 && yyyy < 50) yyyy += 2000;
  else if (yyyyText.length !== 4) yyyy += 1900;

  let hh = 0, mm = 0, ss = 0;
  const t = cut(s, / (\d?\d):(\d\d)(:(\d\d))? /);
  if (t) {
    hh = Number(t[1]);
    mm = Number(t[2]);
    ss = t[4] ? Number(t[4]) : 0;
  }
  let tzoff = '';
  const z = cut(s, / ([-+]\d{4}) /);
  if (z) tzoff = z[1]!;
  else {
    const name = cut(s, /\b([A-Z]{2,4}(?:-DST)?)\b/);
    if (name && Object.prototype.hasOwnProperty.call(TZ, name[1]!)) tzoff = TZ[name[1]!]!;
  }
  if (tzoff === '' || tzoff === '0') tzoff = '-0000';

  let mmm = MONTH_NUM[mon] ?? 0;
  if (ss > 59) ss = 59;
  if (mm > 59) mm = 59;
  if (hh > 23) hh = 23;
  const leap = yyyy % 4 === 0 && (yyyy % 100 !== 0 || yyyy % 400 === 0);
  const maxDd = mmm === 4 || mmm === 6 || mmm === 9 || mmm === 11 ? 30 : mmm === 2 ? (leap ? 29 : 28) : 31;
  if (dd > maxDd) {
    dd = 1;
    mmm++;
    if (mmm > 12) {
      mmm = 1;
      yyyy++;
    }
  }
  if (yyyy > 2037) yyyy = 2037;
  else if (yyyy < 1970) yyyy = 1970;

  // Time::Local::timegm croaks on a day outside the month (only day 0 can get here)
  const monthDays = MONTH_DAYS[mmm - 1]! + (mmm === 2 && yyyy % 4 === 0 && (yyyy % 100 !== 0 || yyyy % 400 === 0) ? 1 : 0);
  if (dd < 1 || dd > monthDays) return undefined;
  let time = Date.UTC(yyyy, mmm - 1, dd, hh, mm, ss) / 1000;

  const off = /([-+])(\d\d)(\d\d)$/.exec(tzoff);
  if (off) {
    const secs = (Number(off[2]) * 60 + Number(off[3])) * 60;
    if (off[1] === '-') time += secs;
    else if (time < secs) time = 0;
    else time -= secs;
  }
  return time;
}

/** `_get_date_header_time`: the first parseable Resent-Date, else Date. */
function dateHeaderTime(ctx: EvalContext): number | undefined {
  return perMessage(ctx, 'he:date_header_time', () => {
    const headers = modelOf(ctx).headers;
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
  return perMessage(ctx, 'he:received_times', () => {
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
  return perMessage(ctx, 'he:date_diff', () => {
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
  return perMessage(ctx, 'he:date_received', () => {
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
