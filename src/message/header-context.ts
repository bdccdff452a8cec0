/**
 * The per-message state behind SpamAssassin's header `get()`: the header fields as a scan sees
 * them (SA's `check()` deletes every `X-Spam-*` field before any rule runs), their decoded
 * values computed once, the `get()` result cache (`$pms->{get_cache}`), and the facts other
 * stages supply as plain data — relay strings and indices from the Received parser, message
 * metadata, TLD knowledge from the configuration.
 */

import { storedHeaderValue } from './mime/header-decode.js';
import type { ScanField } from './header-all.js';
import { defaultIdnToAscii, type IdnToAscii } from './header-host.js';
import type { TldSets } from './registry-boundaries.js';
import { lc } from '../perl/strings.js';
import { isPerlSpace } from '../perl/regex-classes.js';
import { parseRawMessage, type ParseFlags, type RawMessage } from './raw-message.js';

/** What `get_envelope_from` reads from a relay (the Received parser's relay record fits). */
export interface RelayEnvelope {
  /** The envelope sender recorded by that relay; undefined when none. */
  readonly envfrom: string | undefined;
}

/**
 * Relay facts from `Message::Metadata::Received` (SA's `$pms->{relays_*}` and indices).
 * Leave a string undefined when it is not known: SA then has no value (an empty string is a
 * value: "no relays of that kind", which header rules still match against).
 */
export interface HeaderRelayInfo {
  readonly trustedStr?: string;
  readonly untrustedStr?: string;
  readonly internalStr?: string;
  readonly externalStr?: string;
  /** Index (0 = topmost Received) of the last trusted relay; -1 when none (SA's start value). */
  readonly lastTrustedRelayIndex?: number;
  readonly lastInternalRelayIndex?: number;
  /** Trusted relays, newest first (SA's `relays_trusted`). */
  readonly trusted?: readonly RelayEnvelope[];
  /** Untrusted relays, newest first (SA's `relays_untrusted`). */
  readonly untrusted?: readonly RelayEnvelope[];
}

/** Inputs for {@link createHeaderContext}. */
export interface HeaderContextOptions {
  readonly relays?: HeaderRelayInfo;
  /**
   * Message metadata (`$msg->get_metadata`), answered for a request naming no header present:
   * keys are lower-case names (`x-languages`, `x-relay-countries`, ...). The `X-Spam-Relays-*`
   * requests read `relays` instead, as SA does.
   */
  readonly metadata?: Readonly<Record<string, string>> | ((lcName: string) => string | undefined);
  /** The `envelope_sender_header` setting, when configured. */
  readonly envelopeSenderHeader?: string;
  /** Needed by `:host` and `:domain`; without it no TLD is valid (SA's `no_tlds_defined`). */
  readonly registry?: TldSets;
  /** `idn_to_ascii`; defaults to {@link defaultIdnToAscii}. */
  readonly idnToAscii?: IdnToAscii;
  /** Keep `X-Spam-*` fields visible (SA deletes them at the start of a scan). */
  readonly keepXSpamHeaders?: boolean;
}

/** Per-message header state; create with {@link createHeaderContext}. */
export interface HeaderContext {
  readonly message: RawMessage;
  /** Fields after X-Spam-* deletion, in order. */
  readonly fields: readonly ScanField[];
  /** Field indices by lower-cased name. */
  readonly byKey: ReadonlyMap<string, readonly number[]>;
  /**
   * The message's parse flags, as SA's message object holds them during the scan: a copy of
   * `message.flags` that `ALL` may still set `truncated_header` on.
   */
  readonly flags: ParseFlags;
  relays: HeaderRelayInfo;
  metadata: HeaderContextOptions['metadata'];
  readonly envelopeSenderHeader: string | undefined;
  readonly registry: TldSets | undefined;
  readonly idnToAscii: IdnToAscii;
  /** `get_cache`: request string -> values. */
  readonly cache: Map<string, readonly string[]>;
  /** `$pms->{envelopefrom}` once computed (null = computed, none). */
  envelopeFrom?: string | null;
  /**
   * `get_all_headers` once computed, decoded and raw: `ALL` and the four Received-range
   * requests all start from it (each built it again: ~60 KB a message, heap profile).
   */
  allLines?: readonly string[];
  allRawLines?: readonly string[];
}

