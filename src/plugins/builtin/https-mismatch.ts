/**
 * HTTPSMismatch: SpamAssassin's `Plugin::HTTPSMismatch` — an HTML link whose anchor text
 * shows `https://<domain>` while the link itself goes to another registered domain
 * (HTTPS_HTTP_MISMATCH).
 */
import { IP_ADDRESS } from '../../message/relays/ip-patterns.js';
import { boundariesOf } from '../../message/registry-boundaries.js';
import { isDomainValid, trimDomain, uriToDomain, type TldSets } from '../../message/uri/registry-boundaries.js';
import type { EvalContext } from '../types.js';
import { ruleSetOf, type EvalImpls } from './internal.js';
import { htmlAll } from './html-eval/html-parts.js';
import { perlNum, perlTrue } from './mime-eval/memo.js';

const IS_IP_ADDRESS = new RegExp(`^(?:${IP_ADDRESS})\\n?$`);
const HREF_HOST = /^https?:\/\/([^/:?#]+)/i;
const ANCHOR_HTTPS_ASCII = /https:\/\/([^\t\n\x0b\f\r /:?#]+)/i;
const ANCHOR_HTTPS_UNICODE = /https:\/\/([^\t\n\x0b\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000/:?#]+)/i;

/** SA's registry lists of the rule set, in the shape the URI helpers take. */
export function tldSetsOf(ctx: EvalContext): TldSets {
  const b = boundariesOf(ruleSetOf(ctx));
  return { tld: b.tlds, twoLevel: b.twoLevel, threeLevel: b.threeLevel };
}

/** HTTPSMismatch's evals by name. */
export const HTTPS_MISMATCH: EvalImpls = {
  /**
   * Some HTML part links (with anchor text) to a valid domain D1 while an anchor text shows
   * `https://D2` with D2 != D1, and the number of such links is in [min (default 1), max).
   */
  check_https_http_mismatch: (ctx, minArg, maxArg) => {
    const minAnchors = perlTrue(minArg) ? perlNum(minArg) : 1;
    const tlds = tldSetsOf(ctx);
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
