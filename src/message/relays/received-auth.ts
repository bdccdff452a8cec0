/**
 * Authentication markers in a Received header — the `$auth` block of SA's
 * `parse_received_line`. A relay with a marker is trusted (and internal) when no trusted
 * networks are configured, and is never broken out of the trusted chain by an unknown IP.
 *
 * The checks run on the whole squeezed line (still starting with `from`), in SA's order; the
 * first that matches wins.
 */

import { IP_ADDRESS } from './ip-patterns.js';
import { courierAuth, criticalPathAuth, sendmailAuthenticated, type AuthCaptures } from './linear-matchers.js';
import { rx, rxi } from './perl-regex.js';

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

/** SA's authentication checks, in SA's order; the first that matches names the auth. */
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
