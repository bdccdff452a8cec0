/**
 * Running one compiled rule pattern. Four ways, picked from the translation and the pattern's
 * shape (pattern-info.ts):
 * - patterns V8 cannot backtrack on badly (no unbounded repeat, few paths): V8 alone, which is
 *   much cheaper per call than crossing into the `re2` addon;
 * - `re2.exact`: RE2 alone (linear time, no backtracking);
 * - an inexact RE2 form (a superset of Perl's matches): RE2 first, and V8's exact translation
 *   only on texts RE2 accepts (most texts are rejected by the linear pass) — except for yes/no
 *   tests of a form that gives Perl's answer though not its spans (`foo$` as `foo\n?\z`), which
 *   RE2 answers alone;
 * - no RE2 form: V8 alone.
 * Huge patterns with a top-level alternation are tested branch by branch (pattern-shape.ts).
 * Patterns whose exact RE2 program is huge because of counted repeats first run a relaxed,
 * DFA-friendly superset form, which rejects almost every text in a fraction of the time; and
 * a text shorter than the shortest match is rejected without running anything.
 * Loops reproduce Perl's `while (/re/g)`: after an empty match the search moves on by one char.
 *
 * RE2 reads UTF-8: the `re2` package converts every JS string argument, on every call. Callers
 * that run many patterns over one text pass its UTF-8 bytes ({@link utf8}) once instead; a
 * Latin-1 char above 0x7F is two bytes there, which the empty-match step accounts for.
 * Engines are compiled on first use: most rules never get past the prefilter on most mail.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { compileV8Now, loadRe2 } from '../compile/regex/engines.js';
import { backtrackRisk, patternInfo } from './pattern-info.js';
import { utf8 } from './prefilter.js';

/** A pattern ready to run against texts. */
export interface Matcher {
  /** Whether the pattern matches anywhere in the text (`bytes`: the text's {@link utf8}, if at hand). */
  test(text: string, bytes?: Buffer): boolean;
  /** How many times `while ($text =~ /re/g)` loops, stopping at `max` (0: no limit). */
  count(text: string, max: number, bytes?: Buffer): number;
  /** The named groups of the first match, when the pattern has any. */
  captures(text: string): Record<string, string> | undefined;
  /**
   * Compiles the engines now instead of on first use (see `RuleSet.prepare()`); `count`: the
   * engines {@link Matcher.count} runs too.
   */
  prepare(count?: boolean): void;
  /**
   * Whether a run on a text of this length may take long, so that it must run under the
   * deadline's slice guard (slice-guard.ts): V8 runs the pattern (RE2 is linear) and its
   * backtracking can cost more than {@link GUARD_STEPS} on such a text, or it was filled from
   * message captures (not analysed). `spans`: whether the caller counts matches or reads
   * captures; a yes/no test of a pattern whose RE2 form answers it alone never runs V8.
   */
  mayRunLong(length: number, spans?: boolean): boolean;
  /**
   * Whether a run on this text gets to V8: its RE2 superset forms (relaxed, filter) accept the
   * text — or no longer run, once they let through nearly every one of the pattern's first
   * texts. A run they reject is linear whatever the text, so it needs no guard; asked only
   * when {@link Matcher.mayRunLong} said yes (it costs those RE2 calls once more).
   */
  reachesV8(text: string, bytes?: Buffer): boolean;
  /**
   * Why the pattern cannot run, once V8 refused it at its first use (a pattern `new RegExp`
   * accepts can still overflow V8's regex compiler or its limits then: "Stack overflow",
   * "Regular expression too large"). Such a pattern is a miss, never an exception.
   */
  readonly failure: string | undefined;
}

interface RegexLike {
  lastIndex: number;
  exec(s: string): RegExpExecArray | null;
  test(s: string): boolean;
}

/**
 * An RE2 object run on bytes. The non-global ones (every form but the global twin that counts)
 * ignore `lastIndex`, as a non-global RegExp does, so it is never reset before them: setting it
 * is a call into the addon (~100 ns, as much as a short test).
 */
