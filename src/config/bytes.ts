/**
 * Byte strings: spamscore keeps configuration and message text as Latin-1 JS strings (one
 * character per byte), as SpamAssassin keeps Perl byte strings. These helpers turn such a
 * string into readable text for API users.
 */

/** Decodes a byte string as UTF-8 when it is valid UTF-8; otherwise returns it unchanged. */
export function bytesToText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x80-\xff]/.test(s)) return s;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** Encodes text as a UTF-8 byte string. */
export function textToBytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
