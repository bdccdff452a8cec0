/**
 * `Util::parse_rfc822_date` (Util.pm): the date of a Date or Received header as seconds since the
 * epoch, SA's way. Message-level: the HeaderEval date rules and Bayes (`receive_date`) use it.
 */

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
