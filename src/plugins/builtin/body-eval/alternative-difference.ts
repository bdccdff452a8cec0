/**
 * BodyEval's `_multipart_alternative_difference`: how many of the words of the HTML
 * alternative are missing from the text alternative (MPART_ALT_DIFF), per
 * multipart/alternative part, keeping the largest difference.
 */
import { findParts } from '../../../message/mime/find-parts.js';
import type { MimeNode } from '../../../message/mime/node.js';
import { renderPart } from '../../../message/body/rendered-part.js';
import { PERL_SPACE_CLASS, PERL_UNICODE_SPACE_CLASS } from '../../../perl/regex-classes.js';

/** SA's `madiff`, `madiff_html`, `madiff_text`. */
export interface MaDiff {
  madiff: number;
  madiff_html: number;
  madiff_text: number;
}

const WORD_ASCII = /[A-Za-z0-9_]/;
const WORD_UNICODE = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]/u;
const SPACE_ASCII = new RegExp(`[${PERL_SPACE_CLASS}]+`);
const SPACE_UNICODE = new RegExp(`[${PERL_UNICODE_SPACE_CLASS}]+`);

/** `grep(/\w/, split(/\s+/, $text))` with Perl's rules for the string's kind. */
function words(text: string, utf8: boolean): string[] {
  const w = utf8 ? WORD_UNICODE : WORD_ASCII;
  return text.split(utf8 ? SPACE_UNICODE : SPACE_ASCII).filter((s) => w.test(s));
}

/** `Message::content_summary`: the root's type, then each top-level child with its subtree's types. */
function contentSummary(root: MimeNode): string[] {
  const out = [root.type];
  root.children?.forEach((child) => {
    const types: string[] = [];
    const walk = (n: MimeNode) => {
      types.push(n.type);
      n.children?.forEach(walk);
    };
    walk(child);
    out.push(types.join(','));
  });
  return out;
}

/** Computes SA's madiff figures for a message. */
export function multipartAlternativeDifference(root: MimeNode): MaDiff {
  const r: MaDiff = { madiff: 0, madiff_html: 0, madiff_text: 0 };
  const ma = findParts(root, /^multipart\/alternative\b/);
  if (ma.length === 0) return r;
  const summary = contentSummary(root);
  if (summary.length === 3 && summary[2] === 'text/calendar' && summary[1] === 'text/html' && summary[0] === 'multipart/alternative') {
    return r;
  }
  for (const part of ma) {
    const html = new Map<string, number>();
    const text = new Map<string, number>();
    for (const t of findParts(part, /^text\b/)) {
      const rendered = renderPart(t);
      if (!rendered) continue;
      if (rendered.type === 'text/html') {
        for (const w of words(rendered.rendered.text, rendered.rendered.utf8)) html.set(w, (html.get(w) ?? 0) + 1);
        if (html.size === 0 && rendered.html?.inside?.has('img')) html.set('\n', 1);
      } else {
        for (const w of words(rendered.rendered.text, rendered.rendered.utf8)) text.set(w, (text.get(w) ?? 0) + 1);
      }
    }
    const orig = html.size;
    if (orig === 0) continue;
    r.madiff_html = orig;
    r.madiff_text = text.size;
    for (const [k, v] of text) {
      const h = html.get(k);
      if (h !== undefined && h - v < 1) html.delete(k);
    }
    const diff = (html.size / orig) * 100;
    if (diff > r.madiff) r.madiff = diff;
  }
  return r;
}
