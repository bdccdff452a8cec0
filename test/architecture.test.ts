/**
 * The architecture, read from the import graph of src/ (type imports included): layers import
 * only downwards (notes/design.md §1, §8) and no files import each other in a cycle.
 *
 * The first release left four layering breaks and six import cycles (the largest of 15 files,
 * check ↔ compile ↔ message ↔ net ↔ report); the plumbing renovation (issue #9) removed them
 * all, so none is allowed: a new one fails the test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every .ts file under src/, relative to it. */
function sourceFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [path.relative(root, p)] : [];
  });
}

/** The relative imports of a file (static, dynamic and `export … from`), resolved to src/ paths. */
export function importsOf(file: string, text: string): string[] {
  const out = new Set<string>();
  const re = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    out.add(path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return [...out];
}

const files = sourceFiles();
const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(path.join(root, f), 'utf8')).filter((t) => files.includes(t))]));

/** The layer of a file: its top folder under src/ ('' for files at the top). */
const layer = (f: string) => (f.includes(path.sep) ? f.split(path.sep)[0]! : '');

/**
 * What each layer must never import (design.md §1 and issue #9, item 5). '' is the top of
 * src/: the public facade (rule-set.ts, load-rule-set.ts, index.ts), which no stage imports —
 * the stages take the compiled data (compile/compiled-rule-set.ts) or check/'s ScanTarget.
 */
const FORBIDDEN: Record<string, readonly string[]> = {
  message: ['', 'compile', 'check', 'plugins', 'report', 'net', 'scanner', 'server', 'cli', 'update', 'bayes'],
  config: ['', 'plugins', 'message', 'check', 'compile', 'report', 'net', 'scanner', 'server', 'cli', 'update', 'bayes'],
  net: ['', 'compile', 'check', 'plugins', 'message', 'report', 'scanner', 'server', 'cli', 'update', 'bayes'],
  compile: ['', 'check', 'net', 'bayes', 'scanner', 'server', 'cli', 'update'],
  check: ['', 'scanner', 'server', 'cli', 'update'],
  plugins: ['', 'check', 'scanner', 'server', 'cli', 'update'],
  report: ['', 'check', 'net', 'plugins', 'bayes', 'scanner', 'server', 'cli', 'update'],
  bayes: ['', 'plugins', 'check', 'net', 'scanner', 'server', 'cli', 'update'],
  scanner: ['server', 'cli'],
  server: ['cli'],
  update: ['cli', 'server', 'scanner', 'check'],
  '': ['cli'],
};

function breaks(): Set<string> {
  const found = new Set<string>();
  for (const [f, targets] of graph) {
    const from = layer(f);
    for (const t of targets) {
      const to = layer(t);
      if (from !== to && (FORBIDDEN[from] ?? []).includes(to)) found.add(`${from || "(top)"} → ${to || "(top)"}`);
    }
  }
  return found;
}

/** Strongly connected components of more than one file (Tarjan), as sorted file lists. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  // Iterative Tarjan: the graph is a few hundred files, but recursion depth is not ours to bet on.
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work: Array<{ v: string; i: number }> = [{ v: start, i: 0 }];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    on.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const next = graph.get(top.v)![top.i++];
      if (next !== undefined) {
        if (!idx.has(next)) {
          idx.set(next, index);
          low.set(next, index++);
          stack.push(next);
          on.add(next);
          work.push({ v: next, i: 0 });
        } else if (on.has(next)) low.set(top.v, Math.min(low.get(top.v)!, idx.get(next)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1]!.v, Math.min(low.get(work[work.length - 1]!.v)!, low.get(top.v)!));
      if (low.get(top.v) === idx.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          on.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out;
}

describe('the architecture', () => {
  it('reads the import graph of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(path.join('check', 'check.ts'))).toContain(path.join('check', 'scan.ts'));
  });

  it('has no layering break: every import goes down the pipeline', () => {
    expect([...breaks()].sort()).toEqual([]);
  });

  it('has no import cycle, type imports included', () => {
    expect(cycles()).toEqual([]);
  });

  it('keeps the Perl helpers (src/perl) a leaf every layer may import', () => {
    const leaf = [...graph].filter(([f]) => layer(f) === 'perl');
    expect(leaf.length).toBeGreaterThan(0);
    expect(leaf.flatMap(([f, targets]) => targets.filter((t) => layer(t) !== 'perl').map((t) => `${f} → ${t}`))).toEqual([]);
  });

  it('never imports the CLI from the library', () => {
    for (const [f, targets] of graph) {
      if (layer(f) === 'cli') continue;
      expect(targets.filter((t) => layer(t) === 'cli'), f).toEqual([]);
    }
  });

  it('imports the slow-to-load dependencies only on first use (openpgp, tldts, mailauth): start-up does not pay for them', () => {
    const lazy = /^\s*import\s+(?!type\b)[^;]*?from\s+'(openpgp|tldts|mailauth[^']*)'/m;
    const eager = files.filter((f) => lazy.test(readFileSync(path.join(root, f), 'utf8')));
    expect(eager).toEqual([]);
  });
});
