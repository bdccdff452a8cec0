/**
 * The body-rule text, mirroring `Message::get_body_text_array_common` behind
 * `get_rendered_body_text_array` (= PerMsgStatus `get_decoded_stripped_body_text_array`),
 * `get_visible_rendered_body_text_array` and `get_invisible_rendered_body_text_array`.
 *
 * Every leaf adds "\n" once text exists (even a leaf that renders nothing); rendered parts
 * are cut to `body_part_scan_size` (50000) at a newline or space; then paragraphs (runs of
 * newlines around blank space) become one line each, all other whitespace collapses to one
 * space — Unicode whitespace (NBSP, U+2000..) when any part was decoded to characters —
 * and the text is UTF-8 encoded. The Subject line comes first; lines over 2048 bytes are
 * split.
 */
import { PERL_SPACE_CLASS, PERL_UNICODE_SPACE_CLASS } from '../../perl/regex-classes.js';
import { utf8Encode } from '../../perl/utf8.js';
import { leafParts } from '../mime/find-parts.js';
import type { MimeTree } from '../mime/tree.js';
import type { HtmlResults } from '../html/results.js';
import { renderPart } from './rendered-part.js';
import { splitIntoShortLines, truncateScan } from './split.js';

/** Options of the body views. */
export interface BodyViewOptions {
  /** SA's `body_part_scan_size` (default 50000; 0 disables truncation). */
  bodyPartScanSize?: number;
}

type View = 'rendered' | 'visible' | 'invisible';

const ASCII = {
  para: new RegExp(`\\n+[${PERL_SPACE_CLASS}]*\\n+`, 'g'),
  space: new RegExp(`[${PERL_SPACE_CLASS}]+`, 'g'),
};
const UNICODE = {
  para: new RegExp(`\\n+[${PERL_UNICODE_SPACE_CLASS}]*\\n+`, 'g'),
  space: new RegExp(`[${PERL_UNICODE_SPACE_CLASS}]+`, 'g'),
};

function bodyArray(tree: MimeTree, view: View, subject: string | undefined, opts: BodyViewOptions): string[] {
  const key = `body.array.${view}.${opts.bodyPartScanSize ?? 50000}.${subject ?? ''}`;
  const cached = tree.root.cache.get(key) as string[] | undefined;
  if (cached) return cached;
  const parts = leafParts(tree.root);
  if (parts.length === 0) {
    tree.root.cache.set(key, []);
    return [];
  }
  const scanSize = opts.bodyPartScanSize ?? 50000;
  let text = '';
  let utf8 = false;
  for (const p of parts) {
    if (text !== '') text += '\n';
    const r = renderPart(p);
    if (!r) continue;
    const piece = view === 'rendered' ? r.rendered : view === 'visible' ? r.visible : r.invisible;
    text += truncateScan(piece.text, scanSize, ['\n', ' ']);
    if (piece.utf8) utf8 = true;
  }
  // Whitespace handling (SA: "small changes have large effects!").
  const re = utf8 ? UNICODE : ASCII;
  text = text.replace(re.para, '\x00').replace(re.space, ' ').replace(/\x00/g, '\n');
  if (utf8) text = utf8Encode(text);
  const subj = view === 'invisible' ? '' : subject || '\n';
  const out = splitIntoShortLines(subj + text);
  tree.root.cache.set(key, out);
  return out;
}

/**
 * SA's body-rule array (`get_decoded_stripped_body_text_array`): element 0 is the Subject
 * line, then one element per paragraph; UTF-8 octets as binary strings.
 * @param subject the decoded Subject as SA's `get_header('subject')` gives it (UTF-8
 *   octets ending in "\n"), or undefined when there is none
 */
export function renderedBodyArray(tree: MimeTree, subject: string | undefined, opts: BodyViewOptions = {}): string[] {
  return bodyArray(tree, 'rendered', subject, opts);
}

/** Like {@link renderedBodyArray} without invisible HTML text (`get_visible_rendered_body_text_array`). */
export function visibleRenderedBodyArray(tree: MimeTree, subject: string | undefined, opts: BodyViewOptions = {}): string[] {
  return bodyArray(tree, 'visible', subject, opts);
}

/** Only the invisible HTML text, no subject (`get_invisible_rendered_body_text_array`). */
export function invisibleRenderedBodyArray(tree: MimeTree, opts: BodyViewOptions = {}): string[] {
  return bodyArray(tree, 'invisible', undefined, opts);
}

/** The visible body text as one string (the visible array joined), for Bayes-like consumers. */
export function visibleRenderedBody(tree: MimeTree, subject: string | undefined, opts: BodyViewOptions = {}): string {
  return visibleRenderedBodyArray(tree, subject, opts).join('');
}

/**
 * The HTML metadata of every rendered HTML part in body order (SA's `html_all`); SA's
 * `{html}` is the last element. Empty HTML parts, which SA records as undef, are skipped.
 */
export function htmlPartResults(tree: MimeTree): HtmlResults[] {
  const out: HtmlResults[] = [];
  for (const p of leafParts(tree.root)) {
    const r = renderPart(p);
    if (r?.type === 'text/html' && r.html) out.push(r.html);
  }
  return out;
}
