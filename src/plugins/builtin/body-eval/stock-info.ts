/**
 * BodyEval's `_check_stock_info` (TVD_STOCK1): "Label: value" lines of the first text/plain
 * part whose label, reduced to its letters, names a stock-tip field (ticker, target price,
 * sector...). Counts the distinct field names found.
 */
import { findParts } from '../../../message/mime/find-parts.js';
import type { MimeNode } from '../../../message/mime/node.js';
import { renderPart } from '../../../message/body/rendered-part.js';
import { splitIntoShortParagraphs } from '../../../message/body/split.js';
import { lc } from '../../../perl/strings.js';
import { spaceClass } from '../../../perl/regex-classes.js';

/** `/^\s*([^:\s][^:\n]{2,29})\s*:\s*\S/mg` for an octet or a character string. */
function labelRegex(utf8: boolean): RegExp {
  const s = spaceClass(utf8);
  // Perl's /m `^`: the start, or after a "\n" (JS /m would also break at \r, U+2028, U+2029).
  return new RegExp(`(?:^|(?<=\\n))[${s}]*([^:${s}][^:\\n]{2,29})[${s}]*:[${s}]*[^${s}]`, utf8 ? 'gu' : 'g');
}

const FIELD = new RegExp(
  '(^trad(?:e|ing)date|company(?:name)?|s\\w?(?:t\\w?o\\w?c\\w?k|y\\w?m(?:\\w?b\\w?o\\w?l)?)|t(?:arget|icker)|' +
    '(?:opening|current)p(?:rice)?|p(?:rojected|osition)|expectations|weeks?high|marketperformance|' +
    '(?:year|week|month|day|price)(?:target|estimates?)|sector|r(?:ecommendation|ating))$',
);

/** SA's `stock_info`: the number of distinct stock fields in the first text/plain part. */
export function stockInfo(root: MimeNode): number {
  const part = findParts(root, /^text\/plain$/)[0];
  if (!part) return 0;
  const r = renderPart(part);
  if (!r) return 0;
  const hits = new Set<string>();
  const { text, utf8 } = r.rendered;
  for (const chunk of splitIntoShortParagraphs(text)) {
    const re = labelRegex(utf8);
    for (const m of chunk.matchAll(re)) {
      const str = lc(m[1]!, utf8).replace(/[^a-z]+/g, '');
      const f = FIELD.exec(str);
      if (f) hits.add(f[1]!);
    }
  }
  return hits.size;
}
