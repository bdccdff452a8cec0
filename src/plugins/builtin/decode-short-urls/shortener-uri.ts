/**
 * Whether a URL points at a configured shortener (DecodeShortURLs.pm `_check_shortener_uri`):
 * an http(s) URL whose host is a listed domain, or `www.` plus a listed domain, or any name one
 * label below a listed `.domain` entry. A bare two-label host without a path is not a short
 * URL (`http://bit.ly/` is the service's home page).
 */
import { lc } from '../../../perl/strings.js';
import type { ShortenerList, ShortenerMethod } from './shorteners.js';

/** A URL to ask and how. */
export interface ShortUrl {
  readonly uri: string;
  readonly method: ShortenerMethod;
}

// `^https?://(?:[^\@/?#]*\@)?([^/?#:]+)(?::\d+)?(.*?\w)?` under /ix, `\w` on octets.
const SHORT_URL = /^https?:\/\/(?:[^@/?#]*@)?([^/?#:]+)(?::\d+)?([^\n]*?[A-Za-z0-9_])?/i;

/** The shortener entry a URL falls under, if any. */
export function shortenerUri(uri: string, list: ShortenerList): ShortUrl | undefined {
  const m = SHORT_URL.exec(uri);
  if (!m) return undefined;
  const host = lc(m[1]!);
  const hasPath = m[2] !== undefined;
  const levels = host.split('.').length - 1;
  if (levels === 1 && !hasPath) return undefined;
  const direct = list.get(host);
  if (direct) return { uri, method: direct };
  if (levels === 2 && /^www\.([^.]+\.[^.]+)$/i.test(host)) {
    // A www. host is only ever its domain's alias: the `.domain` form is not tried for it.
    const domain = host.slice(4);
    const method = list.get(domain);
    return method ? { uri, method } : undefined;
  }
  const sub = levels === 2 ? /^(?!www)[^.]+(\.[^.]+\.[^.]+)$/i.exec(host) : null;
  const method = sub ? list.get(sub[1]!) : undefined;
  return method ? { uri, method } : undefined;
}
