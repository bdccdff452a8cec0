/**
 * Loads the `re2` native module once and compiles translated patterns for both engines.
 *
 * `re2` is a native addon: it may be missing or fail to load (no prebuilt binary, no compiler).
 * The design is to fall back to V8 alone in that case (docs: design §4), so loading never throws.
 */
import { createRequire } from 'node:module';
import type { TranslatedRegex } from './translate.js';

/** An `re2` regular expression object (subset of the package's API that we use). */
export interface Re2Regex {
  readonly source: string;
  lastIndex: number;
  test(text: string): boolean;
  exec(text: string): RegExpExecArray | null;
}

/** The `re2` constructor, with its `Set` class. */
export interface Re2Module {
  new (pattern: string, flags?: string): Re2Regex;
  Set: new (patterns: Iterable<string>, flags?: string, options?: { anchor?: 'unanchored' | 'start' | 'both' }) => {
    readonly size: number;
    match(text: string): number[];
    test(text: string): boolean;
  };
}

let cached: { module: Re2Module | null; error?: string } | undefined;

/**
 * The `re2` module, or `null` when it cannot be loaded (see {@link re2LoadError} for why).
 * Loaded on first call and cached.
 */
export function loadRe2(): Re2Module | null {
  if (!cached) {
    try {
      const require = createRequire(import.meta.url);
      cached = { module: require('re2') as Re2Module };
    } catch (err) {
      cached = { module: null, error: err instanceof Error ? err.message : String(err) };
    }
  }
  return cached.module;
}

/** Why `re2` failed to load, if it did. */
export function re2LoadError(): string | undefined {
  loadRe2();
  return cached?.error;
}

/** Both engine objects for one translated pattern. */
export interface CompiledRegex {
  js: RegExp;
  /** `null` when there is no RE2 form, `re2` is not loadable, or RE2 refused the source. */
  re2: Re2Regex | null;
  /** Why `re2` is null, when a form existed but could not be compiled. */
  re2Error?: string;
}

/**
 * Builds the V8 `RegExp` and (when available) the RE2 object for `t`.
 *
 * @param t - a translation from `translatePerlRegex`
 * @param extraJsFlags - flags to add to the V8 form, e.g. `'g'` or `'y'` (never `m`, `s` or `u`:
 *   the translated source relies on their absence)
 * @throws SyntaxError only if the V8 source is invalid, which would be a translator bug
 */
export function compileTranslated(t: TranslatedRegex, extraJsFlags = ''): CompiledRegex {
  if (/[msu]/.test(extraJsFlags)) throw new TypeError(`extraJsFlags must not contain m, s or u (got "${extraJsFlags}")`);
  const js = new RegExp(t.js.source, t.js.flags + extraJsFlags);
  const RE2 = t.re2 ? loadRe2() : null;
  if (!t.re2 || !RE2) return { js, re2: null };
  try {
    return { js, re2: new RE2(t.re2.source, 'u') };
  } catch (err) {
    return { js, re2: null, re2Error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * A subject of {@link V8_EAGER_LENGTH} one-byte chars. V8 compiles a regex on its first exec
 * for the kind of string it is given — to bytecode, which it interprets and compiles to native
 * code on a later exec — except for subjects of 1000 chars or more, for which it compiles
 * native code at once (V8's `kTierUpForSubjectLengthValue`). The texts rules match are byte
 * strings, which V8 stores one byte per char: the two-byte form is not compiled ahead.
 */
const V8_EAGER_LENGTH = 1024;
const ONE_BYTE = 'x'.repeat(V8_EAGER_LENGTH);

/**
 * Makes V8 compile a regex's native code for one-byte subjects now (for `RuleSet.prepare()`):
 * an exec on a long subject — from its end for a global or sticky regex, so at most one match
 * attempt runs. A large pattern compiled on a scan's first use costs that scan milliseconds:
 * FreeMail's address patterns (the TLD list as one alternation) cost the first message with
 * an address in a long body ~13 ms (docs/benchmarks.md, ninth round).
 *
 * @throws whatever V8 throws for a pattern it refuses ("Regular expression too large")
 */
export function compileV8Now(re: RegExp): void {
  re.lastIndex = ONE_BYTE.length;
  re.test(ONE_BYTE);
  re.lastIndex = 0;
}
