/**
 * The receiving MTA's own hop, written as the Received header it will add: what SA's milters
 * and content filters (spamass-milter, amavis) do before they hand a message to SpamAssassin
 * at SMTP time, when the MTA has not written that header yet. With it, SA's relay parsing
 * (`Message::Metadata::parse_received_headers`) sees the connecting client — its IP for the
 * DNS lists, its HELO and reverse DNS, the envelope sender, and whether it authenticated
 * (`with ESMTPA`, which makes the hop trusted as SA's MSA logic does).
 */
import { isIP } from 'node:net';

/** The SMTP envelope of a message, as the MTA received it. */
export interface EnvelopeHop {
  /** The connecting client's IP address (required for a hop). */
  ip?: string;
  /** What the client said in HELO/EHLO. */
  helo?: string;
  /** The client's verified reverse DNS name (omit when unknown: written `unknown`, as Postfix does). */
  rdns?: string;
  /** MAIL FROM (without angle brackets; '' for the null sender). */
  mailFrom?: string;
  /** RCPT TO addresses. */
  rcptTo?: string[];
  /** The client authenticated (SMTP AUTH): the hop is written `with ESMTPA`. */
  authenticated?: boolean;
}

/**
 * A header-safe token: no line breaks, controls, or the delimiters the Received grammar uses;
 * `empty` stands for nothing left.
 */
function token(s: string, delimiters: RegExp, empty = 'unknown'): string {
  return s.replace(/[\x00-\x20\x7f]/g, '').replace(delimiters, '?').slice(0, 255) || empty;
}

/** `Sun, 06 Dec 2026 23:00:00 +0000`. */
function rfc2822(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The Received header (with its line end) for the envelope's hop, or '' when the envelope has
 * no usable client IP. `eol` is the message's own line ending.
 */
export function envelopeReceived(env: EnvelopeHop, byHost: string, eol: '\n' | '\r\n', now = new Date()): string {
  if (!env.ip || isIP(env.ip) === 0) return '';
  const ip = env.ip;
  const helo = token(env.helo ?? ip, /[()[\]<>;]/g);
  const rdns = env.rdns ? token(env.rdns, /[()[\]<>;]/g) : 'unknown';
  const by = token(byHost, /[()[\]<>;]/g);
  const lines = [`Received: from ${helo} (${rdns} [${ip}])`, `\tby ${by} (spamscore) with ${env.authenticated ? 'ESMTPA' : 'ESMTP'} id ${now.getTime().toString(36).toUpperCase()}`];
  if (env.mailFrom !== undefined) lines.push(`\t(envelope-from <${token(env.mailFrom, /[<>()]/g, '')}>)`);
  // Postfix names the recipient only when there is one.
  if (env.rcptTo?.length === 1) lines.push(`\tfor <${token(env.rcptTo[0]!, /[<>();]/g)}>; ${rfc2822(now)}`);
  else lines[lines.length - 1] += `; ${rfc2822(now)}`;
  return lines.join(eol) + eol;
}
