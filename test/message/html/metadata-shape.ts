/**
 * Shapes and compares HTML metadata the way sa-html-oracle.pl prints it (strings as hex of
 * their UTF-8 encoding, URI lists sorted because Perl hash order is random).
 */
import type { HtmlResults } from '../../../src/message/html/index.js';
import { utf8Encode } from '../../../src/perl/utf8.js';

const NUMERIC = [
  'image_area', 'length', 'min_size', 'max_size', 'closed_extra_ratio', 'backhair_count', 'bad_tag_ratio',
  'non_element_ratio', 'obfuscation_ratio', 'font_low_contrast', 'font_invalid_color', 'font_face_bad',
  'form_action_mailto', 'embeds', 'uri_truncated', 'html_length', 'non_space_len', 'ratio',
] as const;

const hx = (s: string) => Buffer.from(utf8Encode(s), 'latin1').toString('hex');

/** Our results in the oracle's shape. */
export function shapeResults(h: HtmlResults): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of NUMERIC) o[k] = h[k] ?? null;
  o.uri = h.uri.map(hx).sort();
  o.anchor = (h.anchor ?? []).map(hx);
  o.title = (h.title ?? []).map(hx);
  o.comment = (h.comment ?? []).map(hx);
  o.script = (h.script ?? []).map(hx);
  o.inside = Object.fromEntries([...(h.inside ?? new Map())].map(([k, v]) => [hx(k), v] as const).sort());
  return o;
}

/** The keys whose values differ between Perl's record and ours (numbers within 1e-9). */
export function differingKeys(perl: Record<string, unknown> | undefined, ours: Record<string, unknown> | undefined): string[] {
  const want = perl ? { ...perl, inside: Object.fromEntries(Object.entries((perl.inside ?? {}) as object).sort()) } : undefined;
  return Object.keys(want ?? ours ?? {}).filter((k) => {
    const a = (want as Record<string, unknown> | undefined)?.[k];
    const b = ours?.[k];
    if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) > 1e-9;
    return JSON.stringify(a) !== JSON.stringify(b);
  });
}
