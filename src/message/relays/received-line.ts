/**
 * Parses one Received header value into a relay — SpamAssassin's
 * `Message::Metadata::Received::parse_received_line`, driven by the format tables.
 *
 * Input is the value SA's `get_header('Received')` yields: unfolded, trimmed, no field name
 * (a trailing newline or leftover folding is harmless: whitespace is squeezed first).
 */

import { IP_ADDRESS as IP } from './ip-patterns.js';
import { IP_SUPERSET } from './ip-prefilter.js';
import { rx, rxi } from './perl-regex.js';
import { PERL_SPACE } from '../../perl/regex-classes.js';
import { perlTrue } from '../../perl/truth.js';
import { cleanEnvfrom, finishRelay, type Relay } from './relay-record.js';
import { detectAuth } from './received-auth.js';
import { tryFormat, tryFormats, type FormatOutcome, type LineState } from './received-format.js';
import { COMMON_FORMATS } from './received-common-formats.js';
import { MTA_FAMILIES, WEBMAIL_PRELUDE } from './received-mta-families.js';
import { RARE_FORMATS } from './received-rare-formats.js';
import { FROM_SKIPS, PAREN_FROM_FORMATS } from './received-skips.js';

/** What one Received header amounts to. */
export type ReceivedParse =
  /** A handover SA could read. */
  | { readonly kind: 'relay'; readonly relay: Relay }
  /**
   * A header SA ignores on purpose (SA's `return 0`). `fetcher` marks a POP/IMAP fetch marker,
   * `qmailScannerEnvfrom` the envelope sender a qmail-scanner line passes to the next relay.
   */
  | { readonly kind: 'skipped'; readonly fetcher: boolean; readonly qmailScannerEnvfrom?: string }
  /** A header SA could not read (counted in `num_relays_unparseable`). */
  | { readonly kind: 'unparseable' };

const SKIPPED: ReceivedParse = { kind: 'skipped', fetcher: false };
const FETCHER: ReceivedParse = { kind: 'skipped', fetcher: true };
const UNPARSEABLE: ReceivedParse = { kind: 'unparseable' };

const PERL_WS_RUN = /[\t\n\x0b\f\r ]+/g;

const STARTS_WITH_FROM = /^\(?from /i;
const WITH_LOCAL_FOR = /\bwith local for\b/;
/** `from host by host ;` without an IP literal: nothing to learn (SA skips it). */
const FROM_BY_NO_IP = rxi`^from (\S+) by [^\s;]+ ?;`;
/**
 * The date at the end. SA's pattern starts `[\s;]+` unanchored, which backtracks quadratically over
 * a long run of spaces and semicolons; its leftmost match always starts at the start of such a run
 * (an earlier start in the same run matches too), so requiring that is equivalent and linear.
 */
const TRAILING_DATE = rx`(?<![\s;])[\s;]+(?:(?:Mon|T(?:ue|hu)|Wed|Fri|S(?:at|un)), )?\d+ (?:J(?:an|u[nl])|Feb|Ma[ry]|A(?:pr|ug)|Sep|Oct|Nov|Dec) \d+ \d+:\d+(?::\d+)? \S+$`;
const ID = rx` id <?([^\s<>;]{3,})`;
const HELO_CHARS = String.raw`-A-Za-z0-9.\^+_&:=?!@%*$\\/`;
const HELO_EQ = new RegExp(String.raw`\bhelo=([${HELO_CHARS}]+)(?:[^${HELO_CHARS}]|$)`);
const HELO_WORD = new RegExp(String.raw`\b(?:HELO|EHLO) ([${HELO_CHARS}]+)(?:[^${HELO_CHARS}]|$)`);
const BY = rx` by (\S+)(?:[^-A-Za-z0-9\;\.]|$)`;
const ENVFROM = rxi`(?:return-path:? |envelope-(?:sender|from)[ =])(\S+)\b`;
const HELO_GUESS = rx`^(\S+)[^-A-Za-z0-9\.]`;
const ANY_BRACKETED_IP = rx`\[(${IP})\]`;
/** Implied by ANY_BRACKETED_IP and far cheaper to compile (see ip-prefilter.ts). */
const ANY_BRACKETED_IP_SUPERSET = new RegExp(`\\[${IP_SUPERSET}\\]`);

/**
 * simta writes `FROM … BY … ID …` in capitals:
 * FROM hackers.mr.itd.umich.edu (smtp.mail.umich.edu [141.211.14.81]) BY madman.mr.itd.umich.edu ID 434B508E.174A6.13932
 */
const SIMTA = rx`^(\S+) \((\S+) \[(${IP})\]\) BY (\S+) (?:\([^\)]+\) WITH SMTP )?ID <?(\S+?)>?(?: FOR <[^>]+>)?$`;

/**
 * SA's `1 while s/\s?;$//`: drop a final ';' together with one whitespace before it, repeatedly
 * (done by hand: the regex rescans the whole line for every ';').
 */
function stripTrailingSemicolons(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ';') {
    end--;
    if (end > 0 && PERL_SPACE.includes(line[end - 1]!)) end--;
  }
  return line.slice(0, end);
}


