// npm run bench: how long spamscore takes to load and compile a rule set, and its memory.
// Uses the stock SpamAssassin 4.0.1 rules from ../shared when present (else an installed
// SpamAssassin, else our bundled rules), and times Perl SpamAssassin on the same files when it
// is installed, so the ratio is measured in one run on one machine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleSet, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = path.resolve(here, '../../shared/spamassassin-4.0.1');
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
  ruleSet = await loadRuleSet({ rules, site });
  times.push(performance.now() - t0);
  sample();
}
clearInterval(timer);
globalThis.gc?.();
const heapMb = process.memoryUsage().heapUsed / 1048576;

console.log(`rules: ${rules.join(', ')}${site.length ? `  site: ${site.join(', ')}` : ''}`);
console.log(`rule set: ${ruleSet.rules.size} rules, ${ruleSet.errorCount} errors`);
console.log(`load+compile: first ${times[0].toFixed(0)} ms, median ${median(times).toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms over ${runs} runs`);
console.log(`memory: peak RSS ${(peakRss / 1048576).toFixed(0)} MB, heap after GC ${heapMb.toFixed(0)} MB (one rule set retained)`);

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
