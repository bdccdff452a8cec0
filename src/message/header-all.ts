/**
 * The whole-header pseudo-headers of SpamAssassin's `get()`: `ALL`, `ALL:raw` and the
 * Received-index ranges behind `ALL-TRUSTED`, `ALL-INTERNAL`, `ALL-UNTRUSTED`, `ALL-EXTERNAL`
 * (`Node::get_all_headers`, `PerMsgStatus::get_all_hdrs_in_rcvd_index_range`).
 */

import { splitLines } from './mime/binary.js';

/** SA's `MAX_HEADER_LENGTH`: `ALL` stops adding fields past 64 KB. */
export const MAX_HEADER_LENGTH = 65536;

/** A header field as the getter sees it (after X-Spam-* deletion). */
export interface ScanField {
  /** Name as written. */
  readonly name: string;
  /** Name lower-cased the Perl way (ASCII only), SA's hash key. */
  readonly key: string;
  readonly rawValue: string;
  /** Decoded value, without the newline `get_header` appends. */
  decoded(): string;
}

/**
 * `get_all_headers(0)`: one `"Name: decoded\n"` line per field, in message order. The 64 KB
 * budget is spent name by name in order of each name's first appearance (all fields of a name
 * at once), so an over-long header loses its *later-appearing names*, not simply its tail;
 * `onTruncate` is SA setting `truncated_header` on the message.
 */
export function allHeaderLines(fields: readonly ScanField[], onTruncate: () => void): string[] {
  const positions = new Map<string, number[]>();
  fields.forEach((f, i) => {
    const list = positions.get(f.key);
    if (list) list.push(i);
    else positions.set(f.key, [i]);
  });
  const lines: Array<string | undefined> = new Array<string | undefined>(fields.length);
  let size = 0;
  let truncated = false;
  // Map iteration order is first-appearance order, which is SA's sort by first position
  outer: for (const [key, list] of positions) {
    for (const i of list) {
      const contents = `${fields[i]!.decoded()}\n`;
      size += key.length + contents.length + 2;
      if (size > MAX_HEADER_LENGTH) {
        truncated = true;
        break outer;
      }
      lines[i] = `${fields[i]!.name}: ${contents}`;
    }
  }
  if (truncated) onTruncate();
  return lines.filter((l): l is string => l !== undefined);
}

/**
 * `ALL:raw`: the pristine header block cut with `/^([^ \t].*?\n)(?![ \t])/smg` — each piece
 * starts at a line not beginning with a blank and runs to the first newline not followed by
 * one. X-Spam-* fields are *not* removed here; with CRLF line ends the empty separator line
 * ("\r\n") is a piece of its own.
 */
export function splitPristineHeader(pristine: string): string[] {
  const out: string[] = [];
  let s = 0;
  while (s < pristine.length) {
    const c = pristine[s];
    if (c === ' ' || c === '\t') {
      const nl = pristine.indexOf('\n', s);
      if (nl < 0) break;
      s = nl + 1;
      continue;
    }
    let e = pristine.indexOf('\n', s + 1);
    while (e >= 0 && (pristine[e + 1] === ' ' || pristine[e + 1] === '\t')) e = pristine.indexOf('\n', e + 1);
    if (e < 0) break;
    out.push(pristine.slice(s, e + 1));
    s = e + 1;
  }
  return out;
}

/**
 * `get_all_hdrs_in_rcvd_index_range($start, $end, 1, 1, $raw)` in list context: the header
 * lines from the `$start`-th Received (0 = topmost; undefined = from the top) down to and
 * including the `$end`-th (undefined = to the bottom). Decoded lines are re-split on newlines
 * the way SA splits the joined `get_all_headers` text.
 */
export function headersInReceivedRange(lines: readonly string[], start: number | undefined, end: number | undefined): string[] {
  if (end !== undefined && end < 0) return [];
  const out: string[] = [];
  let index = -1;
  for (const line of lines) {
    if (/^Received:/i.test(line)) index++;
    if ((start === undefined || start <= index) && (end === undefined || index < end)) out.push(line);
    else if (end !== undefined && index === end) {
      out.push(line);
      break;
    }
  }
  return out;
}

/** `split(/^/m, join('', @lines))`: a decoded line holding a newline (odd names) becomes two. */
export function resplitLines(lines: readonly string[]): string[] {
  return splitLines(lines.join(''));
}
