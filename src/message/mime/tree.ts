/**
 * Building the MIME tree, mirroring `Message::new` (body part) and `Message::parse_body`
 * with its queue, `_parse_multipart` and `_parse_normal`.
 *
 * The tree is built eagerly (SA builds it on first `find_parts`); leaves keep their raw
 * lines and decode on demand. message/rfc822 and message/global parts with a non-empty
 * decoded body are re-parsed as messages (header split, body clean-up and all) up to 20
 * levels down, and their nodes join the tree under the message part.
 */
import { splitLines } from './binary.js';
import { parseContentType } from './content-type.js';
import { decodePart } from './decode.js';
import { insertMultipartBlankLine, prepareBodyLines, splitMessage } from './message-split.js';
import { parseMultipart } from './multipart.js';
import { addHeader, createNode, headerValues, lastHeader, type MessageHeaderFlags, type MimeNode } from './node.js';
import { emptyFlags, type MimeLimits, type MimeParserFlags, type ParseState, type QueueItem } from './parse-state.js';

/** The main message, already split into header fields and body by the header parser. */
export interface MimeTreeInput {
  /** Header fields in order: name as written, value as everything after the first colon. */
  headers: ReadonlyArray<{ name: string; rawValue: string }>;
  /** The pristine body (binary string: one char per byte), line endings as received. */
  body: string;
  /**
   * Whether SA treats the message as CRLF (its first or last line holds CRLF); body line
   * endings are then turned to LF. Defaults to a guess from the first header value and the
   * body's last line.
   */
  crlf?: boolean;
  /** Flags the header parser noticed, copied to the root node's `message`. */
  headerFlags?: Partial<Omit<MessageHeaderFlags, 'crlf'>>;
}

/** The parsed tree and the parser flags SA keeps on the top message. */
export interface MimeTree {
  /** The whole message as a node (multipart root or the single leaf). */
  root: MimeNode;
  /** Flags collected while parsing (MIMEEval's `missing_mime_*`, epilogue, part limit). */
  flags: MimeParserFlags;
}

function lastValue(node: MimeNode, name: string): string | undefined {
  const v = headerValues(node, name);
  return v.length ? v[v.length - 1] : undefined;
}

/** The start of `Message::new` after the header section: type, boundary, first queue item. */
function queueMessage(state: ParseState, node: MimeNode, lines: string[], subparse: number): void {
  const ct = parseContentType(lastValue(node, 'content-type'));
  node.type = ct.type;
  insertMultipartBlankLine(lines, node.type, ct.boundary);
  state.queue.push({ node, boundary: ct.boundary, lines, subparse });
}

/** `_parse_normal`: a leaf gets its type, charset, name and raw lines. */
function parseNormal(item: QueueItem): void {
  const node = item.node;
  const ct = parseContentType(lastValue(node, 'content-type'));
  // A multipart without a usable boundary is read as text/plain; a missing Content-Type keeps
  // the default already assigned (text/plain, or message/rfc822 inside multipart/digest).
  if (!ct.missing) {
    node.type = !ct.type.startsWith('multipart/') || item.boundary !== undefined ? ct.type : 'text/plain';
  }
  node.charset = ct.charset;
  const disp = lastHeader(node, 'content-disposition');
  const m = /name=[\t\n\x0b\f\r ]*"?([^";]+)"?/i.exec(disp);
  if (m) node.name = m[1];
  else if (ct.name !== undefined && ct.name !== '' && ct.name !== '0') node.name = ct.name;
  node.boundary = item.boundary;
  node.raw = item.lines;
}

/** Re-parses a message/rfc822 or message/global leaf as a nested message. */
function subparseMessage(state: ParseState, item: QueueItem): void {
  const node = item.node;
  const decoded = decodePart(node);
  if ((node.type !== 'message/rfc822' && node.type !== 'message/global') || !decoded) return;
  const split = splitMessage(decoded);
  const sub = createNode();
  for (const h of split.headers) addHeader(sub, h.name, h.rawValue);
  sub.message = {
    missingHeadBodySeparator: split.missingHeadBodySeparator,
    truncatedHeader: split.truncatedHeader,
    mboxSeparator: split.mboxSeparator,
    crlf: split.crlf,
  };
  node.children = [sub];
  // The raw and decoded data now live in the subtree.
  node.raw = undefined;
  node.cache.clear();
  queueMessage(state, sub, split.bodyLines, item.subparse - 1);
}

