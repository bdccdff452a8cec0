/**
 * Evaluating a meta rule with Perl's value semantics, as the sub SA compiles for it
 * (`Conf::Parser::compile_meta_rules`): each rule name reads `($h->{NAME}||0)`, operators are
 * Perl's (`&&`/`||` return an operand, `!` and comparisons give 1 or "").
 */
import { evaluate, type Expr } from '../config/expression.js';
import { perlNum } from '../perl/numbers.js';
import { perlTrue } from '../perl/truth.js';

/**
 * The value of a meta expression given the values rules have so far.
 * @returns the number SA records for a hit (the result when positive, else 1) or 0 for a miss.
 */
export function evaluateMeta(expr: Expr, value: (name: string) => number, localTestsOnly: boolean): number {
  const result = evaluate(expr, {
    name: (n) => (n === 'local_tests_only' ? (localTestsOnly ? 1 : 0) : value(n)),
    call: () => 0,
  });
  if (!perlTrue(result)) return 0;
  const n = perlNum(result);
  // got_hit: `$value = 1 if !$value || $value <= 0`.
  return n > 0 ? n : 1;
}
