/**
 * Decides whether a translated pattern runs with the engine's case-insensitive flag.
 *
 * V8 11 has no scoped modifiers, so `i` is all-or-nothing. Sets and literals never need it: the
 * parser already folded them, so they can always be written as explicit classes (`(?i:ct)` becomes
 * `[cC][tT]`). Two things decide:
 * - a backreference under `/i` must compare case-insensitively, which only the flag can do;
 * - the flag is only harmless if every set is closed under folding (a case-sensitive `A` in the
 *   same pattern would start matching `a`), and no case-sensitive backreference exists.
 * When the flag is harmless and the pattern has folded literals, we use it anyway: the source
 * stays close to the original (`/foo/i` -> `foo` + `i`).
 */
import type { Node } from './ast.js';
import { isFoldClosed } from './case-fold.js';
import { RegexTranslateError } from './errors.js';

function visit(node: Node, fn: (n: Node) => void): void {
  fn(node);
  if (node.type === 'seq') node.items.forEach((n) => visit(n, fn));
  else if (node.type === 'alt') node.alternatives.forEach((n) => visit(n, fn));
  else if (node.type === 'group' || node.type === 'repeat') visit(node.body, fn);
}

/**
 * Whether to use the case-insensitive engine flag for `root`.
 *
 * @throws RegexTranslateError (code `case-insensitive-backreference`) when a backreference needs
 * `/i` but other parts of the pattern are case-sensitive, or it needs `/d`-style ASCII-only folding
 */
export function useCaseInsensitiveFlag(root: Node): boolean {
  let needs = false;
  let blocked = false;
  let prefers = false;
  let asciiOnlyRef = false;
  visit(root, (n) => {
    if (n.type === 'backref') {
      if (n.fold === undefined) blocked = true;
      else needs = true;
      if (n.fold === 'd') asciiOnlyRef = true;
    } else if (n.type === 'set') {
      if (!isFoldClosed(n.set)) blocked = true;
      else if (n.literal !== undefined && n.set.size === 2) prefers = true;
    }
  });
  if (asciiOnlyRef) {
    throw new RegexTranslateError(
      'a backreference under (?^i) folds ASCII only; V8 and RE2 would also fold Latin-1 letters',
      'case-insensitive-backreference',
    );
  }
  if (needs && blocked) {
    throw new RegexTranslateError(
      'a backreference under /i in a pattern that is case-sensitive elsewhere has no exact V8 form (V8 11 has no scoped (?i:...))',
      'case-insensitive-backreference',
    );
  }
  return needs || (prefers && !blocked);
}

/**
 * Whether a set node can be written as its bare literal when the engine flag is on: the set is
 * exactly the literal and its fold partner (or the literal alone when it has none).
 */
export function literalUnderFlag(node: Extract<Node, { type: 'set' }>): number | undefined {
  if (node.literal === undefined) return undefined;
  return isFoldClosed(node.set) && node.set.has(node.literal) && node.set.size <= 2 ? node.literal : undefined;
}