interface BytesRegex {
  lastIndex: number;
  exec(b: Buffer): { index: number; 0: Buffer } | null;
  test(b: Buffer): boolean;
}

interface Engines {
  /** The fewest chars a match spans. */
  minLength: number;
  /** A relaxed superset RE2 form run before anything else. */
  relaxed?: BytesRegex;
  /** Exact RE2 forms of the pattern's branches, for yes/no tests of huge patterns. */
  branches?: BytesRegex[];
  /** Exact RE2 forms that test the pattern on ASCII texts (pattern-info.ts `asciiForms`). */
  asciiForms?: BytesRegex[];
  /**
   * Exact RE2, when the translation is exact and RE2 compiles it: `single` for yes/no tests (RE2
   * answers those without locating the match), `global` for counting, built on first need —
   * only `multiple` rules count. A pattern tested by branches builds `single` on first need
   * too (see compile).
   */
  re2?: { single?: BytesRegex & RegexLike; global?: BytesRegex; source: string };
  /** Superset RE2, when the translation is inexact. */
  filter?: BytesRegex;
  /**
   * The filter gives Perl's yes/no answer on every text, only not its spans (the translation's
   * `testExact`: `foo$` as `foo\n?\z`): a yes/no test is the filter's answer, and V8 runs only
   * to count or capture.
   */
  testExact?: boolean;
  /**
   * V8, when there is no exact RE2: one global RegExp, run from `lastIndex` 0 for yes/no tests
   * and captures as well (a non-global twin would make V8 compile the same pattern twice).
   */
  js?: RegExp;
}

function v8(p: CompiledPattern): RegExp {
  return new RegExp(p.js.source, p.js.flags + 'g');
}

function compile(p: CompiledPattern): Engines {
  const RE2 = p.re2 ? loadRe2() : null;
  const info = patternInfo(p);
  const minLength = info.minLength;
  if (!RE2 || !p.re2) return { minLength, js: v8(p) };
  if (info.v8Safe) return { minLength, js: v8(p) };
  const build = (source: string) => new RE2(source, '') as unknown as BytesRegex & RegexLike;
  const relaxed = (): BytesRegex | undefined => {
    try {
      return info.relaxed === undefined ? undefined : build(info.relaxed);
    } catch {
      return undefined;
    }
  };
  try {
    if (p.re2.exact) {
      let branches: BytesRegex[] | undefined;
      let asciiForms: BytesRegex[] | undefined;
      try {
        branches = info.branches?.map(build);
      } catch {
        branches = undefined;
      }
      try {
        asciiForms = info.asciiForms?.map(build);
      } catch {
        asciiForms = undefined;
      }
      // A pattern tested by branches runs neither its whole form nor its relaxed one in a test:
      // both are built only if it counts or captures (see singleRe2). They are RE2's largest
      // programs: __MY_MALWARE's (210 KB of source) took ~9 MB of RSS each.
      if (branches) return { minLength, branches, asciiForms, re2: { source: p.re2.source } };
      return { minLength, relaxed: relaxed(), asciiForms, re2: { single: build(p.re2.source), source: p.re2.source } };
    }
    return { minLength, relaxed: relaxed(), filter: build(p.re2.source), js: v8(p), testExact: p.re2.testExact };
  } catch {
    // RE2 refused the form: V8 alone, as without RE2.
    return { minLength, js: v8(p) };
  }
}

/** The global twin of an exact RE2 form (compiled on first use). */
function globalRe2(re2: NonNullable<Engines['re2']>): BytesRegex {
  return (re2.global ??= new (loadRe2()!)(re2.source, 'g') as unknown as BytesRegex);
}

/** A char above ASCII. */
const NON_ASCII = /[^\0-\x7f]/;

