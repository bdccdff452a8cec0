/**
 * State shared by the MIME parsing steps: SA's parse queue and the flags the top-level
 * Message object collects while `parse_body` runs (they live on the top message even for
 * parts of nested messages, because SA steals each nested message's queue).
 */
import type { MimeNode } from './node.js';

/** Parser flags on the top message, read by SA's MIMEEval and friends. */
export interface MimeParserFlags {
  /** A part's header block ran into body text without a blank line (`missing_mime_head_body_separator`). */
  missingMimeHeadBodySeparator: boolean;
  /** The line after a boundary was not a header line (`missing_mime_headers`). */
  missingMimeHeaders: boolean;
  /** Non-blank text (other than dots) follows a closing boundary (`mime_epilogue_exists`). */
  mimeEpilogueExists: boolean;
  /** A multipart held 1000 parts; the rest was not parsed (`mimepart_limit_exceeded`). */
  mimepartLimitExceeded: boolean;
  /**
   * SA's `mime_boundary_state`: +1 per boundary whose opening line was seen, -1 per closing
   * line seen; a positive value means a missing closing boundary.
   */
  boundaryState: Map<string, number>;
}

/** Limits of the MIME parser (SA's constants). */
export interface MimeLimits {
  /** How many levels of multipart / message/rfc822 to descend (SA: 20). */
  subparseDepth?: number;
  /** Parts parsed per multipart before giving up (SA: 1000). */
  maxParts?: number;
  /** Lines inside multipart parts longer than this are cut (SA's MAX_BODY_LINE_LENGTH, 2048). */
  maxLineLength?: number;
}

/** One entry of SA's parse queue: `[node, boundary, body lines, levels left]`. */
export interface QueueItem {
  node: MimeNode;
  boundary: string | undefined;
  lines: string[];
  subparse: number;
}

/** What the parsing steps share. */
export interface ParseState {
  queue: QueueItem[];
  flags: MimeParserFlags;
  maxParts: number;
  maxLineLength: number;
}

/** Fresh, all-false parser flags. */
export function emptyFlags(): MimeParserFlags {
  return {
    missingMimeHeadBodySeparator: false,
    missingMimeHeaders: false,
    mimeEpilogueExists: false,
    mimepartLimitExceeded: false,
    boundaryState: new Map(),
  };
}
