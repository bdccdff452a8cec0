/**
 * How large and how intricate a rule pattern may be.
 *
 * SpamAssassin sets no limit: Perl compiles whatever a rule file holds. Our engines are not
 * Perl's, and three costs grow faster than the pattern: V8 compiles long chains of quantified
 * items in quadratic time (6,000 `a?` take seconds, and compilation is not interruptible),
 * RE2 coalesces runs of one repeated atom in quadratic time (64 KB of `a?` take 3 s), and every
 * tree walk recurses once per nesting level (a few hundred levels exhaust the stack). Refusing
 * what no real rule needs keeps loading and the first scan bounded. Each limit is far above
 * what the stock rules use (measured on the 4.0.1 rules, in brackets below), so only a hostile
 * or broken pattern meets one; it is then dropped with a lint error, as an invalid one is.
 */
import type { Node } from './regex/ast.js';

/** The limits, with the stock rules' largest values for comparison. */
export const PATTERN_LIMITS = {
  /**
   * Characters of Perl source, delimiters removed and ReplaceTags applied (stock: 223,683, the
   * ReplaceTags expansion of `__MY_MALWARE`; the longest pattern as written is 10,340).
   */
  source: 512 * 1024,
  /** Nested groups (stock: 29). */
  depth: 256,
  /** Quantifiers in one pattern (stock: 225). */
  repeats: 4_000,
  /** Quantified items in one sequence, the chains V8 and RE2 compile in quadratic time (stock: 27). */
  repeatsInSequence: 256,
} as const;

/** Why a pattern is refused; undefined when it is within every limit. */
export interface PatternLimitProblem {
  code: 'pattern-too-large' | 'pattern-too-complex';
  error: string;
}

/**
 * Checks what can be checked on the text alone, before anything parses it: its length, and
 * its group nesting (so that no recursive pass, the parser included, meets a deeper tree).
 * The nesting is counted from the unescaped parentheses outside bracketed classes; a `(`
 * inside `\Q…\E` or a `(?#…)` comment counts too, which can only overstate it.
 */
export function checkPatternText(pattern: string): PatternLimitProblem | undefined {
  if (pattern.length > PATTERN_LIMITS.source) {
    return {
      code: 'pattern-too-large',
      error: `the pattern is ${pattern.length} characters long, over the ${PATTERN_LIMITS.source} a rule pattern may have`,
    };
  }
  const depth = nestingDepth(pattern);
  if (depth > PATTERN_LIMITS.depth) {
    return { code: 'pattern-too-complex', error: `groups nest ${depth} deep, over the ${PATTERN_LIMITS.depth} a rule pattern may have` };
  }
  return undefined;
}

/** The deepest nesting of parentheses in a pattern's text (see {@link checkPatternText}). */
export function nestingDepth(pattern: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x28 /* ( */) max = Math.max(max, ++depth);
    else if (c === 0x29 /* ) */) depth = Math.max(0, depth - 1);
    else if (c === 0x5b /* [ */) {
      // A class ends at the first unescaped `]` that is not its first member.
      let j = i + 1;
      if (pattern.charCodeAt(j) === 0x5e /* ^ */) j++;
      if (pattern.charCodeAt(j) === 0x5d /* ] */) j++;
      for (; j < pattern.length && pattern.charCodeAt(j) !== 0x5d; j++) if (pattern.charCodeAt(j) === 0x5c) j++;
      i = j;
    }
  }
  return max;
}

/** What {@link patternShape} counts. */
export interface PatternShape {
  /** Quantified nodes, every occurrence counted. */
  repeats: number;
  /** The most quantified items one sequence holds. */
  repeatsInSequence: number;
}

/**
 * Counts a parsed pattern's quantifiers, iteratively (no recursion, whatever the depth), in
 * time linear in the pattern's text: a group the parser shares between occurrences is walked
 * once per occurrence, as often as its text appears.
 */
export function patternShape(root: Node): PatternShape {
  let repeats = 0;
  let repeatsInSequence = 0;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'seq': {
        let n = 0;
        for (const item of node.items) {
          if (item.type === 'repeat') n++;
          stack.push(item);
        }
        repeatsInSequence = Math.max(repeatsInSequence, n);
        break;
      }
      case 'alt':
        for (const a of node.alternatives) stack.push(a);
        break;
      case 'group':
        stack.push(node.body);
        break;
      case 'repeat':
        repeats++;
        stack.push(node.body);
        break;
      default:
        break;
    }
  }
  return { repeats, repeatsInSequence };
}

/**
 * Whether a pattern's text holds few enough quantifier characters (`?`, `*`, `+`, `{`) that its
 * shape cannot pass a limit: every quantifier is written with one of them, so their count bounds
 * both of {@link PatternShape}'s (a `?` of `(?:` counts too, which only loosens the bound). Most
 * rule patterns pass this test and need no second parse.
 */
export function shapeWithinLimits(pattern: string): boolean {
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 0x3f || c === 0x2a || c === 0x2b || c === 0x7b) n++;
  }
  return n <= PATTERN_LIMITS.repeatsInSequence;
}

/** Checks a parsed pattern's {@link patternShape} against the limits. */
export function checkPatternShape(root: Node): PatternLimitProblem | undefined {
  const shape = patternShape(root);
  if (shape.repeats > PATTERN_LIMITS.repeats) {
    return { code: 'pattern-too-complex', error: `the pattern has ${shape.repeats} quantifiers, over the ${PATTERN_LIMITS.repeats} a rule pattern may have` };
  }
  if (shape.repeatsInSequence > PATTERN_LIMITS.repeatsInSequence) {
    return {
      code: 'pattern-too-complex',
      error: `the pattern has ${shape.repeatsInSequence} quantified items in a row, over the ${PATTERN_LIMITS.repeatsInSequence} a rule pattern may have`,
    };
  }
  return undefined;
}
