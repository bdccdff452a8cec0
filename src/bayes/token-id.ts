/**
 * Token ids: `substr(sha1($token), -5)` (Plugin/Bayes.pm `tokenize`, BP:1211): the last five
 * bytes (the low 40 bits) of the SHA-1 of the raw token bytes. Dumps, backups and the Redis
 * `w:` keys all use these ids; we hold them as 10 lower-case hex digits (`unpack("H*")`).
 */
import * as crypto from 'node:crypto';

// One-shot hashing (Node ≥ 20.12) skips the Hash object a createHash call builds. It reads a
// string as UTF-8, which is the bytes themselves when no char is above 0x7F (most tokens): only
// 8-bit tokens need a Buffer.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;
const NOT_ASCII = /[^\x00-\x7F]/;
const sha1HexOf = oneShot
  ? (text: string) => oneShot('sha1', NOT_ASCII.test(text) ? Buffer.from(text, 'latin1') : text, 'hex')
  : (text: string) => crypto.createHash('sha1').update(text, 'latin1').digest('hex');

/** The 10-hex-digit id of a raw token (a binary string: one char per byte). */
export function tokenId(token: string): string {
  return sha1HexOf(token).slice(30);
}

/** `sha1_hex` of a binary string. */
export function sha1Hex(text: string): string {
  return sha1HexOf(text);
}
