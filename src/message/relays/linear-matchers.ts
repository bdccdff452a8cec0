/**
 * Linear-time equivalents of SpamAssassin patterns that backtrack badly in a regex engine.
 *
 * Perl's engine memoises some backtracking; V8's does not, so a few of SA's Received patterns are
 * quadratic, cubic or exponential on hostile headers (a 30 KB line took 21 s). Each function here
 * decides exactly what its SA pattern decides — the reasoning is in its comment, and each was
 * checked against the original regex on hundreds of thousands of random strings — in one or two
 * passes over the line.
 */

import { isPerlSpace } from '../../perl/regex-classes.js';

/** Captures of a check: `[whole, group1, …]`, like a RegExp match. */
export type AuthCaptures = readonly (string | undefined)[];

const COURIER_MECHS = ['LOGIN', 'PLAIN', 'DIGEST-MD5', 'CRAM-MD5'];

/**
 * SA's Courier test `^from .*?(?:\]\)|\)\]) \(AUTH: (LOGIN|PLAIN|DIGEST-MD5|CRAM-MD5) \S+(?:, .*?)?\) by `
 * in linear time (the regex is quadratic on repeated `]) (AUTH: LOGIN x, `). After the mechanism
 * comes one token of at least two characters that either ends in `)` and is followed by ` by `,
 * or ends in `,` with `) by ` somewhere later; the earliest `])`/`)]` for which that holds gives
 * the captured mechanism, as the lazy `.*?` does.
 */
export function courierAuth(line: string): AuthCaptures | undefined {
  if (!line.startsWith('from ')) return undefined;
  const lastParenBy = line.lastIndexOf(') by ');
  // The places ` (AUTH: ` follows `])` or `)]`, from the left (a slice per char was 2% of
  // the bytes a scan allocated).
  for (let at = line.indexOf(' (AUTH: ', 7); at >= 0; at = line.indexOf(' (AUTH: ', at + 1)) {
    const i = at - 2;
    const pair = line.slice(i, at);
    if (pair !== '])' && pair !== ')]') continue;
    const mechAt = i + 10;
    const mech = COURIER_MECHS.find((m) => line.startsWith(m + ' ', mechAt));
    if (!mech) continue;
    const start = mechAt + mech.length + 1;
    let end = start;
    while (end < line.length && !isPerlSpace(line.charCodeAt(end))) end++;
    if (end - start < 2) continue;
    const last = line[end - 1];
    if ((last === ')' && line.startsWith(' by ', end)) || (last === ',' && end < line.length && lastParenBy >= end + 1)) {
      return [line, mech];
    }
  }
  return undefined;
}

const CRITICAL_PATH_BLOCK = / \(\d{1,2}\.\d\.\d{3}(?:\.\d{1,3})?\) \(authenticated as /y;

/**
 * SA's Critical Path test `\) by .+ \(\d{1,2}\.\d\.\d{3}(?:\.\d{1,3})?\) \(authenticated as .+\) id `
 * in linear time (the regex is cubic on hostile input). The `.+` gaps are unconstrained, so it
 * holds exactly when, after the first `) by `, some version block starts at least one character
 * later, and `) id ` occurs at least one character after the earliest-ending such block.
 */
export function criticalPathAuth(line: string): AuthCaptures | undefined {
  const by = line.indexOf(') by ');
  if (by < 0) return undefined;
  let blockEnd = Infinity;
  for (let b = line.indexOf(' (', by + 6); b >= 0; b = line.indexOf(' (', b + 1)) {
    CRITICAL_PATH_BLOCK.lastIndex = b;
    if (CRITICAL_PATH_BLOCK.test(line)) blockEnd = Math.min(blockEnd, CRITICAL_PATH_BLOCK.lastIndex);
  }
  return blockEnd !== Infinity && line.lastIndexOf(') id ') >= blockEnd + 1 ? [line] : undefined;
}

/**
 * SA's Sendmail/MDaemon test `^from .*?X .*?\(.*?authenticated.*?\).*? by`, where X is `])`,
 * `] (…))` or `)]`. Every `.*?` there is unconstrained, so the line matches exactly when those
 * tokens occur in that order; taking the earliest-ending X and then the earliest of each later
 * token decides it in linear time (the regex is cubic on hostile input).
 */
export function sendmailAuthenticated(line: string): AuthCaptures | undefined {
  return sendmailShape(line) ? [line] : undefined;
}

function sendmailShape(line: string): boolean {
  if (!line.startsWith('from ')) return false;
  // closeAfter[i]: index of the first ')' at or after i (-1 when none)
  const closeAfter = new Int32Array(line.length + 1).fill(-1);
  for (let i = line.length - 1; i >= 0; i--) closeAfter[i] = line[i] === ')' ? i : closeAfter[i + 1]!;
  let after = Infinity; // where the text after the earliest-ending "X " starts
  const candidate = (end: number) => {
    if (line[end] === ' ' && end + 1 < after) after = end + 1;
  };
  for (let i = 5; i < line.length - 1; i++) {
    if (line[i] === ']') {
      if (line[i + 1] === ')') candidate(i + 2);
      if (line[i + 1] === ' ' && line[i + 2] === '(') {
        const close = closeAfter[i + 3]!; // the comment ends at its first ')', which must be doubled
        if (close >= 0 && line[close + 1] === ')') candidate(close + 2);
      }
    } else if (line[i] === ')' && line[i + 1] === ']') candidate(i + 2);
  }
  if (after === Infinity) return false;
  const open = line.indexOf('(', after);
  if (open < 0) return false;
  const word = line.indexOf('authenticated', open + 1);
  if (word < 0) return false;
  const close = line.indexOf(')', word + 'authenticated'.length);
  return close >= 0 && line.indexOf(' by', close + 1) >= 0;
}

/** Whether `c` occurs in `token` neither first nor last (what `\S+c\S+` asks of one token). */
export function hasInnerChar(token: string, c: string): boolean {
  const i = token.indexOf(c, 1);
  return i >= 1 && i <= token.length - 2;
}

/** SMTP or QMQP at `j`, not followed by " id " (SA's `(SMTP|QMQP)(?! id )`). */
function protocolAt(line: string, j: number): boolean {
  return (line.startsWith('SMTP', j) || line.startsWith('QMQP', j)) && !line.startsWith(' id ', j + 4);
}

/**
 * Whether the text from `from` (just after the "by" host) matches SA's
 * `^( \(.+\))* with (.* )?(SMTP|QMQP)(?! id )`, in linear time. `( \(.+\))*` is the same language
 * as an optional ` \(.+\)` (`.+` may span ") ("), and `(.* )?P` from position s means P right at s
 * or P after some space at or beyond s — so only the last such P matters.
 */
export function qmailProtocolTail(line: string, from: number): boolean {
  let lastAfterSpace = -1;
  for (let j = line.length - 4; j > from && lastAfterSpace < 0; j--) {
    if (line[j - 1] === ' ' && protocolAt(line, j)) lastAfterSpace = j;
  }
  const restMatches = (s: number) => protocolAt(line, s) || lastAfterSpace >= s + 1;
  if (line.startsWith(' with ', from) && restMatches(from + 6)) return true;
  if (!line.startsWith(' (', from)) return false;
  for (let k = from + 3; k < line.length; k++) {
    if (line[k] === ')' && line.startsWith(' with ', k + 1) && restMatches(k + 7)) return true;
  }
  return false;
}