/**
 * The forms that answer a yes/no test of an exact pattern on `text` (also the gate before
 * counting it): its ASCII forms on an ASCII text — the same answer from programs a fraction of
 * the size, which RE2's DFA keeps within its memory budget (`__MY_MALWARE` spells each letter
 * with its look-alikes above 0x7F) — else a huge pattern's branches; undefined: its whole form.
 */
function testForms(e: Engines, text: string): readonly BytesRegex[] | undefined {
  return e.asciiForms !== undefined && !NON_ASCII.test(text) ? e.asciiForms : e.branches;
}

/** Whether one of `forms` matches. */
function anyOf(forms: readonly BytesRegex[], bytes: Buffer): boolean {
  for (let i = 0; i < forms.length; i++) if (forms[i]!.test(bytes)) return true;
  return false;
}

/** The non-global exact RE2 form (built with the engines, or on first use for a pattern tested by branches). */
function singleRe2(re2: NonNullable<Engines['re2']>): BytesRegex & RegexLike {
  return (re2.single ??= new (loadRe2()!)(re2.source, '') as unknown as BytesRegex & RegexLike);
}

/**
 * `while (/re/g)` over UTF-8 bytes: an empty match steps over one whole (1- or 2-byte) char.
 * A pattern that cannot match empty (`minLength` ≥ 1) is counted with `test`, which moves
 * `lastIndex` to the match's end as `exec` does without building the match (a `multiple` rule
 * such as __E_LIKE_LETTER loops ~100 times on a message).
 */
function countBytes(re: BytesRegex, bytes: Buffer, max: number, minLength: number): number {
  if (minLength > 0) return countByTest(re, bytes, max);
  let n = 0;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(bytes);
    if (!m) break;
    n++;
    if (max > 0 && n >= max) break;
    if (m[0].length === 0) re.lastIndex += bytes[re.lastIndex]! >= 0xc0 ? 2 : 1;
    if (re.lastIndex > bytes.length) break;
  }
  return n;
}

/** The count of a pattern that cannot match empty, by either engine (see {@link countBytes}). */
function countByTest<T>(re: { lastIndex: number; test(input: T): boolean }, input: T, max: number): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.test(input)) if (++n === max) break;
  return n;
}

/** {@link countBytes} on a JS string with a V8 regex. */
function countString(re: RegexLike, text: string, max: number, minLength: number): number {
  if (minLength > 0) return countByTest(re, text, max);
  let n = 0;
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    n++;
    if (max > 0 && n >= max) break;
    if (m[0] === '') re.lastIndex++;
    if (re.lastIndex > text.length) break;
  }
  return n;
}

/** Texts over which a V8 pattern's RE2 superset forms are judged (see `reachesV8`). */
const SUPERSET_TRIAL = 256;
/** The share of them let through from which those forms are no longer run. */
const SUPERSET_USELESS = 0.97;

/**
 * A V8 run is guarded when its worst case — about n^(d+1) steps for an unanchored search of n
 * chars with a pattern of backtracking degree d per start (backtrack-risk.ts), n^d for a
 * pattern anchored at the start — passes this (some tens of milliseconds): an unanchored
 * degree-2 pattern on a header of 300 chars is, a degree-1 pattern on a 4 KB line is not, nor
 * an anchored degree-2 one on a 4 KB header (CK_HELO_GENERIC on X-Spam-Relays-Untrusted).
 */
const GUARD_STEPS = 2 ** 24;

/** Whether V8's worst case on a text of `length` chars passes {@link GUARD_STEPS} (see there). */
function beyondGuardFree(length: number, degree: number, anchored: boolean): boolean {
  return degree === Infinity || Math.pow(Math.max(length, 1), anchored ? degree : degree + 1) > GUARD_STEPS;
}

/** Every engine field present (undefined where absent): one object shape for every pattern. */
function normalized(e: Engines): Required<Pick<Engines, 'minLength'>> & Engines {
  return { minLength: e.minLength, relaxed: e.relaxed, branches: e.branches, asciiForms: e.asciiForms, re2: e.re2, filter: e.filter, testExact: e.testExact, js: e.js };
}

