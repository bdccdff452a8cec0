/**
 * MIMEEval: SpamAssassin's `Plugin::MIMEEval` evals — MIME structure facts
 * (`check_for_mime`), parser flags, base64 line length, illegal bytes in ASCII text,
 * Unicode-entity density, text/html size ratio, charsets, and the uppercase share of the body.
 */
import { findParts } from '../../message/mime/find-parts.js';
import type { EvalContext } from '../types.js';
import { checkAttachments, partHeader, type MimeFacts } from './mime-eval/attachments.js';
import { allLocalesOk, isCharsetOkForLocales, myLocales } from './mime-eval/locales.js';
import { perlNum } from '../../perl/numbers.js';
import { words, lc } from '../../perl/strings.js';
import { perlTrue } from '../../perl/truth.js';
import { parseContentType } from '../../message/mime/content-type.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

/** `_check_attachments`, once per message. */
export function mimeFacts(ctx: EvalContext): MimeFacts {
  return ctx.memo('mime_facts', () => checkAttachments(ctx.model.tree(), myLocales(ctx)));
}

/** `get_charset_from_ct_line`. */
function charsetFromCtLine(type: string): string | undefined {
  return (/charset="([^"]+)"/i.exec(type) ?? /charset='([^']+)'/i.exec(type) ?? /charset=([^\t\n\x0b\f\r ]+)/i.exec(type))?.[1];
}

/** `$pms->get('Content-Type', undef)`: all values joined, or undefined when absent. */
const mainContentType = (ctx: EvalContext): string | undefined => ctx.message.getScalar('Content-Type', undefined);

/** `are_more_high_bits_set`. */
function moreHighBitsSet(s: string): boolean {
  let his = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) his++;
  return s.length - his <= his && his > 3;
}

const LIKELY_TO_FP_AS_CAPS = /^[-_a-z0-9]*(?:koi|jp|jis|euc|gb|big5|isoir|cp1251|windows-1251|georgianps|pt154|tis)[-_a-z0-9]*\n?$/i;

/** `body_charset_is_likely_to_fp`: a CJK/Cyrillic/Thai charset, where capitals mean little. */
function bodyCharsetLikelyToFp(ctx: EvalContext): boolean {
  const facts = mimeFacts(ctx);
  const charsets: string[] = [];
  const type = mainContentType(ctx);
  const cs = type === undefined ? undefined : charsetFromCtLine(type);
  if (cs !== undefined) charsets.push(cs);
  const html = facts.get('mime_html_charsets');
  if (typeof html === 'string') charsets.push(...words(html));
  return charsets.some((c) => LIKELY_TO_FP_AS_CAPS.test(c));
}

/** `check_for_uppercase`'s percentage (cached as SA's `$pms->{uppercase}`). */
function uppercasePercent(ctx: EvalContext): number {
  return ctx.memo('uppercase', () => {
    if (bodyCharsetLikelyToFp(ctx)) return 0;
    const body = (ctx.text as readonly string[] | undefined) ?? ctx.message.bodyLines();
    let len = 0;
    let lower = 0;
    let upper = 0;
    for (const l of body) {
      if (!/[^\t\n\x0b\f\r ][\t\n\x0b\f\r ]+[^\t\n\x0b\f\r ]/.test(l)) continue;
      if (/^(?:[A-Za-z0-9+/=]{60,76} ){2}/.test(l)) continue;
      // Drop ISO-2022-JP escape runs (greedy, across lines within the element).
      const line = l.replace(/\x1b\$B[^]*\x1b\(B/g, '');
      len += line.length;
      // SA's tr/a-z0-9// and tr/A-Z// counts, as a loop: match(/[A-Z]/g) built an array of
      // every match (~38 KB a message in a heap profile of 400 scans).
      for (let i = 0; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) lower++;
        else if (c >= 0x41 && c <= 0x5a) upper++;
      }
    }
    if (len < 200) return 0;
    if (upper + lower === 0) return 0;
    return (upper / (upper + lower)) * 100;
  });
}

/** `_check_base64_length`: the longest raw line of a base64 leaf (not application/ics). */
function base64Length(ctx: EvalContext): number {
  return ctx.memo('base64_length', () => {
    let result = 0;
    for (const p of findParts(ctx.model.tree().root, /./, true)) {
      if (parseContentType(partHeader(p, 'content-type')).type === 'application/ics') continue;
      const cte = lc(partHeader(p, 'content-transfer-encoding') ?? '');
      if (!/^base64\n?$/.test(cte)) continue;
      for (const l of p.raw ?? []) if (l.length > result) result = l.length;
    }
    return result;
  });
}

