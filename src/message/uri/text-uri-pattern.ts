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
import type { TldSets } from './registry-boundaries.js';

/** Perl `\s` on octet strings. */
const WS = '\\t\\n\\x0b\\f\\r ';
/** Start delimiters (Thunderbird + Outlook Express), plus ESC (ISO-2022, bug 4522) and NBSP. */
const START_DELIM = `><"'\`,{[(|${WS}\\x1b\\xa0`;
/** End delimiters. */
const END_DELIM = `><"\`}\\]{[|${WS}\\x1b\\xa0`;
/** Mail addresses also end at `,`, `(`, `'` and any 8-bit byte (bug 7100). */
const END_DELIM_EMAIL = `${END_DELIM},('\\x80-\\xff`;
/** ... and their local part at `@`. */
const END_DELIM_PLUS_AT = `${END_DELIM_EMAIL}@`;
/** Characters a schemeless host may follow: most punctuation and the delimiters above. */
const SC_START_DELIM = `!"#$&'()*+,/:;<=>?@[\\\\\\]^\`{|}~${WS}\\x1b\\xa0`;

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

/** A trie-shaped alternation of the TLDs (only one TLD can satisfy the boundary checks). */
function trieSource(words: Iterable<string>): string {
  const root: Trie = { end: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w.toLowerCase()) {
      let child = node.next.get(ch);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Trie): string => {
    const alts = [...node.next].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ch, child]) => escapeRegex(ch) + emit(child));
    if (alts.length === 0) return '';
    if (node.end) alts.push('');
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  const body = emit(root);
  return body === '' ? 'no_tlds_defined' : body;
}

/**
 * SA's `valid_tlds_re`: a TLD starting after a non-`[a-zA-Z0-9-]` and not followed by another
 * such character nor by `.` plus an alphanumeric. With no TLDs SA uses `no_tlds_defined`.
 */
export function validTldsSource(tlds: ReadonlySet<string>): string {
  if (tlds.size === 0) return 'no_tlds_defined';
  return `(?<![a-zA-Z0-9-])${trieSource(tlds)}(?![a-zA-Z0-9-]|\\.[a-zA-Z0-9])`;
}

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
