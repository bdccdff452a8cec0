/**
 * Byte strings and the public string contract.
 *
 * Inside, spamscore keeps configuration and message text as Latin-1 JS strings (one character
 * per byte), as SpamAssassin keeps Perl byte strings: rule patterns match octets, and that is
 * what conformance depends on. At the public edges one contract holds instead:
 *
 * - a JS `string` is **text**: it is encoded to UTF-8, as a file holding that text would be
 *   (a rule `body GR /Größe/` given in `cf` matches a UTF-8 message as the same line in a
 *   UTF-8 `.cf` file does; a message from `readFile(p, 'utf8')` scores as the file does);
 * - a `Buffer` / `Uint8Array` is **bytes**, taken as they are.
 *
 * {@link toByteString} is the one place where input crosses that line; {@link bytesToText}
 * goes the other way for what users read (descriptions, a plugin's decoded views).
 */

/** Text or bytes, as the public API accepts them (see the module comment). */
export type TextOrBytes = string | Uint8Array;

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a byte string as UTF-8 when it is valid UTF-8; otherwise returns it unchanged (each byte one character). */
export function bytesToText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x80-\xff]/.test(s)) return s;
  try {
    return FATAL_UTF8.decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** Encodes text as a UTF-8 byte string (one character per byte). */
export function textToBytes(s: string): string {
  // Pure ASCII is its own UTF-8 encoding: no copy for the common case.
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(s)) return s;
  return Buffer.from(s, 'utf8').toString('latin1');
}

/**
 * The byte string of a public input: a string is text (UTF-8 encoded), a `Buffer` or
 * `Uint8Array` is bytes (one character per byte).
 */
export function toByteString(input: TextOrBytes): string {
  if (typeof input === 'string') return textToBytes(input);
  return Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
}

/**
 * How a plugin's string is turned into bytes (`setTag`, `testLog`): `utf8` for text (the
 * default), `latin1` for a byte string that already holds one byte per character — what the
 * message views and rule arguments give, so a value copied from them is passed on unchanged.
 */
export type StringEncoding = 'utf8' | 'latin1';

/** A plugin's string as bytes, per its {@link StringEncoding}. */
export function encodeString(s: string, encoding: StringEncoding = 'utf8'): string {
  // A character above U+00FF cannot be a byte: such a string is text whatever it was called.
  return encoding === 'latin1' && !/[^\x00-\xff]/.test(s) ? s : textToBytes(s);
}
