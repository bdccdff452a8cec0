/**
 * BodyEval: SpamAssassin's body evals (`Plugin::BodyEval`): body length, text/html word
 * difference of multipart/alternative, blank-line ratio, "vertical" words, stock-tip fields
 * and plain-text signature lengths.
 */
import type { EvalContext } from '../types.js';
import { findParts } from '../../message/mime/find-parts.js';
import { decodePart } from '../../message/mime/decode.js';
import { multipartAlternativeDifference, type MaDiff } from './body-eval/alternative-difference.js';
import { stockInfo } from './body-eval/stock-info.js';
import { perlNum } from '../../perl/numbers.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const madiff = (ctx: EvalContext): MaDiff => ctx.memo('madiff', () => multipartAlternativeDifference(ctx.model.tree().root));

/** `_plaintext_body_sig_ratio`: body and signature lengths of the first text/plain part. */
interface SigRatio {
  body_length?: number;
  sig_length?: number;
  ratio?: number;
}

function sigRatio(ctx: EvalContext): SigRatio {
  return ctx.memo('plaintext_body_sig_ratio', (): SigRatio => {
    const part = findParts(ctx.model.tree().root, /^text\/plain/)[0];
    if (!part) return {};
    const text = decodePart(part) ?? '';
    let lenB = text.length;
    let lenS = 0;
    // `/^-- ?\r?$/mg` with Perl's line anchors ("\n" only).
    const re = /(?:^|(?<=\n))-- ?\r?(?=\n|$)/g;
    for (const m of text.matchAll(re)) {
      const end = m.index + m[0].length;
      if (text.length - end <= 4) continue;
      lenB = m.index;
      lenS = text.length - end;
    }
    return { body_length: lenB, sig_length: lenS, ratio: lenS ? lenB / lenS : 10 ** 6 };
  });
}

/** `$len >= $min && (defined $max ? $len <= $max : 1)`. */
const inRange = (len: number | undefined, min: string | undefined, max: string | undefined): number =>
  len !== undefined && len >= perlNum(min) && (max === undefined || len <= perlNum(max)) ? 1 : 0;

/** BodyEval's evals by name. */
const BODY_EVAL: EvalImpls = {
  /** The pristine body (bytes after the header block) is at most `min` bytes long. */
  check_body_length: (ctx, min) => (ctx.model.raw.pristineBody.length <= perlNum(min) ? 1 : 0),

  /** Percentage of HTML words missing from the text alternative in (min, max] (min 0: from 0). */
  multipart_alternative_difference: (ctx, min, max) => {
    const d = madiff(ctx).madiff;
    const lo = perlNum(min);
    return (lo === 0 || d > lo) && (max === 'undef' || d <= perlNum(max)) ? 1 : 0;
  },

  /** Text words over HTML words above `ratio`, when there are more than `minhtml` HTML words. */
  multipart_alternative_difference_count: (ctx, ratio, minhtml) => {
    const d = madiff(ctx);
    if (!(d.madiff_html > perlNum(minhtml))) return 0;
    return d.madiff_text / d.madiff_html > perlNum(ratio) ? 1 : 0;
  },

  /** Percentage of blank lines of the decoded text parts in (min, max] (min 0: up to max). */
  check_blank_line_ratio: (ctx, min, max, minlinesArg) => {
    let minlines = minlinesArg === undefined ? 1 : perlNum(minlinesArg);
    if (minlines < 1) minlines = 1;
    const ratio = ctx.memo(`blank_line_ratio.${minlines}`, () => {
      let blank = 0;
      let nlines = 0;
      for (const chunk of ctx.message.rawbodyLines()) {
        if (chunk === '') continue;
        for (const line of chunk.split(/(?<=\n)(?=[^])/)) {
          nlines++;
          if (!/[^\t\n\x0b\f\r ]/.test(line)) blank++;
        }
      }
      return nlines < minlines ? -1 : (100 * blank) / nlines;
    });
    const lo = perlNum(min);
    const hi = perlNum(max);
    return (lo === 0 && ratio <= hi) || (ratio > lo && ratio <= hi) ? 1 : 0;
  },

  /** The highest spaces-to-non-spaces percentage of a body line (over 5 bytes) in [min, max). */
  tvd_vertical_words: (ctx, min, max) => {
    let hi = perlNum(max);
    if (hi >= 100) hi = 101;
    const v = ctx.memo('tvd_vertical_words', () => {
      let best = -1;
      for (const l of (ctx.text as readonly string[] | undefined) ?? ctx.message.bodyLines()) {
        if (l.length <= 5) continue;
        let spaces = 0;
        for (let i = 0; i < l.length; i++) if (l.charCodeAt(i) === 32) spaces++;
        const nonspaces = l.length - spaces;
        const pct = spaces > nonspaces || nonspaces === 0 ? 100 : Math.trunc((100 * spaces) / nonspaces);
        if (pct > best) best = pct;
      }
      return best;
    });
    return v >= perlNum(min) && v < hi ? 1 : 0;
  },

  /** At least `min` distinct stock-tip fields ("Symbol:", "Target price:"...) in the text part. */
  check_stock_info: (ctx, min) => {
    const n = ctx.memo('stock_info', () => stockInfo(ctx.model.tree().root));
    const lo = perlNum(min);
    return lo === 0 || n >= lo ? 1 : 0;
  },

  /** Length of the first text/plain part before its signature separator in [min, max]. */
  plaintext_body_length: (ctx, min, max) => inRange(sigRatio(ctx).body_length, min, max),

  /** Length of the signature of the first text/plain part in [min, max]. */
  plaintext_sig_length: (ctx, min, max) => inRange(sigRatio(ctx).sig_length, min, max),

  /** Body length over signature length of the first text/plain part in [min, max]. */
  plaintext_body_sig_ratio: (ctx, min, max) => {
    const r = sigRatio(ctx).ratio;
    // SA writes `defined $max ? $len <= $max : 10**6`: without max any ratio >= min passes.
    return r !== undefined && r >= perlNum(min) && (max === undefined || r <= perlNum(max)) ? 1 : 0;
  },
};

/** `Mail::SpamAssassin::Plugin::BodyEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const BODY_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('BodyEval'),
  evals: saEvals('BodyEval', BODY_EVAL),
});
