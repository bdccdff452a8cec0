/**
 * Evaluating a meta rule with Perl's value semantics, as the sub SA compiles for it
 * (`Conf::Parser::compile_meta_rules`): each rule name reads `($h->{NAME}||0)`, operators are
 * Perl's (`&&`/`||` return an operand, `!` and comparisons give 1 or "").
 *
 * Each meta is compiled once per scan plan into a tree of closures whose names are already
 * resolved to the plan's rule ids (meta-plan.ts), so that a scan reads values straight from
 * its value arrays. Profile that motivated it (docs/benchmarks.md): on warm scans of the stock
 * rules ~920 metas are evaluated per message, and the explicit-stack interpreter of
 * config/expression.ts with a name lookup per operand took 13% of the scan time. Expressions
 * nested deeper than {@link MAX_CLOSURE_DEPTH} keep the interpreter, which needs no JS stack.
 * The closures are built from the parsed expression (typed data), never from rule text.
 */
import { DivisionByZeroError, evaluate, type ComparisonOp, type Expr, type PerlValue } from '../config/expression.js';
import { perlNum } from '../perl/numbers.js';
import { perlTrue } from '../perl/truth.js';

/** What a compiled meta reads: a scan's values by rule id, and names without an id by name. */
export interface MetaInputs {
  /** Values by rule id, valid where `has` is 1. */
  readonly vals: Float64Array;
  readonly has: Uint8Array;
  /** SA's `local_tests_only` as a meta reads it. */
  readonly localTestsOnly: boolean;
  /** A name the plan has no id for (`$h->{NAME}||0`). */
  other(name: string): number;
}

/**
 * A compiled meta: the number SA records for a hit (the result when positive, else 1), or 0
 * for a miss. Throws {@link DivisionByZeroError} where Perl would die.
 */
export type MetaProgram = (inputs: MetaInputs) => number;

/** Deeper expressions are interpreted (closures recurse once per level). */
export const MAX_CLOSURE_DEPTH = 200;

type Node = (inputs: MetaInputs) => PerlValue;

/** `got_hit`'s value of a meta result: `$value = 1 if !$value || $value <= 0`, 0 for a miss. */
function hitValue(result: PerlValue): number {
  if (!perlTrue(result)) return 0;
  const n = perlNum(result);
  return n > 0 ? n : 1;
}

/**
 * The value of a meta expression given the values rules have so far, by the interpreter.
 * @returns the number SA records for a hit (the result when positive, else 1) or 0 for a miss.
 */
export function evaluateMeta(expr: Expr, value: (name: string) => number, localTestsOnly: boolean): number {
  return hitValue(
    evaluate(expr, {
      name: (n) => (n === 'local_tests_only' ? (localTestsOnly ? 1 : 0) : value(n)),
      call: () => 0,
    }),
  );
}

/** The depth of an expression, stopping once it passes `limit` (an explicit stack: no recursion). */
function depthExceeds(expr: Expr, limit: number): boolean {
  const stack: Array<[Expr, number]> = [[expr, 1]];
  while (stack.length) {
    const [e, d] = stack.pop()!;
    if (d > limit) return true;
    switch (e.kind) {
      case 'call':
        for (const a of e.args) stack.push([a, d + 1]);
        break;
      case 'unary':
        stack.push([e.operand, d + 1]);
        break;
      case 'binary':
        stack.push([e.left, d + 1], [e.right, d + 1]);
        break;
      case 'chain':
        for (const o of e.operands) stack.push([o, d + 1]);
        break;
      case 'conditional':
        stack.push([e.test, d + 1], [e.then, d + 1], [e.else, d + 1]);
        break;
      default:
        break;
    }
  }
  return false;
}

function compare(op: ComparisonOp, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}

function toUV(n: number): bigint {
  // Perl converts operands of bitwise ops to unsigned integers (negative values wrap).
  if (!Number.isFinite(n)) return 0n;
  return BigInt.asUintN(64, BigInt(Math.trunc(n)));
}

/** One node as a closure; the same results, in the same order, as `evaluate` (not eager). */
function node(e: Expr, idOf: (name: string) => number | undefined): Node {
  switch (e.kind) {
    case 'number':
    case 'string': {
      const v = e.value;
      return () => v;
    }
    case 'name': {
      const name = e.name;
      if (name === 'local_tests_only') return (s) => (s.localTestsOnly ? 1 : 0);
      const id = idOf(name);
      if (id === undefined) return (s) => s.other(name);
      return (s) => (s.has[id] ? s.vals[id]! : 0);
    }
    case 'call': {
      // Metas resolve every function call to 0, after evaluating its arguments (which may die).
      const args = e.args.map((a) => node(a, idOf));
      return (s) => {
        for (const a of args) a(s);
        return 0;
      };
    }
    case 'unary': {
      const operand = node(e.operand, idOf);
      if (e.op === '!') return (s) => (perlTrue(operand(s)) ? '' : 1);
      if (e.op === '-') {
        return (s) => {
          const v = operand(s);
          return typeof v === 'string' && !/^\s*[-+\d.]/.test(v) && v !== '' ? '-' + v : -perlNum(v);
        };
      }
      return operand;
    }
    case 'binary': {
      const left = node(e.left, idOf);
      const right = node(e.right, idOf);
      switch (e.op) {
        case '&&':
          return (s) => {
            const l = left(s);
            return perlTrue(l) ? right(s) : l;
          };
        case '||':
          return (s) => {
            const l = left(s);
            return perlTrue(l) ? l : right(s);
          };
        case '+':
          return (s) => perlNum(left(s)) + perlNum(right(s));
        case '-':
          return (s) => perlNum(left(s)) - perlNum(right(s));
        case '*':
          return (s) => perlNum(left(s)) * perlNum(right(s));
        case '/':
          return (s) => {
            const a = perlNum(left(s));
            const b = perlNum(right(s));
            if (b === 0) throw new DivisionByZeroError();
            return a / b;
          };
        case '^':
          return (s) => {
            const a = perlNum(left(s));
            return Number(BigInt.asUintN(64, toUV(a) ^ toUV(perlNum(right(s)))));
          };
      }
      break;
    }
    case 'chain': {
      const operands = e.operands.map((o) => node(o, idOf));
      const ops = e.ops;
      return (s) => {
        let a = perlNum(operands[0]!(s));
        for (let i = 0; i < ops.length; i++) {
          const b = perlNum(operands[i + 1]!(s));
          if (!compare(ops[i]!, a, b)) return '';
          a = b;
        }
        return 1;
      };
    }
    case 'conditional': {
      const test = node(e.test, idOf);
      const then = node(e.then, idOf);
      const otherwise = node(e.else, idOf);
      return (s) => (perlTrue(test(s)) ? then(s) : otherwise(s));
    }
  }
  throw new Error(`meta: unknown node ${(e as Expr).kind}`);
}

/**
 * Compiles a meta's expression against a plan's rule ids (`idOf`: undefined for a name
 * without one). Expressions deeper than {@link MAX_CLOSURE_DEPTH} are interpreted instead.
 */
export function compileMeta(expr: Expr, idOf: (name: string) => number | undefined): MetaProgram {
  if (depthExceeds(expr, MAX_CLOSURE_DEPTH)) {
    return (s) => evaluateMeta(expr, (n) => {
      const id = idOf(n);
      if (id === undefined) return s.other(n);
      return s.has[id] ? s.vals[id]! : 0;
    }, s.localTestsOnly);
  }
  const root = node(expr, idOf);
  return (s) => hitValue(root(s));
}
