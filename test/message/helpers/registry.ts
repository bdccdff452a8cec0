/**
 * Test-side TLD lists (SA's util_rb_tld / util_rb_2tld / util_rb_3tld, lower-case ASCII), in the
 * shape the header getter takes; `:domain` then runs the library's own `trim_domain`.
 */
import type { TldSets } from '../../../src/message/registry-boundaries.js';

/** TLD lists from explicit entries. */
export function makeRegistry(tlds: Iterable<string>, two: Iterable<string> = [], three: Iterable<string> = []): TldSets {
  return { tld: new Set(tlds), twoLevel: new Set(two), threeLevel: new Set(three) };
}
