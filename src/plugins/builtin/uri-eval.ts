/**
 * URIEval: SpamAssassin's `Plugin::URIEval` — redirector links, https anchors over IP links,
 * and truncated (over-long) URIs.
 */
import { uriToDomain } from '../../message/registry-boundaries.js';
import { uriDetailsOf } from './uri-detail.js';
import { htmlAll } from './html-eval/html-parts.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const IP_LINK_ASCII = /^https?:\/*(?:[^@/]+@)?[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/i;
const IP_LINK_UNICODE = /^https?:\/*(?:[^@/]+@)?\p{Nd}+\.\p{Nd}+\.\p{Nd}+\.\p{Nd}+/iu;
const HTTPS_IP_ASCII = /^https:\/*(?:[^@/]+@)?[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/i;
const HTTPS_IP_UNICODE = /^https:\/*(?:[^@/]+@)?\p{Nd}+\.\p{Nd}+\.\p{Nd}+\.\p{Nd}+/iu;
// Perl: `^https?://([^/:\?]+).+?(https?:/{0,2}?([^/:\?]+).*)$` (classes include "\n", `.` does not).
const REDIRECT = /^https?:\/\/([^/:?]+)[^\n]+?(https?:\/{0,2}?([^/:?]+)[^\n]*)(?=\n?$)/i;

/** URIEval's evals by name. */
const URI_EVAL: EvalImpls = {
  /** A URI that embeds another http(s) URI to a different domain (a redirector). */
  check_for_http_redirector: (ctx) => {
    const tlds = ctx.tlds;
    for (let u of ctx.message.uriList()) {
      for (let m = REDIRECT.exec(u); m; m = REDIRECT.exec(u)) {
        u = m[2]! + u.slice(m[0].length);
        const redir = uriToDomain(tlds, m[1]!)?.domain || m[1]!;
        const dest = uriToDomain(tlds, m[3]!)?.domain || m[3]!;
        if (redir === dest) continue;
        return 1;
      }
    }
    return 0;
  },

  /** An HTML link to a bare IPv4 address whose anchor text claims `https:`. */
  check_https_ip_mismatch: (ctx) => {
    for (const { results, utf8 } of htmlAll(ctx)) {
      for (const [k, v] of results.uri_detail ?? []) {
        if (!(utf8 ? IP_LINK_UNICODE : IP_LINK_ASCII).test(k)) continue;
        for (const t of v.anchor_text ?? []) {
          if ((utf8 ? HTTPS_IP_UNICODE : HTTPS_IP_ASCII).test(t)) continue;
          if (/https:/i.test(t)) return 1;
        }
      }
    }
    return 0;
  },

  /** A URI longer than 8192 characters was cut (by the HTML parser, or after canonicalisation). */
  check_uri_truncated: (ctx) => (uriDetailsOf(ctx).truncated ? 1 : 0),
};

/** `Mail::SpamAssassin::Plugin::URIEval`: SA's vocabulary (catalog.ts) with the implementations above. */
export const URI_EVAL_PLUGIN = definePlugin({
  ...saVocabulary('URIEval'),
  evals: saEvals('URIEval', URI_EVAL),
});
