/**
 * The dccifd ASCII protocol (dccifd(8), "ASCII protocol"), as SpamAssassin's DCC.pm speaks it
 * in `ask_dcc` and reads it in `_check_async` / `parse_dcc_response`.
 *
 * Request, one item per line, then the message until the client shuts its side down:
 *
 * ```
 * cksums grey-off [dccifd_options]     options
 * 192.0.2.1\rmail.example.net          client IP, optionally CR and its host name
 * helo.example.net                     HELO
 * sender@example.net                   envelope sender ('' when unknown)
 * unknown                              recipients, one a line …
 *                                      … ended by an empty line
 * <the message>
 * ```
 *
 * Response: a result line (`A`, `R`, `S`, `T`…), a line with one character per recipient,
 * then the `X-DCC-…-Metrics:` header (folded lines start with a tab) and, with `cksums`,
 * a `reported:` line and the checksums.
 */
import type { DccRequest, DccResponse } from '../types.js';

/** DCC.pm's lookup options for dccifd 1.3.123 and later (`find_dcc_home`). */
export const DCCIFD_LOOKUP_OPTIONS = 'cksums grey-off';
/** DCC.pm's report options (`dcc_learn_score` / `spamassassin --report`). */
export const DCCIFD_REPORT_OPTIONS = 'header spam grey-off';

/** What `dccifd_options` may hold; DCC.pm refuses any other character. */
export const DCCIFD_OPTIONS_RE = /^[0-9A-Za-z ,._/-]+$/;

/**
 * The request header (everything before the message) as DCC.pm writes it. SA's own plugin
 * sends an empty sender and the single recipient `unknown`; a request naming them sends them.
 * @param extraOptions `dccifd_options`, appended to the options line as SA does.
 */
export function dccifdRequestHead(request: DccRequest, extraOptions = ''): string {
  const opts = `${request.report ? DCCIFD_REPORT_OPTIONS : DCCIFD_LOOKUP_OPTIONS} ${extraOptions}`;
  // ask_dcc: no relay → an empty client line; a relay → its IP, plus "\r" and its rDNS when defined.
  let client = '';
  if (request.clientIp !== undefined) {
    client = request.clientIp + (request.clientName !== undefined ? `\r${request.clientName}` : '');
  }
  const rcpts = request.envelopeTo && request.envelopeTo.length > 0 ? request.envelopeTo : ['unknown'];
  return [
    oneLine(opts),
    oneLine(client, true),
    oneLine(request.helo ?? ''),
    oneLine(request.envelopeFrom ?? ''),
    ...rcpts.map((r) => oneLine(r)),
    '',
    '',
  ].join('\n');
}

/** A value that must stay on its line: newlines (and, except where meant, CRs) removed. */
function oneLine(s: string, keepCr = false): string {
  return keepCr ? s.replace(/\n/g, '') : s.replace(/[\r\n]/g, '');
}

/** Perl's `getlines`: lines with their terminators, the last one possibly without. */
function lines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const i = text.indexOf('\n', start);
    if (i < 0) break;
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Why a dccifd answer could not be used. */
export class DccifdResponseError extends Error {
  /** Stable code for diagnostics. */
  readonly code = 'EDCCRESPONSE';
}

/**
 * Reads dccifd's answer (a Latin-1 string) as `_check_async` and `parse_dcc_response` do: the
 * status and per-recipient lines are skipped (the status is kept as `result`), the first line
 * after them is the X-DCC header, tab-started lines continue it (joined by one space, each
 * continuation's text up to its newline), and the `reported:`/checksum lines are ignored.
 * The header's `rep=N` gives `reputation`.
 * @throws DccifdResponseError when nothing follows the two status lines (SA: "empty response").
 */
export function parseDccifdResponse(text: string): DccResponse {
  const resp = lines(text);
  const result = (resp.shift() ?? '').replace(/[\r\n]+$/, '');
  resp.shift();
  if (resp.length === 0) throw new DccifdResponseError('empty response from dccifd');
  let header = resp.shift()!.replace(/\n$/, '');
  for (;;) {
    const v = resp.shift();
    // `$v =~ s/^\t(.+)\s*\n/ $1/`: `.+` is greedy, so trailing blanks before the newline stay.
    const m = v === undefined ? null : /^\t([^\n]+)[\t\n\x0b\f\r ]*\n/.exec(v);
    if (!m) break;
    header += ` ${m[1]}`;
  }
  const rep = /\brep=(\d+)/.exec(header);
  return rep ? { result, header, reputation: Number(rep[1]) } : { result, header };
}
