/**
 * Meta rules: validation, `rules_matching()` expansion and dependency parsing, as
 * `Conf::Parser::is_meta_valid` and `compile_meta_rules` do.
 */
import {
  collectNames,
  evaluate,
  ExpressionSyntaxError,
  lexExpression,
  parseTokens,
  DivisionByZeroError,
  type Expr,
} from '../config/expression.js';
import { IS_RULENAME } from '../config/rule-directives.js';
import { excerpt } from '../config/diagnostics.js';

/** SA's `META_RULES_MATCHING_RE`. */
const RULES_MATCHING = /(?<!_)\brules_matching\([ \t\n\r\f\v]*([_a-zA-Z*?][_a-zA-Z0-9*?]{0,127})[ \t\n\r\f\v]*\)/g;

/** Why a meta expression is refused; the message reads like SA's lint output. */
export interface MetaProblem {
  message: string;
}

/**
 * `is_meta_valid`: refuses Perl-ish characters, unknown tokens, and expressions that are not
 * valid Perl once every rule name is replaced by 0 — including a division by zero that Perl's
 * constant folding would hit (reported as "division by zero possible").
 */
export function validateMeta(name: string, text: string): MetaProblem | undefined {
  if (/::|->|[$@%;{}]/.test(text)) return { message: `config: invalid meta ${name} rule: ${excerpt(text)}` };
  const tokens = lexExpression(text.replace(RULES_MATCHING, ' 0 '));
  for (const t of tokens) {
    if (IS_RULENAME.test(t)) continue;
    if (/^(?:\d+(?:\.\d+)?|[!-/:-@[-`{-~]{1,2})$/.test(t)) continue;
    return { message: `config: invalid meta ${name} token: ${excerpt(t)}` };
  }
  try {
    const expr = parseMetaTokens(tokens.map((t) => (IS_RULENAME.test(t) ? '0' : t)));
    evaluate(expr, { name: () => 0, call: () => 0 }, true);
  } catch (e) {
    const err =
      e instanceof DivisionByZeroError
        ? 'division by zero possible'
        : e instanceof ExpressionSyntaxError
          ? e.message
          : String(e);
    return { message: `config: invalid expression for rule ${name}: "${excerpt(text)}": ${err}` };
  }
  return undefined;
}

/**
 * Expands `rules_matching(GLOB)` to `(A+B+…)` over the known rule names (sorted, excluding the
 * meta itself), or `(0)` when nothing matches; `*` and `?` are globs, matching is case-sensitive.
 */
export function expandRulesMatching(name: string, text: string, known: () => readonly string[]): string {
  if (!text.includes('rules_matching')) return text;
  return text.replace(RULES_MATCHING, (_m, glob: string) => {
    const hits = known()
      .filter((r) => r !== name && globMatches(glob, r))
      .sort();
    return ` (${hits.length ? hits.join('+') : '0'}) `;
  });
}

/**
 * Whether a rule name matches a `rules_matching` glob: what SA's `^…$` regex with `*` as `.*?`
 * and `?` as `.` answers, by the two-pointer walk that backs up only to the last `*`, in time
 * proportional to the glob's length times the name's. The regex backtracks through every way
 * of placing the stars: `*a*a*…*a*c` against a long name of `a`s would run for ages.
 */
export function globMatches(glob: string, name: string): boolean {
  let g = 0;
  let i = 0;
  let star = -1;
  let resume = 0;
  while (i < name.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === name[i])) {
      g++;
      i++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = i;
    } else if (star >= 0) {
      g = star + 1;
      i = ++resume;
    } else return false;
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** Parses a meta expression (after expansion) into an AST whose names are rule names. */
export function parseMeta(text: string): Expr {
  return parseMetaTokens(lexExpression(text));
}

function parseMetaTokens(tokens: string[]): Expr {
  return parseTokens(tokens, (t) => {
    if (IS_RULENAME.test(t)) return { kind: 'name', name: t };
    throw new ExpressionSyntaxError(`syntax error near "${t}"`);
  });
}

/** The rule names a meta expression depends on, in order of appearance. */
export function metaDependencies(expr: Expr): string[] {
  return collectNames(expr);
}
