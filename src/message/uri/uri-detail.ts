/**
 * SA's URI detail list (`PerMsgStatus::get_uri_detail_list` / `add_uri_detail_list`) and the
 * URI list `uri` rules run over (`get_uri_list` = every `cleaned` variant of every entry).
 *
 * Entries come from three sources, in SA's order: URIs found in the rendered body text, URIs
 * from HTML attributes (as the HTML renderer keyed them), and DKIM/DomainKeys `d=` domains
 * (`parse_dkim_uris`, on by default; those are `noclean`, so no `uri` rule sees them).
 */
import { uriListCanonicalize } from './canonicalize.js';
import { perlLength, perlPrefix } from '../../perl/utf8.js';
import { uriToDomain, type TldSets } from '../registry-boundaries.js';
import { findTextUris } from './text-uris.js';

/** SA's `MAX_URI_LENGTH`: longer cleaned URIs are cut (and `uri_truncated` set). */
export const MAX_URI_LENGTH = 8192;

/** One HTML URI as the renderer recorded it (a key of HTML.pm's `uri_detail`). */
export interface HtmlUriInput {
  /** The key: the `<base>`-resolved attribute value, or an unresolved `<a href>` for anchor text. */
  readonly uri: string;
  /** Tags that referenced it (`a`, `img`, `form`...); absent or empty for anchor-text-only keys (SA then uses `parsed`). */
  readonly types?: Iterable<string>;
  /** Texts of the `<a>` elements with this href, in order. */
  readonly anchorText?: readonly string[];
  /**
   * True when SA holds this key as an octet string rather than a character string (HTML.pm
   * UTF-8 encodes its results when the part was not decoded to characters). Default false.
   */
  readonly octets?: boolean;
}

/** What {@link getUriDetailList} and {@link getUriList} need. */
export interface UriListInput {
  /** The rendered body array (`get_decoded_stripped_body_text_array`): UTF-8 octets, Subject first. */
  readonly bodyLines: readonly string[];
  /** Every `uri_detail` key of every HTML part (character strings unless flagged as octets). */
  readonly htmlUris: readonly (string | HtmlUriInput)[];
  /** SA's `redirector_pattern`s as JS RegExps whose group 1 is the redirect target. */
  readonly redirectorPatterns: readonly RegExp[];
  /** SA's registry lists (`util_rb_tld`, `util_rb_2tld`, `util_rb_3tld`). */
  readonly tlds: TldSets;
  /** `DomainKey-Signature` and `DKIM-Signature` header values (as `get()` returns them). */
  readonly dkimSignatures?: readonly string[];
  /** SA's `parse_dkim_uris` (default 1). */
  readonly parseDkimUris?: boolean;
  /** Whether the HTML renderer already cut a URI (its `uri_truncated` result). */
  readonly htmlUriTruncated?: boolean;
}

/** One entry of the detail list (SA's hash value, keyed by the raw URI). */
export interface UriDetail {
  /** `parsed`, `schemeless`, `unlinked`, `domainkeys`, `nocanon`, `noclean`, or HTML tag names. */
  readonly types: Set<string>;
  /** The raw URI and its canonical variants; absent for `noclean` entries. */
  cleaned?: string[];
  /** Anchor texts (HTML `<a>`), de-duplicated per HTML part. */
  anchorText?: string[];
  /** Registered domains of the cleaned URIs. */
  readonly domains: Set<string>;
  /** Full host -> registered domain, for the cleaned URIs. */
  readonly hosts: Map<string, string>;
}

/** The detail list and SA's `uri_truncated` flag. */
export interface UriDetailList {
  /** Entries by raw URI, in insertion order (SA's is hash order: do not rely on order). */
  readonly details: Map<string, UriDetail>;
  /** A URI longer than {@link MAX_URI_LENGTH} was cut (URI_TRUNCATED). */
  readonly truncated: boolean;
}

interface AddContext {
  readonly input: UriListInput;
  readonly details: Map<string, UriDetail>;
  truncated: boolean;
}

interface AddFlags {
  readonly validDomain: boolean;
  readonly unicode: boolean;
}

/**
 * `add_uri_detail_list`: canonicalises the URI, records cleaned variants, domains and hosts,
 * and merges into an existing entry. Returns false when SA would not add it (`valid_domain`
 * asked for and no variant has a valid domain).
 */
