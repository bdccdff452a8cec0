/**
 * What the check stage derives from a rule pattern beyond its translation, computed once per
 * pattern, on first use (the Perl pattern is parsed again here; the parse tree is not kept):
 * its prefilter factors, whether V8 can run it without risk of catastrophic backtracking, its
 * shortest match, a relaxed RE2 prefilter form when its exact form is slow, the branches a
 * huge pattern is tested by, and the forms that test a large one on ASCII texts.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { ByteSet } from '../compile/regex/byte-set.js';
import { minLength } from '../compile/regex/lengths.js';
import { parsePerlRegex } from '../compile/regex/parser.js';
import { analyzeBacktracking, type BacktrackRisk } from './backtrack-risk.js';
import { requiredFactors, type Factors } from './factors.js';
import { backtrackPaths, branchSources, cutSources, programSize, relaxedFilterSource } from './pattern-shape.js';

/** See the module comment. */
export interface PatternInfo {
  /** Factors for narrow texts (ASCII without `&`) and for any text (factors.ts). */
  readonly factors: { readonly narrow: Factors; readonly any: Factors };
  /**
   * V8 may run the pattern on texts of any length: no unbounded repeat, and few enough paths
   * to try per start position that its time is linear in the text with a small constant.
   */
  readonly v8Safe: boolean;
  /** A relaxed RE2 form worth running before the exact one (pattern-shape.ts). */
  readonly relaxed?: string;
  /** The fewest chars a match spans: shorter texts cannot match. */
  readonly minLength: number;
  /**
   * For a huge exact pattern with a top-level alternation: the exact RE2 sources of its
   * branches, which together answer "does it match" faster (pattern-shape.ts).
   */
  readonly branches?: readonly string[];
  /**
   * For a large exact pattern whose program is mostly bytes above 0x7F (look-alike letters):
   * the exact RE2 sources that test it on ASCII texts, cut to the bytes those texts hold
   * (pattern-shape.ts `cutSources`); `[]` when it cannot match one.
   */
  readonly asciiForms?: readonly string[];
}

/** RE2 sources longer than this are split into branches for yes/no tests. */
const SPLIT_SOURCE = 20_000;

/** The bytes of an ASCII text (see {@link PatternInfo.asciiForms}). */
const ASCII = ByteSet.range(0, 0x7f);
/**
 * RE2 sources longer than this get ASCII forms when those are at most half as long (smaller
 * programs gain little: RE2's DFA keeps them within its budget either way).
 */
const CUT_SOURCE = 2_000;

/** Most paths per start position, and most program positions, for {@link PatternInfo.v8Safe}. */
const V8_MAX_PATHS = 32;
const V8_MAX_SIZE = 256;

const cache = new WeakMap<CompiledPattern, PatternInfo>();
const NONE: PatternInfo = { factors: { narrow: null, any: null }, v8Safe: false, minLength: 0 };

/** A pattern our parser cannot read (not expected: it was translated) is assumed the worst. */
const UNKNOWN_RISK: BacktrackRisk = { level: 'exponential', degree: Infinity, reasons: [], anchored: false };
const risks = new WeakMap<CompiledPattern, BacktrackRisk>();

/** The (cached) info of a pattern. */
export function patternInfo(p: CompiledPattern): PatternInfo {
  let info = cache.get(p);
  if (!info) cache.set(p, (info = compute(p)));
  return info;
}

/**
 * How long V8 can work on a pattern per start position (see backtrack-risk.ts): `bounded`,
 * `linear`, `polynomial` (with its degree) or `exponential`, and why. Worked out on first
 * request and cached (apart from {@link patternInfo}: only the patterns V8 runs need it).
 */
export function backtrackRisk(p: CompiledPattern): BacktrackRisk {
  let risk = risks.get(p);
  if (!risk) {
    try {
      risk = analyzeBacktracking(parsePerlRegex(p.perl.pattern, p.perl.flags).root);
    } catch {
      risk = UNKNOWN_RISK;
    }
    risks.set(p, risk);
  }
  return risk;
}

/**
 * Whether V8 may take more than linear time per start position on the pattern (a polynomial
 * of degree 2 or more, or exponential): the runs worth a deadline guard whatever the text's
 * length. Patterns rated `bounded` or `linear` cost V8 at most O(n) per start (O(n²) for an
 * unanchored search of a text of length n).
 */
export function mayBacktrackBadly(p: CompiledPattern): boolean {
  return backtrackRisk(p).degree >= 2;
}

/** `forms` when their sources add up to at most half of `length`. */
function halfOrLess(forms: string[] | undefined, length: number): string[] | undefined {
  return forms && forms.reduce((n, f) => n + f.length, 0) <= length / 2 ? forms : undefined;
}

function compute(p: CompiledPattern): PatternInfo {
  let parsed;
  try {
    parsed = parsePerlRegex(p.perl.pattern, p.perl.flags);
  } catch {
    return NONE;
  }
  const root = parsed.root;
  const relaxed = p.re2 ? relaxedFilterSource(parsed) : undefined;
  const branches = p.re2?.exact && p.re2.source.length > SPLIT_SOURCE ? branchSources(parsed) : undefined;
  const asciiForms = p.re2?.exact && p.re2.source.length > CUT_SOURCE ? halfOrLess(cutSources(parsed, ASCII, SPLIT_SOURCE), p.re2.source.length) : undefined;
  return {
    ...(branches ? { branches } : {}),
    ...(asciiForms ? { asciiForms } : {}),
    factors: { narrow: requiredFactors(root, true), any: requiredFactors(root, false) },
    v8Safe: backtrackPaths(root) <= V8_MAX_PATHS && programSize(root) <= V8_MAX_SIZE,
    minLength: minLength(root, new Map()),
    ...(relaxed !== undefined ? { relaxed } : {}),
  };
}
