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
 * characters (code points), as Perl does for character strings; the code-point offsets are
 * found by walking the text, never by splitting it into an array of characters (which cost
 * tens of bytes per character on a large part).
 */
export function truncateScan(text: string, size: number, separators: readonly string[]): string {
  if (!size) return text;
  if (!hasSurrogates(text)) {
    if (text.length <= size) return text;
    for (const sep of separators) {
      const idx = text.indexOf(sep, size);
      if (idx >= 0 && idx - size <= 1024) return text.slice(0, idx + 1);
    }
    return text.slice(0, size);
  }
  // The code unit where code point number `size` starts (a pair counts once, as in Array.from).
  let cut = 0;
  for (let p = 0; p < size && cut < text.length; p++) cut += isPairAt(text, cut) ? 2 : 1;
  if (cut >= text.length) return text;
  for (const sep of separators) {
    // Separators are single BMP characters: found by code unit, counted by code point.
    const idx = text.indexOf(sep, cut);
    if (idx < 0) continue;
    let points = 0;
    for (let i = cut; i < idx && points <= 1024; i += isPairAt(text, i) ? 2 : 1) points++;
    if (points <= 1024) return text.slice(0, idx + 1);
  }
  return text.slice(0, cut);
}

/** Whether a surrogate pair (one code point) starts at `i`. */
function isPairAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) return false;
  const d = s.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}