function addUriDetail(ctx: AddContext, uri: string, types: ReadonlySet<string>, flags: AddFlags): boolean {
  const variants = types.has('nocanon')
    ? [uri]
    : uriListCanonicalize([uri], { redirectorPatterns: ctx.input.redirectorPatterns, tlds: ctx.input.tlds, unicode: flags.unicode });
  const cleaned = new Set<string>();
  const domains = new Set<string>();
  const hosts = new Map<string, string>();
  for (let clean of variants) {
    if (perlLength(clean) > MAX_URI_LENGTH) {
      ctx.truncated = true;
      clean = perlPrefix(clean, MAX_URI_LENGTH);
    }
    cleaned.add(clean);
    const d = uriToDomain(ctx.input.tlds, clean, flags.unicode);
    if (d) {
      domains.add(d.domain);
      hosts.set(d.host, d.domain);
    }
  }
  if (cleaned.size === 0) return false;
  if (flags.validDomain && domains.size === 0) return false;

  let entry = ctx.details.get(uri);
  if (!entry) {
    entry = { types: new Set(), domains: new Set(), hosts: new Map() };
    ctx.details.set(uri, entry);
  }
  if (!types.has('noclean')) {
    for (const c of entry.cleaned ?? []) cleaned.add(c);
    entry.cleaned = [...cleaned];
  }
  for (const d of domains) entry.domains.add(d);
  for (const [h, d] of hosts) entry.hosts.set(h, d);
  for (const t of types) entry.types.add(t);
  return true;
}

function normaliseHtmlUri(item: string | HtmlUriInput): HtmlUriInput {
  return typeof item === 'string' ? { uri: item } : item;
}

/** `_process_dkim_uri_list`: every `d=` of the signatures, as `domainkeys:<domain>` entries. */
function addDkimUris(ctx: AddContext): void {
  if (ctx.input.parseDkimUris === false) return;
  const types = new Set(['domainkeys', 'nocanon', 'noclean']);
  for (const sig of ctx.input.dkimSignatures ?? []) {
    if (typeof sig !== 'string') continue;
    // Header values are octet strings: Perl's `\s` is ASCII whitespace there.
    for (const m of sig.matchAll(/\bd[\t\n\x0b\f\r ]*=[\t\n\x0b\f\r ]*([^;]+)/g)) {
      const d = m[1]!.replace(/[\t\n\x0b\f\r ]+/g, '');
      addUriDetail(ctx, `domainkeys:${d}`, types, { validDomain: true, unicode: false });
    }
  }
}

/** Misuse of the API (not odd message data) is a TypeError naming the option. */
function checkOptions(input: UriListInput): void {
  if (typeof input !== 'object' || input === null) throw new TypeError('getUriDetailList: input must be an object');
  const t = input.tlds as Partial<TldSets> | undefined;
  for (const key of ['tld', 'twoLevel', 'threeLevel'] as const) {
    if (typeof t?.[key]?.has !== 'function') throw new TypeError(`getUriDetailList: tlds.${key} must be a Set of strings`);
  }
  if (!Array.isArray(input.redirectorPatterns) || !input.redirectorPatterns.every((r) => r instanceof RegExp)) {
    throw new TypeError('getUriDetailList: redirectorPatterns must be an array of RegExp');
  }
}

/**
 * Builds SA's URI detail list from the message's rendered body and HTML URIs. Never throws on
 * odd message data; a malformed `tlds` or `redirectorPatterns` option is a TypeError.
 */
export function getUriDetailList(input: UriListInput): UriDetailList {
  checkOptions(input);
  const ctx: AddContext = { input, details: new Map(), truncated: input.htmlUriTruncated === true };
  for (const t of findTextUris(input.bodyLines ?? [], input.tlds)) {
    addUriDetail(ctx, t.uri, t.types, { validDomain: true, unicode: false });
  }
  for (const raw of input.htmlUris ?? []) {
    const item = normaliseHtmlUri(raw);
    if (typeof item.uri !== 'string') continue;
    // Keys that only carry anchor text have no types in SA (undef), which means `parsed`.
    const given = [...(item.types ?? [])];
    const types = new Set(given.length > 0 ? given : ['parsed']);
    if (addUriDetail(ctx, item.uri, types, { validDomain: false, unicode: item.octets !== true }) && item.anchorText) {
      const entry = ctx.details.get(item.uri)!;
      const unique = [...new Set(item.anchorText)];
      entry.anchorText = [...(entry.anchorText ?? []), ...unique];
    }
  }
  addDkimUris(ctx);
  return { details: ctx.details, truncated: ctx.truncated };
}

/** The URIs `uri` rules match: every cleaned variant of every entry, each once (SA's `get_uri_list`). */
export function uriListFromDetails(list: UriDetailList): string[] {
  const out = new Set<string>();
  for (const entry of list.details.values()) for (const c of entry.cleaned ?? []) out.add(c);
  return [...out];
}

/** SA's `get_uri_list` for a message: the set of URI strings `uri` rules are matched against. */
export function getUriList(input: UriListInput): string[] {
  return uriListFromDetails(getUriDetailList(input));
}
