/**
 * `tokenize($msg, $msgdata)` (Plugin/Bayes.pm BP:1133-1216): a message's inputs into a map
 * `token id → raw token`. Sources are taken in SA's order (body, uri, invisible, MIME parts,
 * headers); on an id clash the later token wins (only the raw text shown in tags differs).
 */
import { tokenId } from './token-id.js';
import { tokenizeHeaders } from './tokenize-headers.js';
import { tokenizeLine, type LineTokenizerOptions } from './tokenize-line.js';

/** The inputs of one message, as `_get_msgdata_from_permsgstatus` and `_tokenize_headers` read them. */
export interface BayesMessageData {
  /** `get_visible_rendered_body_text_array` (Subject first); undefined when the source is off. */
  readonly body?: readonly string[];
  /** `get_uri_list`. */
  readonly uris?: readonly string[];
  /** `get_invisible_rendered_body_text_array`. */
  readonly inviz?: readonly string[];
  /** `get_mimepart_digests`: `sha1hex:type` per leaf part. */
  readonly mimeparts?: readonly string[];
  /** `get_all_headers()` lines; undefined when the `header` source is off. */
  readonly headerLines?: readonly string[];
  /** `get_all_metadata()` lines. */
  readonly metadataLines?: readonly string[];
}

/** What the tokenizer reads from the configuration. */
export interface TokenizerOptions extends LineTokenizerOptions {
  /** `bayes_ignore_header` names, lower-cased. */
  readonly ignoreHeaders: ReadonlySet<string>;
}

const MIME_SHORTHAND: ReadonlyMap<string, string> = new Map([
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/plain', 'Empty-Plaintext'],
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/html', 'Empty-HTML'],
  ['da39a3ee5e6b4b0d3255bfef95601890afd80709:text/xml', 'Empty-XML'],
  ['adc83b19e793491b1c6ea0fd8b46cd9f32e592fc:text/plain', 'OneNL-Plaintext'],
  ['adc83b19e793491b1c6ea0fd8b46cd9f32e592fc:text/html', 'OneNL-HTML'],
  ['71853c6197a6a7f222db0f1978c7cb232b87c5ee:text/plain', 'TwoNL-Plaintext'],
  ['71853c6197a6a7f222db0f1978c7cb232b87c5ee:text/html', 'TwoNL-HTML'],
]);

/** The raw tokens of a message, in SA's source order (duplicates kept). */
export function rawTokens(data: BayesMessageData, opts: TokenizerOptions): string[] {
  const cache = new Map<string, boolean>();
  const lines = (input: readonly string[] | undefined, prefix: string, region: 1 | 2, cap: number): string[] => {
    const out: string[] = [];
    if (!input) return out;
    for (const line of input) {
      tokenizeLine(line, prefix, region, opts, cache, out);
      if (out.length >= cap) break; // checked after a whole line, as SA does
    }
    return out;
  };
  const body = lines(data.body, '', 1, 50000);
  const uri = lines(data.uris, '', 2, 10000);
  const inviz = lines(data.inviz, 'I*:', 1, 50000);
  const mime = (data.mimeparts ?? []).map((d) => 'MIME:' + (MIME_SHORTHAND.get(d) ?? d));
  const header: string[] = [];
  if (data.headerLines) {
    for (const [prefix, value] of tokenizeHeaders(data.headerLines, data.metadataLines ?? [], opts.ignoreHeaders)) {
      tokenizeLine(value, `H${prefix}:`, 0, opts, cache, header);
      if (header.length >= 10000) break;
    }
  }
  return [...body, ...uri, ...inviz, ...mime, ...header];
}

/** `tokenize`: token id (10 hex digits) → raw token, empty tokens skipped. */
export function tokenize(data: BayesMessageData, opts: TokenizerOptions): Map<string, string> {
  const out = new Map<string, string>();
  // a third of a message's tokens are repeats: each distinct token is hashed once
  const ids = new Map<string, string>();
  for (const t of rawTokens(data, opts)) {
    if (t === '') continue;
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = tokenId(t)));
    out.set(id, t);
  }
  return out;
}
