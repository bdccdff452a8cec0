/**
 * ReplaceTags: the `<TAG>` macro language of rule patterns, as
 * `Plugin::ReplaceTags::finish_parsing_end` applies it.
 *
 * For each pass (at most 6, repeated while a replacement itself contains a tag): the first
 * `<pre NAME>`, `<post NAME>` and `<inter NAME>` markers are removed and remembered; the pattern
 * is split around every `<…>` tag; `pre` is put before the first tag of each piece, `post` after
 * every tag, `inter` replaces each empty piece (two adjacent tags, or a pattern starting with a
 * tag); then every tag with a `replace_tag` definition is substituted. Tags without a definition
 * stay as literal text, just as in SA.
 */

/** The ReplaceTags tables (`replace_tag`, `replace_pre`, `replace_post`, `replace_inter`). */
export interface ReplaceTagTables {
  tags: ReadonlyMap<string, string>;
  pre: ReadonlyMap<string, string>;
  post: ReadonlyMap<string, string>;
  inter: ReadonlyMap<string, string>;
  /** `replace_start` / `replace_end` (default `<` and `>`); used as regex text, as SA does. */
  start?: string;
  end?: string;
}

/** Perl's split with a capture group: keeps leading empty fields, drops trailing ones. */
function perlSplit(text: string, re: RegExp): string[] {
  const parts = text.split(re);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Thrown by {@link replaceTags} when the expansion would grow past its `maxLength`. */
export class ReplaceTagsTooLargeError extends Error {
  constructor(readonly maxLength: number) {
    super(`the expanded pattern would be longer than ${maxLength} characters`);
    this.name = 'ReplaceTagsTooLargeError';
  }
}

/**
 * Applies ReplaceTags to a pattern (without delimiters); returns it unchanged if no tag applies.
 *
 * SA bounds the passes (6) but not the size: tags that expand to several tags each grow the
 * pattern geometrically (10 tags of 10 → 10^6 copies). With `maxLength`, the expansion stops
 * with a {@link ReplaceTagsTooLargeError} as soon as a pass would produce more characters than
 * that, before building the text, so the work stays proportional to `maxLength`.
 */
export function replaceTags(pattern: string, t: ReplaceTagTables, maxLength: number = Infinity): string {
  const start = t.start ?? '<';
  const end = t.end ?? '>';
  const marker = (kind: string) => new RegExp(`${start}${kind} (.+?)${end}`);
  const anyTag = new RegExp(`(${start}.+?${end})`);
  let re = pattern;
  let passes = 0;
  let again: boolean;
  do {
    again = false;
    let preName: string | undefined;
    let postName: string | undefined;
    let interName: string | undefined;
    re = re.replace(marker('pre'), (_m, n: string) => ((preName = n), ''));
    re = re.replace(marker('post'), (_m, n: string) => ((postName = n), ''));
    re = re.replace(marker('inter'), (_m, n: string) => ((interName = n), ''));
    let pieces = perlSplit(re, /(<[^<>]+>)/);
    // Each step below checks the length it would reach before building anything.
    let size = re.length;
    const grow = (by: number) => {
      size += by;
      if (size > maxLength) throw new ReplaceTagsTooLargeError(maxLength);
    };
    const pre = preName !== undefined ? t.pre.get(preName) : undefined;
    if (pre) {
      grow(pieces.filter((p) => anyTag.test(p)).length * pre.length);
      pieces = pieces.map((p) => p.replace(anyTag, (m) => pre + m));
    }
    const post = postName !== undefined ? t.post.get(postName) : undefined;
    if (post) {
      const g = new RegExp(anyTag.source, 'g');
      grow(pieces.reduce((n, p) => n + (p.match(g)?.length ?? 0), 0) * post.length);
      pieces = pieces.map((p) => p.replace(g, (m) => m + post));
    }
    const inter = interName !== undefined ? t.inter.get(interName) : undefined;
    if (inter) {
      grow(pieces.filter((p) => p === '').length * inter.length);
      pieces = pieces.map((p) => (p === '' ? inter : p));
    }
    const tagName = new RegExp(`${start}(.+?)${end}`);
    let length = 0;
    pieces = pieces.map((p) => {
      const m = tagName.exec(p);
      let out = p;
      if (m && m[1]) {
        const replacement = t.tags.get(m[1]);
        if (replacement) {
          if (!again && /<[^>]+>/.test(replacement)) again = true;
          const parts = p.split(`${start}${m[1]}${end}`);
          const grown = parts.reduce((n, x) => n + x.length, 0) + (parts.length - 1) * replacement.length;
          if (length + grown > maxLength) throw new ReplaceTagsTooLargeError(maxLength);
          out = parts.join(replacement);
        }
      }
      length += out.length;
      if (length > maxLength) throw new ReplaceTagsTooLargeError(maxLength);
      return out;
    });
    re = pieces.join('');
    passes++;
  } while (again && passes <= 5);
  return re;
}
