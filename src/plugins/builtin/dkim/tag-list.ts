/**
 * DKIM tag=value lists (`DKIM-Signature`, `ARC-*` headers, key records) parsed as
 * Mail::DKIM's `KeyValueList::parse` does: split on `;` (keeping each raw piece, so the header
 * can be rebuilt byte for byte), trim each piece, split it at the first `=` with the spaces
 * around it; a non-empty piece without `=` makes the whole list unparseable.
 */

/** One `;`-separated piece of a tag list. */
export interface RawTag {
  /** The piece as written (spaces and folding kept). */
  readonly raw: string;
  /** The tag name, undefined for an empty piece. */
  readonly name?: string;
  readonly value?: string;
}

/** A parsed tag list. */
export interface TagList {
  readonly tags: readonly RawTag[];
  /** Tag values by name (the last occurrence wins, as in Perl's hash). */
  readonly byName: ReadonlyMap<string, string>;
}

/** Parses a tag list; undefined where Mail::DKIM dies with "syntax error". */
export function parseTagList(text: string): TagList | undefined {
  const tags: RawTag[] = [];
  const byName = new Map<string, string>();
  for (const raw of text.split(';')) {
    const trimmed = raw.replace(/^[\t\n\x0b\f\r ]+/, '').replace(/[\t\n\x0b\f\r ]*$/, '');
    if (trimmed === '') {
      tags.push({ raw });
      continue;
    }
    const m = /^([\s\S]*?)[\t\n\x0b\f\r ]*=[\t\n\x0b\f\r ]*([\s\S]*)$/.exec(trimmed);
    if (!m) return undefined;
    tags.push({ raw, name: m[1]!, value: m[2]! });
    byName.set(m[1]!, m[2]!);
  }
  return { tags, byName };
}

/**
 * The list written back with one tag's value emptied (Mail::DKIM's `as_string_without_data`
 * for `b=`): the raw text before that tag's `=` is kept, everything after it dropped.
 */
export function withoutValue(list: TagList, name: string): string {
  // Perl's hash keeps the last tag of a name; that is the one whose raw text is rewritten
  let last = -1;
  list.tags.forEach((t, i) => {
    if (t.name === name) last = i;
  });
  return list.tags.map((t, i) => (i === last ? `${t.raw.slice(0, t.raw.indexOf('='))}=` : t.raw)).join(';');
}
