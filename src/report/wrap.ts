/**
 * `Mail::SpamAssassin::Util::wrap`, used to fold X-Spam-* headers (`_process_header`) and to
 * lay out report lines (`_wrap_desc`, the content preview): the text is split around the break
 * pattern (keeping what it captures as separate pieces), and pieces are joined greedily while a
 * line (tabs counting 8) stays within the width; the first join on a line is unconditional, a
 * broken line loses its trailing whitespace, and continuation lines start with the prefix.
 */

/** Perl's split with a capturing separator: trailing empty fields dropped. */
function perlSplitKeep(text: string, re: RegExp): string[] {
  const parts = text.split(re);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const width = (s: string) => s.length + (s.match(/\t/g)?.length ?? 0) * 7;

/** Options of {@link wrap}, SA's positional arguments by name. */
export interface WrapOptions {
  /** Put before every continuation line. */
  prefix?: string;
  /** Put before the first line (as its own piece). */
  first?: string;
  /** Line width (default 77). */
  length?: number;
  /** When true, a line may grow past the width by its last piece. */
  overflow?: boolean;
  /** The break pattern with one capture group (default whitespace: `(\s)`). */
  breakAt?: RegExp;
}

/** Wraps text as SA's `Util::wrap` does. */
export function wrap(text: string, o: WrapOptions = {}): string {
  const prefix = o.prefix ?? '';
  const length = o.length || 77;
  const arr = perlSplitKeep(text, o.breakAt ?? /([ \t\n\r\f\v])/);
  if (o.first) arr.unshift(o.first);
  let pos = 0;
  let posMod = 0;
  while (arr.length - 1 > pos) {
    let len = width(arr[pos]!);
    if (posMod !== 0 && !o.overflow) len += width(arr[pos + 1]!);
    if (len <= length) {
      arr[pos] += arr.splice(pos + 1, 1)[0]!;
      posMod = 1;
    } else {
      arr[pos] = arr[pos]!.replace(/[ \t\n\r\f\v]+$/, '');
      pos++;
      posMod = 0;
      arr.splice(pos, 0, prefix);
    }
  }
  return arr.join('\n');
}

/** The header folding `_process_header` asks for: 79 columns, tab prefix, after spaces and commas. */
export function wrapHeader(text: string): string {
  return wrap(text, { prefix: '\t', length: 79, breakAt: /((?<=[ \t\n\r\f\v,]))/ });
}
