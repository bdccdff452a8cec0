/**
 * HashBL's per-rule options and hashing: `_parse_opts` (`sha1/max=10/shuffle` → a map) and
 * `_hash` (SHA-256 as lower-case Base32, SHA-1 or MD5 as hex, or the value itself), plus
 * SA's list handling around them (`fisher_yates_shuffle`, the `max` cut).
 */
import { createHash } from 'node:crypto';
import { lc } from '../../../perl/strings.js';
import { perlNum } from '../../../perl/numbers.js';
import { perlTrue } from '../../../perl/truth.js';
import { utf8Encode } from '../../../perl/utf8.js';

/** Options by name; a bare option is `'1'`, `max=10` is `'10'`. */
export type HashBlOptions = ReadonlyMap<string, string>;

/** `_parse_opts`: the lower-cased text split on `/`, each part `key[=value]`. */
export function parseOptions(text: string): HashBlOptions {
  const opts = new Map<string, string>();
  for (const part of lc(text, false).split(/[\t\n\x0b\f\r ]*\/[\t\n\x0b\f\r ]*/)) {
    // Perl's split(/=/) drops trailing empty fields: "max=" is a bare "max".
    const fields = part.split('=');
    while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
    opts.set(fields[0]!, fields.length > 1 ? fields[1]! : '1');
  }
  return opts;
}

/** Perl truth of an option value (`undef`, '' and '0' are false). */
export const optOn = (opts: HashBlOptions, key: string): boolean => perlTrue(opts.get(key));

/** Perl's number of an option value ("10" -> 10, "abc" -> 0). */
export function optNumber(opts: HashBlOptions, key: string): number {
  return perlNum(opts.get(key));
}

/** `$opts->{max} || 10`. */
export const maxQueries = (opts: HashBlOptions): number => optNumber(opts, 'max') || 10;

/** The octets SA hashes: character strings (code points above 0xFF) are UTF-8 encoded first. */
const octets = (value: string): Buffer => Buffer.from(/[^\x00-\xff]/.test(value) ? utf8Encode(value) : value, 'latin1');

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `lc base32_encode($bytes)`: RFC 4648 letters, no padding, the last group filled with zero bits. */
export function base32Lower(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  // SA appends four zero bits and keeps only whole 5-bit groups.
  if (bits > 0 && bits + 4 >= 5) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** `_hash`: the first of sha256, sha1, md5 that is set, else the value unchanged. */
export function hashValue(opts: HashBlOptions, value: string): string {
  if (optOn(opts, 'sha256')) return base32Lower(createHash('sha256').update(octets(value)).digest());
  if (optOn(opts, 'sha1')) return createHash('sha1').update(octets(value)).digest('hex');
  if (optOn(opts, 'md5')) return createHash('md5').update(octets(value)).digest('hex');
  return value;
}

/** Unique values, first occurrence kept. */
export const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/**
 * The values to query: shuffled when `shuffle` is set (SA's `fisher_yates_shuffle`, random
 * like SA's), then cut to `max` (default 10).
 */
export function pickQueries<T>(values: readonly T[], opts: HashBlOptions): T[] {
  const out = [...values];
  if (optOn(opts, 'shuffle')) {
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  }
  return out.slice(0, maxQueries(opts));
}
