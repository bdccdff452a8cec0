/**
 * `check_hashbl_bodyre('list[/A|/TXT]', 'opts', 'regex', 'subtest')` on body, rawbody or full
 * rules: the first capture of every match of the regex in the rule's text (each body line, or
 * the whole message for full), lower-cased unless `case`, digits only with `num`, hashed
 * (SHA-1 by default, `raw` for none) and looked up. The stock GB_HASHBL_BTC uses it for
 * Bitcoin addresses.
 */
import { lc } from '../../../perl/strings.js';
import { optOn, pickQueries, unique } from './options.js';
import { perlRegExp } from '../perl-regexp.js';
import { submitQuery } from './query.js';
import { finishRun, startRun } from './run.js';
import { perlTrue } from '../../../perl/truth.js';
import type { HashBlContext } from './config.js';

/** The distinct non-empty captures, in order (the body loop of `check_hashbl_bodyre`). */
export function bodyCaptures(texts: readonly string[], re: RegExp, caseSensitive: boolean, digitsOnly: boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (m[1] === undefined) continue;
      let match = caseSensitive ? m[1] : lc(m[1]);
      if (digitsOnly) match = match.replace(/[^0-9]+/g, '');
      if (seen.has(match)) continue;
      seen.add(match);
      if (match !== '') out.push(match);
    }
  }
  return out;
}

/** `check_hashbl_bodyre`. */
export function checkHashblBodyre(ctx: HashBlContext, list?: string, opts?: string, regex?: string, subtest?: string): false | Promise<boolean> {
  if (!ctx.net || list === undefined || !perlTrue(regex)) return false;
  const re = perlRegExp(regex, '', true);
  if (!re) return false;
  const started = startRun(ctx, list, opts, 'sha1/max=10/shuffle', subtest);
  if (!started) return false;
  const { run } = started;
  const text = ctx.text;
  const texts = text === undefined ? [] : typeof text === 'string' ? [text] : text;
  const matches = bodyCaptures(texts, re, optOn(run.opts, 'case'), optOn(run.opts, 'num'));
  const picked = pickQueries(unique(matches), run.opts);
  for (const m of picked) submitQuery(run, m);
  return finishRun(run, picked.length);
}
