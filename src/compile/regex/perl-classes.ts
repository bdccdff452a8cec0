/**
 * The byte sets behind Perl's class escapes and POSIX classes under SpamAssassin's `/aa`.
 *
 * Perl facts mirrored (perlrecharclass, verified with perl 5.36 on byte strings):
 * - `\d` = `[0-9]`, `\w` = `[A-Za-z0-9_]`, `\s` = `[\t\n\x0B\f\r ]` (`\x0B` since 5.18; not
 *   `\x85` nor `\xA0`, which JavaScript's `\s` would match).
 * - `\h` and `\v` ignore `/a`: on bytes `\h` = `[\t \xA0]`, `\v` = `[\n\x0B\f\r\x85]`.
 * - POSIX classes are ASCII-only under `/a`/`/aa` (and on byte strings under `/d` too), so the
 *   charset of the region does not change any of these sets; only case folding differs.
 * - `.` excludes only `\n` (without /s); `\R` is `(?>\x0D\x0A|\v)`.
 */
import type { Node, SetNode } from './ast.js';
import { ByteSet } from './byte-set.js';

/** `\d` under `/aa`. */
export const DIGIT: ByteSet = ByteSet.range(0x30, 0x39);
/** `\w` under `/aa`. */
export const WORD: ByteSet = ByteSet.of(0x5f).addRange(0x30, 0x39).addRange(0x41, 0x5a).addRange(0x61, 0x7a);
/** `\s` under `/aa`: tab, LF, VT, FF, CR, space. */
export const SPACE: ByteSet = ByteSet.range(0x09, 0x0d).add(0x20);
/** `\h` (not affected by `/a`): tab, space, NBSP. */
export const HSPACE: ByteSet = ByteSet.of(0x09, 0x20, 0xa0);
/** `\v` (not affected by `/a`): LF, VT, FF, CR, NEL. */
export const VSPACE: ByteSet = ByteSet.range(0x0a, 0x0d).add(0x85);

const UPPER = ByteSet.range(0x41, 0x5a);
const LOWER = ByteSet.range(0x61, 0x7a);
const ALPHA = UPPER.clone().addSet(LOWER);

/** POSIX bracket classes (`[[:name:]]`) under `/aa`, keyed by name. */
export const POSIX_CLASSES: ReadonlyMap<string, ByteSet> = new Map([
  ['alpha', ALPHA],
  ['alnum', ALPHA.clone().addSet(DIGIT)],
  ['ascii', ByteSet.range(0x00, 0x7f)],
  ['blank', ByteSet.of(0x09, 0x20)],
  ['cntrl', ByteSet.range(0x00, 0x1f).add(0x7f)],
  ['digit', DIGIT],
  ['graph', ByteSet.range(0x21, 0x7e)],
  ['lower', LOWER],
  ['print', ByteSet.range(0x20, 0x7e)],
  ['punct', ByteSet.range(0x21, 0x2f).addRange(0x3a, 0x40).addRange(0x5b, 0x60).addRange(0x7b, 0x7e)],
  ['space', SPACE],
  ['upper', UPPER],
  ['word', WORD],
  ['xdigit', ByteSet.range(0x30, 0x39).addRange(0x41, 0x46).addRange(0x61, 0x66)],
]);

/** `.`: any byte but `\n` (Perl excludes only `\n`; JavaScript also excludes `\r`). */
export function dotNode(s: boolean): SetNode {
  return s ? DOT_S : DOT;
}

/** The nodes of `.` with and without `/s` (shared: AST set nodes are never mutated). */
const DOT_S: SetNode = { type: 'set', set: ByteSet.full(), high: true };
const DOT: SetNode = { type: 'set', set: ByteSet.of(0x0a).complement(), high: true };

/**
 * `\R` is `(?>\x0D\x0A|\v)` in Perl. Written as `\r\n|(?!\r\n)\v`, which has the same atomic
 * behaviour (a CRLF is never split) without needing an atomic group.
 */
export function linebreakNode(): Node {
  const crlf = (): Node => ({
    type: 'seq',
    items: [
      { type: 'set', set: ByteSet.of(0x0d), literal: 0x0d, high: false },
      { type: 'set', set: ByteSet.of(0x0a), literal: 0x0a, high: false },
    ],
  });
  return {
    type: 'alt',
    alternatives: [
      crlf(),
      { type: 'seq', items: [{ type: 'group', kind: 'negativeLookahead', body: crlf() }, { type: 'set', set: VSPACE, high: true }] },
    ],
  };
}
