/**
 * Evaluating a meta rule with Perl's value semantics, as the sub SA compiles for it
 * (`Conf::Parser::compile_meta_rules`): each rule name reads `($h->{NAME}||0)`, operators are
 * Perl's (`&&`/`||` return an operand, `!` and comparisons give 1 or "").
 *
 * Each meta is compiled once per scan plan, its names already resolved to the plan's rule ids
 * (meta-plan.ts), so that a scan reads values straight from its value arrays: all the metas
 * of a plan are packed into one integer array ({@link MetaCode}). Profile that motivated it
 * (docs/benchmarks.md): on warm scans of the stock rules ~920 metas are evaluated per
 * message, and the explicit-stack interpreter of config/expression.ts with a name lookup per
 * operand took 13% of the scan time. Expressions nested deeper than {@link MAX_CLOSURE_DEPTH}
 * keep that interpreter, which needs no JS stack. The packed form is built from the parsed
 * expression (typed data), never from rule text.
 */
import { compare, DivisionByZeroError, evaluate, exprChildren, toUV, type ComparisonOp, type Expr, type PerlValue } from '../config/expression.js';
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

/** Deeper expressions are interpreted (the packed form is evaluated recursively, a call per level). */
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

// Opcodes of the packed form. A node is its opcode followed by its operands; an operand that
// refers to a node is that node's offset, or -(id + 1) for a rule name read directly.
const NAME = 0; // id
const NUM = 1; // const index
const OTHER = 2; // index in `others`: a name without an id
const LTO = 3; // local_tests_only
const NOT = 4; // ref
const NEG = 5; // ref
const AND = 6; // n, refs…
const OR = 7; // n, refs…
const ADD = 8; // n, refs…
const SUB = 9; // ref, ref
const MUL = 10; // ref, ref
const DIV = 11; // ref, ref
const XOR = 12; // ref, ref
const CHAIN = 13; // n operands, n - 1 comparison indexes, refs…
const COND = 14; // ref, ref, ref
const CALL = 15; // n, refs…
const FALLBACK = 16; // index in `fallbacks`

const COMPARISONS: readonly ComparisonOp[] = ['==', '!=', '<', '>', '<=', '>='];

/**
 * The metas of a plan packed into one integer array, evaluated by one function.
 *
 * Why not a closure per node (the first form): on warm scans of the stock rules ~840 of the
 * ~915 metas a message evaluates were `&&`/`||` runs, and their closures took ~0.25 µs each
 * — each meta's closures, contexts and operand arrays sit apart in the heap, and a scan
 * visits them all once. Here a meta is a few consecutive ints of one array.
 *
 * Without string literals every value of a meta is a number or Perl's "" (from `!` and
 * comparisons), and "" behaves as 0 everywhere a meta can use it (truth, arithmetic,
 * comparison, unary minus, the final hit value), so "" is 0 here and a value is true when it
 * is not 0 (NaN is true, as in Perl). Expressions nested deeper than {@link MAX_CLOSURE_DEPTH},
 * and any with a string literal (which meta syntax does not produce), are interpreted.
 */
export class MetaCode {
  readonly #code: number[] = [];
  #packed: Int32Array | undefined;
  readonly #consts: number[] = [];
  readonly #others: string[] = [];
  readonly #fallbacks: MetaProgram[] = [];