/** How many patterns V8 has refused in this process (see {@link anyPatternRefused}). */
let refusals = 0;

/**
 * Whether V8 has refused any pattern so far ({@link Matcher.failure}): until one does, a scan
 * need not look at the matchers of the rules it skips (each is a read from another object,
 * for ~1,000 rules a message).
 */
export function anyPatternRefused(): boolean {
  return refusals > 0;
}

/**
 * A class rather than an object literal of closures: every matcher then shares one hidden
 * class, so the scan's calls (`test`, `count`, `failure`) stay monomorphic. (With a getter
 * in an object literal, each matcher had a map of its own; reading `failure` on ~1,500
 * matchers was 1.6% of warm-scan time.)
 */
class PatternMatcher implements Matcher {
  failure: string | undefined = undefined;
  #e: Engines | undefined = undefined;
  /** The backtracking degree of the V8 form, when V8 runs it (-1: V8 does not; Infinity: filled from captures). */
  #degree: number | undefined = undefined;
  /** Whether V8 tries the start of the text only (backtrack-risk.ts `anchored`). */
  #anchored = false;

  constructor(
    readonly pattern: CompiledPattern,
    readonly v8Only: boolean,
  ) {}

  // `v8Only`: a pattern used for one message only (a capture template filled from it): V8's
  // exact form costs next to nothing to build, RE2's forms and the shape analysis do not.
  #engines(): Engines {
    return (this.#e ??= normalized(this.v8Only ? { minLength: 0, js: v8(this.pattern) } : compile(this.pattern)));
  }

  #v8Degree(): number {
    if (this.#degree === undefined) {
      if (!this.#engines().js) this.#degree = -1;
      else if (this.v8Only) this.#degree = Infinity;
      else {
        const risk = backtrackRisk(this.pattern);
        this.#degree = risk.degree;
        this.#anchored = risk.anchored;
      }
    }
    return this.#degree;
  }

  /** V8's form for the captures of an exact RE2 pattern (see {@link PatternMatcher.#capturesByV8}). */
  #capturesV8: RegExp | undefined = undefined;

  /**
   * V8's form, for the captures of an exact RE2 pattern on a text where V8's backtracking is
   * bounded as a guard-free run's must be ({@link GUARD_STEPS}): RE2 finds submatches with
   * its slower engines, on a JS string it converts first — `(?P<GB_TO_ADDR>[^\n]*)` cost
   * ~550 ns a byte there against V8's few. Undefined: RE2 it is.
   */
  #capturesByV8(length: number): RegExp | undefined {
    const risk = backtrackRisk(this.pattern);
    if (beyondGuardFree(length, risk.degree, risk.anchored)) return undefined;
    return (this.#capturesV8 ??= v8(this.pattern));
  }

