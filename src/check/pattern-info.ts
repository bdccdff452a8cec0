/**
 * What the check stage derives from a rule pattern beyond its translation, computed once per
 * pattern (the Perl pattern is parsed again here; the parse tree is not kept): its prefilter
 * factors, whether V8 can run it without risk of catastrophic backtracking, and a relaxed RE2
 * prefilter form when its exact form is slow.
 */
import type { CompiledPattern } from '../compile/pattern.js';
import { parsePerlRegex } from '../compile/regex/parser.js';
import { requiredFactors, type Factors } from './factors.js';
import { backtrackPaths, programSize, relaxedFilterSource } from './pattern-shape.js';

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
}

/** Most paths per start position, and most program positions, for {@link PatternInfo.v8Safe}. */
const V8_MAX_PATHS = 32;
const V8_MAX_SIZE = 256;

const cache = new WeakMap<CompiledPattern, PatternInfo>();
const NONE: PatternInfo = { factors: { narrow: null, any: null }, v8Safe: false };

/** The (cached) info of a pattern. */
export function patternInfo(p: CompiledPattern): PatternInfo {
  let info = cache.get(p);
  if (!info) cache.set(p, (info = compute(p)));
  return info;
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
  return {
    factors: { narrow: requiredFactors(root, true), any: requiredFactors(root, false) },
    v8Safe: backtrackPaths(root) <= V8_MAX_PATHS && programSize(root) <= V8_MAX_SIZE,
    ...(relaxed !== undefined ? { relaxed } : {}),
  };
}
