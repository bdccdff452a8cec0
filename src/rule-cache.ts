/**
 * The compiled-rules cache, SpamAssassin's `sa-compile` analogue: `spamscore compile` (or
 * `loadRuleSet({ cache: { write: true } })`) compiles a configuration once and writes the
 * result to a file; later `loadRuleSet()` calls for the same configuration read that file
 * instead of parsing and translating every rule again (about 0.1 s instead of 1–2 s for the
 * stock rules in a fresh process).
 *
 * Where: the cache directory is `loadRuleSet({ cache: { dir } })`, else `$SPAMSCORE_CACHE_DIR`,
 * else {@link defaultCacheDir} (`compiled/` in spamscore's state directory: `/var/lib/spamscore/compiled`
 * for root, `~/.local/share/spamscore/compiled` otherwise). One file per configuration —
 * the same rule and site files, `--cf` lines, user preferences, plugins and locale — named by
 * its identity (compile/cache/key.ts); `spamscore compile` replaces it.
 *
 * When: an entry is used only when it is current — written by this spamscore version on this
 * Node (V8) version from the same bytes of every rule file and `--cf` line, and every file read
 * through `include` still the same. Otherwise the rules are compiled as if there were no cache:
 * a stale entry gives an `info` diagnostic, an unreadable or damaged one a `warning` (never an
 * error: the rule set is then compiled and works). Loading never writes the cache.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CompileOptions } from './compile/compile-rule-set.js';
import { RuleSet, compileRuleSet, originOf, withDiagnostics } from './rule-set.js';
import type { Rule } from './compile/rule.js';
import { cacheIdentity, contentKey, CACHE_FORMAT, sourceDigest, type CacheKeyOptions } from './compile/cache/key.js';
import { CacheFormatError, decodeEntry, encodeEntry, readEntryMeta, type CacheEntryMeta } from './compile/cache/codec.js';
import { RuleSetError, type Diagnostic } from './config/diagnostics.js';
import type { ConfigSource, IncludeResolver } from './config/parser.js';
import type { SettingValue } from './config/parsed-config.js';
import { createRegistry } from './plugins/registry.js';
import type { Plugin } from './plugins/types.js';
import { packageInfo } from './package-info.js';
import { spamscoreStateBase } from './update/paths.js';

/** How `loadRuleSet()` uses the compiled-rules cache. */
export interface RuleCacheOptions {
  /** The cache directory (default: `$SPAMSCORE_CACHE_DIR`, else {@link defaultCacheDir}). */
  dir?: string;
  /**
   * Compile from the files whatever the cache holds, and write the entry (what
   * `spamscore compile` does). A failure to write throws.
   */
  write?: boolean;
  /** Told what the lookup found (tests, `spamscore compile`, benchmarks). */
  onOutcome?: (outcome: CacheOutcome) => void;
}

/** The environment variable naming the cache directory. */
export const CACHE_DIR_ENV = 'SPAMSCORE_CACHE_DIR';

/** The cache directory used when none is given: `$SPAMSCORE_CACHE_DIR`, else `compiled/` in spamscore's state directory. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CACHE_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(spamscoreStateBase(env), 'compiled');
}

/** The cache file of a configuration identity in a directory. */
export function cacheFile(dir: string, identity: string): string {
  return path.join(dir, `rules-${identity.slice(0, 32)}.ssc`);
}

/** What a cache lookup found, for the caller's report (`spamscore compile`, benchmarks). */
export interface CacheOutcome {
  file: string;
  /** `hit`: read from the file; `absent`, `stale`, `damaged`: compiled instead; `written`: compiled and written. */
  status: 'hit' | 'absent' | 'stale' | 'damaged' | 'written';
}

function keyOptions(options: CompileOptions): CacheKeyOptions {
  return {
    ...(options.locale !== undefined ? { locale: options.locale } : {}),
    localTestsOnly: options.localTestsOnly ?? false,
    plugins: options.registry ? options.registry.list() : (options.plugins ?? []),
    customRegistry: options.registry !== undefined,
  };
}

/** The digest of what an include resolved to (null: nothing). */
function includeDigest(r: ReturnType<IncludeResolver>): string | null {
  if (r === undefined) return null;
  const h = createHash('sha256');
  for (const s of Array.isArray(r) ? r : [r as ConfigSource]) h.update(sourceDigest(s) + '\0');
  return h.digest('hex');
}

/** Whether every include an entry recorded still resolves to the same thing. */
function includesCurrent(meta: CacheEntryMeta, resolve: IncludeResolver | undefined): boolean {
  for (const [file, from, digest] of meta.includes) {
    if (!resolve) return false;
    let now: string | null;
    try {
      now = includeDigest(resolve(file, from));
    } catch {
      return false;
    }
    if (now !== digest) return false;
  }
  return true;
}

