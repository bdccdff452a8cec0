/**
 * The per-message work of DecodeShortURLs.pm (`_check_short` + `recursive_lookup`): find the
 * short URLs among the message's URIs, ask each shortener where it points (HEAD or GET, no
 * redirect following), follow chains through other shorteners, and record what was seen as the
 * flags the evals read.
 */
import type { HttpClient, NetContext } from '../../../net/types.js';
import type { EvalContext } from '../../types.js';
import type { ShortenerList, ShortUrlContext } from './shorteners.js';
import { shortenerUri, type ShortUrl } from './shortener-uri.js';

/** What the evals read: SA's `$pms->{short_url*}` flags. */
export interface ShortUrlFlags {
  /** `short_url`: a short URL is in the message. */
  found: boolean;
  /** `short_url_redir`: a shortener redirected somewhere else. */
  redir: boolean;
  /** `short_url_chained`: a redirection led to another short URL that redirected again. */
  chained: boolean;
  /** `short_url_maxchain`: more than `max_short_url_redirections` hops. */
  maxchain: boolean;
  /** `short_url_loop`: a chain came back to a URL it had visited. */
  loop: boolean;
  /** `short_url_NNN`: the non-redirect status codes answered, as their three digits. */
  readonly codes: Set<string>;
  /** The decoded URLs (SA adds them to the URI list with `add_uri_detail_list`). */
  readonly decoded: string[];
}

/** The settings the lookups read. */
interface Limits {
  maxUrls: number;
  maxRedirections: number;
  timeoutMs: number;
  userAgent: string;
}

const num = (ctx: EvalContext, key: string, dflt: number): number => {
  const v = ctx.config.get(key);
  return typeof v === 'number' ? v : dflt;
};

const DEFAULT_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.67 Safari/537.36';

/** The short URLs of the message (at most `max_short_urls`), query and fragment removed. */
export function shortUrlsOf(ctx: EvalContext, list: ShortenerList, maxUrls: number): ShortUrl[] {
  const found = new Map<string, ShortUrl>();
  for (const [raw, info] of ctx.model.uriDetails().details) {
    if (info.domains.size === 0 || !info.cleaned) continue;
    // `$uri =~ s/(?:\#|\?).*//g`: `.` stops at a newline, so only that line's rest goes.
    const uri = raw.replace(/[#?][^\n]*/g, '');
    const short = shortenerUri(uri, list);
    if (!short) continue;
    found.set(uri, short);
    if (found.size >= maxUrls) break;
  }
  return [...found.values()];
}

/**
 * The message's flags: computed once, from the first of the `check_dnsbl` hook and the evals.
 * Without network tests (or without an HTTP client) only `found` can be set, as in SA when
 * LWP is missing or the scan is local.
 */
export function shortUrlFlags(ctx: ShortUrlContext): ShortUrlFlags | Promise<ShortUrlFlags> {
  return ctx.memo('decode-short-urls:flags', () => checkShort(ctx));
}

function checkShort(ctx: ShortUrlContext): ShortUrlFlags | Promise<ShortUrlFlags> {
  const flags: ShortUrlFlags = { found: false, redir: false, chained: false, maxchain: false, loop: false, codes: new Set(), decoded: [] };
  const list = ctx.settings;
  const limits: Limits = {
    maxUrls: num(ctx, 'max_short_urls', 10),
    maxRedirections: num(ctx, 'max_short_url_redirections', 10),
    timeoutMs: Math.max(0, num(ctx, 'url_shortener_timeout', 5)) * 1000,
    userAgent: (ctx.config.get('url_shortener_user_agent') as string | undefined) ?? DEFAULT_UA,
  };
  const urls = list.size === 0 ? [] : shortUrlsOf(ctx, list, limits.maxUrls);
  if (urls.length === 0) return flags;
  flags.found = true;
  const net = ctx.net;
  if (!net || !limits.maxUrls) return flags;
  const http = net.clients.http;
  if (!http) {
    net.diagnostic('net-client', 'DecodeShortURLs: no HTTP client given (clients.http): short URLs are not followed', 'info');
    return flags;
  }
  const known = new Set(ctx.model.uriDetails().details.keys());
  const lookup = new Lookup(http, net, list, limits, flags, known);
  return Promise.all(urls.map((u) => lookup.follow(u, new Set()))).then(() => flags);
}

/** One message's redirection walk (`recursive_lookup`). */
class Lookup {
  constructor(
    private readonly http: HttpClient,
    private readonly net: NetContext,
    private readonly list: ShortenerList,
    private readonly limits: Limits,
    private readonly flags: ShortUrlFlags,
    private readonly known: Set<string>,
  ) {}

  /** Asks one short URL and follows where it leads; `beenHere` holds the chain's locations so far. */
  async follow(short: ShortUrl, beenHere: ReadonlySet<string>): Promise<void> {
    const count = beenHere.size;
    if (count >= this.limits.maxRedirections) {
      this.flags.maxchain = true;
      return;
    }
    const { status, location: answered } = await this.ask(short);
    // LWP's is_redirect: 3xx. Anything else is recorded by its code (`short_url_NNN`).
    if (!(status >= 300 && status < 400)) {
      if (/^\d{3}$/.test(String(status))) this.flags.codes.add(String(status));
      return;
    }
    let location = answered ?? '';
    if (short.uri === location) return;
    this.flags.redir = true;
    if (count) this.flags.chained = true;
    if (!/^[a-z]+:\/\//i.test(location)) {
      // An absolute path keeps the short URL's scheme and host. SA's substitution for a
      // relative path replaces the matched prefix by itself, so the whole short URL is the base.
      const base = location.startsWith('/') ? short.uri.replace(/^([a-z]+:\/\/[^\n]*?)[/?#][^\n]*/, '$1') : short.uri;
      location = base + location;
    }
    if (beenHere.has(location)) {
      this.flags.loop = true;
      return;
    }
    const next = new Set(beenHere).add(location);
    if (!this.known.has(location)) {
      this.known.add(location);
      this.flags.decoded.push(location);
    }
    const again = shortenerUri(location, this.list);
    if (again) await this.follow(again, next);
  }

  /** One request; a failure is LWP's own "500" answer (plus a diagnostic). */
  private async ask(short: ShortUrl): Promise<{ status: number; location: string | undefined }> {
    const signal = AbortSignal.any([this.net.signal, AbortSignal.timeout(this.limits.timeoutMs)]);
    try {
      const r = await this.http.request(short.uri, { method: short.method, signal, headers: { 'User-Agent': this.limits.userAgent } });
      const location = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'location')?.[1];
      return { status: r.status, location };
    } catch (e) {
      this.net.diagnostic('net-client', `DecodeShortURLs: ${short.method} ${short.uri} failed: ${e instanceof Error ? e.message : String(e)}`, 'info');
      return { status: 500, location: undefined };
    }
  }
}
