/**
 * The decoder shape shared by the charset tables (decoders.ts) and the CJK decoders (cjk.ts):
 * its own file so that neither has to import the other for it.
 */

/** One decoder: returns the characters, or undefined when a strict decode fails. */
export interface CharsetDecoder {
  /** The Perl Encode canonical name (what `$decoder->name` reports). */
  readonly name: string;
  /** Decodes a binary string; strict mode fails on any invalid or unmapped byte. */
  decode(bin: string, strict: boolean): string | undefined;
}
