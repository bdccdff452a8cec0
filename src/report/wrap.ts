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

/** Columns a piece takes (a tab counts 8). */
function width(s: string): number {
  let w = s.length;
  for (let i = s.indexOf('\t'); i >= 0; i = s.indexOf('\t', i + 1)) w += 7;
  return w;
}

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
  if (arr.length === 0) return '';
  // SA's loop joins $arr[$pos] and $arr[$pos+1] with splice, or breaks the line and splices
  // the prefix in; here the line being built is kept aside with its width (widths add up),
  // which gives the same lines without an array shift per piece. After a break the next piece
  // joins the prefix unconditionally, as SA's first join on a line does (for a prefix wider
  // than the line SA's loop would break forever).
  const prefixWidth = width(prefix);
  const lines: string[] = [];
  let line = arr[0]!;
  let lineWidth = width(line);
  for (let i = 1; i < arr.length; i++) {
    const piece = arr[i]!;
    const pieceWidth = width(piece);
    // SA's $pos_mod is 0 only for the very first join (after a break the join is unconditional).
    if ((i > 1 && !o.overflow ? lineWidth + pieceWidth : lineWidth) > length) {
      lines.push(line.replace(/[ \t\n\r\f\v]+$/, ''));
      line = prefix;
      lineWidth = prefixWidth;
    }
    line += piece;
    lineWidth += pieceWidth;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The header folding `_process_header` asks for: 79 columns, tab prefix, after spaces and commas. */
export function wrapHeader(text: string): string {
  return wrap(text, { prefix: '\t', length: 79, breakAt: /((?<=[ \t\n\r\f\v,]))/ });
}
