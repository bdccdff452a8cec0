/**
 * Length bounds of what a node can match. Perl needs them to accept a lookbehind (at most 255
 * chars, no backreference) and to reject quantified zero-width atoms; the RE2 emitter needs them
 * to know whether an anchor can be followed by the end of the text.
 */
import type { Node } from './ast.js';
import { sharedGroup } from './group-memo.js';

/**
 * Fewest chars `node` can consume (lookarounds consume none; backreferences may be empty).
 *
 * @param cache - results for container nodes, kept by the caller for one pattern (the walks
 *   ask for the lengths of nested nodes again and again); shared groups keep theirs for good
 */
export function minLength(node: Node, cache: Map<Node, number>): number {
  // Leaves are answered directly: no cache lookup for the bulk of the nodes.
  if (node.type === 'set') return 1;
  if (node.type === 'assert' || node.type === 'backref') return 0;
  if (node.type === 'group') {
    const memo = sharedGroup(node);
    if (memo !== undefined) return (memo.minLength ??= computeMin(node, cache));
  }
  let v = cache.get(node);
  if (v === undefined) {
    v = computeMin(node, cache);
    cache.set(node, v);
  }
  return v;
}

/**
 * Most chars `node` can consume; `Infinity` when unbounded or unknown (backreferences).
 *
 * @param cache - as for {@link minLength}
 */
export function maxLength(node: Node, cache: Map<Node, number>): number {
  if (node.type === 'set') return 1;
  if (node.type === 'assert') return 0;
  if (node.type === 'backref') return Infinity;
  if (node.type === 'group') {
    const memo = sharedGroup(node);
    if (memo !== undefined) return (memo.maxLength ??= computeMax(node, cache));
  }
  let v = cache.get(node);
  if (v === undefined) {
    v = computeMax(node, cache);
    cache.set(node, v);
  }
  return v;
}

/**
 * Whether `node` can consume a char at all (`maxLength(node) > 0`), stopping at the first part
 * that can: the parser asks this of every quantified group.
 */
export function canConsume(node: Node): boolean {
  switch (node.type) {
    case 'set':
    case 'backref':
      return true;
    case 'assert':
      return false;
    case 'seq':
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        if (canConsume(item)) return true;
      }
      return false;
    case 'alt':
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        if (canConsume(alternative)) return true;
      }
      return false;
    case 'group':
      return (node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic') && canConsume(node.body);
    case 'repeat':
      return node.max !== 0 && canConsume(node.body);
  }
}

function computeMin(node: Node, cache: Map<Node, number>): number {
  switch (node.type) {
    case 'set':
      return 1;
    case 'assert':
    case 'backref':
      return 0;
    case 'seq': {
      let sum = 0;
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        sum += minLength(item, cache);
      }
      return sum;
    }
    case 'alt': {
      let min = Infinity;
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        min = Math.min(min, minLength(alternative, cache));
      }
      return min;
    }
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic' ? minLength(node.body, cache) : 0;
    case 'repeat':
      return node.min === 0 ? 0 : node.min * minLength(node.body, cache);
  }
}

function computeMax(node: Node, cache: Map<Node, number>): number {
  switch (node.type) {
    case 'set':
      return 1;
    case 'assert':
      return 0;
    case 'backref':
      return Infinity;
    case 'seq': {
      let sum = 0;
      for (let k = 0, list = node.items; k < list.length; k++) {
        const item = list[k]!;
        sum += maxLength(item, cache);
      }
      return sum;
    }
    case 'alt': {
      let max = -Infinity;
      for (let k = 0, list = node.alternatives; k < list.length; k++) {
        const alternative = list[k]!;
        max = Math.max(max, maxLength(alternative, cache));
      }
      return max;
    }
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic' ? maxLength(node.body, cache) : 0;
    case 'repeat': {
      if (node.max === 0) return 0;
      const body = maxLength(node.body, cache);
      return body === 0 ? 0 : node.max * body;
    }
  }
}
