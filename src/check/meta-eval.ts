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
import { compare, DivisionByZeroError, evaluate, exprChildren, toUV, type Expr, type PerlValue } from '../config/expression.js';
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
    for (const c of exprChildren(e)) stack.push([c, d + 1]);
  }
  return false;
}

/** Whether an expression holds a string literal (the numeric closures cannot represent it). */
function hasString(expr: Expr): boolean {
  const stack: Expr[] = [expr];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.kind === 'string') return true;
    stack.push(...exprChildren(e));
  }
  return false;
}

type NumNode = (s: MetaInputs) => number;

/** The operands of a run of one associative operator (`A || B || C`), left to right. */
function flatten(e: Expr, op: string, out: Expr[] = []): Expr[] {
  // Left-recursive chains are what the parser builds; an explicit loop keeps the JS stack flat.
  const right: Expr[] = [];
  let cur = e;
  while (cur.kind === 'binary' && cur.op === op) {
    right.push(cur.right);
    cur = cur.left;
  }
  out.push(cur);
  for (let i = right.length - 1; i >= 0; i--) out.push(right[i]!);
  return out;
}

/**
 * One node as a closure over numbers. Without string literals every value of a meta is a
 * number or Perl's "" (from `!` and comparisons), and "" behaves as 0 everywhere a meta can
 * use it (truth, arithmetic, comparison, unary minus, the final hit value), so "" is 0 here
 * and a value is true when it is not 0 (NaN is true, as in Perl). Runs of `||`, `&&` and `+`
 * become one loop; rule names are read from the value array directly.
 */
function numNode(e: Expr, idOf: (name: string) => number | undefined): NumNode {
  switch (e.kind) {
    case 'number': {
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
      const args = e.args.map((a) => numNode(a, idOf));
      return (s) => {
        for (const a of args) a(s);
        return 0;
      };
    }
    case 'unary': {
      const operand = numNode(e.operand, idOf);
      if (e.op === '!') return (s) => (operand(s) !== 0 ? 0 : 1);
      if (e.op === '-') return (s) => -operand(s);
      return operand;
    }
    case 'binary': {
      if (e.op === '||' || e.op === '&&' || e.op === '+') {
        const items = flatten(e, e.op);
        // Names are read in the loop itself; other operands are closures (ids[i] = -1).
        const ids = Int32Array.from(items, (x) => (x.kind === 'name' && x.name !== 'local_tests_only' && idOf(x.name) !== undefined ? idOf(x.name)! : -1));
        const subs = items.map((x, i) => (ids[i]! >= 0 ? undefined : numNode(x, idOf)));
        const n = items.length;
        if (e.op === '+') {
          return (s) => {
            let t = 0;
            for (let i = 0; i < n; i++) {
              const id = ids[i]!;
              t += id >= 0 ? (s.has[id] ? s.vals[id]! : 0) : subs[i]!(s);
            }
            return t;
          };
        }
        const or = e.op === '||';
        return (s) => {
          let v = 0;
          for (let i = 0; i < n; i++) {
            const id = ids[i]!;
            v = id >= 0 ? (s.has[id] ? s.vals[id]! : 0) : subs[i]!(s);
            if ((v !== 0) === or) return v;
          }
          return v;
        };
      }
      const left = numNode(e.left, idOf);
      const right = numNode(e.right, idOf);
      switch (e.op) {
        case '-':
          return (s) => left(s) - right(s);
        case '*':
          return (s) => left(s) * right(s);
        case '/':
          return (s) => {
            const a = left(s);
            const b = right(s);
            if (b === 0) throw new DivisionByZeroError();
            return a / b;
          };
        case '^':
          return (s) => {
            const a = left(s);
            return Number(BigInt.asUintN(64, toUV(a) ^ toUV(right(s))));
          };
      }
      break;
    }
    case 'chain': {
      const operands = e.operands.map((o) => numNode(o, idOf));
      const ops = e.ops;
      return (s) => {
        let a = operands[0]!(s);
        for (let i = 0; i < ops.length; i++) {
          const b = operands[i + 1]!(s);
          if (!compare(ops[i]!, a, b)) return 0;
          a = b;
        }
        return 1;
      };
    }
    case 'conditional': {
      const test = numNode(e.test, idOf);
      const then = numNode(e.then, idOf);
      const otherwise = numNode(e.else, idOf);
      return (s) => (test(s) !== 0 ? then(s) : otherwise(s));
    }
    case 'string':
      break;
  }
  throw new Error(`meta: no numeric form for a ${e.kind} node`);
}

/**
 * Compiles a meta's expression against a plan's rule ids (`idOf`: undefined for a name
 * without one). Expressions deeper than {@link MAX_CLOSURE_DEPTH}, and any with a string
 * literal (which meta syntax does not produce), are interpreted instead.
 */
export function compileMeta(expr: Expr, idOf: (name: string) => number | undefined): MetaProgram {
  if (depthExceeds(expr, MAX_CLOSURE_DEPTH) || hasString(expr)) {
    return (s) => evaluateMeta(expr, (n) => {
      const id = idOf(n);
      if (id === undefined) return s.other(n);
      return s.has[id] ? s.vals[id]! : 0;
    }, s.localTestsOnly);
  }
  const root = numNode(expr, idOf);
  return (s) => {
    const v = root(s);
    // got_hit's value: a true result when positive, else 1; a false one (0, "") is a miss.
    return v === 0 ? 0 : v > 0 ? v : 1;
  };
}
