/**
 * Splitting a message into its header fields and body lines, mirroring the first half of
 * `Mail::SpamAssassin::Message::new`.
 *
 * SA runs this for the top-level message and again for every message/rfc822 part it
 * re-parses. The top-level header parser lives elsewhere in spamscore; this module exists
 * for nested messages (and as a convenience), and {@link prepareBodyLines} is shared by both.
 */
import { splitLines, trimEndOf } from './binary.js';

const MAX_HEADER_KEY_LENGTH = 256;
const MAX_HEADER_VALUE_LENGTH = 8192;
// Constants::MBX_SEPARATOR
const MBX_SEPARATOR =
  /^([\t\n\x0b\f\r \d]\d-[a-zA-Z]{3}-\d{4}[\t\n\x0b\f\r ]\d{2}:\d{2}:\d{2}[^\n]*),(\d+);([\da-f]{12})-(\w{8})\r?\n?$/;
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/** One header field as Message::new stores it. */
export interface SplitHeader {
  /** Field name with trailing blanks removed (may be truncated to 256 chars). */
  name: string;
  /** Everything after the first colon, folds included, CRLF turned to LF in CRLF mode. */
  rawValue: string;
}

/** A message split into header fields and body, plus what Message::new noticed. */
export interface SplitMessage {
  /** Header fields in order. */
  headers: SplitHeader[];
  /** Body lines after SA's clean-up (see {@link prepareBodyLines}), without the multipart fix. */
  bodyLines: string[];
  /** The original header block (SA's `pristine_headers`). */
  pristineHeaders: string;
  /** The original body (SA's `pristine_body`). */
  pristineBody: string;
  /** The mbox `From ` line (or MBX line) removed from the top, if any. */
  mboxSeparator: string | undefined;
  /** Whether the message was treated as CRLF (first or last line holds CRLF). */
  crlf: boolean;
  /** No blank line ended the headers (EOF, a `--` line, or more than 3 invalid lines). */
  missingHeadBodySeparator: boolean;
  /** A header key or value was cut to SA's limits. */
  truncatedHeader: boolean;
}

/**
 * Splits a raw message (binary string) as Message::new does: mbox separator removed, CRLF
 * detection on the first and last line, header fields collected with continuation lines,
 * up to three invalid lines tolerated, a `--` line ending the headers.
 */
