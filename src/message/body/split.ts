/**
 * The line and paragraph splitting and per-part truncation SA applies to body texts
 * (`Message::split_into_array_of_short_lines`, `split_into_array_of_short_paragraphs`, and
 * the `body_part_scan_size` / `rawbody_part_scan_size` cuts).
 */
import { hasSurrogates, splitLines } from '../mime/binary.js';

/** SA's MAX_BODY_LINE_LENGTH. */
export const MAX_BODY_LINE_LENGTH = 2048;

/**
 * `split_into_array_of_short_lines`: one element per line; a line over 2048 bytes is cut
 * after the last space at or before offset 2048 (so a piece may be 2049 bytes), or hard at
 * 2048 when there is none.
 */
export function splitIntoShortLines(text: string): string[] {
  const out: string[] = [];
  for (let line of splitLines(text)) {
    while (line.length > MAX_BODY_LINE_LENGTH) {
      const len = line.lastIndexOf(' ', MAX_BODY_LINE_LENGTH) + 1 || MAX_BODY_LINE_LENGTH;
      out.push(line.slice(0, len));
      line = line.slice(len);
    }
    out.push(line);
  }
  return out;
}

/**
 * `split_into_array_of_short_paragraphs`: texts up to 2048 bytes stay whole; longer ones
 * become chunks of 2049..4096 bytes ending after a "\n", else a `>`, else a space, else
 * cut hard after 2049 bytes.
 */
export function splitIntoShortParagraphs(text: string): string[] {
  const len = text.length;
  if (len <= MAX_BODY_LINE_LENGTH) return [text];
  const max2 = 2 * MAX_BODY_LINE_LENGTH;
  const out: string[] = [];
  let ofs = 0;
  while (len - ofs > max2) {
    let j = -1;
    for (const sep of ['\n', '>', ' ']) {
      j = text.indexOf(sep, ofs + MAX_BODY_LINE_LENGTH);
      if (j >= 0 && j - ofs + 1 <= max2) break;
      j = -1;
    }
    if (j < 0) j = ofs + MAX_BODY_LINE_LENGTH;
    out.push(text.slice(ofs, j + 1));
    ofs = j + 1;
  }
  if (ofs < len) out.push(text.slice(ofs));
  return out;
}

/**
 * Truncates a part's text to a scan size as SA does: at the first of `separators` found at
 * or after `size` within 1024 characters (keeping it), else hard at `size`. Lengths count
 * characters (code points), as Perl does for character strings.
 */
export function truncateScan(text: string, size: number, separators: readonly string[]): string {
  if (!size) return text;
  const surrogates = hasSurrogates(text);
  const chars = surrogates ? Array.from(text) : undefined;
  const length = chars ? chars.length : text.length;
  if (length <= size) return text;
  const indexOf = (sep: string, from: number): number => {
    if (!chars) return text.indexOf(sep, from);
    for (let i = from; i < chars.length; i++) if (chars[i] === sep) return i;
    return -1;
  };
  const cut = (n: number): string => (chars ? chars.slice(0, n).join('') : text.slice(0, n));
  for (const sep of separators) {
    const idx = indexOf(sep, size);
    if (idx >= 0 && idx - size <= 1024) return cut(idx + 1);
  }
  return cut(size);
}
