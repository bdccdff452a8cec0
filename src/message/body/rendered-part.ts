/**
 * Rendering of one leaf to text, mirroring `Message::Node::rendered` (with
 * `normalize_charset 1`, SA's default).
 *
 * Only parts whose effective type is `text/plain` or `text/html` render (an attachment
 * named *.html counts as HTML; `parse_content_type` already mapped other `text/*` subtypes
 * except calendar/x-vcard to text/plain). The decoded bytes go through charset
 * normalisation; non-empty HTML is then rendered by the HTML.pm emulation, and the
 * `html_length`, `non_space_len` and `ratio` results are added.
 */
import { PERL_UNICODE_SPACE_CLASS } from '../../perl/regex-classes.js';
import { perlLength } from '../../perl/utf8.js';
import { normalizeCharset } from '../mime/charset/normalize.js';
import { decodePart } from '../mime/decode.js';
import { effectiveType, type MimeNode } from '../mime/node.js';
import { renderHtml, type RenderedText } from '../html/render-html.js';
import type { HtmlResults } from '../html/results.js';

/** The rendered views of one part. */
export interface RenderedPart {
  /** SA's `rendered_type`: `text/html` or `text/plain`. */
  type: string;
  /** All text (`rendered`): what body rules see. */
  rendered: RenderedText;
  /** Visible text only (`visible_rendered`). */
  visible: RenderedText;
  /** Invisible HTML text only (`invisible_rendered`; '' for plain text). */
  invisible: RenderedText;
  /** HTML metadata, for non-empty HTML parts. */
  html: HtmlResults | undefined;
}

const CACHE_KEY = 'body.rendered';
const UNICODE_SPACE = new RegExp(`[${PERL_UNICODE_SPACE_CLASS}]`, 'g');

/** Counts whitespace as `Node::rendered` does: Unicode `\s` for character strings, else " \t\n\r\v". */
function countSpace(t: RenderedText): number {
  if (t.utf8) return t.text.match(UNICODE_SPACE)?.length ?? 0;
  return t.text.match(/[ \t\n\r\x0b]/g)?.length ?? 0;
}

/**
 * Renders a leaf (cached on the node). Returns undefined for parts SA does not render
 * (images, application/*, text/calendar, multipart nodes, ...).
 */
export function renderPart(node: MimeNode): RenderedPart | undefined {
  if (node.cache.has(CACHE_KEY)) return node.cache.get(CACHE_KEY) as RenderedPart | undefined;
  let result: RenderedPart | undefined;
  const type = effectiveType(node);
  if (type === 'text/plain' || type === 'text/html') {
    const decoded = decodePart(node) ?? '';
    const charset = node.charset ?? 'us-ascii';
    const text = normalizeCharset(decoded, charset);
    if (decoded !== '' && type === 'text/html') {
      const html = renderHtml(text.text, text.utf8);
      const htmlLength = perlLength(html.rendered.text);
      const results: HtmlResults = {
        ...html.results,
        html_length: htmlLength,
        non_space_len: htmlLength - countSpace(html.rendered),
      };
      if (decoded.length) results.ratio = (decoded.length - htmlLength) / decoded.length;
      result = { type: 'text/html', rendered: html.rendered, visible: html.visible, invisible: html.invisible, html: results };
    } else {
      result = { type, rendered: text, visible: text, invisible: { text: '', utf8: false }, html: undefined };
    }
  }
  node.cache.set(CACHE_KEY, result);
  return result;
}
