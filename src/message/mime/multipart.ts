/**
 * Splitting a multipart body into parts, mirroring `Message::_parse_multipart`
 * (see SA bug 3749 before "fixing" anything here: the leniency is deliberate).
 *
 * Quirks reproduced:
 *  - the preamble is skipped up to the first `--boundary\s*$` line; with no such line the
 *    whole body is parsed as parts;
 *  - parts split on `--boundary(--)?\s*$`; a part whose own Content-Type names the same
 *    boundary makes the next boundary lines count as its body up to a closing one (bug 7358);
 *  - part headers: `name:` lines and their continuations, ended by a blank line, or by any
 *    other line (then flagged, and that line is body); a header still pending when the next
 *    boundary comes is dropped;
 *  - the line break before a boundary belongs to the boundary: it is chomped from the last
 *    body line, which is removed when that leaves it empty;
 *  - lines longer than 2048 characters are cut into 2048-character pieces plus "\n";
 *  - the last line of the body ends the current part even without a boundary;
 *  - a part without Content-Type under multipart/digest becomes message/rfc822;
 *  - at 1000 parts parsing stops (`mimepart_limit_exceeded`);
 *  - non-blank text other than dots after the closing boundary sets `mime_epilogue_exists`.
 */
import { parseContentType } from './content-type.js';
import { addHeader, createNode, headerValues, type MimeNode } from './node.js';
import type { ParseState, QueueItem } from './parse-state.js';
import { perlTrue } from '../../perl/truth.js';
import { lc } from '../../perl/strings.js';

const PART_HEADER = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const HEADER_AFTER_BOUNDARY = /^[\x21-\x39\x3b-\x7e]+:/;
const ONLY_SPACE = /^[\t\n\x0b\f\r ]*$/;

/** Whether a line is `--boundary` followed only by whitespace (an opening boundary). */
function isOpeningBoundary(line: string, boundary: string): boolean {
  return line.startsWith('--' + boundary) && ONLY_SPACE.test(line.slice(boundary.length + 2));
}

/**
 * Matches `^--boundary(--)?\s*$`: undefined when the line is no boundary, else whether it
 * is a closing one (`--boundary--`).
 */
function matchBoundary(line: string, boundary: string): { close: boolean } | undefined {
  if (!line.startsWith('--' + boundary)) return undefined;
  const rest = line.slice(boundary.length + 2);
  if (rest.startsWith('--') && ONLY_SPACE.test(rest.slice(2))) return { close: true };
  return ONLY_SPACE.test(rest) ? { close: false } : undefined;
}

/** Pushes a body line, cut into pieces of at most `max` characters plus "\n" when longer. */
function pushLine(into: string[], line: string, max: number): void {
  let rest = line;
  while (rest.length > max) {
    into.push(rest.slice(0, max) + '\n');
    rest = rest.slice(max);
  }
  into.push(rest);
}

/** Stores a collected part header the way `split(/:\s*\/, $header, 2)` then `header()` do. */
function storePartHeader(part: MimeNode, header: string): string {
  const m = /^([^:]*):[\t\n\x0b\f\r ]*/.exec(header)!;
  const key = m[1]!;
  addHeader(part, key, header.slice(m[0].length));
  return key;
}

/** The boundary of a Content-Type value list (the last value wins), if any. */
function lastContentType(node: MimeNode): string | undefined {
  const v = headerValues(node, 'content-type');
  return v.length ? v[v.length - 1] : undefined;
}

/** Parses one multipart queue item into child nodes and queues each child. */
export function parseMultipart(state: ParseState, item: QueueItem): void {
  const { node: msg, boundary } = item;
  const flags = state.flags;
  const subparse = item.subparse - 1;
  let body = item.lines;
  msg.children = [];

  if (boundary !== undefined) {
    let line = 0;
    for (; line < body.length; line++) {
      if (isOpeningBoundary(body[line]!, boundary)) {
        flags.boundaryState.set(boundary, 1);
        if (line + 1 < body.length && !HEADER_AFTER_BOUNDARY.test(body[line + 1]!)) {
          flags.missingMimeHeaders = true;
        }
        break;
      }
    }
    if (line < body.length) body = body.slice(line + 1);
  }

  let part = createNode();
  let inBody = false;
  let header: string | undefined;
  let partLines: string[] | undefined;
  let nestedBoundary = false;
  let partCount = 0;
  let lineCount = body.length;

  for (let idx = 0; idx < body.length; idx++) {
    const cur = body[idx]!;
    const bm = boundary !== undefined ? matchBoundary(cur, boundary) : undefined;
    let foundEnd = bm !== undefined;
    const foundLast = bm?.close === true;
    if (foundEnd && nestedBoundary) {
      foundEnd = false;
      if (foundLast) nestedBoundary = false;
    }

    if (--lineCount === 0 || foundEnd) {
      if (!foundEnd) {
        // The body's last line, not a boundary: it belongs to the part.
        pushLine((partLines ??= []), cur, state.maxLineLength);
      } else if (partLines) {
        // The newline before a boundary is part of the boundary (RFC 1521).
        const last = partLines[partLines.length - 1]!;
        const chomped = last.endsWith('\n') ? last.slice(0, -1) : last;
        if (chomped === '') partLines.pop();
        else partLines[partLines.length - 1] = chomped;
      } else {
        partLines = [];
      }

      const ct = parseContentType(lastContentType(part));
      part.type = ct.type;
      if (ct.missing && msg.type === 'multipart/digest') part.type = 'message/rfc822';
      const partBoundary = perlTrue(ct.boundary) ? ct.boundary : boundary;
      state.queue.push({ node: part, boundary: partBoundary, lines: partLines, subparse });
      msg.children.push(part);

      if (boundary !== undefined) {
        if (foundLast) {
          flags.boundaryState.set(boundary, (flags.boundaryState.get(boundary) ?? 0) - 1);
          break;
        } else if (lineCount > 0 && !HEADER_AFTER_BOUNDARY.test(body[body.length - lineCount]!)) {
          flags.missingMimeHeaders = true;
        }
      }

      if (++partCount === state.maxParts) {
        flags.mimepartLimitExceeded = true;
        return;
      }
      inBody = false;
      part = createNode();
      partLines = undefined;
      header = undefined;
      continue;
    }

    if (!inBody) {
      if (PART_HEADER.test(cur)) {
        if (header) storePartHeader(part, header);
        header = cur;
        continue;
      } else if (/^[ \t]/.test(cur) && header) {
        header += cur;
        continue;
      } else {
        if (header) {
          const key = storePartHeader(part, header);
          if (boundary !== undefined && lc(key) === 'content-type') {
            const nested = parseContentType(lastContentType(part)).boundary;
            if (nested !== undefined && nested === boundary) nestedBoundary = true;
          }
        }
        inBody = true;
        if (/^\r?\n?$/.test(cur)) continue;
        flags.missingMimeHeadBodySeparator = true;
      }
    }
    pushLine((partLines ??= []), cur, state.maxLineLength);
  }

  // An epilogue: anything but whitespace and dots after the closing boundary.
  for (; lineCount > 0; lineCount--) {
    if (/[^\t\n\x0b\f\r .]/.test(body[body.length - lineCount]!)) {
      flags.mimeEpilogueExists = true;
      break;
    }
  }
}
