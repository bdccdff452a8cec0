/**
 * The little expression language SpamAssassin shares between `if` lines and `meta` rules.
 *
 * SA tokenises both with `Constants::ARITH_EXPRESSION_LEXER` and then hands the rebuilt text to
 * Perl's `eval`, so the grammar, the precedence and the value rules are Perl's. We lex with the
 * same alternatives (characters no alternative matches are skipped, exactly as Perl's list-context
 * `m//g` skips them) and parse with Perl's precedence: `?:` < `||` < `&&` < `^` < `== !=` <
 * `< > <= >=` < `+ -` < `* /` < unary `! - +`. Relational and equality operators chain as they
 * do since Perl 5.32 (`a < b < c` means `a < b && b < c`).
 */
import { excerpt } from './diagnostics.js';
import { perlNum } from '../perl/numbers.js';
import { perlTrue } from '../perl/truth.js';

/** One token, as `ARITH_EXPRESSION_LEXER` cuts it. */
export type Token = string;

// The alternatives of ARITH_EXPRESSION_LEXER, in SA's order (order matters: a "-" or "+" is
// first tried as part of a number run, which is why "3-1" lexes as one token).
const LEXER = /[-+\d.]+|\w[\w:]*|[()]|\|\||&&|\^|!(?!=)|>=?|<=?|==|!=|[-+*/]|[?:]/g;

/** Splits an expression into tokens the way SpamAssassin does (unmatched characters vanish). */
export function lexExpression(text: string): Token[] {
  return text.match(LEXER) ?? [];
}

/** A parsed expression. */
export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'name'; name: string }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'unary'; op: '!' | '-' | '+'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'chain'; ops: ComparisonOp[]; operands: Expr[] }
  | { kind: 'conditional'; test: Expr; then: Expr; else: Expr };

/** Arithmetic and logical binary operators. */
export type BinaryOp = '||' | '&&' | '^' | '+' | '-' | '*' | '/';
/** Comparison operators (these chain). */
export type ComparisonOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

/** Thrown when an expression is not valid Perl; the message reads like a lint error. */
export class ExpressionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}

/**
 * How operand tokens are read; `if` lines and metas differ here.
 * Returns the node for a token that is not an operator or parenthesis.
 */
export type OperandReader = (token: Token, next: Token | undefined) => Expr | 'call';

const NUMBER = /^[+-]?\d+(?:\.\d+)?$|^[+-]?\.\d+$|^[+-]?\d+\.$/;

/** Reads a token as a Perl numeric literal, or returns undefined. */
export function numericLiteral(token: Token): number | undefined {
  return NUMBER.test(token) ? Number(token) : undefined;
}

/** The binary levels, loosest first: left-associative operators, or comparisons that chain. */
const LEVELS: readonly { readonly ops: readonly string[]; readonly chain: boolean }[] = [
  { ops: ['||'], chain: false },
  { ops: ['&&'], chain: false },
  { ops: ['^'], chain: false },
  { ops: ['==', '!='], chain: true },
  { ops: ['<', '>', '<=', '>='], chain: true },
  { ops: ['+', '-'], chain: false },
  { ops: ['*', '/'], chain: false },
];

/** Tokens that cannot start an operand. */
const NOT_AN_OPERAND = /^(?:\|\||&&|\^|!|[<>]=?|==|!=|[-+*/?:)])$/;

/**
 * One pending grammar rule of {@link parseTokens} (what a recursive-descent parser keeps on the
 * call stack): `s` is where it resumes when the rule it called returns.
 */
type ParseFrame =
  | { k: 'conditional'; s: 0 | 1 | 2 | 3; test?: Expr; then?: Expr }
  | { k: 'level'; level: number; s: 0 | 1; acc?: Expr; op?: BinaryOp; operands?: Expr[]; used?: ComparisonOp[] }
  | { k: 'unary'; s: 0 | 1; op?: '!' | '-' | '+' }
  | { k: 'primary'; s: 0 | 'paren' | 'call'; fn?: string };

/**
 * Parses tokens with Perl's precedence. `readOperand` decides what a word means
 * (a rule name, a class name, a function such as `plugin`).
 *
 * A recursive-descent parser (conditional → `||` → `&&` → `^` → equality → relational →
 * additive → multiplicative → unary → primary) run on an explicit stack rather than the call
 * stack: an expression 10,000 parentheses deep or behind 10,000 `!` (which Perl's parser takes)
 * must not overflow it.
 */
