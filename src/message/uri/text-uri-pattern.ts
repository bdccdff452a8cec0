/**
 * The "Thunderbird-like" URI finder of SA's `PerMsgStatus::_tbirdurire`, rebuilt as one JS
 * RegExp with the same three alternatives and capture groups:
 *   1. known scheme: `https?://`, `ftp://`, `www<NN>.`, `ftp.` followed by non-delimiters;
 *   2. mail: `mailto:...` or `local@domain`;
 *   3. schemeless: `host.<validTLD>[.][:port][/path]` after a start delimiter (group 4 = host).
 * JS and Perl are both leftmost-first backtracking engines, so the same pattern finds the same
 * spans; the character classes are spelled out for octet strings (the rendered body), where
 * Perl's `\s` is ASCII whitespace only and `\b` is ASCII.
 */
import { PERL_SPACE_CLASS } from '../../perl/regex-classes.js';
import { validTldsSource, type TldSets } from '../registry-boundaries.js';

/** Start delimiters (Thunderbird + Outlook Express), plus ESC (ISO-2022, bug 4522) and NBSP. */
const START_DELIM = `><"'\`,{[(|${PERL_SPACE_CLASS}\\x1b\\xa0`;
/** End delimiters. */
const END_DELIM = `><"\`}\\]{[|${PERL_SPACE_CLASS}\\x1b\\xa0`;
/** Mail addresses also end at `,`, `(`, `'` and any 8-bit byte (bug 7100). */
const END_DELIM_EMAIL = `${END_DELIM},('\\x80-\\xff`;
/** ... and their local part at `@`. */
const END_DELIM_PLUS_AT = `${END_DELIM_EMAIL}@`;
/** Characters a schemeless host may follow: most punctuation and the delimiters above. */
const SC_START_DELIM = `!"#$&'()*+,/:;<=>?@[\\\\\\]^\`{|}~${PERL_SPACE_CLASS}\\x1b\\xa0`;

/** Builds the URI finder for a TLD list (flags `gi`; run it with `lastIndex`). */
export function buildTextUriRegex(tlds: ReadonlySet<string>): RegExp {
  const tld = validTldsSource(tlds);
  const schemeless = `([a-z0-9][a-z0-9._-]{0,251}\\.${tld})\\.?(?::[0-9]{1,5})?(?:\\/[^${END_DELIM}]{1,2048})?`;
  const knownScheme = `(?:(?:https?|ftp):\\/\\/|(?:www[0-9]{0,2}|ftp)\\.)[^${END_DELIM}]{1,2048}`;
  const mail = `(?:mailto:[^${END_DELIM_EMAIL}]{1,2048}|[^${END_DELIM_PLUS_AT}]{1,251}@[^${END_DELIM_EMAIL}]{1,251})`;
  const source =
    `(?:\\b|(?<=\\x1b\\([^\\n])|(?<=[${START_DELIM}]))` +
    `(?:(?:(${knownScheme})(?=[${END_DELIM}]|$))` +
    `|(?:(${mail})(?=[${END_DELIM_EMAIL}]|$))` +
    `|(?:(?:^|(?<=[${SC_START_DELIM}]))(${schemeless})(?=[${END_DELIM}]|$)))`;
  return new RegExp(source, 'gi');
}

// Keyed by the TLD Set itself: callers often wrap the same sets in a fresh TldSets per message.
const cache = new WeakMap<ReadonlySet<string>, { size: number; re: RegExp }>();

/** The finder for these TLD sets, compiled once per `tld` Set (again if its size changed). */
export function textUriRegex(tlds: TldSets): RegExp {
  let entry = cache.get(tlds.tld);
  if (!entry || entry.size !== tlds.tld.size) {
    entry = { size: tlds.tld.size, re: buildTextUriRegex(tlds.tld) };
    cache.set(tlds.tld, entry);
  }
  return entry.re;
}
