/**
 * HTMLEval: SpamAssassin's `Plugin::HTMLEval` evals. Each reads the metadata HTML.pm
 * recorded for every HTML part (`html_all`) and hits when any part satisfies the test.
 */
import { translatePerlRegex } from '../../compile/regex/translate.js';
import { perlLength, utf8Encode } from '../../perl/utf8.js';
import type { EvalContext } from '../types.js';
import { htmlAll, htmlValue } from './html-eval/html-parts.js';
import { perlExprTrue } from './html-eval/perl-expr.js';
import { perlNum } from '../../perl/numbers.js';
import { perlTrue } from '../../perl/truth.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const EXPR_CHARS = /^[<>=!\-+ 0-9]+$/;

/** A results value as a Perl number (references numify to their address: large and positive). */
function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return perlNum(v);
  if (v === undefined || v === null) return 0;
  return 0x5555_0000_0000;
}

const regexCache = new Map<string, RegExp | null>();

/**
 * `compile_regexp($re, 0)`: the text is the pattern itself (no delimiters), compiled as SA
 * compiles rule regexes. A pattern Perl refuses makes the eval miss (SA warns).
 */
function compileBare(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re !== undefined) return re;
  try {
    const t = translatePerlRegex(/[^\x00-\xff]/.test(pattern) ? utf8Encode(pattern) : pattern, '');
    re = new RegExp(t.js.source, t.js.flags);
  } catch {
    re = null;
  }
  regexCache.set(pattern, re);
  return re;
}

/** The string elements of an array-valued result (`comment`, `anchor`, `title`, `script`, `uri`). */
function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? (v as unknown[]).filter((s): s is string => typeof s === 'string') : undefined;
}

function textMatch(ctx: EvalContext, key: string | undefined, regexp: string | undefined, negate: boolean): number {
  const re = compileBare(regexp ?? '');
  if (!re) return 0;
  for (const { results } of htmlAll(ctx)) {
    const list = stringList(htmlValue(results, key ?? ''));
    if (!list) continue;
    for (const s of list) if (re.test(s) !== negate) return 1;
  }
  return 0;
}

/** HTMLEval's evals by name. */
const HTML_EVAL: EvalImpls = {
  /** `inside{tag} EXPR` holds for some part (e.g. `html_tag_balance('body', '!= 0')`). */
  html_tag_balance: (ctx, rawtag, rawexpr) => {
    // SA's `/^(...)$/` untainting: Perl's `$` also passes one final newline, which `$1` drops.
    const tag = (rawtag ?? '').replace(/\n$/, '');
    const expr = (rawexpr ?? '').replace(/\n$/, '');
    if (!/^[a-zA-Z0-9]+$/.test(tag) || !EXPR_CHARS.test(expr)) return 0;
    for (const { results } of htmlAll(ctx)) {
      const v = results.inside?.get(tag);
      if (v === undefined) continue;
      if (perlExprTrue(v, expr)) return 1;
    }
    return 0;
  },

  /** A part with an `<img>` whose HTML length is in (min, max]. */
  html_image_only: (ctx, min, max) => {
    for (const { results } of htmlAll(ctx)) {
      if (results.inside?.has('img') && results.length > perlNum(min) && results.length <= perlNum(max)) return 1;
    }
    return 0;
  },

  /** Non-space rendered characters per unit of image area in (min, max]. */
  html_image_ratio: (ctx, min, max) => {
    for (const { results } of htmlAll(ctx)) {
      if (!(results.image_area > 0)) continue;
      const ratio = results.non_space_len / results.image_area;
      if (ratio > perlNum(min) && ratio <= perlNum(max)) return 1;
    }
    return 0;
  },

  /**
   * `<meta>` charsets not ok for `ok_locales`. SA reads `$html->{charsets}`, a key HTML.pm
   * never puts in its results, so this never hits there; neither does it here.
   */
  html_charset_faraway: () => 0,

  /** Some part used the tag (it appears in `inside`). */
  html_tag_exists: (ctx, tag) => {
    for (const { results } of htmlAll(ctx)) if (results.inside?.has(tag ?? '')) return 1;
    return 0;
  },

  /** A results key is true for some part (`html`, `embeds`, `font_face_bad`...). */
  html_test: (ctx, test) => {
    for (const { results } of htmlAll(ctx)) if (perlTrue(htmlValue(results, test ?? ''))) return 1;
    return 0;
  },

  /** `VALUE EXPR` holds for a defined results value of some part (`html_eval('length', '< 384')`). */
  html_eval: (ctx, test, rawexpr) => {
    const expr = (rawexpr ?? '').replace(/\n$/, '');
    if (!EXPR_CHARS.test(expr)) return 0;
    for (const { results } of htmlAll(ctx)) {
      const v = htmlValue(results, test ?? '');
      if (v === undefined || v === null) continue;
      if (perlExprTrue(numeric(v), expr)) return 1;
    }
    return 0;
  },

  /** Some string of an array-valued key (`comment`, `anchor`, `title`...) matches the regex. */
  html_text_match: (ctx, text, regexp) => textMatch(ctx, text, regexp, false),

  /** Some string of an array-valued key does not match the regex. */
  html_text_not_match: (ctx, text, regexp) => textMatch(ctx, text, regexp, true),

  /** The longest `<title>` is more than `ratio` times as long as the Subject. */
  html_title_subject_ratio: (ctx, ratio) => {
    const subject = ctx.message.getScalar('Subject') ?? '';
    if (subject === '') return 0;
    const subjLen = subject.length;
    for (const { results } of htmlAll(ctx)) {
      let max = 0;
      for (const t of results.title ?? []) {
        if (perlTrue(t)) {
          const r = perlLength(t) / subjLen;
          if (r > max) max = r;
        }
      }
      if (max > perlNum(ratio)) return 1;
    }
    return 0;
  },

  /** A results value of some part in (min, max] (`max` absent or 'inf': above min). */
  html_range: (ctx, test, min, max) => {
    for (const { results } of htmlAll(ctx)) {
      const v = htmlValue(results, test ?? '');
      if (v === undefined || v === null) continue;
      const value = numeric(v);
      if (max === undefined || max === 'inf') {
        if (value > perlNum(min)) return 1;
      } else if (v === 'inf') {
        continue;
      } else if (value > perlNum(min) && value <= perlNum(max)) {
        return 1;
      }
    }
    return 0;
  },

  /** Some part has an `<iframe src>`. */
  check_iframe_src: (ctx) => {
    for (const { results } of htmlAll(ctx)) {
      for (const d of results.uri_detail?.values() ?? []) if (d.types.has('iframe')) return 1;
    }
    return 0;
  },
};

/** `Mail::SpamAssassin::Plugin::HTMLEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const HTML_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('HTMLEval'),
  evals: saEvals('HTMLEval', HTML_EVAL),
});
