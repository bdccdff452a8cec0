/**
 * Checks that every backreference behaves the same in V8 as in Perl.
 *
 * The engines disagree when the referenced group is unset: Perl's `\1` then fails, JavaScript's
 * matches the empty string (`"b" =~ /(?:(a)|b)\1/` is false in Perl, `/(?:(a)|b)\1/.test("b")`
 * is true). They also disagree after a quantified group iterates without setting it: JavaScript
 * clears captures at each iteration, Perl keeps the last value (`"abb" =~ /(?:(a)|b)+\1/`).
 * We therefore only accept a backreference when its group is certainly set, with the value
 * Perl would have, every time the backreference is reached: the group comes earlier in a common
 * sequence and the path down to it has no alternation, no optional repeat and no negative
 * lookaround. All 49 stock backreferences satisfy this.
 */
import type { GroupNode, Node } from './ast.js';
import { RegexTranslateError } from './errors.js';
import { sharedGroup } from './group-memo.js';

interface Step {
  node: Node;
  child: number;
}

function children(node: Node): Node[] {
  switch (node.type) {
    case 'seq':
      return node.items;
    case 'alt':
      return node.alternatives;
    case 'group':
    case 'repeat':
      return [node.body];
    default:
      return [];
  }
}

/** Whether a backreference occurs in `node`. */
function hasBackref(node: Node): boolean {
  switch (node.type) {
    case 'backref':
      return true;
    case 'seq':
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        if (hasBackref(item)) return true;
      }
      return false;
    case 'alt':
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        if (hasBackref(alternative)) return true;
      }
      return false;
    case 'group':
      // A group the parser shares holds no backreference (see group-memo.ts).
      return sharedGroup(node) === undefined && hasBackref(node.body);
    case 'repeat':
      return hasBackref(node.body);
    default:
      return false;
  }
}

/** Whether passing through `node` on the way down to a group keeps the group mandatory. */
function keepsMandatory(node: Node): boolean {
  switch (node.type) {
    case 'seq':
      return true;
    case 'group':
      return node.kind !== 'negativeLookahead' && node.kind !== 'negativeLookbehind';
    case 'repeat':
      return node.min >= 1;
    default:
      return false;
  }
}

/**
 * Throws a {@link RegexTranslateError} (code `backreference`) when a backreference in `root`
 * could see an unset or differently-reset group.
 */
export function checkBackrefs(root: Node): void {
  // Most patterns have none: skip the path-recording walk below.
  if (!hasBackref(root)) return;
  const groups = new Map<number, { node: GroupNode; path: Step[] }>();
  const refs: Array<{ group: number; path: Step[] }> = [];
  const stack: Step[] = [];
  const walk = (node: Node): void => {
    // A group the parser shares holds no capture group and no backreference (see group-memo.ts).
    if (node.type === 'group' && sharedGroup(node) !== undefined) return;
    if (node.type === 'group' && node.kind === 'capture' && node.index !== undefined) groups.set(node.index, { node, path: [...stack] });
    if (node.type === 'backref') refs.push({ group: node.group, path: [...stack] });
    children(node).forEach((child, i) => {
      stack.push({ node, child: i });
      walk(child);
      stack.pop();
    });
  };
  walk(root);
  if (refs.length === 0) return;

  for (const ref of refs) {
    const target = groups.get(ref.group);
    const fail = (why: string): never => {
      throw new RegexTranslateError(
        `backreference \\${ref.group} ${why}: Perl fails an unset backreference where JavaScript matches the empty string`,
        'backreference',
      );
    };
    if (!target) return fail('refers to a missing group');
    if (ref.path.some((step) => step.node === target.node)) fail('is inside the group it refers to');
    let i = 0;
    while (
      i < target.path.length &&
      i < ref.path.length &&
      target.path[i]!.node === ref.path[i]!.node &&
      target.path[i]!.child === ref.path[i]!.child
    ) {
      i++;
    }
    const lca = target.path[i];
    const refStep = ref.path[i];
    if (!lca || !refStep || lca.node !== refStep.node || lca.node.type !== 'seq' || lca.child >= refStep.child) {
      fail('may be reached before its group is set');
    }
    for (const step of target.path.slice(i + 1)) {
      if (!keepsMandatory(step.node)) fail('refers to a group that may be unset (alternation, optional repeat or negative lookaround)');
    }
  }
}
