/**
 * The MIME tree of a message, parsed the way SpamAssassin 4.0.1's Message/Node do.
 */
export { buildMimeTree, buildMimeTreeFromRaw, type MimeTree, type MimeTreeInput } from './tree.js';
export type { MimeLimits, MimeParserFlags } from './parse-state.js';
export {
  effectiveType,
  headerValues,
  isLeaf,
  lastHeader,
  type MessageHeaderFlags,
  type MimeNode,
} from './node.js';
export { findParts, leafParts, type TypeMatcher } from './find-parts.js';
export { decodePart } from './decode.js';
export { parseContentType, type ParsedContentType } from './content-type.js';
export { base64Decode, qpDecode } from './transfer-encoding.js';
export { normalizeCharset, normalizeToUtf8Octets, detectUtf16, type NormalizedText } from './charset/normalize.js';
export { decodeHeaderValue, storedHeaderValue } from './header-decode.js';
export { splitMessage, type SplitHeader, type SplitMessage } from './message-split.js';
