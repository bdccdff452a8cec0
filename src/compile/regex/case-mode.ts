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
import { sharedGroup } from './group-memo.js';

/** What {@link useCaseInsensitiveFlag} learns from one walk over the tree. */
interface CaseFacts {
  needs: boolean;
  blocked: boolean;
  prefers: boolean;
  asciiOnlyRef: boolean;
}

function scan(node: Node, facts: CaseFacts): void {
  switch (node.type) {
    case 'backref':
      if (node.fold === undefined) facts.blocked = true;
      else facts.needs = true;
      if (node.fold === 'd') facts.asciiOnlyRef = true;
      return;
    case 'set':
      if (!isFoldClosed(node.set)) facts.blocked = true;
      else if (node.literal !== undefined && node.set.size === 2) facts.prefers = true;
      return;
    case 'seq':
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        scan(item, facts);
      }
      return;
    case 'alt':
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        scan(alternative, facts);
      }
      return;
    case 'group': {
      // A group the parser shares has no backreference: only `blocked` and `prefers` can come
      // from it, and they are worked out once.
      const memo = sharedGroup(node);
      if (memo === undefined) {
        scan(node.body, facts);
        return;
      }
      if (memo.caseFacts === undefined) {
        const own: CaseFacts = { needs: false, blocked: false, prefers: false, asciiOnlyRef: false };
        scan(node.body, own);
        memo.caseFacts = (own.blocked ? BLOCKED : 0) | (own.prefers ? PREFERS : 0);
      }
      if (memo.caseFacts & BLOCKED) facts.blocked = true;
      if (memo.caseFacts & PREFERS) facts.prefers = true;
      return;
    }
    case 'repeat':
      scan(node.body, facts);
      return;
    default:
      return;
  }
}

/** Bits of `SharedGroup.caseFacts`. */
const BLOCKED = 1;
const PREFERS = 2;

/**
 * Whether to use the case-insensitive engine flag for `root`.
 *
 * @throws RegexTranslateError (code `case-insensitive-backreference`) when a backreference needs
 * `/i` but other parts of the pattern are case-sensitive, or it needs `/d`-style ASCII-only folding
 */
export function useCaseInsensitiveFlag(root: Node): boolean {
  const facts: CaseFacts = { needs: false, blocked: false, prefers: false, asciiOnlyRef: false };
  scan(root, facts);
  const { needs, blocked, prefers, asciiOnlyRef } = facts;
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
