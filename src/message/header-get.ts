/**
 * SpamAssassin's header query language: `PerMsgStatus::get` / `_get`, the function every
 * header rule and many evals use, reproduced request for request.
 *
 * A request is a header name followed by modifiers: `From:addr`, `Subject:raw`,
 * `Received:first:ip`. Names are case-insensitive (except the pseudo-headers `ALL*` and
 * `MESSAGEID`); every occurrence of a field is an element, topmost first. Decoded values end
 * in "\n"; raw values keep the leading space and folds. Modifiers are applied in SA's order:
 * selection (`:first`/`:last`), then `:addr`/`:name`, then `:host`/`:domain`/`:ip`/`:revip`.
 * Results are cached per context under the exact request string, as SA's `get_cache` does.
 *
 * Usage: `const ctx = createHeaderContext(rawBytes, { registry, relays, metadata })`, then
 * `getHeader(ctx, 'From:addr')`, `getHeaderScalar(ctx, 'Subject')` or, for a header rule,
 * `headerRuleText(ctx, 'Subject')`. Relay strings/indices (from the Received parser), metadata
 * and the TLD registry come in as plain data (header-context.ts); `updateHeaderContext`
 * supplies relay facts computed later from this same context.
 */

import { parseHeaderAddresses } from './header-addresses.js';
import { allHeaderLines, headersInReceivedRange, resplitLines, splitPristineHeader } from './header-all.js';
import { decodedValues, metadataValue, rawValues, unfoldedRawValues, type HeaderContext } from './header-context.js';
import { decodeHeaderValue } from './mime/header-decode.js';
import { findHost, findIp, hostOfAddress } from './header-host.js';
import { trimDomain } from './registry-boundaries.js';
import { lc } from '../perl/strings.js';

export {
  createHeaderContext,
  updateHeaderContext,
  type HeaderContext,
  type HeaderContextOptions,
  type HeaderRelayInfo,
  type RelayEnvelope,
} from './header-context.js';

interface Modifiers {
  raw: boolean;
  addr: boolean;
  name: boolean;
  host: boolean;
  domain: boolean;
  ip: boolean;
  revip: boolean;
  first: boolean;
  last: boolean;
}

/**
 * A request parsed: the header name, its lower-cased form (worked out once per request: the
 * lookups below take it as is, lower-casing a name already lower-case allocates nothing) and
 * its modifiers (shared: never modified).
 */
type ParsedRequest = { readonly name: string; readonly key: string; readonly mods: Readonly<Modifiers> };

/**
 * Requests parsed so far, for every message: they come from rules and plugins (a few hundred),
 * and each message asks for most of them. Capped, should a plugin build requests from message
 * text.
 */
const parsedRequests = new Map<string, ParsedRequest>();
const PARSED_REQUESTS_MAX = 4096;

function requestOf(request: string): ParsedRequest {
  let parsed = parsedRequests.get(request);
  if (parsed === undefined) {
    parsed = parseRequest(request);
    if (parsedRequests.size < PARSED_REQUESTS_MAX) parsedRequests.set(request, parsed);
  }
  return parsed;
}

/** `while ($request =~ s/:([^:]*)//)`: every `:word` after the name is a modifier; unknown ones vanish. */
function parseRequest(request: string): ParsedRequest {
  const mods: Modifiers = { raw: false, addr: false, name: false, host: false, domain: false, ip: false, revip: false, first: false, last: false };
  const parts = request.split(':');
  for (const m of parts.slice(1)) {
    if (m === 'raw') mods.raw = true;
    else if (m === 'addr') mods.addr = true;
    else if (m === 'name') mods.name = true;
    else if (m === 'host') mods.host = true;
    else if (m === 'domain') mods.host = mods.domain = true;
    else if (m === 'ip') mods.ip = true;
    else if (m === 'revip') mods.ip = mods.revip = true;
    else if (m === 'first') mods.first = true;
    else if (m === 'last') mods.last = true;
  }
  return { name: parts[0]!, key: lc(parts[0]!), mods };
}

/** `get_all_headers(raw)`, computed once per message (shared: never modified). */
function allLines(ctx: HeaderContext, raw: boolean): readonly string[] {
  if (raw) return (ctx.allRawLines ??= splitPristineHeader(ctx.message.pristineHeader));
  return (ctx.allLines ??= allHeaderLines(ctx.fields, () => {
    ctx.flags.truncated_header = true;
  }));
}