export function parseTokens(tokens: readonly Token[], readOperand: OperandReader): Expr {
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const take = (): Token | undefined => tokens[pos++];
  const fail = (what: string): never => {
    const near = tokens.slice(Math.max(0, pos - 1), pos + 2).join(' ');
    throw new ExpressionSyntaxError(`syntax error: ${what}${near ? ` near "${excerpt(near)}"` : ''}`);
  };
  if (tokens.length === 0) fail('empty expression');

  const stack: ParseFrame[] = [{ k: 'conditional', s: 0 }];
  /** What the rule that just ended produced, for the frame below it; undefined while calling. */
  let ret: Expr | undefined;
  let result: Expr | undefined;
  const done = (value: Expr): void => {
    stack.pop();
    if (stack.length === 0) result = value;
    else ret = value;
  };
  const call = (frame: ParseFrame): void => {
    stack.push(frame);
    ret = undefined;
  };
  const below = (level: number): ParseFrame => (level + 1 < LEVELS.length ? { k: 'level', level: level + 1, s: 0 } : { k: 'unary', s: 0 });

  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    switch (f.k) {
      case 'conditional':
        if (f.s === 0) {
          f.s = 1;
          call({ k: 'level', level: 0, s: 0 });
        } else if (f.s === 1) {
          if (peek() === '?') {
            take();
            f.test = ret!;
            f.s = 2;
            call({ k: 'conditional', s: 0 });
          } else done(ret!);
        } else if (f.s === 2) {
          f.then = ret!;
          if (take() !== ':') fail("expected ':'");
          f.s = 3;
          call({ k: 'conditional', s: 0 });
        } else done({ kind: 'conditional', test: f.test!, then: f.then!, else: ret! });
        break;
      case 'level': {
        if (f.s === 0) {
          f.s = 1;
          call(below(f.level));
          break;
        }
        const { ops, chain } = LEVELS[f.level]!;
        if (chain) {
          if (f.operands) f.operands.push(ret!);
          else f.operands = [ret!];
          if (ops.includes(peek() ?? '')) {
            (f.used ??= []).push(take() as ComparisonOp);
            call(below(f.level));
          } else done(f.used ? { kind: 'chain', ops: f.used, operands: f.operands } : f.operands[0]!);
        } else {
          f.acc = f.acc === undefined ? ret! : { kind: 'binary', op: f.op!, left: f.acc, right: ret! };
          if (ops.includes(peek() ?? '')) {
            f.op = take() as BinaryOp;
            call(below(f.level));
          } else done(f.acc);
        }
        break;
      }
      case 'unary':
        if (f.s === 1) done({ kind: 'unary', op: f.op!, operand: ret! });
        else {
          const t = peek();
          if (t === '!' || t === '-' || t === '+') {
            take();
            f.op = t;
            f.s = 1;
            call({ k: 'unary', s: 0 });
          } else {
            stack.pop();
            call({ k: 'primary', s: 0 });
          }
        }
        break;
      case 'primary': {
        if (f.s === 'paren') {
          if (take() !== ')') fail("expected ')'");
          done(ret!);
          break;
        }
        if (f.s === 'call') {
          if (take() !== ')') fail("expected ')'");
          done({ kind: 'call', fn: f.fn!, args: [ret!] });
          break;
        }
        const t = take();
        if (t === undefined) return fail('unexpected end of expression');
        if (t === '(') {
          if (peek() === ')') {
            // "()" is an empty list; in scalar context it is undef (SA bug 8061 relies on this).
            take();
            done({ kind: 'name', name: '' });
          } else {
            f.s = 'paren';
            call({ k: 'conditional', s: 0 });
          }
          break;
        }
        if (NOT_AN_OPERAND.test(t)) fail(`unexpected '${t}'`);
        const num = numericLiteral(t);
        if (num !== undefined) {
          done({ kind: 'number', value: num });
          break;
        }
        const node = readOperand(t, peek());
        if (node !== 'call') {
          done(node);
          break;
        }
        // A function call: name ( args )
        if (take() !== '(') fail(`expected '(' after ${excerpt(t)}`);
        if (peek() !== ')') {
          f.s = 'call';
          f.fn = t;
          call({ k: 'conditional', s: 0 });
        } else {
          take();
          done({ kind: 'call', fn: t, args: [] });
        }
        break;
      }
    }
  }
  if (pos < tokens.length) fail(`unexpected '${excerpt(tokens[pos]!)}'`);
  return result!;
}

/** A Perl scalar as these expressions produce it: a number, a string, or undef. */
export type PerlValue = number | string | undefined;

/** Division by zero, as Perl's `Illegal division by zero`. */
export class DivisionByZeroError extends Error {
  constructor() {
    super('Illegal division by zero');
    this.name = 'DivisionByZeroError';
  }
}

/** One node of {@link evaluate} in progress: `s` counts the operands already evaluated. */
interface EvalFrame {
  e: Expr;
  s: number;
  /** Values kept between steps: an operand already known, a call's arguments, a chain's state. */
  a?: PerlValue;
  b?: PerlValue;
  args?: PerlValue[];
}

/**
 * Evaluates an expression with Perl's value rules: `&&`/`||` return an operand, `!` and
 * comparisons return 1 or "", `^` is integer XOR. `resolve` gives names and calls their values.
 * With `eager`, both sides of `&&`, `||` and `?:` are evaluated (used to mimic Perl's
 * compile-time constant folding, which evaluates every constant sub-expression).
 *
 * Runs on an explicit stack (post-order, with the short-circuits of Perl's operators), so a
 * meta of 10,000 operands (a left-deep tree) or 10,000 nested parentheses evaluates as it does
 * in Perl instead of overflowing the call stack.
 */
