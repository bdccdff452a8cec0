/**
 * Splitting a raw message into its header fields and body exactly as SpamAssassin's
 * `Mail::SpamAssassin::Message::new` does, before any MIME parsing.
 *
 * SA's quirks are kept on purpose because rules see their effects:
 * - a leading mbox `From ` line (or an MBX separator) is removed;
 * - the line ending is CRLF when the first *or* last line has one; then bare LFs inside the
 *   header block become CRLF while parsing (so the pristine header holds CRLFs), stored values
 *   get LF, and body lines lose one trailing CR;
 * - invalid lines in the header block are tolerated (even collected as fields when they hold
 *   a colon) until the fourth one, which ends the header (`missing_head_body_separator`), as
 *   does a line starting with `--`;
 * - field names over 256 and values over 8192 chars are cut (`truncated_header`);
 * - runs of more than 20 blank body lines are shortened (the pristine body keeps them).
 * Nothing here throws: oddities become `diagnostics`.
 */

import { splitLines, trimEndOf } from './mime/binary.js';
import { prepareBodyLines } from './mime/message-split.js';

/** SA's `MAX_HEADER_KEY_LENGTH` (Constants.pm). */
export const MAX_HEADER_KEY_LENGTH = 256;
/** SA's `MAX_HEADER_VALUE_LENGTH` (Constants.pm). */
export const MAX_HEADER_VALUE_LENGTH = 8192;

/** One header field as SA stores it (`header_order` entry + `raw_headers` value). */
export interface HeaderField {
  /** The field name as written (trailing blanks before the colon removed, cut at 256 chars). */
  readonly name: string;
  /**
   * Everything after the first colon: leading space, folds ("\n" + whitespace) and the final
   * "\n" included; CRLF squashed to LF in a CRLF message; cut at 8192 chars.
   */
  readonly rawValue: string;
}

/** The parse flags SA sets on the message object (read by `check_msg_parse_flags`). */
export interface ParseFlags {
  /** A field name or value was cut, or `ALL` hit its 64 KB cap (then set by the header getter). */
  truncated_header: boolean;
  /** The header block did not end with an empty line. */
  missing_head_body_separator: boolean;
}

/** Oddities seen while splitting; informational, SA itself records only the flags. */
export type RawMessageDiagnostic =
  | { code: 'invalid-header-line'; line: string }
  | { code: 'header-continuation-first'; line: string }
  /**
   * An MBX separator opened the message. SA 4.0.1 means to turn it into an mbox `From ` line
   * but dies there (`timelocal` is not imported into Message.pm), so no scan of such a message
   * completes in SA; we drop the line as SA intended and say so.
   */
  | { code: 'mbx-separator'; line: string };

/** A message split the way `Mail::SpamAssassin::Message::new` splits it. */
export interface RawMessage {
  /** The removed mbox `From ` line (with its line ending), or the `From ` line SA builds for MBX. */
  readonly mboxSeparator: string | undefined;
  /** SA's `line_ending`: "\r\n" when the first or last line ends in CRLF. */
  readonly lineEnding: '\n' | '\r\n';
  /** Header fields in message order. */
  readonly headers: readonly HeaderField[];
  /** `pristine_headers`: the header block as parsed, including the empty separator line. */
  readonly pristineHeader: string;
  /** `pristine_body`: everything after the header block, untouched. */
  readonly pristineBody: string;
  /**
   * Body lines as `Message::new` leaves them: one trailing CRLF squashed per line, long blank
   * runs cut. SA's Bug 6845 blank line (inserted before a multipart body that does not open
   * with a blank line or its boundary) is the MIME stage's job: `insertMultipartBlankLine`.
   */
  readonly bodyLines: readonly string[];
  /** `bodyLines` joined. */
  readonly bodyText: string;
  /** SA's parse flags, under SA's names. */
  readonly flags: ParseFlags;
  readonly diagnostics: readonly RawMessageDiagnostic[];
}

/** `MBX_SEPARATOR` from Constants.pm (`$` may sit before a final newline, as in Perl). */
const MBX_SEPARATOR =
  /^([\t\n\x0b\f\r 0-9]\d-[a-zA-Z]{3}-\d{4}[\t\n\x0b\f\r ]\d{2}:\d{2}:\d{2}[^\n]*),(\d+);([\da-f]{12})-([A-Za-z0-9_]{8})\r?\n?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The mbox `From ` line SA synthesises from an MBX separator: the first From: address found
 * anywhere in the message, the separator's date with its weekday. Undefined when the date is
 * not a real one.
 */
