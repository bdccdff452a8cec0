/**
 * Perl's modifier groups `(?imsx-imsx)`, `(?^...)`, `(?aa)`, as SpamAssassin's prepended
 * `(?mods)` and inline groups use them.
 *
 * Mirrored from perl 5.36 (perlre "Extended Patterns"): `^` resets to `d-imnsx`; `xx` also
 * ignores blanks in classes and `-x` clears both; `p` is a no-op but `-p` warns; a charset letter
 * (`a d l u`) may not follow `-`, `a` at most twice; `g`, `o`, `c` make perl warn "Useless (?g)"
 * (SA turns that into an error); any other letter is "Sequence (?q...) not recognized".
 */
import type { Charset } from './case-fold.js';
import type { Scanner } from './scanner.js';

/** Modifier state while parsing; each group works on its own copy. */
export interface ParseFlags {
  i: boolean;
  m: boolean;
  s: boolean;
  /** 0 = no /x, 1 = /x, 2 = /xx. */
  x: 0 | 1 | 2;
  /** /n: plain parentheses do not capture. */
  n: boolean;
  charset: Charset;
}

/** The state SpamAssassin compiles with: `qr//aa` and no other modifier. */
export const SA_DEFAULT_FLAGS: ParseFlags = { i: false, m: false, s: false, x: 0, n: false, charset: 'aa' };

/**
 * Reads the modifier letters of a `(?...)` group; the cursor is just after `(?` and is left on
 * the terminating `)` or `:`.
 *
 * @param sc - scanner over the pattern
 * @param flags - the modifiers in force before the group
 * @param open - position of the group's `(`, for error reports
 * @returns the modifiers in force after the letters
 * @throws RegexTranslateError for letters perl rejects, or charsets we do not support (`u`, `l`, single `a`)
 */
export function parseModifiers(sc: Scanner, flags: ParseFlags, open: number): ParseFlags {
  const next: ParseFlags = { ...flags };
  let caret = false;
  if (sc.peek() === '^') {
    caret = true;
    sc.pos++;
    Object.assign(next, { i: false, m: false, s: false, x: 0, n: false, charset: 'd' });
  }
  let negate = false;
  let charsetSeen = '';
  let aCount = 0;
  let xCount = 0;
  for (;;) {
    if (sc.done) sc.fail('Sequence (?... not terminated');
    const ch = sc.peek();
    if (ch === ')' || ch === ':') break;
    if (ch === '-') {
      if (negate || caret) sc.fail(`Sequence (?${sc.src.slice(open + 2, sc.pos + 1)}...) not recognized`, 'perl-syntax', sc.pos + 1);
      negate = true;
      sc.pos++;
      continue;
    }
    sc.pos++;
    switch (ch) {
      case 'i':
      case 'm':
      case 's':
      case 'n':
        next[ch] = !negate;
        break;
      case 'x':
        xCount++;
        next.x = negate ? 0 : xCount >= 2 ? 2 : 1;
        break;
      case 'p':
        if (negate) sc.fail('Useless use of (?-p)');
        break;
      case 'a':
      case 'd':
      case 'l':
      case 'u':
        if (negate) sc.fail(`Regexp modifier "${ch}" may not appear after the "-"`);
        if (ch === 'a') {
          aCount++;
          if (aCount > 2) sc.fail('Regexp modifier "a" may appear a maximum of twice');
        }
        if (charsetSeen && charsetSeen !== ch) sc.fail(`Regexp modifier "${charsetSeen}" may appear a maximum of twice`);
        charsetSeen = ch;
        break;
      case 'g':
      case 'o':
      case 'c': {
        const mod = ch === 'c' ? 'gc' : ch;
        sc.fail(`Useless (?${negate ? '-' : ''}${ch}) - ${negate ? "don't " : ''}use /${mod} modifier`);
        break;
      }
      default:
        sc.fail(`Sequence (?${ch}...) not recognized`);
    }
  }
  if (charsetSeen === 'a' && aCount === 2) next.charset = 'aa';
  else if (charsetSeen === 'd') next.charset = 'd';
  else if (charsetSeen) {
    const which = charsetSeen === 'a' ? 'a' : charsetSeen;
    sc.fail(`the (?${which}) charset modifier is not supported (only /aa and /d)`, 'unsupported', open);
  }
  return next;
}
