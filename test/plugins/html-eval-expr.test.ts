/**
 * The `$val EXPR` expressions HTMLEval evaluates with Perl's `eval` (html_eval, html_tag_balance).
 * Expected truth values came from Perl 5.36 (the interpreter of SpamAssassin 4.0.1 on Debian 12):
 * `perl -e 'my $val = $ARGV[0]; print((eval "\$val $ARGV[1]") ? 1 : 0)' -- VAL EXPR`.
 */
import { describe, expect, it } from 'vitest';
import { perlExprTrue } from '../../src/plugins/builtin/html-eval/perl-expr.js';

/** [expression, truth for $val = 0, 3, -1] */
const TABLE: [string, [number, number, number]][] = [
  ['!= 0', [0, 1, 1]],
  ['== 0', [1, 0, 0]],
  ['> 0', [0, 1, 0]],
  ['< 384', [1, 1, 1]],
  ['<= 3', [1, 1, 1]],
  ['>= 3', [0, 1, 0]],
  ['- 3', [1, 0, 1]],
  ['- 3 == 0', [0, 1, 0]],
  ['+ 1', [1, 1, 0]],
  ['== 03', [0, 1, 0]],
  ['== 08', [0, 0, 0]],
  ['== 010', [0, 0, 0]],
  ['0 < 1 <', [0, 0, 0]],
  ['< 5 > 1', [1, 1, 1]],
  ['< 5 < 10', [1, 1, 1]],
  ['== 3 == 1', [0, 0, 0]],
  ['<=> 3', [1, 0, 1]],
  ['<=> 2', [1, 1, 1]],
  ['= 0', [0, 0, 0]],
  ['= 5', [1, 1, 1]],
  ['+= 2', [1, 1, 1]],
  ['-= 3', [1, 0, 1]],
  ['++', [0, 1, 1]],
  ['--', [0, 1, 1]],
  ['++ 1', [0, 0, 0]],
  ['<< 2', [0, 1, 1]],
  ['>> 1', [0, 1, 1]],
  ['<< 2 == 12', [0, 1, 0]],
  ['! 0', [0, 0, 0]],
  ['!', [0, 0, 0]],
  ['== ! 0', [0, 0, 0]],
  ['- - 3', [1, 1, 1]],
  ['--3', [0, 0, 0]],
  ['=> 0', [0, 0, 0]],
  ['=> 5', [1, 1, 1]],
  ['< ', [0, 0, 0]],
  ['3', [0, 0, 0]],
  ['== = 1', [0, 0, 0]],
  ['== 3 != 0', [0, 1, 0]],
  ['< 4 <= 4', [1, 1, 1]],
];

describe('perlExprTrue', () => {
  for (const [expr, truth] of TABLE) {
    it(`$val ${expr}`, () => {
      expect([0, 3, -1].map((v) => (perlExprTrue(v, expr) ? 1 : 0))).toEqual(truth);
    });
  }
});
