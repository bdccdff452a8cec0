/**
 * AST -> V8 `RegExp` source (no `u` flag), exact for every input.
 *
 * Perl constructs JavaScript lacks are rewritten into equivalent JavaScript:
 * - Perl `$` (no /m, and `\Z`): end, or before a final `\n` -> `(?=\n?$)` (JS `$` is the end only).
 * - Perl `$` under /m: before any `\n` or at the end -> `(?=\n|$)` (JS /m also breaks at `\r`).
 * - Perl `^` under /m: start, or after a `\n` that is not the last char -> `(?:^|(?<=\n)(?!$))`.
 * - `\A` -> `^`, `\z` -> `$` (we never set JS `m`, so these are the text's ends).
 * - atomic `(?>X)` and possessive `X*+` -> `(?=(X))\k`: a lookahead is atomic in JavaScript, and
 *   the backreference consumes what it matched. The helper group shifts later group numbers, so
 *   every backreference is renumbered (named groups keep their names).
 */
import type { Node, ParsedRegex } from './ast.js';
import { literalUnderFlag } from './case-mode.js';
import { charSource, setSource } from './emit-chars.js';
import { RegexTranslateError } from './errors.js';
import { sharedGroup } from './group-memo.js';

const ASSERTS: Record<string, string> = {
  start: '^',
  lineStart: '(?:^|(?<=\\n)(?!$))',
  end: '$',
  endOrFinalNewline: '(?=\\n?$)',
  lineEnd: '(?=\\n|$)',
  wordBoundary: '\\b',
  notWordBoundary: '\\B',
};

/** Quantifier suffix for `{min,max}`. */
export function quantifierSource(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (min === max) return `{${min}}`;
  return max === Infinity ? `{${min},}` : `{${min},${max}}`;
}

/**
 * Whether the emitted form of `node` can take a quantifier directly. Decided from the node alone
 * (the emitter writes each node the same way wherever it stands), so the emitter can open a
 * `(?:` before writing a repeat's body.
 */
function isAtom(node: Node): boolean {
  switch (node.type) {
    case 'set':
    case 'alt':
    case 'backref':
      return true;
    case 'seq':
      return node.items.length === 1 && isAtom(node.items[0]!);
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain';
    default:
      return false;
  }
}

/**
 * Writes the source left to right into one list of pieces (joined once at the end): the trees
 * of ReplaceTags expansions are tens of thousands of nodes wide.
 */
class JsEmitter {
  /** Number of groups opened so far in the emitted source. */
  private jsGroups = 0;
  /** Perl group number -> JS group number. */
  private readonly groupMap = new Map<number, number>();
  private readonly out: string[] = [];

  constructor(private readonly caseFlag: boolean) {}

  emitRoot(node: Node): string {
    this.body(node, false);
    return this.out.join('');
  }

  /** A group body or the root: alternation needs no extra parentheses here. */
  private body(node: Node, inLookbehind: boolean): void {
    if (node.type !== 'alt') {
      this.emit(node, inLookbehind);
      return;
    }
    const alternatives = node.alternatives;
    for (let k = 0; k < alternatives.length; k++) {
      if (k > 0) this.out.push('|');
      this.emit(alternatives[k]!, inLookbehind);
    }
  }

  private emit(node: Node, inLookbehind: boolean): void {
    const out = this.out;
    switch (node.type) {
      case 'set': {
        const lit = this.caseFlag ? literalUnderFlag(node) : undefined;
        out.push(lit !== undefined ? charSource(lit) : setSource(node.set, node.high, '[^]', '[]'));
        return;
      }
      case 'assert':
        out.push(ASSERTS[node.kind]!);
        return;
      case 'seq':
        for (let k = 0, list = node.items; k < list.length; k++) {
          const item = list[k]!;
          this.emit(item, inLookbehind);
        }
        return;
      case 'alt':
        out.push('(?:');
        this.body(node, inLookbehind);
        out.push(')');
        return;
      case 'backref': {
        const js = this.groupMap.get(node.group);
        if (js === undefined) throw new RegexTranslateError(`backreference \\${node.group} before its group`, 'backreference');
        // Wrapped so that a following digit can never extend the number.
        out.push(`(?:\\${js})`);
        return;
      }
      case 'group': {
        // A group the parser shares between occurrences: its text is written once per case flag.
        const memo = sharedGroup(node);
        if (memo === undefined || memo.hits === 0 || !memo.jsPure) {
          this.group(node, inLookbehind);
          return;
        }
        const slot = this.caseFlag ? 1 : 0;
        const known = memo.js[slot];
        if (known !== undefined) {
          out.push(known);
          return;
        }
        const start = out.length;
        this.group(node, inLookbehind);
        const text = out.slice(start).join('');
        out.length = start;
        out.push(text);
        memo.js[slot] = text;
        return;
      }
      case 'repeat': {
        if (node.mode === 'possessive') {
          this.atomic({ type: 'repeat', body: node.body, min: node.min, max: node.max, mode: 'greedy' }, inLookbehind);
          return;
        }
        const wrap = !isAtom(node.body);
        if (wrap) out.push('(?:');
        this.emit(node.body, inLookbehind);
        if (wrap) out.push(')');
        out.push(quantifierSource(node.min, node.max) + (node.mode === 'lazy' ? '?' : ''));
        return;
      }
    }
  }

  private group(node: Extract<Node, { type: 'group' }>, inLookbehind: boolean): void {
    const out = this.out;
    switch (node.kind) {
      case 'capture': {
        const js = ++this.jsGroups;
        if (node.index !== undefined) this.groupMap.set(node.index, js);
        out.push(node.name !== undefined ? `(?<${node.name}>` : '(');
        this.body(node.body, inLookbehind);
        out.push(')');
        return;
      }
      case 'plain':
        out.push('(?:');
        this.body(node.body, inLookbehind);
        out.push(')');
        return;
      case 'atomic':
        this.atomic(node.body, inLookbehind);
        return;
      case 'lookahead':
        out.push('(?=');
        this.body(node.body, inLookbehind);
        out.push(')');
        return;
      case 'negativeLookahead':
        out.push('(?!');
        this.body(node.body, inLookbehind);
        out.push(')');
        return;
      case 'lookbehind':
        out.push('(?<=');
        this.body(node.body, true);
        out.push(')');
        return;
      case 'negativeLookbehind':
        out.push('(?<!');
        this.body(node.body, true);
        out.push(')');
        return;
    }
  }

  /** `(?=(X))\k`: match X once, as a lookahead does, then consume exactly that text. */
  private atomic(body: Node, inLookbehind: boolean): void {
    if (inLookbehind) {
      // V8 runs lookbehinds right to left, so the backreference would be read before its group.
      throw new RegexTranslateError('an atomic group or possessive quantifier inside a lookbehind is not supported', 'unsupported');
    }
    const helper = ++this.jsGroups;
    this.out.push('(?=(');
    this.body(body, inLookbehind);
    this.out.push(`))(?:\\${helper})`);
  }
}

/**
 * Writes the V8 form of a parsed pattern.
 *
 * @param parsed - output of the parser
 * @param caseFlag - whether the `i` flag will be set (see `useCaseInsensitiveFlag`)
 */
export function emitJs(parsed: ParsedRegex, caseFlag: boolean): { source: string; flags: '' | 'i' } {
  const source = new JsEmitter(caseFlag).emitRoot(parsed.root);
  return { source: source === '' ? '(?:)' : source, flags: caseFlag ? 'i' : '' };
}