/** `delete_header('X-Spam-.*')`: `/^X-Spam-.*$/i` on the name (Perl `$` allows a final "\n"). */
const X_SPAM = /^X-Spam-[^\n]*\n?$/i;

/**
 * Builds the header state for one message. Accepts a parsed {@link RawMessage} or the raw
 * bytes. Relay and metadata facts may also be given later with {@link updateHeaderContext}.
 */
export function createHeaderContext(message: RawMessage | Buffer | Uint8Array | string, options: HeaderContextOptions = {}): HeaderContext {
  const msg = typeof message === 'string' || message instanceof Uint8Array ? parseRawMessage(message) : message;
  const fields: ScanField[] = [];
  const byKey = new Map<string, number[]>();
  for (const h of msg.headers) {
    if (!options.keepXSpamHeaders && X_SPAM.test(h.name)) continue;
    const key = lc(h.name);
    let memo: string | undefined;
    fields.push({ name: h.name, key, rawValue: h.rawValue, decoded: () => (memo ??= storedHeaderValue(h.rawValue, key)) });
    const list = byKey.get(key);
    if (list) list.push(fields.length - 1);
    else byKey.set(key, [fields.length - 1]);
  }
  return {
    message: msg,
    fields,
    byKey,
    flags: { ...msg.flags },
    relays: options.relays ?? {},
    metadata: options.metadata,
    envelopeSenderHeader: options.envelopeSenderHeader,
    registry: options.registry,
    idnToAscii: options.idnToAscii ?? defaultIdnToAscii,
    cache: new Map(),
  };
}

/**
 * Supplies relay or metadata facts computed after the context was made (the Received parser
 * reads decoded headers first). Clears the `get()` cache so no answer predates them.
 */
export function updateHeaderContext(ctx: HeaderContext, update: Pick<HeaderContextOptions, 'relays' | 'metadata'>): void {
  if (update.relays) ctx.relays = update.relays;
  if (update.metadata) ctx.metadata = update.metadata;
  ctx.cache.clear();
  delete ctx.envelopeFrom;
}

/** `$msg->get_metadata($name)`: metadata keys are lower-cased. */
export function metadataValue(ctx: HeaderContext, name: string): string | undefined {
  const md = ctx.metadata;
  if (md === undefined) return undefined;
  const key = lc(name);
  return typeof md === 'function' ? md(key) : Object.prototype.hasOwnProperty.call(md, key) ? md[key] : undefined;
}

/** `get_header($name)` in list context: decoded values, each with "\n" appended. */
export function decodedValues(ctx: HeaderContext, name: string): string[] {
  return (ctx.byKey.get(lc(name)) ?? []).map((i) => `${ctx.fields[i]!.decoded()}\n`);
}

/** `raw_header($name)` in list context: raw values (the name is trimmed and lower-cased). */
export function rawValues(ctx: HeaderContext, name: string): string[] {
  let key = lc(name);
  // (the trim is a regex: run only when there is something to trim, not for every request)
  if (key !== '' && (isPerlSpace(key.charCodeAt(0)) || isPerlSpace(key.charCodeAt(key.length - 1)))) key = key.replace(/^[\t\n\x0b\f\r ]+|[\t\n\x0b\f\r ]+$/g, '');
  return (ctx.byKey.get(key) ?? []).map((i) => ctx.fields[i]!.rawValue);
}

/** `get_header($name, 1)`: raw values with each line break and the whitespace after it made one space. */
export function unfoldedRawValues(ctx: HeaderContext, name: string): string[] {
  return rawValues(ctx, name).map((v) => v.replace(/\r?\n[\t\n\x0b\f\r ]+/g, ' '));
}
