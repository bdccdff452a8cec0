/**
 * HTML.pm's element tables and the flag-dependent regexes its handlers use.
 */
import { spaceClass } from '../../perl/regex-classes.js';

/** HTML 4.01 / XHTML 1.0 elements plus a few non-standard ones (%elements). */
export const ELEMENTS = new Set(
  ('a abbr acronym address area b base bdo big blockquote body br button caption cite code col colgroup dd del ' +
    'dfn div dl dt em fieldset form h1 h2 h3 h4 h5 h6 head hr html i img input ins kbd label legend li link map ' +
    'meta noscript object ol optgroup option p param pre q samp script select small span strong style sub sup ' +
    'table tbody td textarea tfoot th thead title tr tt ul var applet basefont center dir font frame frameset ' +
    'iframe isindex menu noframes s strike u nobr x-sigsep x-tab').split(' '),
);
/** Rendered but not counted as valid (%tricks). */
export const TRICKS = new Set(['bgsound', 'embed', 'listing', 'plaintext', 'xmp']);
/** Elements that change the text style (%elements_text_style). */
export const TEXT_STYLE = new Set('body font table tr th td big small basefont marquee span p div a'.split(' '));
/** Elements that insert whitespace, on start and end (%elements_whitespace). */
export const WHITESPACE = new Set(
  'br div li th td dt dd p hr blockquote pre embed listing plaintext xmp title h1 h2 h3 h4 h5 h6'.split(' '),
);
/** Elements whose attributes may hold URIs (%elements_uri). */
export const URI_TAGS = new Set('body table tr td a area link img frame iframe embed script form base bgsound meta'.split(' '));

const PUNCT = '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e';
/** Perl's Unicode `\\w` as a regex class (needs the `u` flag). */
export const WORD_U = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';

/**
 * Regexes whose Perl meaning depends on the utf8 flag (Unicode `\s`, `\w`, `\b`): the
 * obfuscation/backhair word tests of `html_text` and the `<tag/>` rewrite of `parse`.
 */
export function flagRegexes(utf8: boolean) {
  const sp = spaceClass(utf8);
  const x = `[^${sp}${PUNCT}]`;
  const b = utf8 ? `(?:(?<=${WORD_U})(?!${WORD_U})|(?<!${WORD_U})(?=${WORD_U}))` : '\\b';
  const f = utf8 ? 'u' : '';
  return {
    startsX: new RegExp(`^${x}`, f),
    endsX: new RegExp(`${x}$`, f),
    tailWord: new RegExp(`${b}(${x}{1,7})$`, f),
    headWord: new RegExp(`^(${x}{1,7})${b}`, f),
    selfClosing: utf8
      ? new RegExp(`<(${WORD_U}+)[${sp}]*\\/>`, 'giu')
      : /<(\w+)[\t\n\x0b\f\r ]*\/>/gi,
  };
}

