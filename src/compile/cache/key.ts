/**
 * The keys of a compiled-rules cache entry (`spamscore compile`, SpamAssassin's `sa-compile`
 * analogue): which configuration an entry is for, and whether it is still that configuration's.
 *
 * - The *identity* names the configuration without reading it: the sources' names in load
 *   order and everything besides the files that shapes a compile (locale, `local_tests_only`,
 *   the plugins). One identity has one cache file; `spamscore compile` replaces it.
 * - The *content key* is the identity plus every source's bytes, spamscore's version and the
 *   V8 version (the entry's serialisation format): any change to a rule file, a `--cf` line or
 *   spamscore makes an entry stale. Files read through `include` lines are not sources; the
 *   entry lists them with their own digests (see `src/rule-cache.ts`).
 */
import { createHash, type Hash } from 'node:crypto';
import type { ConfigSource } from '../../config/parser.js';
import type { Plugin } from '../../plugins/types.js';

/** What besides the sources shapes a compile (the `CompileOptions` that are data). */
export interface CacheKeyOptions {
  locale?: string;
  localTestsOnly?: boolean;
  /** Plugins besides the built-ins (`CompileOptions.plugins`), or every plugin of a custom registry. */
  plugins?: readonly Plugin[];
  /** Whether `plugins` replaces the built-ins (a custom `registry`) instead of adding to them. */
  customRegistry?: boolean;
}

/** The version of the cache's own layout: bump it when what an entry holds changes. */
export const CACHE_FORMAT = 1;

/**
 * A plugin as data: its name, directives, eval names and types, features — and the source
 * text of its functions, since a hook such as `finishParsingStart` changes what a compile
 * gives. (A function's text is what can be compared across processes; a plugin whose
 * behaviour changes without its text changing is not seen, so hosts that build plugins at run
 * time should not share a cache between builds.)
 */
function pluginFingerprint(p: Plugin): string {
  return JSON.stringify(p, (_key, v: unknown) => {
    if (typeof v === 'function') return `fn:${String(v)}`;
    if (v instanceof RegExp) return `re:/${v.source}/${v.flags}`;
    return v;
  });
}

function hashOptions(h: Hash, options: CacheKeyOptions): void {
  h.update(`format ${CACHE_FORMAT}\0locale ${options.locale ?? ''}\0local ${options.localTestsOnly ? 1 : 0}\0`);
  h.update(`registry ${options.customRegistry ? 'custom' : 'builtin'}\0`);
  for (const p of options.plugins ?? []) h.update(`plugin ${pluginFingerprint(p)}\0`);
}

/** The identity of a configuration: source names and compile options (see the module comment). */
export function cacheIdentity(sources: readonly ConfigSource[], options: CacheKeyOptions): string {
  const h = createHash('sha256');
  hashOptions(h, options);
  for (const s of sources) h.update(`source ${s.name}\0`);
  return h.digest('hex');
}

/** The digest of one source: its name, how its text was given, and the text. */
export function sourceDigest(s: ConfigSource): string {
  const h = createHash('sha256');
  h.update(`${s.name}\0${typeof s.text === 'string' ? 'text' : 'bytes'}\0${s.refused ?? ''}\0`);
  h.update(s.text);
  return h.digest('hex');
}

/**
 * The content key: the identity, spamscore's and V8's versions, and every source's digest.
 * @param version spamscore's version
 */
export function contentKey(sources: readonly ConfigSource[], options: CacheKeyOptions, version: string): string {
  const h = createHash('sha256');
  h.update(`${cacheIdentity(sources, options)}\0spamscore ${version}\0v8 ${process.versions.v8}\0`);
  for (const s of sources) h.update(`${sourceDigest(s)}\0`);
  return h.digest('hex');
}
