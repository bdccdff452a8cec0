/**
 * The default HTTP client of DecodeShortURLs: one request with Node's `fetch`, redirects not
 * followed (`redirect: 'manual'`, LWP's `max_redirect => 0` in DecodeShortURLs.pm), so a 3xx
 * answer comes back with its `Location` header for the plugin to follow itself.
 */
import type { HttpClient } from './types.js';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The `fetch` to use (default: the global one); tests and hosts with a proxy agent pass theirs. */
  fetch?: typeof globalThis.fetch;
}

/**
 * An {@link HttpClient} on `fetch`. The answer's header names are lower-cased; a body is never
 * read (a GET's body is cancelled). Network failures reject, as `fetch` does. Unlike LWP's
 * `env_proxy`, the global `fetch` ignores `http_proxy`; pass a proxying `fetch` if needed.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    async request(url, init) {
      const res = await doFetch(url, {
        method: init.method,
        redirect: 'manual',
        signal: init.signal,
        ...(init.headers ? { headers: init.headers } : {}),
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, headers };
    },
  };
}