/** The values before `:addr`/`:host`-style processing (SA's `@results` after the big if/elsif). */
function baseValues(ctx: HeaderContext, { name, key, mods }: ParsedRequest): string[] | { final: readonly string[] } {
  const r = ctx.relays;
  switch (name) {
    case 'ALL':
      return { final: allLines(ctx, mods.raw) };
    case 'ALL-TRUSTED':
    case 'ALL-INTERNAL':
    case 'ALL-UNTRUSTED':
    case 'ALL-EXTERNAL': {
      // the '+1' includes the Received header the last trusted/internal relay added
      const idx = (name === 'ALL-TRUSTED' || name === 'ALL-UNTRUSTED' ? r.lastTrustedRelayIndex : r.lastInternalRelayIndex) ?? -1;
      const lines = mods.raw ? allLines(ctx, true) : resplitLines(allLines(ctx, false));
      const above = name === 'ALL-TRUSTED' || name === 'ALL-INTERNAL';
      return { final: above ? headersInReceivedRange(lines, undefined, idx + 1) : headersInReceivedRange(lines, idx + 1, undefined) };
    }
    case 'MESSAGEID':
      return messageIdValues(ctx, mods.raw);
  }
  if (key === 'envelopefrom') {
    const env = envelopeFrom(ctx);
    return env === undefined ? [] : [env];
  }
  // A switch, not an object lookup: a header named `constructor` or `__proto__` must not find
  // Object.prototype's members.
  let relayStr: string | undefined | null = null;
  switch (key) {
    case 'x-spam-relays-untrusted':
      relayStr = r.untrustedStr;
      break;
    case 'x-spam-relays-trusted':
      relayStr = r.trustedStr;
      break;
    case 'x-spam-relays-external':
      relayStr = r.externalStr;
      break;
    case 'x-spam-relays-internal':
      relayStr = r.internalStr;
      break;
  }
  if (relayStr !== null) return relayStr === undefined ? [] : [relayStr];
  if (key === 'tocc') {
    const get = mods.raw ? unfoldedRawValues : decodedValues;
    return [...get(ctx, 'To'), ...get(ctx, 'Cc')];
  }
  const res = mods.raw || mods.addr || mods.name ? rawValues(ctx, key) : decodedValues(ctx, key);
  if (res.length === 0) {
    const m = metadataValue(ctx, key);
    if (m !== undefined) res.push(m);
  }
  return res;
}

/**
 * The MESSAGEID pseudo-header: every Message-Id-like header's values. Apart from baseValues:
 * a closure there made V8 allocate its context on every call, for every request (~140 a message).
 */
function messageIdValues(ctx: HeaderContext, raw: boolean): string[] {
  const get = raw ? unfoldedRawValues : decodedValues;
  return ['X-Message-Id', 'Resent-Message-Id', 'X-Original-Message-ID', 'Message-Id'].flatMap((h) => get(ctx, h)).filter((v) => v !== '');
}

/** `:name` without `:raw`: the display name decoded, whitespace squeezed, one level of '...' removed. */
function cleanDisplayName(phrase: string, request: string): string {
  let d = decodeHeaderValue(phrase, `PMS:get:${request}`);
  if (/[^\t\n\x0b\f\r ]/.test(d)) {
    d = d.replace(/[\t\n\x0b\f\r ]+/g, ' ').replace(/^ /, '').replace(/ $/, '');
    d = d.replace(/^'([^\n]*?)'$/, '$1');
  }
  return d;
}

/** `_get`: the uncached list for one request (the header name without modifiers is SA's `$request`). */
function computeGet(ctx: HeaderContext, request: string): readonly string[] {
  const parsed = requestOf(request);
  const { name, mods } = parsed;
  const base = baseValues(ctx, parsed);
  if (!Array.isArray(base)) return base.final;
  let results = base;
  if (results.length === 0) return results;
  if (mods.first) results = [results[0]!];
  else if (mods.last) results = [results[results.length - 1]!];

  if (mods.addr || mods.name) {
    const res: string[] = [];
    for (const line of results) {
      for (const a of parseHeaderAddresses(line, ctx.idnToAscii)) {
        if (mods.addr) {
          if (a.address !== undefined) res.push(a.address);
        } else if (a.phrase !== undefined) {
          res.push(mods.raw ? a.phrase : cleanDisplayName(a.phrase, name));
        }
      }
    }
    results = res;
  }

  if (results.length > 0 && (mods.host || mods.ip)) {
    const res: string[] = [];
    for (const line of results) {
      if (mods.host) {
        const host = mods.addr
          ? hostOfAddress(line)
          : findHost(line, (t) => ctx.registry?.tld.has(t) ?? false, ctx.idnToAscii);
        if (host) res.push(mods.domain && ctx.registry ? trimDomain(ctx.registry, host, true) : host);
      } else {
        const ip = findIp(line, mods.revip);
        if (ip !== undefined) res.push(ip);
      }
    }
    results = res;
  }
  return results;
}

/**
 * `$pms->get($request)` in list context: every value, in header order; an empty array when
 * nothing matched (SA's empty list). The returned array is shared with the cache: do not
 * modify it.
 */
