/**
 * Authentication markers in a Received header — the `$auth` block of SA's
 * `parse_received_line`. A relay with a marker is trusted (and internal) when no trusted
 * networks are configured, and is never broken out of the trusted chain by an unknown IP.
 *
 * The checks run on the whole squeezed line (still starting with `from`), in SA's order; the
 * first that matches wins.
 */

import { IP_ADDRESS } from './ip-patterns.js';
import { rx, rxi } from './perl-regex.js';

/** Captures of a check: `[whole, group1, …]`, like a RegExp match. */
export type AuthCaptures = readonly (string | undefined)[];

/** One authentication check of SA's `$auth` block. */
export interface AuthCheck {
  /** What the check recognises. */
  readonly name: string;
  /** Every pre-test must match first (SA's `&&` chains). */
  readonly when?: readonly RegExp[];
  /** The pattern, or an equivalent linear-time matcher where SA's regex backtracks badly. */
  readonly pattern: RegExp | ((line: string) => AuthCaptures | undefined);
  /** The auth text from the captures. */
  readonly auth: (m: AuthCaptures) => string;
}

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
  for (let i = 5; i + 1 < line.length; i++) {
    const pair = line.slice(i, i + 2);
    if ((pair !== '])' && pair !== ')]') || !line.startsWith(' (AUTH: ', i + 2)) continue;
    const mechAt = i + 10;
    const mech = COURIER_MECHS.find((m) => line.startsWith(m + ' ', mechAt));
    if (!mech) continue;
    const start = mechAt + mech.length + 1;
    let end = start;
    while (end < line.length && !PERL_SPACE.has(line[end]!)) end++;
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

const PERL_SPACE = new Set(['\t', '\n', '\v', '\f', '\r', ' ']);

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

export const AUTH_CHECKS: readonly AuthCheck[] = [
  {
    // RFC 3848 / 4954 / 6531 `with ESMTPA` & co., Exim/Earthlink `ASMTP`, webmail `HTTP[SU]`.
    name: 'with-keyword',
    when: [/ by /],
    pattern: rxi` with ((?:ES|L|UTF8S|UTF8L)MTPS?A|ASMTP|HTTP[SU]?)(?: |;|$)`,
    auth: (m) => m[1]!,
  },
  {
    // Gmail submission says ESMTPS, not ESMTPSA; SA recognises its id shape and TLS comment.
    name: 'gmail',
    when: [
      / by mx\.google\.com with ESMTPS id [a-z0-9]{1,4}sm[0-9]{2,9}[a-z]{3}\.[0-9]{1,3}\.[0-9]{4}\.(?:[0-6][0-9]\.){4}[0-6][0-9]/,
    ],
    pattern: /\(version=([^ ]+) cipher=([^)]+)\)/,
    auth: (m) => `GMail - transport=${m[1]} cipher=${m[2]}`,
  },
  {
    // Courier 0.47: `(AUTH: LOGIN user)`.
    name: 'courier',
    pattern: courierAuth,
    auth: (m) => m[1]!,
  },
  {
    // Sendmail `(authenticated bits=0)`, MDaemon, some webmail.
    name: 'sendmail',
    when: [/authenticated/],
    pattern: sendmailAuthenticated,
    auth: () => 'Sendmail',
  },
  {
    // GMX authenticates but does not say so; SA recognises its header shape.
    name: 'gmx',
    when: [/ by mail\.gmx\.(?:net|com) \(/], // implied by the pattern; spares compiling it
    pattern: rx`from \S* \((?:HELO|EHLO) (\S*)\) \[(${IP_ADDRESS})\] by (mail\.gmx\.(?:net|com)) \([^\)]+\) with ((?:ESMTP|SMTP))`,
    auth: (m) => `GMX (${m[4]} / ${m[3]})`,
  },
  {
    name: 'critical-path',
    when: [/ \(authenticated as /],
    pattern: criticalPathAuth,
    auth: () => 'CriticalPath',
  },
  {
    // Postfix `smtpd_sasl_authenticated_header yes`; the comment is mail_name (bug 5646).
    name: 'postfix',
    pattern: rx`\) \(Authenticated sender: \S+\) by \S+ \(([^\)]+)\) with `,
    auth: (m) => (m[1] === 'Postfix' ? 'Postfix' : `Postfix (${m[1]})`),
  },
  {
    name: 'communigate',
    when: [/CommuniGate Pro (HTTP|SMTP|XIMSS|IMAP)/],
    pattern: / \(account /,
    auth: () => 'Communigate',
  },
  {
    name: 'exchange-http-dav',
    pattern: / with Microsoft Exchange Server HTTP-DAV\b/,
    auth: () => 'HTTP-DAV',
  },
  {
    // United Internet and others: `(via HTTP)` (bug 7101).
    name: 'via-http',
    when: [/ by /],
    pattern: / \(via (HTTP.?)\)(?: |;|$)/i,
    auth: (m) => m[1]!,
  },
];

/** The authentication marker SA finds in a squeezed Received line, '' when none. */
export function detectAuth(line: string): string {
  for (const check of AUTH_CHECKS) {
    if (check.when && !check.when.every((re) => re.test(line))) continue;
    const m = typeof check.pattern === 'function' ? check.pattern(line) : check.pattern.exec(line);
    if (m) return check.auth(m);
  }
  return '';
}
