/**
 * A node of the MIME tree: the data `Mail::SpamAssassin::Message::Node` holds.
 *
 * Leaves keep their raw body lines (`raw`) and decode lazily; inner nodes (multipart,
 * and message/rfc822 parts that were re-parsed) have `children`. A re-parsed message's
 * root is itself a node carrying `message` details (its own header-section flags).
 */
import { storedHeaderValue } from './header-decode.js';
import { lc } from '../../perl/strings.js';

/** Flags Message::new records about one message's header section. */
export interface MessageHeaderFlags {
  /** The header section ended without a blank line (EOF, a `--` line or a 4th bad line). */
  missingHeadBodySeparator: boolean;
  /** A header name over 256 or a value over 8192 characters was cut. */
  truncatedHeader: boolean;
  /** The leading mbox `From ` (or MBX) separator line that was removed, if any. */
  mboxSeparator: string | undefined;
  /** The message used CRLF line endings (first or last line ends in CRLF). */
  crlf: boolean;
}

/** A MIME part (or a whole message) in the tree. */
export interface MimeNode {
  /** Effective-for-parsing media type, SA's `{type}` (lower-case, e.g. `text/html`). */
  type: string;
  /** The `charset` parameter (`us-ascii` when Content-Type was missing), SA's `{charset}`. */
  charset: string | undefined;
  /** The attachment name from Content-Disposition or Content-Type, SA's `{name}`. */
  name: string | undefined;
  /** The boundary this part was parsed under (its own, or its parent's), SA's `{boundary}`. */
  boundary: string | undefined;
  /** Header names in order of appearance, as written. */
  headerOrder: string[];
  /** Decoded header values (UTF-8 octets), by lower-case name, in order. */
  headers: Map<string, string[]>;
  /** Raw header values (after the colon, folds kept), by lower-case name, in order. */
  rawHeaders: Map<string, string[]>;
  /** Raw body lines of a leaf (binary strings); undefined for inner nodes. */
  raw: string[] | undefined;
  /** Child nodes; present (possibly empty) exactly when the node is not a leaf. */
  children: MimeNode[] | undefined;
  /** Set on the root of a message (the top one or a re-parsed message/rfc822 part). */
  message: MessageHeaderFlags | undefined;
  /** Lazily computed views, keyed by the module that owns them. Not part of the API. */
  cache: Map<string, unknown>;
}

/** A new empty node, as `Message::Node->new`. */
export function createNode(): MimeNode {
  return {
    type: 'text/plain',
    charset: undefined,
    name: undefined,
    boundary: undefined,
    headerOrder: [],
    headers: new Map(),
    rawHeaders: new Map(),
    raw: undefined,
    children: undefined,
    message: undefined,
    cache: new Map(),
  };
}

/**
 * Stores a header as `Node::header($key, $value)` does: the key is lower-cased (ASCII only,
 * as Perl's `lc` on octets), the raw value kept and the decoded value computed.
 */
export function addHeader(node: MimeNode, name: string, rawValue: string): void {
  const key = lc(name);
  node.headerOrder.push(name);
  let dec = node.headers.get(key);
  let raw = node.rawHeaders.get(key);
  if (!dec || !raw) {
    dec = [];
    raw = [];
    node.headers.set(key, dec);
    node.rawHeaders.set(key, raw);
  }
  dec.push(storedHeaderValue(rawValue, key));
  raw.push(rawValue);
}

/** All decoded values of a header (list-context `Node::header`). */
export function headerValues(node: MimeNode, name: string): string[] {
  return node.headers.get(lc(name)) ?? [];
}

/** The last decoded value of a header, or '' when absent (scalar-context `Node::header`). */
export function lastHeader(node: MimeNode, name: string): string {
  const v = headerValues(node, name);
  return v.length ? v[v.length - 1]! : '';
}

/** Whether the node is a leaf (`Node::is_leaf`: no `body_parts` at all). */
export function isLeaf(node: MimeNode): boolean {
  return node.children === undefined;
}

/**
 * The node's effective type (`Node::effective_type`): `text/html` when the attachment name
 * ends in .htm/.html/.shtml/.shtm, else its type (SA bugs 6260, 6439).
 */
export function effectiveType(node: MimeNode): string {
  return /\.s?html?$/i.test(node.name ?? '') ? 'text/html' : node.type;
}