/** The `from …` branch: every table in SA's order; undefined when nothing matched. */
function parseFromLine(line: string, s: LineState): FormatOutcome | undefined {
  const envfrom = ENVFROM.exec(line);
  if (envfrom) s.envfrom = envfrom[1]!;

  for (const format of WEBMAIL_PRELUDE) {
    const outcome = tryFormat(format, line, s);
    if (outcome) return outcome;
  }
  const family = MTA_FAMILIES.find((f) => f.when.test(line));
  if (family) {
    const outcome = tryFormats(family.formats, line, s) ?? family.fallback?.(line, s);
    if (outcome) return outcome;
  }
  const outcome =
    tryFormats(COMMON_FORMATS, line, s) ?? tryFormats(RARE_FORMATS, line, s) ?? tryFormats(FROM_SKIPS, line, s);
  if (outcome) return outcome;

  // still no HELO? guess it is the first word
  if (!perlTrue(s.helo)) {
    const guess = HELO_GUESS.exec(line);
    if (guess) s.helo = guess[1]!;
  }
  return undefined;
}

/**
 * Parses one Received header value the way SA's `parse_received_line` does: a relay, a header
 * SA skips on purpose, or an unparseable one. Never throws.
 */
export function parseReceivedLine(value: string): ReceivedParse {
  let line = value.replace(PERL_WS_RUN, ' ').replace(/^ /, '').replace(/ $/, '');
  line = stripTrailingSemicolons(line);

  // Only "from" lines describe a handover; "(qmail 123 invoked by uid 225)", "by x (Postfix, from userid 1)" … do not.
  if (!STARTS_WITH_FROM.test(line)) return SKIPPED;
  if (WITH_LOCAL_FOR.test(line)) return SKIPPED;
  const noIp = FROM_BY_NO_IP.exec(line);
  if (noIp && !/^\[[\d.]+\]$/.test(noIp[1]!)) return SKIPPED;

  line = line.replace(TRAILING_DATE, '').replace(')by ', ') by ');

  const s: LineState = {
    ip: '',
    helo: '',
    rdns: '',
    by: '',
    id: '',
    ident: '',
    envfrom: undefined,
    auth: '',
    lookedUpDns: false,
  };
  s.id = ID.exec(line)?.[1] ?? '';
  s.helo = (HELO_EQ.exec(line) ?? HELO_WORD.exec(line))?.[1] ?? '';
  s.by = BY.exec(line)?.[1] ?? '';
  s.auth = detectAuth(line);

  let outcome: FormatOutcome | undefined;
  if (line.startsWith('from ')) {
    line = line.slice(5);
    outcome = parseFromLine(line, s);
  } else if (line.startsWith('FROM ')) {
    line = line.slice(5);
    const m = SIMTA.exec(line);
    if (m) {
      [s.helo, s.rdns, s.ip, s.by, s.id] = [m[1]!, m[2]!, m[3]!, m[4]!, m[5]!];
      if (s.rdns === 'unverified') s.rdns = '';
      s.lookedUpDns = true;
      outcome = 'relay';
    }
  } else if (line.startsWith('(from ')) {
    line = line.slice(6);
    outcome = tryFormats(PAREN_FROM_FORMATS, line, s);
  }

  switch (outcome) {
    case 'relay':
      return { kind: 'relay', relay: finishRelay(s) };
    case 'skip':
      return SKIPPED;
    case 'fetcher':
      return FETCHER;
    case 'qmail-scanner':
      return s.envfrom === undefined
        ? SKIPPED
        : { kind: 'skipped', fetcher: false, qmailScannerEnvfrom: cleanEnvfrom(s.envfrom) };
    default:
      break;
  }

  // Fall-through: any bracketed IP will do, and an IP plus a "by" is enough.
  if (!perlTrue(s.ip)) {
    const ip = ANY_BRACKETED_IP_SUPERSET.test(line) ? ANY_BRACKETED_IP.exec(line) : null;
    if (ip) s.ip = ip[1]!;
  }
  if (perlTrue(s.ip) && perlTrue(s.by)) return { kind: 'relay', relay: finishRelay(s) };
  return UNPARSEABLE;
}
