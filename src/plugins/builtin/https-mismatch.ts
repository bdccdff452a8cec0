/**
 * HTTPSMismatch: SpamAssassin's `Plugin::HTTPSMismatch` — an HTML link whose anchor text
 * shows `https://<domain>` while the link itself goes to another registered domain
 * (HTTPS_HTTP_MISMATCH).
 */
import { IP_ADDRESS } from '../../message/relays/ip-patterns.js';
import { isDomainValid, trimDomain, uriToDomain } from '../../message/registry-boundaries.js';
import { htmlAll } from './html-eval/html-parts.js';
import { perlNum } from '../../perl/numbers.js';
import { perlTrue } from '../../perl/truth.js';
import { PERL_SPACE_CLASS, PERL_UNICODE_SPACE_CLASS } from '../../perl/regex-classes.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})\\n?$`);
const HREF_HOST = /^https?:\/\/([^/:?#]+)/i;
const ANCHOR_HTTPS_ASCII = new RegExp(`https://([^${PERL_SPACE_CLASS}/:?#]+)`, 'i');
const ANCHOR_HTTPS_UNICODE = new RegExp(`https://([^${PERL_UNICODE_SPACE_CLASS}/:?#]+)`, 'i');

/** HTTPSMismatch's evals by name. */
const HTTPS_MISMATCH: EvalImpls = {
  /**
   * Some HTML part links (with anchor text) to a valid domain D1 while an anchor text shows
   * `https://D2` with D2 != D1, and the number of such links is in [min (default 1), max).
   */
  check_https_http_mismatch: (ctx, minArg, maxArg) => {
    const minAnchors = perlTrue(minArg) ? perlNum(minArg) : 1;
    const tlds = ctx.tlds;
    for (const { results, utf8 } of htmlAll(ctx)) {
      let hit = false;
      let anchors = 0;
      for (const [k, v] of results.uri_detail ?? []) {
        if (!v.anchor_text || v.anchor_text.length === 0) continue;
        let uri: string | undefined;
        const m = HREF_HOST.exec(k);
        if (m) {
          uri = m[1]!;
          if (IS_IP_ADDRESS.test(uri)) continue;
          uri = trimDomain(tlds, uri, false, utf8);
          const domain = uriToDomain(tlds, uri, false)?.domain;
          if (domain === undefined || !isDomainValid(tlds, domain)) uri = undefined;
        }
        if (!perlTrue(uri)) continue;
        anchors++;
        for (const text of v.anchor_text) {
          const a = (utf8 ? ANCHOR_HTTPS_UNICODE : ANCHOR_HTTPS_ASCII).exec(text);
          if (!a) continue;
          let https: string | undefined = a[1]!;
          if (!IS_IP_ADDRESS.test(https)) {
            https = trimDomain(tlds, https, false, utf8);
            if (!isDomainValid(tlds, https)) https = undefined;
          }
          if (!perlTrue(https)) continue;
          if (uri === https) continue;
          hit = true;
          break;
        }
      }
      if (hit && anchors >= minAnchors && (maxArg === undefined || anchors < perlNum(maxArg))) return 1;
    }
    return 0;
  },
};

/** `Mail::SpamAssassin::Plugin::HTTPSMismatch`: SA's vocabulary (catalog.ts) with the implementations above. */
export const HTTPS_MISMATCH_PLUGIN = definePlugin({
  ...saVocabulary('HTTPSMismatch'),
  evals: saEvals('HTTPSMismatch', HTTPS_MISMATCH),
});
