#!/usr/bin/env node
// Perl SpamAssassin's answers for the network fixtures, in one command:
//
//   node scripts/sa-expected-net.mjs [--strace] [fixtures/network/NAME.eml ...]
//   node scripts/sa-expected-net.mjs --serve [PORT]   # only run the zone server (debugging:
//       spamassassin -D -L0 --cf='dns_server 127.0.0.1:PORT' ... < fixtures/network/NAME.eml)
//
// 1. starts the test zone server (test/support/dns-server.ts serving test/support/zones/,
//    compiled on the fly with esbuild) on a free 127.0.0.1 port;
// 2. runs scripts/sa-expected-net.pl with the stock rules and site files of ../shared, the
//    shared fixtures/network/test.cf and `dns_server 127.0.0.1:PORT`, which writes
//    fixtures/network/NAME.expected.json for every message (default: all of them): score,
//    hits, sub-rule hits, the X-Spam-* headers and the report (`get_report`, whose hit table
//    shows each rule's test_log lines; SA lists rules and lines in hit and answer order, which
//    varies from run to run, so compare them order-free);
// 3. stops the server and writes fixtures/network/perl-queries.json: the DNS questions Perl
//    asked while scoring each fixture (the Perl script sends a marker question before each
//    message, so the log splits exactly).
//
// --strace runs Perl under `strace -f` and fails if any DNS packet (port 53) or TCP connection
// went anywhere but the zone server: proof that every question Perl asked was ours to answer.
//
// Mail::DMARC::PurePerl builds its own Net::DNS::Resolver and ignores `dns_server`;
// RES_NAMESERVERS and RES_OPTIONS=port:PORT (read by Net::DNS) point it at the zone server too.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadZoneServer } from './zone-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/spamassassin-4.0.1');
const fixtures = path.join(root, 'fixtures/network');
const args = process.argv.slice(2);
const useStrace = args.includes('--strace');
let files = args[0] === '--serve' ? [] : args.filter((a) => !a.startsWith('--'));
if (files.length === 0 && args[0] !== '--serve') files = readdirSync(fixtures).filter((f) => f.endsWith('.eml')).sort().map((f) => path.join(fixtures, f));
if (!existsSync(shared)) throw new Error(`no stock rules at ${shared}`);

const { startDnsServer, NETWORK_ZONES } = await loadZoneServer();
if (args[0] === '--serve') {
  const server = await startDnsServer(NETWORK_ZONES, args[1] ? { port: Number(args[1]) } : {});
  console.log(`zone server on 127.0.0.1:${server.port} (UDP and TCP); Ctrl-C stops it`);
  process.on('SIGINT', () => server.close().then(() => process.exit(0)));
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
  await new Promise(() => undefined);
}
const server = await startDnsServer(NETWORK_ZONES);
console.log(`zone server on 127.0.0.1:${server.port} (UDP and TCP)`);

const perlArgs = [
  path.join(root, 'scripts/sa-expected-net.pl'),
  path.join(shared, 'rules'),
  path.join(shared, 'site'),
  path.join(fixtures, 'test.cf'),
  String(server.port),
  ...files,
];
const env = { ...process.env, RES_NAMESERVERS: '127.0.0.1', RES_OPTIONS: `port:${server.port}`, SA_NET_MARKERS: '1' };
const straceLog = path.join(tmpdir(), `sa-expected-net-strace-${process.pid}.log`);
const cmd = useStrace ? 'strace' : 'perl';
const cmdArgs = useStrace ? ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', straceLog, 'perl', ...perlArgs] : perlArgs;

// Perl runs asynchronously: a synchronous spawn would block the event loop, and so the server.
const code = await new Promise((resolve) => {
  const child = spawn(cmd, cmdArgs, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (c) => resolve(c ?? 1));
});
await server.close();
if (code !== 0) {
  console.error(`perl exited with ${code}`);
  process.exit(code);
}

// Split the query log at the marker questions, one per fixture.
const MARK = '.fixture-marker.sa-fixtures.test';
const perFixture = {};
let current = undefined;
for (const q of server.queries) {
  if (q.name.toLowerCase().endsWith(MARK)) {
    current = q.name.slice(0, -MARK.length);
    perFixture[current] = [];
  } else if (current !== undefined) {
    perFixture[current].push(`${q.type} ${q.name.toLowerCase()}`);
  }
}
const logFile = path.join(fixtures, 'perl-queries.json');
const previous = existsSync(logFile) ? JSON.parse(readFileSync(logFile, 'utf8')) : {};
for (const [name, qs] of Object.entries(perFixture)) previous[name] = [...new Set(qs)].sort();
const sorted = Object.fromEntries(Object.entries(previous).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(logFile, JSON.stringify(sorted, null, 1) + '\n');
const total = Object.values(perFixture).reduce((n, qs) => n + qs.length, 0);
console.log(`${Object.keys(perFixture).length} fixtures scored, ${total} DNS questions (${logFile})`);

if (useStrace) {
  // Every connect/send to a port-53 address or any TCP peer other than the zone server is a leak.
  const leaks = readFileSync(straceLog, 'utf8')
    .split('\n')
    .filter((l) => /sin6?_port=htons\((\d+)\)/.test(l))
    .filter((l) => {
      const port = Number(/sin6?_port=htons\((\d+)\)/.exec(l)[1]);
      const local = /inet_addr\("127\.0\.0\.1"\)|inet_pton\(AF_INET6, "::1"/.test(l);
      return port === 53 || (!local && port !== 0) || (local && port !== server.port);
    });
  rmSync(straceLog, { force: true });
  if (leaks.length) {
    console.error(`network traffic outside the zone server:\n${leaks.slice(0, 20).join('\n')}`);
    process.exit(1);
  }
  console.log('strace: every DNS packet went to the zone server');
}
