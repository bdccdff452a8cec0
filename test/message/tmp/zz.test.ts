import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { createHeaderContext, getHeader } from '../../../src/message/header-get.js';
import { askOracle } from '../helpers/sa-oracle.js';
import { makeRegistry } from '../helpers/registry.js';
it('fuzz', () => {
  const reqs = JSON.parse(readFileSync('/tmp/fuzz.json', 'latin1')) as Array<{ text: string; get: string[] }>;
  const ans = askOracle(reqs.map((r, i) => ({ ...r, ...(i === 0 ? { registry: 1 as const } : {}) })));
  const reg = ans[0]!.registry!; const registry = makeRegistry(reg.tlds, reg.two, reg.three);
  let bad = 0, total = 0; const out: string[] = [];
  reqs.forEach((r, i) => {
    const c = createHeaderContext(r.text, { registry });
    for (const q of r.get) { total++; const o = getHeader(c, q); const p = ans[i]!.list[q];
      if (JSON.stringify(o) !== JSON.stringify(p)) { bad++; if (out.length < 25) out.push(`${q} raw=${JSON.stringify(c.fields.find(f => f.name === q.split(':')[0])?.rawValue)}\n ours ${JSON.stringify(o)}\n perl ${JSON.stringify(p)}`); } }
  });
  console.log(`fuzz ${total - bad}/${total}\n` + out.join('\n'));
});