export function evaluate(
  expr: Expr,
  resolve: { name(name: string): PerlValue; call(fn: string, args: PerlValue[]): PerlValue },
  eager = false,
): PerlValue {
  const stack: EvalFrame[] = [{ e: expr, s: 0 }];
  /** The value of the node that just ended, for the frame below it. */
  let ret: PerlValue;
  const done = (v: PerlValue): void => {
    stack.pop();
    ret = v;
  };
  const push = (e: Expr): void => {
    stack.push({ e, s: 0 });
  };
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const e = f.e;
    const step = f.s++;
    switch (e.kind) {
      case 'number':
      case 'string':
        done(e.value);
        break;
      case 'name':
        done(resolve.name(e.name));
        break;
      case 'call':
        if (step > 0) (f.args ??= []).push(ret);
        if (step < e.args.length) push(e.args[step]!);
        else done(resolve.call(e.fn, f.args ?? []));
        break;
      case 'unary':
        if (step === 0) push(e.operand);
        else if (e.op === '!') done(perlTrue(ret) ? '' : 1);
        else if (e.op === '-') done(typeof ret === 'string' && !/^\s*[-+\d.]/.test(ret) && ret !== '' ? '-' + ret : -perlNum(ret));
        else done(ret);
        break;
      case 'binary':
        if (step === 0) push(e.left);
        else if (e.op === '&&' || e.op === '||') {
          if (step === 1) {
            f.a = ret;
            const decided = e.op === '&&' ? !perlTrue(ret) : perlTrue(ret);
            if (decided && !eager) done(ret);
            else push(e.right);
          } else {
            const l = f.a;
            done(e.op === '&&' ? (perlTrue(l) ? ret : l) : perlTrue(l) ? l : ret);
          }
        } else if (step === 1) {
          f.a = perlNum(ret);
          push(e.right);
        } else {
          const a = f.a as number;
          const b = perlNum(ret);
          switch (e.op) {
            case '+':
              done(a + b);
              break;
            case '-':
              done(a - b);
              break;
            case '*':
              done(a * b);
              break;
            case '/':
              if (b === 0) throw new DivisionByZeroError();
              done(a / b);
              break;
            case '^':
              done(Number(BigInt.asUintN(64, toUV(a) ^ toUV(b))));
              break;
          }
        }
        break;
      case 'chain':
        // f.a: the left operand of the next comparison; f.b: the result so far (1 or "").
        if (step === 0) {
          f.b = 1;
          push(e.operands[0]!);
        } else if (step === 1) {
          f.a = perlNum(ret);
          push(e.operands[1]!);
        } else {
          const right = perlNum(ret);
          if (!compare(e.ops[step - 2]!, f.a as number, right)) {
            f.b = '';
            if (!eager) {
              done('');
              break;
            }
          }
          f.a = right;
          if (step - 1 < e.ops.length) push(e.operands[step]!);
          else done(f.b);
        }
        break;
      case 'conditional':
        if (eager) {
          // test, then, else all evaluated, in that order.
          if (step === 1) f.a = ret;
          else if (step === 2) f.b = ret;
          if (step < 3) push(step === 0 ? e.test : step === 1 ? e.then : e.else);
          else done(perlTrue(f.a) ? f.b : ret);
        } else if (step === 0) push(e.test);
        else if (step === 1) push(perlTrue(ret) ? e.then : e.else);
        else done(ret);
        break;
    }
  }
  return ret;
}

/** Perl's conversion of a bitwise operator's operand to an unsigned 64-bit integer. */
export function toUV(n: number): bigint {
  // Perl converts operands of bitwise ops to unsigned integers (negative values wrap).
  if (!Number.isFinite(n)) return 0n;
  return BigInt.asUintN(64, BigInt(Math.trunc(n)));
}

/** Perl's numeric comparison operators. */
export function compare(op: ComparisonOp, a: number, b: number): boolean {
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

/** The operands of a node, left to right (none for a leaf). */
export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'call':
      return e.args;
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'chain':
      return e.operands;
    case 'conditional':
      return [e.test, e.then, e.else];
    default:
      return [];
  }
}

/**
 * Every name an expression reads, once per occurrence, left to right: a pre-order walk on an
 * explicit stack, linear in the expression however deep or wide it is.
 */
export function nameOccurrences(expr: Expr): string[] {
  const out: string[] = [];
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === 'name') {
      if (e.name !== '') out.push(e.name);
      continue;
    }
    const children = exprChildren(e);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** Lists the names an expression reads, in first-seen order (meta dependencies). */
export function collectNames(expr: Expr, out: string[] = []): string[] {
  const seen = new Set(out);
  for (const name of nameOccurrences(expr)) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}
