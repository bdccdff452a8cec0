/**
 * The rawbody-rule text, mirroring `Message::get_decoded_body_text_array`: every leaf whose
 * effective type is `text/*` or `message/*` (but not text/calendar), transfer-decoded only
 * — original charset bytes, HTML tags kept — cut to `rawbody_part_scan_size` (500000) at a
 * newline, `>` or space, and split into chunks of at most 4096 bytes.
 */
import { decodePart } from '../mime/decode.js';
import { leafParts } from '../mime/find-parts.js';
import { effectiveType } from '../mime/node.js';
import type { MimeTree } from '../mime/tree.js';
import { splitIntoShortParagraphs, truncateScan } from './split.js';

/** Options of the rawbody view. */
export interface RawBodyOptions {
  /** SA's `rawbody_part_scan_size` (default 500000; 0 disables truncation). */
  rawbodyPartScanSize?: number;
}

/** SA's rawbody array: binary strings, one or more chunks per text/message leaf. */
export function rawBodyArray(tree: MimeTree, opts: RawBodyOptions = {}): string[] {
  const scanSize = opts.rawbodyPartScanSize ?? 500000;
  const key = `body.raw.${scanSize}`;
  const cached = tree.root.cache.get(key) as string[] | undefined;
  if (cached) return cached;
  const out: string[] = [];
  for (const p of leafParts(tree.root)) {
    // SA bug 6439: non-text parts are skipped; bug 4843: so are calendar attachments.
    if (!/^(?:text|message)\b/.test(effectiveType(p))) continue;
    if (p.type === 'text/calendar') continue;
    const raw = truncateScan(decodePart(p) ?? '', scanSize, ['\n', '>', ' ']);
    for (const chunk of splitIntoShortParagraphs(raw)) out.push(chunk); // no spread: a large part has many chunks
  }
  tree.root.cache.set(key, out);
  return out;
}