/** The parser flags `check_msg_parse_flags` can name (SA: any defined key of the Message object). */
function parseFlag(ctx: EvalContext, name: string): boolean {
  const model = ctx.model;
  switch (name) {
    case 'missing_head_body_separator':
      return !!model.raw.flags.missing_head_body_separator;
    case 'truncated_header':
      return !!model.raw.flags.truncated_header;
    case 'missing_mime_head_body_separator':
      return model.tree().flags.missingMimeHeadBodySeparator;
    case 'missing_mime_headers':
      return model.tree().flags.missingMimeHeaders;
    case 'mime_epilogue_exists':
      return model.tree().flags.mimeEpilogueExists;
    case 'mimepart_limit_exceeded':
      return model.tree().flags.mimepartLimitExceeded;
    // Keys every Message object holds.
    case 'type':
    case 'headers':
    case 'raw_headers':
    case 'header_order':
    case 'pristine_headers':
    case 'pristine_body':
    case 'pristine_body_length':
    case 'mime_boundary_state':
    case 'metadata':
    case 'normalize':
    case 'line_ending':
      return true;
    default:
      return false;
  }
}

/** MIMEEval's evals by name. */
const MIME_EVAL: EvalImpls = {
  /** A `_check_attachments` fact is set and true (`mime_base64_count`, `mime_qp_long_line`...). */
  check_for_mime: (ctx, test) => {
    const v = mimeFacts(ctx).get(test ?? '');
    if (v === undefined) return 0;
    return perlTrue(v) ? 1 : 0;
  },

  /** The main Content-Type is text/html, or some part is. */
  check_for_mime_html: (ctx) => {
    if (/^text\/html/i.test(ctx.message.getScalar('Content-Type') ?? '')) return 1;
    return ((mimeFacts(ctx).get('mime_body_html_count') as number) > 0) ? 1 : 0;
  },

  /** Only text/html parts: the main Content-Type is text/html, or HTML parts and no other text. */
  check_for_mime_html_only: (ctx) => {
    if (/^text\/html/i.test(ctx.message.getScalar('Content-Type') ?? '')) return 1;
    const f = mimeFacts(ctx);
    return (f.get('mime_body_html_count') as number) > 0 && f.get('mime_body_text_count') === 0 ? 1 : 0;
  },

  /** text/plain bytes over text/html bytes of multipart/alternative in [min, max). */
  check_mime_multipart_ratio: (ctx, min, max) => {
    const r = mimeFacts(ctx).get('mime_multipart_ratio') as number;
    return r >= perlNum(min) && r < perlNum(max) ? 1 : 0;
  },

  /** A parser flag of the top message is set (`missing_mime_headers`, `truncated_header`...). */
  check_msg_parse_flags: (ctx, type) => (parseFlag(ctx, type ?? '') ? 1 : 0),

  /** NUL, CR or 8-bit bytes in a us-ascii text/plain part. */
  check_for_ascii_text_illegal: (ctx) => ((mimeFacts(ctx).get('mime_ascii_text_illegal') as number) > 0 ? 1 : 0),

  /** Share of `&#xHHHH;` entities in 7bit/8bit text/plain at least `ratio`. */
  check_abundant_unicode_ratio: (ctx, ratio) => {
    if (!/^[0-9]{0,3}\.[0-9]{1,3}\n?$/.test(ratio ?? '')) return 0;
    return (mimeFacts(ctx).get('mime_text_unicode_ratio') as number) >= perlNum(ratio) ? 1 : 0;
  },

  /** Share of QP-encoded characters in QP parts at least `min`. */
  check_qp_ratio: (ctx, min) => ((mimeFacts(ctx).get('mime_qp_ratio') as number) >= perlNum(min) ? 1 : 0),

  /** The main Content-Type charset is not ok for `ok_locales` and the body is mostly 8-bit. */
  check_for_faraway_charset: (ctx) => {
    const type = mainContentType(ctx);
    const locales = myLocales(ctx);
    if (allLocalesOk(locales)) return 0;
    const cs = type === undefined ? undefined : charsetFromCtLine(type);
    if (cs !== undefined && !isCharsetOkForLocales(cs, locales)) {
      const body = (ctx.text as readonly string[] | undefined) ?? ctx.message.bodyLines();
      if (moreHighBitsSet(body.join('\n'))) return 1;
    }
    return 0;
  },

  /** Percentage of capitals among the body's letters and digits in (min, max]. */
  check_for_uppercase: (ctx, min, max) => {
    const u = uppercasePercent(ctx);
    return u > perlNum(min) && u <= perlNum(max) ? 1 : 0;
  },

  /** A multipart/alternative holds a leaf that is neither text/*, application/rtf nor multipart/related. */
  check_ma_non_text: (ctx) => {
    const root = ctx.model.tree().root;
    for (const map of findParts(root, /^multipart\/alternative$/)) {
      for (const p of findParts(map, /./, true, false)) {
        const t = lc(p.type);
        if (t === 'multipart/related' || t === 'application/rtf' || /^text\//i.test(p.type)) continue;
        return 1;
      }
    }
    return 0;
  },

  /** The longest line of a base64 part is at least `min` (and at most `max`). */
  check_base64_length: (ctx, min, max) => {
    const len = base64Length(ctx);
    if (max !== undefined && len > perlNum(max)) return 0;
    return len >= perlNum(min) ? 1 : 0;
  },
};

/** `Mail::SpamAssassin::Plugin::MIMEEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const MIME_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('MIMEEval'),
  evals: saEvals('MIMEEval', MIME_EVAL),
});
