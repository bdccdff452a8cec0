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

interface Out {
  src: string;
  /** Whether a quantifier can follow `src` directly. */
  atom: boolean;
}

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

class JsEmitter {
  /** Number of groups opened so far in the emitted source. */
  private jsGroups = 0;
  /** Perl group number -> JS group number. */
  private readonly groupMap = new Map<number, number>();

  constructor(private readonly caseFlag: boolean) {}

  emitRoot(node: Node): string {
    return this.body(node, false);
  }

  /** A group body or the root: alternation needs no extra parentheses here. */
  private body(node: Node, inLookbehind: boolean): string {
    if (node.type === 'alt') return node.alternatives.map((a) => this.emit(a, inLookbehind).src).join('|');
    return this.emit(node, inLookbehind).src;
  }

  private emit(node: Node, inLookbehind: boolean): Out {
    switch (node.type) {
      case 'set': {
        const lit = this.caseFlag ? literalUnderFlag(node) : undefined;
        if (lit !== undefined) return { src: charSource(lit), atom: true };
        return { src: setSource(node.set, node.high, '[^]', '[]'), atom: true };
      }
      case 'assert':
        return { src: ASSERTS[node.kind]!, atom: false };
      case 'seq': {
        const parts = node.items.map((item) => this.emit(item, inLookbehind));
        return { src: parts.map((p) => p.src).join(''), atom: parts.length === 1 && parts[0]!.atom };
      }
      case 'alt':
        return { src: `(?:${this.body(node, inLookbehind)})`, atom: true };
      case 'backref': {
        const js = this.groupMap.get(node.group);
        if (js === undefined) throw new RegexTranslateError(`backreference \\${node.group} before its group`, 'backreference');
        // Wrapped so that a following digit can never extend the number.
        return { src: `(?:\\${js})`, atom: true };
      }
      case 'group':
        return this.group(node, inLookbehind);
      case 'repeat': {
        if (node.mode === 'possessive') {
          return this.atomic({ type: 'repeat', body: node.body, min: node.min, max: node.max, mode: 'greedy' }, inLookbehind);
        }
        const inner = this.emit(node.body, inLookbehind);
        const src = inner.atom ? inner.src : `(?:${inner.src})`;
        return { src: src + quantifierSource(node.min, node.max) + (node.mode === 'lazy' ? '?' : ''), atom: false };
      }
    }
  }

  private group(node: Extract<Node, { type: 'group' }>, inLookbehind: boolean): Out {
    switch (node.kind) {
      case 'capture': {
        const js = ++this.jsGroups;
        if (node.index !== undefined) this.groupMap.set(node.index, js);
        const open = node.name !== undefined ? `(?<${node.name}>` : '(';
        return { src: `${open}${this.body(node.body, inLookbehind)})`, atom: true };
      }
      case 'plain':
        return { src: `(?:${this.body(node.body, inLookbehind)})`, atom: true };
      case 'atomic':
        return this.atomic(node.body, inLookbehind);
      case 'lookahead':
        return { src: `(?=${this.body(node.body, inLookbehind)})`, atom: false };
      case 'negativeLookahead':
        return { src: `(?!${this.body(node.body, inLookbehind)})`, atom: false };
      case 'lookbehind':
        return { src: `(?<=${this.body(node.body, true)})`, atom: false };
      case 'negativeLookbehind':
        return { src: `(?<!${this.body(node.body, true)})`, atom: false };
    }
  }

  /** `(?=(X))\k`: match X once, as a lookahead does, then consume exactly that text. */
  private atomic(body: Node, inLookbehind: boolean): Out {
    if (inLookbehind) {
      // V8 runs lookbehinds right to left, so the backreference would be read before its group.
      throw new RegexTranslateError('an atomic group or possessive quantifier inside a lookbehind is not supported', 'unsupported');
    }
    const helper = ++this.jsGroups;
    return { src: `(?=(${this.body(body, inLookbehind)}))(?:\\${helper})`, atom: false };
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