  /**
   * Compiles an expression against a plan's rule ids (`idOf`: undefined for a name without
   * one); returns its entry for {@link MetaCode.run}. The program is built from the parsed
   * expression (typed data), never from rule text.
   */
  add(expr: Expr, idOf: (name: string) => number | undefined): number {
    this.#packed = undefined;
    if (depthExceeds(expr, MAX_CLOSURE_DEPTH) || hasString(expr)) {
      this.#fallbacks.push((s) =>
        evaluateMeta(
          expr,
          (n) => {
            const id = idOf(n);
            if (id === undefined) return s.other(n);
            return s.has[id] ? s.vals[id]! : 0;
          },
          s.localTestsOnly,
        ),
      );
      return this.#node(FALLBACK, this.#fallbacks.length - 1);
    }
    const root = this.#emit(expr, idOf);
    return root >= 0 ? root : this.#node(NAME, -root - 1);
  }

  /** The number SA records for a hit of the meta at `entry` (see {@link MetaProgram}). */
  run(entry: number, s: MetaInputs): number {
    const c = (this.#packed ??= Int32Array.from(this.#code));
    const k = c[entry]!;
    // A fallback returns the hit value already.
    if (k === FALLBACK) return this.#fallbacks[c[entry + 1]!]!(s);
    const v = this.#value(c, entry, s);
    // got_hit's value: a true result when positive, else 1; a false one (0, "") is a miss.
    return v === 0 ? 0 : v > 0 ? v : 1;
  }

  #node(op: number, ...operands: number[]): number {
    const at = this.#code.length;
    this.#code.push(op, ...operands);
    return at;
  }

  /** Emits `e` (its operands first) and returns its reference. */
  #emit(e: Expr, idOf: (name: string) => number | undefined): number {
    const refs = (items: readonly Expr[]) => items.map((x) => this.#emit(x, idOf));
    switch (e.kind) {
      case 'number':
        this.#consts.push(e.value);
        return this.#node(NUM, this.#consts.length - 1);
      case 'name': {
        if (e.name === 'local_tests_only') return this.#node(LTO);
        const id = idOf(e.name);
        if (id !== undefined) return -(id + 1);
        this.#others.push(e.name);
        return this.#node(OTHER, this.#others.length - 1);
      }
      case 'call': {
        const args = refs(e.args);
        return this.#node(CALL, args.length, ...args);
      }
      case 'unary': {
        const operand = this.#emit(e.operand, idOf);
        if (e.op === '!') return this.#node(NOT, operand);
        if (e.op === '-') return this.#node(NEG, operand);
        return operand;
      }
      case 'binary': {
        if (e.op === '||' || e.op === '&&' || e.op === '+') {
          const items = refs(flatten(e, e.op));
          return this.#node(e.op === '||' ? OR : e.op === '&&' ? AND : ADD, items.length, ...items);
        }
        const left = this.#emit(e.left, idOf);
        const right = this.#emit(e.right, idOf);
        return this.#node(e.op === '-' ? SUB : e.op === '*' ? MUL : e.op === '/' ? DIV : XOR, left, right);
      }
      case 'chain': {
        const operands = refs(e.operands);
        return this.#node(CHAIN, operands.length, ...e.ops.map((op) => COMPARISONS.indexOf(op)), ...operands);
      }
      case 'conditional': {
        const test = this.#emit(e.test, idOf);
        const then = this.#emit(e.then, idOf);
        const otherwise = this.#emit(e.else, idOf);
        return this.#node(COND, test, then, otherwise);
      }
      case 'string':
        break;
    }
    throw new Error(`meta: no numeric form for a ${e.kind} node`);
  }

  /** The value of the operand `ref`: a rule's value read directly, or a node's. */
  #operand(c: Int32Array, ref: number, s: MetaInputs): number {
    if (ref < 0) {
      const id = -ref - 1;
      return s.has[id] ? s.vals[id]! : 0;
    }
    return this.#value(c, ref, s);
  }

  #value(c: Int32Array, k: number, s: MetaInputs): number {
    switch (c[k]) {
      case NAME: {
        const id = c[k + 1]!;
        return s.has[id] ? s.vals[id]! : 0;
      }
      case NUM:
        return this.#consts[c[k + 1]!]!;
      case OTHER:
        return s.other(this.#others[c[k + 1]!]!);
      case LTO:
        return s.localTestsOnly ? 1 : 0;
      case NOT:
        return this.#operand(c, c[k + 1]!, s) !== 0 ? 0 : 1;
      case NEG:
        return -this.#operand(c, c[k + 1]!, s);
      case AND:
      case OR: {
        // Perl's && and || return the operand that decided.
        const or = c[k] === OR;
        const end = k + 2 + c[k + 1]!;
        let v = 0;
        for (let i = k + 2; i < end; i++) {
          v = this.#operand(c, c[i]!, s);
          if ((v !== 0) === or) return v;
        }
        return v;
      }
      case ADD: {
        const end = k + 2 + c[k + 1]!;
        let t = 0;
        for (let i = k + 2; i < end; i++) t += this.#operand(c, c[i]!, s);
        return t;
      }
      case SUB:
        return this.#operand(c, c[k + 1]!, s) - this.#operand(c, c[k + 2]!, s);
      case MUL:
        return this.#operand(c, c[k + 1]!, s) * this.#operand(c, c[k + 2]!, s);
      case DIV: {
        const a = this.#operand(c, c[k + 1]!, s);
        const b = this.#operand(c, c[k + 2]!, s);
        if (b === 0) throw new DivisionByZeroError();
        return a / b;
      }
      case XOR: {
        const a = this.#operand(c, c[k + 1]!, s);
        return Number(BigInt.asUintN(64, toUV(a) ^ toUV(this.#operand(c, c[k + 2]!, s))));
      }
      case CHAIN: {
        const n = c[k + 1]!;
        const refs = k + 2 + (n - 1);
        let a = this.#operand(c, c[refs]!, s);
        for (let i = 1; i < n; i++) {
          const b = this.#operand(c, c[refs + i]!, s);
          if (!compare(COMPARISONS[c[k + 1 + i]!]!, a, b)) return 0;
          a = b;
        }
        return 1;
      }
      case COND:
        return this.#operand(c, c[k + 1]!, s) !== 0 ? this.#operand(c, c[k + 2]!, s) : this.#operand(c, c[k + 3]!, s);
      case CALL: {
        const end = k + 2 + c[k + 1]!;
        for (let i = k + 2; i < end; i++) this.#operand(c, c[i]!, s);
        return 0;
      }
    }
    throw new Error(`meta: bad opcode ${c[k]} at ${k}`);
  }
}

/**
 * Compiles one meta's expression on its own (see {@link MetaCode}, which a plan uses to
 * pack all of its metas into one array).
 */
export function compileMeta(expr: Expr, idOf: (name: string) => number | undefined): MetaProgram {
  const code = new MetaCode();
  const entry = code.add(expr, idOf);
  return (s) => code.run(entry, s);
}
