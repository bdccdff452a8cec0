/**
 * Token ids: `substr(sha1($token), -5)` (Plugin/Bayes.pm `tokenize`, BP:1211): the last five
 * bytes (the low 40 bits) of the SHA-1 of the raw token bytes. Dumps, backups and the Redis
 * `w:` keys all use these ids; we hold them as 10 lower-case hex digits (`unpack("H*")`).
 */
import { createHash } from 'node:crypto';

/** The 10-hex-digit id of a raw token (a binary string: one char per byte). */
export function tokenId(token: string): string {
  return createHash('sha1').update(token, 'latin1').digest('hex').slice(30);
}

/** `sha1_hex` of a binary string. */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'latin1').digest('hex');
}