/** A rule set rebuilt from a cache entry, its parse decoded on first use (`withUserPrefs()`). */
function fromEntry(bytes: Buffer, meta: CacheEntryMeta, body: number, options: CompileOptions): RuleSet {
  const { ruleSet: data, parsed } = decodeEntry(bytes, meta, body);
  const registry = options.registry ?? createRegistry(options.plugins ?? []);
  // compileParsed freezes each rule and its scores; the decoded copies are frozen the same way.
  const rules = new Map<string, Rule>();
  for (const [name, rule] of data.rules) {
    Object.freeze(rule.scores);
    rules.set(name, Object.freeze(rule));
  }
  return new RuleSet(
    {
      rules,
      settings: data.settings,
      directives: data.directives,
      pluginsLoaded: data.pluginsLoaded,
      plugins: data.pluginsLoaded.map((n) => registry.get(n)).filter((p): p is Plugin => p !== undefined),
      files: data.files,
      diagnostics: data.diagnostics,
      ...(data.timeLimitScores ? { timeLimitScores: data.timeLimitScores } : {}),
    },
    {
      origin: {
        get parsed() {
          return parsed();
        },
        registry,
        ...(options.locale !== undefined ? { locale: options.locale } : {}),
        localTestsOnly: options.localTestsOnly ?? false,
      },
    },
  );
}


/** Compiles and writes the entry of a configuration; throws when the file cannot be written. */
function compileAndWrite(sources: readonly ConfigSource[], options: CompileOptions, file: string, identity: string, version: string): RuleSet {
  const includes: CacheEntryMeta['includes'] = [];
  const resolve = options.resolveInclude;
  const ruleSet = compileRuleSet(sources, {
    ...options,
    strict: false,
    ...(resolve
      ? {
          resolveInclude: (f: string, from: string) => {
            const r = resolve(f, from);
            includes.push([f, from, includeDigest(r)]);
            return r;
          },
        }
      : {}),
  });
  const origin = originOf(ruleSet);
  if (!origin) throw new Error('compiled-rules cache: the compiled rule set has no parse to store');
  const bytes = encodeEntry(
    {
      rules: ruleSet.rules as Map<string, Rule>,
      settings: ruleSet.settings as Map<string, SettingValue>,
      directives: [...ruleSet.directives],
      pluginsLoaded: [...ruleSet.pluginsLoaded],
      files: [...ruleSet.files],
      diagnostics: [...ruleSet.diagnostics],
      ...(ruleSet.timeLimitScores ? { timeLimitScores: ruleSet.timeLimitScores } : {}),
    },
    origin.parsed,
    {
      format: CACHE_FORMAT,
      spamscore: version,
      v8: process.versions.v8,
      identity,
      key: contentKey(sources, keyOptions(options), version),
      includes,
      written: new Date().toISOString(),
      rules: ruleSet.rules.size,
    },
  );
  mkdirSync(path.dirname(file), { recursive: true });
  // Written beside the target and renamed over it: a reader sees the old entry or the new one.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw new Error(`compiled-rules cache: cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return ruleSet;
}

/**
 * `compileRuleSet()` through the compiled-rules cache (see the module comment): the rule set
 * from a current entry, else compiled from the sources (and written, with `cache.write`).
 */
export function compileCached(sources: readonly ConfigSource[], options: CompileOptions, cache: RuleCacheOptions | false | undefined): RuleSet {
  if (cache === false) return compileRuleSet(sources, options);
  const onOutcome = cache?.onOutcome;
  const dir = path.resolve(cache?.dir ?? defaultCacheDir());
  const identity = cacheIdentity(sources, keyOptions(options));
  const file = cacheFile(dir, identity);
  const version = packageInfo().version;
  const done = (rs: RuleSet, status: CacheOutcome['status'], d?: Diagnostic): RuleSet => {
    onOutcome?.({ file, status });
    const out = d ? withDiagnostics(rs, [], [d]) : rs;
    if (options.strict && out.errorCount > 0) throw new RuleSetError([...out.diagnostics]);
    return out;
  };
  if (cache?.write) return done(compileAndWrite(sources, options, file, identity, version), 'written');

  const compile = () => compileRuleSet(sources, { ...options, strict: false });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return done(compile(), 'absent');
    return done(compile(), 'damaged', {
      severity: 'warning',
      code: 'compiled-cache',
      message: `compiled-rules cache: cannot read ${file} (${e instanceof Error ? e.message : String(e)}); compiled the rules instead`,
    });
  }
  let entry: RuleSet | 'stale';
  try {
    const { meta, body } = readEntryMeta(bytes);
    const current =
      meta.format === CACHE_FORMAT &&
      meta.spamscore === version &&
      meta.v8 === process.versions.v8 &&
      meta.identity === identity &&
      meta.key === contentKey(sources, keyOptions(options), version) &&
      includesCurrent(meta, options.resolveInclude);
    entry = current ? fromEntry(bytes, meta, body, options) : 'stale';
  } catch (e) {
    // Whatever is wrong with the file, the rules still load: compiled, with a warning.
    return done(compile(), 'damaged', {
      severity: 'warning',
      code: 'compiled-cache',
      message: `compiled-rules cache: ${file} is damaged (${e instanceof CacheFormatError ? e.message : `it cannot be read back: ${e instanceof Error ? e.message : String(e)}`}); compiled the rules instead (run 'spamscore compile' to rewrite it)`,
    });
  }
  if (entry !== 'stale') return done(entry, 'hit');
  return done(compile(), 'stale', {
    severity: 'info',
    code: 'compiled-cache',
    message: `compiled-rules cache: ${file} was written for other rule files or another spamscore version; compiled the rules instead (run 'spamscore compile' to refresh it)`,
  });
}