/**
 * Runs SA's parse queue to completion, in SA's order (first in, first out). Walked by index,
 * not `shift()`: shifting a queue of a hundred thousand parts moves it every time (quadratic).
 * The processed head is dropped once it is half the queue (amortised constant work), so a
 * nested message's lines (every level holds the rest of the message) are not kept to the end.
 */
function runQueue(state: ParseState): void {
  const queue = state.queue;
  for (let next = 0; next < queue.length; next++) {
    if (next > 0 && next * 2 >= queue.length) {
      queue.splice(0, next);
      next = 0;
    }
    const item = queue[next]!;
    const type = item.node.type;
    if (type.startsWith('multipart/') && item.boundary !== undefined && item.subparse > 0) {
      parseMultipart(state, item);
      continue;
    }
    parseNormal(item);
    // SA bug 5041/7125: message/* other than message/partial is decoded; only rfc822 and
    // global are parsed as messages.
    const t = item.node.type;
    if (t.startsWith('message/') && t !== 'message/partial' && item.subparse > 0) {
      decodePart(item.node);
      subparseMessage(state, item);
    }
  }
  queue.length = 0;
}

function guessCrlf(input: MimeTreeInput): boolean {
  const first = input.headers[0];
  if (first) {
    const nl = first.rawValue.indexOf('\n');
    if (nl > 0 && first.rawValue[nl - 1] === '\r') return true;
  }
  const lines = splitLines(input.body);
  return lines.length > 0 && lines[lines.length - 1]!.includes('\r\n');
}

/**
 * Builds the MIME tree of a message from its header fields and body, as SA's Message
 * does. Never throws: malformed structure is parsed leniently and recorded in `flags`.
 */
export function buildMimeTree(input: MimeTreeInput, limits: MimeLimits = {}): MimeTree {
  const crlf = input.crlf ?? guessCrlf(input);
  const message = {
    missingHeadBodySeparator: input.headerFlags?.missingHeadBodySeparator ?? false,
    truncatedHeader: input.headerFlags?.truncatedHeader ?? false,
    mboxSeparator: input.headerFlags?.mboxSeparator,
    crlf,
  };
  return treeOf(input.headers, message, prepareBodyLines(splitLines(input.body), crlf), limits);
}

/** The tree of a message: its top node from the header fields, then every part, queued. */
function treeOf(headers: MimeTreeInput['headers'], message: NonNullable<MimeNode['message']>, bodyLines: string[], limits: MimeLimits): MimeTree {
  const state: ParseState = {
    queue: [],
    flags: emptyFlags(),
    maxParts: limits.maxParts ?? 1000,
    maxLineLength: limits.maxLineLength ?? 2048,
  };
  const root = createNode();
  for (const h of headers) addHeader(root, h.name, h.rawValue);
  root.message = message;
  queueMessage(state, root, bodyLines, limits.subparseDepth ?? 20);
  runQueue(state);
  return { root, flags: state.flags };
}

/**
 * Convenience: splits a raw message (binary string) the way SA's Message::new does and
 * builds its tree. The top-level header parser of spamscore should normally be used for the
 * header view; this exists for tools and tests.
 */
export function buildMimeTreeFromRaw(raw: string, limits: MimeLimits = {}): MimeTree {
  const split = splitMessage(raw);
  const message = {
    missingHeadBodySeparator: split.missingHeadBodySeparator,
    truncatedHeader: split.truncatedHeader,
    mboxSeparator: split.mboxSeparator,
    crlf: split.crlf,
  };
  return treeOf(split.headers, message, split.bodyLines, limits);
}
