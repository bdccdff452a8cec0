/**
 * The URL shortener list of DecodeShortURLs.pm: `url_shortener` (HEAD requests),
 * `url_shortener_get` (GET requests) and `clear_url_shortener` (all, or the domains named),
 * replayed in configuration order; domains are lower-cased, a later line re-types a domain.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, splitWs } from '../../../perl/strings.js';

/** The HTTP method a shortener is asked with. */
export type ShortenerMethod = 'HEAD' | 'GET';

/** Shortener domains (`bit.ly`, or `.page.link` for any name one level below). */
export type ShortenerList = ReadonlyMap<string, ShortenerMethod>;

/** Builds the list from directive lines. */
export function shortenerList(directives: readonly { name: string; value: string }[]): ShortenerList {
  const list = new Map<string, ShortenerMethod>();
  for (const d of directives) {
    if (d.name === 'url_shortener' || d.name === 'url_shortener_get') {
      if (d.value === '') continue;
      for (const domain of splitWs(d.value)) list.set(lc(domain), d.name === 'url_shortener' ? 'HEAD' : 'GET');
    } else if (d.name === 'clear_url_shortener') {
      if (d.value === '') list.clear();
      else for (const domain of splitWs(d.value)) list.delete(lc(domain));
    }
  }
  return list;
}

/** DecodeShortURLs' settings hook: the rule set's shortener list, built once. */
export const shortenerSettings = (api: PluginSettingsApi): ShortenerList =>
  shortenerList(api.lines('url_shortener', 'url_shortener_get', 'clear_url_shortener'));

/** The eval context of DecodeShortURLs' evals and hooks. */
export type ShortUrlContext = EvalContext<ShortenerList>;
