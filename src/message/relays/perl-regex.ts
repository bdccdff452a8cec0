/**
 * Helpers that let the relay code write regular expressions the way SpamAssassin's Perl source
 * reads, while matching exactly what Perl matches on an octet string.
 *
 * Why a helper at all: SA runs its Received patterns on byte strings, where Perl's `\s` is only
 * the ASCII whitespace `[\t\n\x0b\f\r ]`. A JavaScript `\s` also matches `\xa0` (and Unicode
 * spaces), which does occur in Latin-1 / UTF-8 header octets, so a literal port would split
 * fields where Perl does not. The tags below rewrite `\s` and `\S` into explicit classes.
 * `\d`, `\w`, `\b` and `.` already agree with Perl on strings without line breaks (the
 * parser squeezes all whitespace to single spaces before matching).
 */
import { PERL_SPACE_CLASS } from '../../perl/regex-classes.js';

/**
 * Rewrites `\s` / `\S` in a JavaScript regex source into Perl's byte-string meaning.
 * A `\S` inside a bracket class has no single-class equivalent; none of our patterns need one,
 * so it is rejected when the module loads (a programming error, never an input error).
 */
export function perlSpaces(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      const n = source[i + 1]!;
      i++;
      if (n === 's') out += inClass ? PERL_SPACE_CLASS : `[${PERL_SPACE_CLASS}]`;
      else if (n === 'S') {
        if (inClass) throw new Error(`perlSpaces: \\S inside a class in /${source}/`);
        out += `[^${PERL_SPACE_CLASS}]`;
      } else out += c + n;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

function build(flags: string, strings: TemplateStringsArray, subs: readonly string[]): RegExp {
  let source = '';
  strings.raw.forEach((part, i) => {
    source += perlSpaces(part);
    if (i < subs.length) source += subs[i]!;
  });
  return new RegExp(source, flags);
}

/**
 * Tagged template building a case-sensitive RegExp from Perl-flavoured source.
 * Interpolated values are inserted verbatim (they are already-translated sources such as
 * {@link IP_ADDRESS}), the literal parts get Perl's `\s` / `\S`.
 */
export function rx(strings: TemplateStringsArray, ...subs: string[]): RegExp {
  return build('', strings, subs);
}

/** Like {@link rx} with Perl's `/i` (safe: our `/i` patterns only hold ASCII literals). */
export function rxi(strings: TemplateStringsArray, ...subs: string[]): RegExp {
  return build('i', strings, subs);
}
