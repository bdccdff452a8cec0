/**
 * Searching the MIME tree, mirroring `Message::Node::find_parts`: depth-first, parents
 * before their children, children in order.
 */
import { isLeaf, type MimeNode } from './node.js';

/** A type matcher: a regex tested against the part's `type`, or a predicate. */
export type TypeMatcher = RegExp | ((type: string) => boolean);

function toPredicate(m: TypeMatcher): (type: string) => boolean {
  if (typeof m === 'function') return m;
  // Drop g/y so repeated tests do not depend on lastIndex.
  const re = m.global || m.sticky ? new RegExp(m.source, m.flags.replace(/[gy]/g, '')) : m;
  return (t) => re.test(t);
}

/**
 * Nodes whose type matches, in SA's depth-first order.
 * @param onlyLeaves return leaves only (SA's second argument)
 * @param recursive when false, look at the node and its direct children only
 */
export function findParts(root: MimeNode, match: TypeMatcher, onlyLeaves = false, recursive = true): MimeNode[] {
  const test = toPredicate(match);
  const out: MimeNode[] = [];
  const search: MimeNode[] = [root];
  let depth = recursive ? Infinity : 1;
  while (search.length > 0) {
    const part = search.shift()!;
    const leaf = isLeaf(part);
    if (test(part.type) && (!onlyLeaves || leaf)) out.push(part);
    if (!leaf && depth > 0) {
      depth--;
      search.unshift(...part.children!);
    }
  }
  return out;
}

/** All leaves in order — SA's `find_parts(qr/./, 1)`, which skips a leaf whose type is empty. */
export function leafParts(root: MimeNode): MimeNode[] {
  return findParts(root, /./, true);
}
