/**
 * DecodeShortURLs (DecodeShortURLs.pm): the `short_url*` evals over the message's shortened
 * URLs, followed through `ctx.net.clients.http` one hop at a time. The lookups start at the
 * `check_dnsbl` hook (SA runs them there, before the URI rules) or at the first eval; the evals
 * are pending until every chain is followed. No cache: `url_shortener_cache_*` are accepted
 * and unused.
 */
import type { EvalResult } from '../../types.js';
import { shortUrlFlags, type ShortUrlFlags } from './short-url-check.js';
import { shortenerSettings, type ShortenerList, type ShortUrlContext } from './shorteners.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

/** An eval answering from the message's flags, now or once the lookups are done. */
const fromFlags =
  (pick: (f: ShortUrlFlags, code?: string) => boolean) =>
  (ctx: ShortUrlContext, code?: string): EvalResult => {
    const f = shortUrlFlags(ctx);
    return f instanceof Promise ? f.then((v) => pick(v, code)) : pick(f, code);
  };

/** DecodeShortURLs' evals. */
const DECODE_SHORT_URLS: EvalImpls<ShortenerList> = {
  short_url: fromFlags((f) => f.found),
  short_url_redir: fromFlags((f) => f.redir),
  short_url_200: fromFlags((f) => f.codes.has('200')),
  short_url_404: fromFlags((f) => f.codes.has('404')),
  // `return 0 unless defined $code && $code =~ /^\d{3}$/`.
  short_url_code: fromFlags((f, code) => code !== undefined && /^\d{3}$/.test(code) && f.codes.has(code)),
  short_url_chained: fromFlags((f) => f.chained),
  short_url_maxchain: fromFlags((f) => f.maxchain),
  short_url_loop: fromFlags((f) => f.loop),
  // The pre-4.0 plugin's eval; SA keeps it answering 0 (and warns at startup).
  short_url_tests: () => false,
};

/** `Mail::SpamAssassin::Plugin::DecodeShortURLs`: SA's vocabulary (catalog.ts) with the implementations above. */
export const DECODE_SHORT_URLS_PLUGIN = definePlugin({
  ...saVocabulary('DecodeShortURLs'),
  settings: shortenerSettings,
  evals: saEvals('DecodeShortURLs', DECODE_SHORT_URLS),
  checkDnsbl(ctx) {
    void shortUrlFlags(ctx);
  },
});
