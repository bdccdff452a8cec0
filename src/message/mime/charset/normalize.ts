/**
 * Charset normalisation of a text part or an encoded word, mirroring
 * `Mail::SpamAssassin::Message::Node::_normalize` with `normalize_charset 1` (the default).
 *
 * The order of attempts is what makes SA's body text what it is:
 *  1. all-ASCII data declared as ASCII or an ASCII-compatible charset is kept as octets;
 *  2. data with any 8-bit byte is first tried as strict UTF-8, whatever was declared
 *     (skipped when the caller insists on the declared charset: RFC 2047 words);
 *  3. UTF-16 labels: endianness sniffed by `detect_utf16` (a BOM makes it give up!);
 *  4. otherwise the declared charset — ISO-8859-1/CP1252 read as Windows-1252, GB18030
 *     falling back to GBK — strictly (lossily when insisting);
 *  5. still undecoded: all-ASCII data is returned as octets; ASCII plus a few Windows-1252
 *     punctuation/Latin-1 letters is read as Windows-1252;
 *  6. last resort: lossy Windows-1252 (undefined bytes become U+FFFD).
 * (Encode::Detect::Detector is not installed with SA here, so its guess step never runs.)
 */
import { hasHighChars } from '../binary.js';
import { utf8Encode } from '../../../perl/utf8.js';
import type { CharsetDecoder } from './charset-decoder.js';
import { decoderByPerlName, findDecoder, strictUtf8, windows1252 } from './decoders.js';

/** A normalised text: characters plus whether Perl would hold them utf8-flagged. */
export interface NormalizedText {
  /** The characters (a binary string when `utf8` is false: then each char is a byte). */
  text: string;
  /** Perl's utf8 flag: true whenever Encode decoded the data (even pure ASCII). */
  utf8: boolean;
  /**
   * True where `_normalize` asked for octets returns its input untouched (`return $_[0] if
   * !$return_decoded`): after a successful first UTF-8 attempt or a sniffed UTF-16 decode.
   */
  verbatim?: boolean;
}

const DECLARED_ASCII = /^(?:(?:US-)?ASCII|ANSI[_ ]?X3\.4-(?:1986|1968)|ISO646-US)$/i;
const DECLARED_ASCII_COMPATIBLE =
  /^(?:ISO[ -]?8859(?:-\d{1,2})?|Windows-\d{4}|UTF-?8|(KOI8|EUC)-[A-Z]{1,2}|Big5|GBK|GB[ -]?18030(?:-20\d\d)?)$/i;
const GB18030 = /^GB[ -]?18030(?:-20\d\d)?$/i;
// ASCII, NBSP, (c), SHY, Windows-1252 quotes/dashes/ellipsis/TM, Latin-1 letters (SA bug 7656).
const W1252_SUBSET_OUTSIDE = /[^\x00-\x7f\xa0\xa9\xad\x82\x84\x85\x91-\x97\x99\xc0-\xd6\xd8-\xde\xe0-\xf6\xf8-\xfe]/;

/**
 * `detect_utf16`: guesses UTF-16 endianness from where the zero bytes and spaces sit.
 * Returns undefined when a BOM is present (SA then leaves it to Perl, which never decodes)
 * or when the clues tie.
 */
export function detectUtf16(bin: string): CharsetDecoder | undefined {
  if (bin.startsWith('\xff\xfe') || bin.startsWith('\xfe\xff')) return undefined;
  let le = 0;
  let be = 0;
  let even = 0; // sum of both nybbles of even-offset bytes
  let odd = 0;
  for (let i = 0; i < bin.length; i += 2) {
    const a = bin.charCodeAt(i);
    const b = i + 1 < bin.length ? bin.charCodeAt(i + 1) : 0;
    even += (a >> 4) + (a & 15);
    odd += (b >> 4) + (b & 15);
    if (a === 0x20 && b === 0x00) le++;
    if (a === 0x00 && b === 0x20) be++;
  }
  if (even > odd * 4) le++;
  // Sic: SA's "BE" test compares the other way round from its comment.
  if (odd * 4 > even) be++;
  if (le > be) return decoderByPerlName('UTF-16LE');
  if (be > le) return decoderByPerlName('UTF-16BE');
  return undefined;
}

/**
 * `_normalize($data, $charset, 1, $insist)`: decodes a binary string to characters.
 * @param declared the declared charset label (SA uses `us-ascii` when none was declared)
 * @param insist true for RFC 2047 encoded words: no UTF-8 first attempt, lossy declared decode
 */
export function normalizeCharset(data: string, declared: string, insist = false): NormalizedText {
  const eightBit = hasHighChars(data);
  if (!eightBit && (DECLARED_ASCII.test(declared) || DECLARED_ASCII_COMPATIBLE.test(declared))) {
    return { text: data, utf8: false };
  }

  let rv: string | undefined;
  let triedUtf8 = false;
  if (eightBit && !insist) {
    rv = strictUtf8.decode(data, true);
    if (rv !== undefined) return { text: rv, utf8: true, verbatim: true };
    triedUtf8 = true;
  }

  if (/^(?:US-)?ASCII$/i.test(declared) && !insist) {
    // Declared ASCII with 8-bit data: strict ASCII would fail; go to the guesses.
  } else if (/^UTF[ -]?16/i.test(declared)) {
    const dec = detectUtf16(data);
    if (dec) {
      rv = dec.decode(data, true);
      // Sic: asked for octets, SA then returns the UTF-16 bytes themselves.
      if (rv !== undefined) return { text: rv, utf8: true, verbatim: true };
    }
  } else {
    let chset: string;
    let decoder: CharsetDecoder | undefined;
    if (/^(?:ISO-?8859-1|Windows-1252|CP1252)$/i.test(declared)) {
      chset = 'Windows-1252';
      decoder = windows1252;
    } else if (/^UTF-?8$/i.test(declared)) {
      chset = 'UTF-8';
      decoder = strictUtf8;
    } else {
      chset = declared;
      decoder = findDecoder(chset);
      if (!decoder && GB18030.test(chset)) decoder = decoderByPerlName('cp936');
    }
    if (decoder && !(triedUtf8 && chset === 'UTF-8')) {
      rv = decoder.decode(data, !insist);
    }
  }

  if (rv === undefined && !eightBit) return { text: data, utf8: false };
  if (rv === undefined && !W1252_SUBSET_OUTSIDE.test(data)) rv = windows1252.decode(data, true);
  if (rv === undefined) rv = windows1252.decode(data, false)!;
  return { text: rv, utf8: true };
}

/**
 * `_normalize($data, $charset, 0, $insist)`: like {@link normalizeCharset} but returns UTF-8
 * octets (a binary string), as SA does for header values and encoded words.
 */
export function normalizeToUtf8Octets(data: string, declared: string, insist = false): string {
  const r = normalizeCharset(data, declared, insist);
  if (r.verbatim) return data;
  return r.utf8 ? utf8Encode(r.text) : r.text;
}
