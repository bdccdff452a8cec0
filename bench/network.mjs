// The network stage's cost (part of `npm run bench`, or alone: `node bench/network.mjs` after
// `npm run build`): the stock rules score the network fixtures (fixtures/network/) three ways —
// local tests only, network tests against the test zone server answering at once, and the same
// server answering every question after a delay (default 50 ms, BENCH_DNS_DELAY) — so the
// extra latency a scan pays for the network shows beside the delay of one answer. Every lookup
// of a message is in flight together, so it should cost about one delay per dependent step
// (a DNS list: one; URIDNSBL's NS → A → list chains: up to three), not one per list.
// Needs ../shared (the stock rules); skipped otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadZoneServer } from '../scripts/zone-server.mjs';
import { loadRuleSet } from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/spamassassin-4.0.1');
const fixtures = path.join(root, 'fixtures/network');
const delay = Number(process.env.BENCH_DNS_DELAY ?? 50);

const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

/** Scores every fixture once (after one warm-up pass); per-message times in ms. */
async function timeAll(rs, raws, options) {
  for (const raw of raws) await rs.check(raw, options);
  const lat = [];
  for (const raw of raws) {
    const t0 = performance.now();
    await rs.check(raw, options);
    lat.push(performance.now() - t0);
  }
  return lat;
}

export async function benchNetwork() {
  if (!existsSync(shared) || !existsSync(fixtures)) {
    console.log('network: stock rules or fixtures not here; skipped');
    return;
  }
  const { startDnsServer, NETWORK_ZONES } = await loadZoneServer();
  const names = readdirSync(fixtures).filter((f) => f.endsWith('.eml')).sort();
  const raws = names.map((f) => readFileSync(path.join(fixtures, f)));
  const kinds = names.map((f) => f.replace(/-.*$/, ''));
  const testCf = readFileSync(path.join(fixtures, 'test.cf'), 'utf8');
  const rows = [];
  for (const d of [0, delay]) {
    const server = await startDnsServer(NETWORK_ZONES, { delay: d });
    try {
      const rs = await loadRuleSet({
        rules: path.join(shared, 'rules'),
        site: path.join(shared, 'site'),
        cf: [`dns_server 127.0.0.1:${server.port}`, 'dns_available yes', 'rbl_timeout 5 2', testCf],
      });
      if (d === 0) rows.push(['local tests only', await timeAll(rs, raws, {})]);
      const before = server.queries.length;
      rows.push([`network, answers after ${d} ms`, await timeAll(rs, raws, { network: true })]);
      if (d === 0) console.log(`network: ${raws.length} fixtures, ${((server.queries.length - before) / raws.length / 2).toFixed(1)} DNS questions per message`);
    } finally {
      await server.close();
    }
  }
  for (const [label, lat] of rows) {
    console.log(`network: ${label.padEnd(28)} p50 ${q(lat, 0.5).toFixed(1)} ms, p90 ${q(lat, 0.9).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms`);
  }
  // By kind of fixture (ip: DNS lists only; uri: URI lists, NS → A chains; spf/dkim/dmarc:
  // mailauth's sequential lookups), the median extra time the delayed answers cost.
  const [, fast] = rows[1];
  const [, slow] = rows[2];
  const byKind = new Map();
  kinds.forEach((k, i) => byKind.set(k, [...(byKind.get(k) ?? []), slow[i] - fast[i]]));
  console.log(`network: extra time per message at ${delay} ms per answer, median by fixture kind: ${[...byKind].map(([k, xs]) => `${k} ${q(xs, 0.5).toFixed(0)} ms`).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchNetwork();
