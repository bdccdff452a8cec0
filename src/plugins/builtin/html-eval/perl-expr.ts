/**
 * The tiny Perl expressions HTMLEval builds with `eval "\$val $expr"` (html_eval,
 * html_tag_balance). SA only lets the characters `<>=!-+`, space and digits through, so the
 * language is: integer literals (a leading 0 means octal, as in Perl source), unary `! - +`,
 * binary `+ - << >> < > <= >= == != <=>`, assignment to `$val` (`= += -= <<= >>=`), the
 * postfix `++`/`--` on `$val`, and `=>` (a comma: the right operand is the value).
 * Anything Perl would refuse to compile makes the eval fail, i.e. a miss.
 */

type Tok = { k: 'num'; v: number } | { k: 'op'; v: string } | { k: 'val' };

const OPS = ['<=>', '<<=', '>>=', '<=', '>=', '==', '!=', '=>', '<<', '>>', '++', '--', '+=', '-=', '<', '>', '=', '!', '+', '-'];

class Fail extends Error {}

function tokenize(expr: string): Tok[] {
  const out: Tok[] = [{ k: 'val' }];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    const d = /^[0-9]+/.exec(expr.slice(i));
    if (d) {
      const s = d[0];
      let v: number;
      if (s.length > 1 && s[0] === '0') {
        if (/[89]/.test(s)) throw new Fail('illegal octal digit');
        v = parseInt(s, 8);
      } else v = Number(s);
      out.push({ k: 'num', v });
      i += s.length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) throw new Fail('bad character');
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Perl's 1 / "" booleans, held as numbers with the empty string's numeric value. */
const bool = (b: boolean): number => (b ? 1 : 0);

class Parser {
  private pos = 0;
  constructor(
    private readonly toks: Tok[],
    private val: number,
  ) {}

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t !== undefined && t.k === 'op' && t.v === v;
  }

  run(): number {
    const v = this.comma();
    if (this.pos !== this.toks.length) throw new Fail('syntax error');
    return v;
  }

  private comma(): number {
    let v = this.assign();
    while (this.isOp('=>')) {
      this.pos++;
      v = this.assign();
    }
    return v;
  }

  private assign(): number {
    // Only `$val` itself can be assigned to.
    const t = this.peek();
    const next = this.toks[this.pos + 1];
    if (t?.k === 'val' && next?.k === 'op' && ['=', '+=', '-=', '<<=', '>>='].includes(next.v)) {
      this.pos += 2;
      const rhs = this.assign();
      const old = this.val;
      const nv =
        next.v === '=' ? rhs : next.v === '+=' ? old + rhs : next.v === '-=' ? old - rhs : next.v === '<<=' ? shift(old, rhs, true) : shift(old, rhs, false);
      this.val = nv;
      return nv;
    }
    return this.equality();
  }

  // Perl 5.32+ chains `==`/`!=` and `< > <= >=` (`$a < $b <= $c`); `<=>` does not chain.
  private equality(): number {
    let l = this.relational();
    if (this.isOp('<=>')) {
      this.pos++;
      const r = this.relational();
      if (this.isOp('==') || this.isOp('!=') || this.isOp('<=>')) throw new Fail('non-associative');
      return Math.sign(l - r);
    }
    let result: number | undefined;
    while (this.isOp('==') || this.isOp('!=')) {
      const eq = this.isOp('==');
      this.pos++;
      const r = this.relational();
      if (this.isOp('<=>')) throw new Fail('syntax error');
      result = bool((result ?? 1) !== 0 && (eq ? l === r : l !== r));
      l = r;
    }
    return result ?? l;
  }

  private relational(): number {
    let l = this.shiftExpr();
    let result: number | undefined;
    for (;;) {
      const op = ['<=', '>=', '<', '>'].find((o) => this.isOp(o));
      if (!op) return result ?? l;
      this.pos++;
      const r = this.shiftExpr();
      const ok = op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
      result = bool((result ?? 1) !== 0 && ok);
      l = r;
    }
  }

  private shiftExpr(): number {
    let v = this.additive();
    for (;;) {
      if (this.isOp('<<') || this.isOp('>>')) {
        const left = this.isOp('<<');
        this.pos++;
        v = shift(v, this.additive(), left);
      } else return v;
    }
  }

  private additive(): number {
    let v = this.unary();
    for (;;) {
      if (this.isOp('+') || this.isOp('-')) {
        const plus = this.isOp('+');
        this.pos++;
        const r = this.unary();
        v = plus ? v + r : v - r;
      } else return v;
    }
  }

  private unary(): number {
    if (this.isOp('!')) {
      this.pos++;
      return bool(this.unary() === 0);
    }
    if (this.isOp('-')) {
      this.pos++;
      return -this.unary();
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.unary();
    }
    return this.postfix();
  }

  private postfix(): number {
    const t = this.peek();
    if (!t) throw new Fail('missing term');
    this.pos++;
    if (t.k === 'num') return t.v;
    if (t.k === 'val') {
      if (this.isOp('++') || this.isOp('--')) {
        const inc = this.isOp('++');
        this.pos++;
        const old = this.val;
        this.val += inc ? 1 : -1;
        return old;
      }
      return this.val;
    }
    throw new Fail('syntax error');
  }
}

function shift(a: number, b: number, left: boolean): number {
  // Perl shifts unsigned 64-bit integers; our values are small counts and lengths.
  const x = BigInt.asUintN(64, BigInt(Math.trunc(a)));
  const n = BigInt(Math.trunc(b));
  if (n < 0n) return shift(a, -b, !left);
  const r = left ? BigInt.asUintN(64, x << n) : x >> n;
  return Number(r);
}

/**
 * Evaluates `$val EXPR` as Perl would and gives its truth: false when Perl would fail to
 * compile or run it.
 */
export function perlExprTrue(val: number, expr: string): boolean {
  try {
    const v = new Parser(tokenize(expr), val).run();
    return v !== 0;
  } catch (e) {
    if (e instanceof Fail) return false;
    throw e;
  }
}
