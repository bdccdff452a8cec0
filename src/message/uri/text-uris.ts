/**
 * URIs found in the rendered body text, as SA's `PerMsgStatus::_process_text_uri_list` finds
 * them: run the Thunderbird-like finder over every body array element (the Subject line
 * included), trim what MUAs would not linkify, add the scheme MUAs assume, and drop garbage.
 */
import { isFqdnValid } from '../fqdn.js';
import { isDomainValid, type TldSets } from '../registry-boundaries.js';
import { textUriRegex } from './text-uri-pattern.js';
import { urlDecode } from './url-decode.js';

/** One URI found in the text, before canonicalisation. */
export interface TextUri {
  /** The URI with the scheme SA adds (`http://`, `ftp://`, `mailto:`). */
  readonly uri: string;
  /** `parsed`, plus `schemeless` when no scheme was written and `unlinked` for bare hosts. */
  readonly types: ReadonlySet<string>;
}

/** Cuts what Thunderbird/Outlook ignore at the end of a linkified string. */
function trimRaw(raw: string): string {
  // `)` ends the URI unless a `(` precedes it (the last `)` of the `(`-free prefix wins).
  const paren = /^([^(]*)\)[^\n]*$/.exec(raw);
  let out = paren ? paren[1]! : raw;
  // Trailing punctuation (`s/[-~!@#^&*()_+=:;'?,.]*$//`), scanned from the end.
  let end = out.length;
  while (end > 0 && "-~!@#^&*()_+=:;'?,.".includes(out[end - 1]!)) end--;
  out = out.slice(0, end);
  return out;
}

/**
 * Whether `first`, at least one character, then `second` occur within one line: SA's
 * `/\/.+\@/` and `/\@.+?\./`. The regexes rescan the rest of the line from every `first`,
 * quadratic on a string of them; the earliest `first` of each line decides.
 */
function hasOrderedPair(s: string, first: string, second: string): boolean {
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\n') open = -1;
    else if (c === second && open >= 0 && i > open + 1) return true;
    if (c === first && open < 0) open = i;
  }
  return false;
}

/** Adds the scheme SA assumes; undefined when SA skips the string. */
function withScheme(raw: string, types: Set<string>): string | undefined {
  if (/^(?:https?|ftp|mailto):/i.test(raw)) return raw;
  let uri: string;
  if (/^ftp\./i.test(raw)) {
    uri = 'ftp://' + raw;
  } else if (/^www[0-9]{0,2}\./i.test(raw)) {
    uri = 'http://' + raw;
  } else if (hasOrderedPair(raw, '/', '@')) {
    // A `/` before the `@`: not a mail address.
    uri = 'http://' + raw;
  } else if (raw.includes('@')) {
    // Not linkified by MUAs without a dot after the `@` (`Vi@gra`), nor when garbled.
    if (!hasOrderedPair(raw, '@', '.')) return undefined;
    if (raw.includes('&nbsp;')) return undefined;
    uri = 'mailto:' + raw.replace(/^(?:skype|e?-?mail)?:+/i, '');
  } else {
    if (!raw.includes('.')) return undefined;
    uri = 'http://' + raw;
    types.add('unlinked');
  }
  types.add('schemeless');
  return uri;
}

/**
 * Finds the URIs of the rendered body array (element 0 is the Subject line), in SA's order,
 * each raw string once. `valid_domain` filtering happens later, when the URI is added to the
 * detail list.
 */
export function findTextUris(bodyLines: readonly string[], tlds: TldSets): TextUri[] {
  const re = textUriRegex(tlds);
  const seen = new Set<string>();
  const found: TextUri[] = [];
  for (const text of bodyLines) {
    if (typeof text !== 'string') continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const rawType = m[1] ? 'scheme' : m[2] ? 'mail' : 'schemeless';
      const schemelessHost = m[4];
      const raw = trimRaw(m[1] || m[2] || m[3] || '');
      if (seen.has(raw)) continue;
      seen.add(raw);
      if (rawType === 'mail' && !raw.includes('@')) continue;
      if (schemelessHost !== undefined && !isFqdnValid(schemelessHost, true)) continue;
      // cid:/mid: references (`[cid:image001.png@01D4...]`) look like mail addresses.
      if (/^[cm]id:/i.test(raw)) continue;
      if (/^\w+:\/{0,2}$/.test(raw)) continue;
      const types = new Set<string>(['parsed']);
      let uri = withScheme(raw, types);
      if (uri === undefined) continue;
      if (/^mailto:/i.test(uri)) {
        // MUAs decode mailto:foo%40bar%2Ecom; then the domain must end in a valid TLD.
        if (/%[0-9a-f]{2}/i.test(uri)) uri = urlDecode(uri);
        const at = /@([^?&>]*)/.exec(uri);
        if (!at) continue;
        let host = at[1]!;
        while (host.endsWith('%20')) host = host.slice(0, -3); // s/(?:%20)+$//, without the regex's retries
        if (!isDomainValid(tlds, host)) continue;
      }
      found.push({ uri, types });
    }
  }
  return found;
}
