/**
 * Length bounds of what a node can match. Perl needs them to accept a lookbehind (at most 255
 * chars, no backreference) and to reject quantified zero-width atoms; the RE2 emitter needs them
 * to know whether an anchor can be followed by the end of the text.
 */
import type { Node } from './ast.js';

const minCache = new WeakMap<Node, number>();
const maxCache = new WeakMap<Node, number>();

/** Fewest chars `node` can consume (lookarounds consume none; backreferences may be empty). */
export function minLength(node: Node): number {
  let v = minCache.get(node);
  if (v === undefined) {
    v = computeMin(node);
    minCache.set(node, v);
  }
  return v;
}

/** Most chars `node` can consume; `Infinity` when unbounded or unknown (backreferences). */
export function maxLength(node: Node): number {
  let v = maxCache.get(node);
  if (v === undefined) {
    v = computeMax(node);
    maxCache.set(node, v);
  }
  return v;
}

function computeMin(node: Node): number {
  switch (node.type) {
    case 'set':
      return 1;
    case 'assert':
    case 'backref':
      return 0;
    case 'seq':
      return node.items.reduce((sum, item) => sum + minLength(item), 0);
    case 'alt':
      return Math.min(...node.alternatives.map(minLength));
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic' ? minLength(node.body) : 0;
    case 'repeat':
      return node.min === 0 ? 0 : node.min * minLength(node.body);
  }
}

function computeMax(node: Node): number {
  switch (node.type) {
    case 'set':
      return 1;
    case 'assert':
      return 0;
    case 'backref':
      return Infinity;
    case 'seq':
      return node.items.reduce((sum, item) => sum + maxLength(item), 0);
    case 'alt':
      return Math.max(...node.alternatives.map(maxLength));
    case 'group':
      return node.kind === 'capture' || node.kind === 'plain' || node.kind === 'atomic' ? maxLength(node.body) : 0;
    case 'repeat': {
      if (node.max === 0) return 0;
      const body = maxLength(node.body);
      return body === 0 ? 0 : node.max * body;
    }
  }
}