export function splitMessage(raw: string): SplitMessage {
  const lines = splitLines(raw);
  if (lines.length === 0) lines.push('\n'); // SA bug 4884: a null message is one newline
  let mboxSeparator: string | undefined;
  if (/^From[\t\n\x0b\f\r ]+(?!:)/.test(lines[0]!)) {
    mboxSeparator = lines.shift();
  } else if (MBX_SEPARATOR.test(lines[0]!)) {
    // SA rewrites the MBX line into an mbox one; only its removal matters here.
    mboxSeparator = lines.shift();
  }
  const first = lines[0] ?? '';
  const lastLine = lines[lines.length - 1] ?? '';
  const crlf = first.includes('\r\n') || lastLine.includes('\r\n');
  const lineEnding = crlf ? '\r\n' : '\n';

  const headers: SplitHeader[] = [];
  let pristineHeaders = '';
  let missingHeadBodySeparator = false;
  let truncatedHeader = false;
  let hdrErrors = 0;
  let header: string | undefined;
  let pos = 0;
  for (;;) {
    const eof = pos >= lines.length;
    let current = eof ? lineEnding : lines[pos++]!;
    // SA bug 7785: in CRLF mode, add a missing CR before every LF.
    if (crlf) current = current.replace(/(?<!\r)\n/g, '\r\n');
    if (/^[ \t]/.test(current)) {
      header = (header ?? '') + current;
      pristineHeaders += current;
      continue;
    }
    if (header !== undefined) {
      const colon = header.indexOf(':');
      if (colon >= 0) {
        let name = trimEndOf(header.slice(0, colon), ' \t');
        let value = header.slice(colon + 1);
        if (crlf) value = value.replace(/\r\n/g, '\n');
        if (name.length > MAX_HEADER_KEY_LENGTH) {
          name = name.slice(0, MAX_HEADER_KEY_LENGTH);
          truncatedHeader = true;
        }
        if (value.length > MAX_HEADER_VALUE_LENGTH) {
          value = value.slice(0, MAX_HEADER_VALUE_LENGTH);
          truncatedHeader = true;
        }
        headers.push({ name, rawValue: value });
      }
    }
    if (current === lineEnding) {
      if (eof) missingHeadBodySeparator = true;
      else pristineHeaders += current;
      break;
    }
    if (current.startsWith('--')) {
      // A MIME boundary: the header section is over and this line belongs to the body.
      missingHeadBodySeparator = true;
      lines[--pos] = current;
      break;
    }
    if (!FIELD_NAME.test(current) && ++hdrErrors > 3) {
      missingHeadBodySeparator = true;
      lines[--pos] = current;
      break;
    }
    header = current;
    pristineHeaders += current;
  }

  const rest = lines.slice(pos);
  let pristineBody: string | undefined;
  return {
    headers,
    bodyLines: prepareBodyLines(rest, crlf),
    pristineHeaders,
    // Joined on first use: the MIME tree re-splits every nested message/rfc822 part (up to 20
    // levels, each holding the rest), and only the `full` view of the top message reads this.
    get pristineBody(): string {
      return (pristineBody ??= rest.join(''));
    },
    mboxSeparator,
    crlf,
    missingHeadBodySeparator,
    truncatedHeader,
  };
}

/**
 * The body clean-up at the end of Message::new: in CRLF mode each line's final CRLF
 * becomes LF, and runs of more than 20 blank lines are cut to 20 (21 at the very top, an
 * off-by-one of SA's loop kept for fidelity). The input array is not modified.
 *
 * SA walks the lines bottom-up and `splice`s each long run out as it finds it; a splice
 * per run moves the whole tail, quadratic on a body of many such runs (a 1 MB body took
 * half a minute). The runs are found the same way, then dropped in one forward pass: the
 * recorded positions need no adjusting because every splice lies above the lines the loop
 * has yet to visit.
 */
export function prepareBodyLines(input: readonly string[], crlf: boolean): string[] {
  const lines = crlf ? input.map((l) => (l.endsWith('\r\n') ? l.slice(0, -2) + '\n' : l)) : input.slice();
  // [from, count] of each splice, found bottom-up (so in decreasing order of `from`).
  const drops: Array<[number, number]> = [];
  let start: number | undefined;
  for (let cnt = lines.length - 1; cnt >= 0; cnt--) {
    if (/^[\t\n\x0b\f\r ]*$/.test(lines[cnt]!)) {
      if (start === undefined) start = cnt;
      if (cnt !== 0) continue;
    }
    if (start !== undefined) {
      const num = start - cnt;
      if (num > 20) drops.push([cnt + 2, num - 20]);
      start = undefined;
    }
  }
  if (drops.length === 0) return lines;
  const out: string[] = [];
  let i = 0;
  for (let d = drops.length - 1; d >= 0; d--) {
    const [from, count] = drops[d]!;
    while (i < from) out.push(lines[i++]!);
    i = from + count;
  }
  while (i < lines.length) out.push(lines[i++]!);
  return out;
}

/**
 * SA bug 6845: a multipart message whose body does not start with a blank line or its
 * boundary gets a blank line inserted, so the first lines are not taken for part headers.
 */
export function insertMultipartBlankLine(lines: string[], type: string, boundary: string | undefined): void {
  if (type.startsWith('multipart/') && lines.length > 1 && /[^\t\n\x0b\f\r ]/.test(lines[0]!)) {
    if (boundary === undefined || !lines[0]!.startsWith('--' + boundary)) lines.unshift('\n');
  }
}