function mbxToMbox(sep: string, lines: readonly string[]): string | undefined {
  const m = /([\t\n\x0b\f\r 0-9]\d)-([a-zA-Z]{3})-(\d{4})[\t\n\x0b\f\r ](\d{2}):(\d{2}):(\d{2})/.exec(sep);
  if (!m) return undefined;
  const [, day, mon, year, hh, mm, ss] = m as unknown as string[];
  const month = MONTHS.indexOf(mon!.toLowerCase());
  const d = new Date(Date.UTC(Number(year), month, Number(day)));
  if (month < 0 || d.getUTCDate() !== Number(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  let address = '';
  for (const line of lines) {
    const a = /^From:[^<]*<([^>]+)>/.exec(line) ?? /^From:[\t\n\x0b\f\r ]*([^<> ]+)/.exec(line);
    if (a) {
      address = a[1]!;
      break;
    }
  }
  return `From ${address} ${DAYS[d.getUTCDay()]} ${mon} ${day} ${hh}:${mm}:${ss} ${year}\n`;
}

/** A header line must start with a field name: printable ASCII but the colon, then optional blanks. */
const FIELD_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * Splits a raw message like `Mail::SpamAssassin::Message->new({message => $raw})`.
 * A Buffer is read as bytes; a string must already be binary (one char per byte).
 */
export function parseRawMessage(raw: Buffer | Uint8Array | string): RawMessage {
  const text = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const diagnostics: RawMessageDiagnostic[] = [];
  const flags: ParseFlags = { truncated_header: false, missing_head_body_separator: false };
  const lines = splitLines(text);
  // Bug 4884: an empty message is treated as a single newline
  if (lines.length === 0) lines.push('\n');

  let mboxSeparator: string | undefined;
  if (/^From[\t\n\x0b\f\r ]+(?!:)/.test(lines[0]!)) {
    mboxSeparator = lines.shift();
  } else if (MBX_SEPARATOR.test(lines[0]!)) {
    const sep = lines.shift()!;
    mboxSeparator = mbxToMbox(sep, lines);
    diagnostics.push({ code: 'mbx-separator', line: sep });
  }

  // Bug 4363: only the first and the last line decide the line ending
  const crlf = (lines[0]?.includes('\r\n') ?? false) || (lines[lines.length - 1]?.includes('\r\n') ?? false);
  const lineEnding = crlf ? '\r\n' : '\n';

  const headers: HeaderField[] = [];
  let pristineHeader = '';
  let badLines = 0;
  let field: string | undefined;
  let next = 0;
  for (;;) {
    const eof = next >= lines.length;
    let current = eof ? lineEnding : lines[next++]!;
    // Bug 7785: restore CRs a milter dropped inside wrapped CRLF headers
    if (crlf) current = current.replace(/(?<!\r)\n/g, '\r\n');

    if (current.startsWith(' ') || current.startsWith('\t')) {
      if (field === undefined) {
        diagnostics.push({ code: 'header-continuation-first', line: current });
        field = '';
      }
      field += current;
      pristineHeader += current;
      continue;
    }

    if (field !== undefined) storeField(field, crlf, headers, flags);

    if (current === lineEnding) {
      if (eof) flags.missing_head_body_separator = true;
      else pristineHeader += current;
      break;
    }
    if (current.startsWith('--')) {
      // a MIME boundary: the header block is over
      flags.missing_head_body_separator = true;
      next--;
      lines[next] = current;
      break;
    }
    if (!FIELD_START.test(current)) {
      diagnostics.push({ code: 'invalid-header-line', line: current });
      if (++badLines > 3) {
        flags.missing_head_body_separator = true;
        next--;
        lines[next] = current;
        break;
      }
    }
    field = current;
    pristineHeader += current;
  }

  const body = lines.slice(next);
  const pristineBody = body.join('');
  const bodyLines = prepareBodyLines(body, crlf);
  return {
    mboxSeparator,
    lineEnding,
    headers,
    pristineHeader,
    pristineBody,
    bodyLines,
    bodyText: bodyLines.join(''),
    flags,
    diagnostics,
  };
}

/** Stores one collected field (`split /:/, $header, 2`); lines without a colon are dropped. */
function storeField(field: string, crlf: boolean, headers: HeaderField[], flags: ParseFlags): void {
  const colon = field.indexOf(':');
  if (colon < 0) return;
  let name = trimEndOf(field.slice(0, colon), ' \t');
  let rawValue = field.slice(colon + 1);
  if (crlf) rawValue = rawValue.replace(/\r\n/g, '\n');
  if (name.length > MAX_HEADER_KEY_LENGTH) {
    name = name.slice(0, MAX_HEADER_KEY_LENGTH);
    flags.truncated_header = true;
  }
  if (rawValue.length > MAX_HEADER_VALUE_LENGTH) {
    rawValue = rawValue.slice(0, MAX_HEADER_VALUE_LENGTH);
    flags.truncated_header = true;
  }
  headers.push({ name, rawValue });
}

