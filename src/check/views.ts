/**
 * What the check stage reads from a message. The message stage provides these lazily and
 * caches them, so rules that are never run never make their view be computed.
 */

import type { EvalMessageBytes } from '../plugins/types.js';

/** The texts rules match against, in SpamAssassin's byte representation (Latin-1 strings). */
export interface MessageViews {
  /**
   * The string a header rule's regex is matched against for a header request such as
   * `From:addr` or `ALL` (SA joins multiple values with "\n" unless they end in one), or
   * undefined when the header is absent.
   */
  headerText(request: string): string | undefined;
  /** Rendered body lines: element 0 is the Subject, then one element per paragraph (UTF-8 octets). */
  bodyLines(): readonly string[];
  /** Decoded but unrendered text parts, in chunks (original bytes). */
  rawbodyLines(): readonly string[];
  /** The pristine message: header block and body as received. */
  fullText(): string;
  /** Every URI of the message and its canonical variants. */
  uriList(): readonly string[];
  /**
   * For mimeheader rules: the values of a header in every MIME part, in SA's part order
   * (undefined for parts without it).
   */
  mimeHeaderValues(header: string, raw: boolean): readonly (string | undefined)[];
  /** The message as eval plugins see it, in bytes (`check/run-eval.ts` adds the decoded `…Text` helpers). */
  evalMessage(): EvalMessageBytes;
}