  /** Records V8's refusal of the pattern (V8 compiles a regex at its first exec, and may refuse it there). */
  #refused(err: unknown): void {
    this.failure = err instanceof Error ? err.message : String(err);
    refusals++;
  }

  mayRunLong(length: number, spans = true): boolean {
    if (!spans && this.#engines().testExact) return false;
    const d = this.#v8Degree();
    return d >= 1 && beyondGuardFree(length, d, this.#anchored);
  }

  /** Also the V8 path's own first step in {@link PatternMatcher.test} and {@link PatternMatcher.count}. */
  reachesV8(text: string, bytes?: Buffer): boolean {
    const e = this.#engines();
    if (!e.js || this.failure !== undefined || text.length < e.minLength) return false;
    if ((!e.relaxed && !e.filter) || this.#supersetUseless) return true;
    const passed = (!e.relaxed || e.relaxed.test((bytes ??= utf8(text)))) && (!e.filter || e.filter.test(bytes ?? utf8(text)));
    if (passed) this.#supersetPassed++;
    if (++this.#supersetRuns === SUPERSET_TRIAL) {
      this.#supersetUseless = this.#supersetPassed >= SUPERSET_TRIAL * SUPERSET_USELESS;
      // Judged again on the next texts until they are useless: a window that began with the
      // warm-up's messages (few of which have the pattern's header) must not decide for good.
      this.#supersetRuns = 0;
      this.#supersetPassed = 0;
    }
    return passed;
  }

  /** Texts the RE2 superset forms ran on, and how many of them they let through to V8. */
  #supersetRuns = 0;
  #supersetPassed = 0;
  /**
   * Set once the superset forms let through nearly every text of a window of
   * {@link SUPERSET_TRIAL}: V8 then runs alone (the same answers; V8 is exact). The filter of
   * a backreference pattern such as `\nReceived:[^\n]{0,200} for <?([^\n\s>;]+)>?;…\1…`
   * lets every message through, and cost ~80 µs of its scan (measured).
   */
  #supersetUseless = false;

  prepare(count?: boolean): void {
    this.#v8Degree();
    const { js, re2 } = this.#engines();
    if (count && re2) globalRe2(re2);
    // captures() runs the whole pattern even where tests run its branches; V8's form on the
    // texts short enough for it.
    const capturesV8 = re2 && this.pattern.namedCaptures.length > 0 ? (singleRe2(re2), this.#capturesByV8(0)) : undefined;
    // Compiles V8's native code now (and finds a pattern V8 refuses before any scan does).
    for (const re of [js, capturesV8]) {
      if (!re || this.failure !== undefined) continue;
      try {
        compileV8Now(re);
      } catch (err) {
        this.#refused(err);
      }
    }
  }

  test(text: string, bytes?: Buffer): boolean {
    const e = this.#engines();
    if (!e.js || e.testExact) {
      // RE2's answer is Perl's (V8, and its backtracking, not needed): its relaxed superset,
      // then the filter of a form exact for yes/no, or the exact form's ASCII forms, a huge
      // pattern's branches or the whole.
      if (text.length < e.minLength) return false;
      const b = bytes ?? utf8(text);
      if (e.relaxed && !e.relaxed.test(b)) return false;
      if (e.testExact) return e.filter!.test(b);
      const forms = testForms(e, text);
      return forms ? anyOf(forms, b) : e.re2!.single!.test(b);
    }
    if (!this.reachesV8(text, bytes)) return false;
    const js = e.js;
    try {
      js.lastIndex = 0;
      return js.test(text);
    } catch (err) {
      this.#refused(err);
      return false;
    }
  }

  count(text: string, max: number, bytes?: Buffer): number {
    const e = this.#engines();
    if (!e.js) {
      if (text.length < e.minLength) return 0;
      const b = bytes ?? utf8(text);
      if (e.relaxed && !e.relaxed.test(b)) return 0;
      const forms = testForms(e, text);
      if (forms && !anyOf(forms, b)) return 0;
      return countBytes(globalRe2(e.re2!), b, max, e.minLength);
    }
    if (!this.reachesV8(text, bytes)) return 0;
    try {
      return countString(e.js, text, max, e.minLength);
    } catch (err) {
      this.#refused(err);
      return 0;
    }
  }

  captures(text: string): Record<string, string> | undefined {
    const { re2, js } = this.#engines();
    if (this.failure !== undefined) return undefined;
    const single: RegexLike = re2 ? (this.#capturesByV8(text.length) ?? singleRe2(re2)) : js!;
    try {
      single.lastIndex = 0;
      const m = single.exec(text);
      return m?.groups ? { ...m.groups } : undefined;
    } catch (err) {
      this.#refused(err);
      return undefined;
    }
  }
}

/** Builds a matcher for a pattern (engines are compiled on first use). */
export function buildMatcher(p: CompiledPattern, options: { v8Only?: boolean } = {}): Matcher {
  return new PatternMatcher(p, options.v8Only === true);
}
