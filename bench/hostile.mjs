// npm run bench (part 2): hostile input. With the stock rules (../shared, else an installed
// SpamAssassin, else the bundled rules), local tests:
//  - time vs body size for plain text and HTML bodies of 10 KB … 20 MB, and the log-log slope
//    of each series (1.0 is linear);
//  - the cases of the hostile-input issue, each under a 5 s deadline: elapsed, timed out or not;
//  - the host event loop's longest stall while a createScanner() worker scans 20 MB of HTML.
// The messages come from the test suite's generator (test/support/hostile-mail.ts), bundled
// on the fly, so bench and tests scan the same inputs.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { createScanner, loadRuleSet, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/spamassassin-4.0.1');
const opts = existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {};
const paths = resolveRulePaths(opts);

const cache = path.resolve(here, '../node_modules/.cache/spamscore-bench');
mkdirSync(cache, { recursive: true });
const genFile = path.join(cache, 'hostile-mail.mjs');
await build({ entryPoints: [path.resolve(here, '../test/support/hostile-mail.ts')], bundle: true, platform: 'node', format: 'esm', outfile: genFile, logLevel: 'silent' });
const gen = await import(pathToFileURL(genFile).href);

const ruleSet = await loadRuleSet(paths);
// Warm the engines once, so the series measures scanning, not first-use compilation.
await ruleSet.check(gen.hugeText(10_000), { timeout: 60_000 });
await ruleSet.check(gen.hugeHtml(10_000), { timeout: 60_000 });

/** Median of three scans. */
async function timeScan(raw, timeout = 120_000) {
  const xs = [];
  let last;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    last = await ruleSet.check(raw, { timeout });
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  return { ms: xs[1], result: last };
}

/** Least-squares slope of log(ms) on log(size). */
function slope(points) {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000,5000000,20000000').split(',').map(Number);
console.log(`\nhostile input (stock rules, local tests): time vs body size, median of 3 scans`);
for (const [kind, make] of [['plain', gen.hugeText], ['html', gen.hugeHtml], ['base64 text', gen.hugeBase64Text]]) {
  const points = [];
  for (const size of sizes) {
    const { ms, result } = await timeScan(make(size));
    points.push({ size, ms });
    console.log(`  ${kind.padEnd(11)} ${String(size).padStart(9)} B  ${ms.toFixed(0).padStart(6)} ms  score ${result.score}${result.timedOut ? '  TIMED OUT' : ''}`);
  }
  const big = points.filter((p) => p.size >= 100_000);
  console.log(`  ${kind}: log-log slope ${slope(points).toFixed(2)} over 10 KB…20 MB, ${slope(big).toFixed(2)} from 100 KB`);
}

console.log(`\nthe issue's cases, each with { timeout: 5000 }`);
const cases = [
  ['base64 part with 8,000 "=" (a pad run inside valid base64)', gen.brokenBase64(8000)],
  ['309 KB multipart, four broken base64 parts', gen.brokenBase64Multipart()],
  ['2 MB HTML with 20,000 URLs', gen.htmlManyUrls(20_000)],
  ['unknown and UTF-16 charsets on random bytes', gen.charsetGarbage()],
  ['20 MB HTML', gen.hugeHtml(20_000_000)],
  ['200 KB of "<" (backtracking bait)', gen.baitRun('<', 200_000)],
  ['100,000 encoded words', gen.encodedWordChain(100_000)],
  ['50,000 Received lines', gen.receivedFlood(50_000)],
];
for (const [name, raw] of cases) {
  const t0 = performance.now();
  const r = await ruleSet.check(raw, { timeout: 5000 });
  const ms = performance.now() - t0;
  console.log(`  ${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  score ${r.score}${r.timedOut ? '  TIME_LIMIT_EXCEEDED' : ''}`);
}

// The host's event loop while a worker scans 20 MB of HTML.
const scanner = createScanner({ rules: paths, workers: 1 });
await scanner.ready;
const html20 = gen.hugeHtml(20_000_000);
await scanner.scan(gen.hugeHtml(10_000));
let longest = 0;
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
}, 1);
const t0 = performance.now();
const r = await scanner.scan(html20, { timeout: 60_000 });
clearInterval(timer);
console.log(`\nscanner pool: 20 MB HTML scanned on a worker in ${(performance.now() - t0).toFixed(0)} ms (score ${r.score}${r.timedOut ? ', timed out' : ''}); host event loop's longest stall ${longest.toFixed(1)} ms`);
await scanner.close();
rmSync(cache, { recursive: true, force: true });