export function getHeader(ctx: HeaderContext, request: string): readonly string[] {
  let found = ctx.cache.get(request);
  if (found === undefined) {
    found = computeGet(ctx, request);
    ctx.cache.set(request, found);
  }
  return found;
}

/**
 * `$pms->get($request [, $default])` in scalar context: for `:addr`, `:name`, `:host`,
 * `:domain`, `:ip`, `:revip` and `EnvelopeFrom` the first value without its trailing
 * newline, otherwise all values concatenated. When nothing matched: `defaultValue` if it was
 * passed (even as undefined), else ''.
 */
export function getHeaderScalar(ctx: HeaderContext, request: string): string;
export function getHeaderScalar(ctx: HeaderContext, request: string, defaultValue: string | undefined): string | undefined;
export function getHeaderScalar(ctx: HeaderContext, request: string, ...rest: [(string | undefined)?]): string | undefined {
  const found = getHeader(ctx, request);
  if (found.length === 0) return rest.length > 0 ? rest[0] : '';
  if (/:(?:addr|name|host|domain|ip|revip)\b/.test(request) || request === 'EnvelopeFrom') {
    return found[0]!.replace(/\n$/, '');
  }
  return found.join('');
}

/**
 * The exact text a header rule `header NAME Hdr:mods =~ /re/` matches: the list values joined
 * with "" when the first ends in "\n", else with "\n" (Check.pm, Bug 8121). Undefined when
 * the list is empty — SA then matches its pattern against undef, i.e. as '' (so `!~` rules
 * and patterns that match empty text hit), and `exists:` is false. `ifUnset` is the rule's
 * `[if-unset: ...]` text, used instead of undefined.
 */
export function headerRuleText(ctx: HeaderContext, request: string, ifUnset?: string): string | undefined {
  const values = getHeader(ctx, request);
  if (values.length === 0) return ifUnset;
  return values.join(values[0]!.endsWith('\n') ? '' : '\n');
}

/**
 * `get_envelope_from`: the configured `envelope_sender_header`; else the envelope sender the
 * last untrusted (or, when all are trusted, the first trusted) relay recorded; else
 * X-Envelope-From, Envelope-Sender, Return-Path — each only when no Received header sits above
 * it — unless X-Sender plus a fetchmail Received make all of them unreliable.
 */
export function envelopeFrom(ctx: HeaderContext): string | undefined {
  if (ctx.envelopeFrom !== undefined) return ctx.envelopeFrom ?? undefined;
  const result = computeEnvelopeFrom(ctx);
  ctx.envelopeFrom = result ?? null;
  return result;
}

/** Acceptable as an envelope sender: contains '@' after the first char, or is empty ("<>"). */
const usable = (s: string | undefined): s is string => s !== undefined && (s.indexOf('@') > 0 || s === '');

function computeEnvelopeFrom(ctx: HeaderContext): string | undefined {
  if (ctx.envelopeSenderHeader !== undefined) {
    const env = getHeader(ctx, `${ctx.envelopeSenderHeader}:first:addr`)[0];
    return usable(env) ? env : undefined;
  }
  const lasthop = ctx.relays.untrusted?.[0] ?? ctx.relays.trusted?.[ctx.relays.trusted.length - 1];
  if (lasthop && usable(lasthop.envfrom)) return lasthop.envfrom;

  const xSender = getHeader(ctx, 'X-Sender:first:addr')[0];
  if (xSender !== undefined && xSender.includes('@')) {
    if (getHeader(ctx, 'Received').some((r) => r.includes('(fetchmail'))) return undefined;
  }
  const all = getHeaderScalar(ctx, 'ALL');
  // SA's `$all =~ /^Received:.*?^$h:/ims` without the lazy scan from every Received line
  // (quadratic in the header size): a Received line, then after it a line starting `$h:`.
  const firstReceived = /(?:^|(?<=\n))Received:/i.exec(all);
  const belowReceived = (h: string): boolean => {
    if (!firstReceived) return false;
    let last = -1;
    const re = new RegExp(`(?<=\\n)${h}:`, 'gi');
    for (let m = re.exec(all); m; m = re.exec(all)) last = m.index;
    return last >= firstReceived.index + firstReceived[0].length;
  };
  let env = getHeader(ctx, 'X-Envelope-From:first:addr')[0];
  if (env !== undefined) return belowReceived('X-Envelope-From') ? undefined : env;
  env = getHeader(ctx, 'Envelope-Sender:first:addr')[0];
  if (env !== undefined && !belowReceived('Envelope-Sender')) return env;
  env = getHeader(ctx, 'Return-Path:first:addr')[0];
  if (env !== undefined && !belowReceived('Return-Path')) return env;
  return undefined;
}
