/**
 * What the message stage offers the stages after it: the texts rules match against and the
 * byte views eval plugins read. The message stage builds them lazily (`views.ts`); the check
 * stage and the plugin API re-export these types.
 */

/**
 * The message's views in SpamAssassin's byte representation: Latin-1 strings, one character
 * per byte (decoded header values and rendered body text are UTF-8 octets held that way) —
 * what rule patterns match, and what SA's `$pms` accessors give a Perl plugin.
 */
export interface EvalMessageBytes {
  /** `$pms->get($request)` in list context (`From:addr`, `ALL`, `X-Spam-Relays-External`, …). */
  get(request: string): readonly string[];
  /** `$pms->get($request [, $default])` in scalar context; '' (or `dflt`) when absent. */
  getScalar(request: string, dflt?: string): string | undefined;
  /** Rendered body array (element 0 is the Subject): what body rules and body evals read. */
  bodyLines(): readonly string[];
  /** Decoded, unrendered text parts: what rawbody rules read. */
  rawbodyLines(): readonly string[];
  /** The pristine message. */
  fullText(): string;
  /** The URI list uri rules read. */
  uriList(): readonly string[];
}

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
  /** The message as eval plugins see it, in bytes (the check stage adds the decoded `…Text` helpers). */
  evalMessage(): EvalMessageBytes;
}
