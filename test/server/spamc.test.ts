/**
 * `spamscore serve` as the real spamc sees it: every spamc flag against our server, over TCP,
 * a Unix socket and TLS, with TELL through an injected learner and through the pool's own
 * Bayes (a SQLite `bayes_path`). No mocks: Debian's spamc binary talks to createServer() on
 * 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpamdServer } from '../../src/server/server.js';
import type { SpamdLearner } from '../../src/server/tell.js';
import { workerBundle } from '../support/worker-bundle.js';
import { dest, haveOpenssl, haveSpamc, HAM, inlineRules, raw, SPAM, spamc } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'spamscore-spamc-'));
const sock = path.join(tmp, 'spamd.sock');
const learned: Array<{ what: string; isSpam?: boolean; user?: string }> = [];
const learner: SpamdLearner = {
  learn: (_m, isSpam, ctx) => (learned.push({ what: 'learn', isSpam, user: ctx.user }), true),
  forget: (_m, ctx) => (learned.push({ what: 'forget', user: ctx.user }), true),
  report: () => true,
};

let server: SpamdServer;
let port: number;
let tlsPort = 0;

beforeAll(async () => {
  const workerUrl = await workerBundle();
  const { rules, site } = inlineRules();
  let tlsOptions = {};
  if (haveOpenssl) {
    const key = path.join(tmp, 'key.pem');
    const cert = path.join(tmp, 'cert.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost']);
    if (r.status === 0) tlsOptions = { tls: { cert: readFileSync(cert), key: readFileSync(key) } };
  }
  server = createServer({
    listen: ['127.0.0.1:0', sock, ...('tls' in tlsOptions ? ['ssl:127.0.0.1:0'] : [])],
    rules: { rules, site },
    workerUrl,
    maxChildren: 2,
    network: false,
    allowTell: true,
    learner,
    ...tlsOptions,
  });
  const addresses = await server.listen();
  port = (addresses[0] as { port: number }).port;
  if (addresses[2]?.kind === 'tcp') tlsPort = addresses[2].port;
}, 120_000);

afterAll(() => server?.close());

describe.skipIf(!haveSpamc)('spamc against spamscore serve', () => {
  it('-c prints score/threshold and exits 1 for spam, 0 for ham', async () => {
    expect(await spamc([...dest(port), '-c'], SPAM)).toMatchObject({ code: 1, stdout: '7.3/5.0\n' });
    expect(await spamc([...dest(port), '-c'], HAM)).toMatchObject({ code: 0, stdout: '0.0/5.0\n' });
  });

  it('-y lists the rules hit, sorted', async () => {
    expect(await spamc([...dest(port), '-y'], SPAM)).toMatchObject({ code: 0, stdout: 'TEST_SUBJ,TEST_VIAGRA' });
  });

  it('-R prints the score line and the report for every message, -r only for spam', async () => {
    const full = await spamc([...dest(port), '-R'], SPAM);
    expect(full.stdout).toMatch(/^7\.3\/5\.0\nScore 7\.3 of 5\.0, tests TEST_SUBJ,TEST_VIAGRA\n/);
    expect(full.stdout).toContain('*  4.0 TEST_VIAGRA BODY: Mentions viagra\n');
    expect((await spamc([...dest(port), '-r'], SPAM)).stdout).toContain('TEST_VIAGRA');
    expect((await spamc([...dest(port), '-r'], HAM)).stdout).toBe('');
  });

  it('without flags returns the message rewritten: report_safe for spam, headers added to ham', async () => {
    const spam = await spamc(dest(port), SPAM);
    expect(spam.stdout).toMatch(/^Received: from localhost by .*\n\twith SpamAssassin \(version 4\.0\.1\);\n/);
    expect(spam.stdout).toContain('Content-Type: message/rfc822; x-spam-type=original\n');
    expect(spam.stdout).toContain(SPAM);
    const ham = await spamc(dest(port), HAM);
    expect(ham.stdout).toMatch(/^X-Spam-Checker-Version: SpamAssassin 4\.0\.1 \(2024-03-25\) on .*\nFrom: a@example\.com\n/);
    expect(ham.stdout.endsWith('\n\nHi there\n')).toBe(true);
  });

  it('--headers returns the rewritten headers only', async () => {
    const r = await spamc([...dest(port), '--headers'], HAM);
    expect(r.stdout).toMatch(/^X-Spam-Checker-Version: .*\nFrom: a@example\.com\nTo: b@example\.com\nSubject: hello\n\nHi there\n$/);
  });

  it('-K checks that the server is alive', async () => {
    expect(await spamc([...dest(port), '-K'], '')).toMatchObject({ code: 0, stdout: 'SPAMD/1.5 0\n' });
  });

  it('-L spam|ham|forget reach the learner with the User header', async () => {
    learned.length = 0;
    expect(await spamc([...dest(port), '-u', 'alice', '-L', 'spam'], SPAM)).toMatchObject({ code: 0, stdout: 'Message successfully un/learned\n' });
    expect(await spamc([...dest(port), '-L', 'ham'], HAM)).toMatchObject({ code: 0, stdout: 'Message successfully un/learned\n' });
    expect(await spamc([...dest(port), '-L', 'forget'], HAM)).toMatchObject({ code: 0, stdout: 'Message successfully un/learned\n' });
    expect(learned).toEqual([
      { what: 'learn', isSpam: true, user: 'alice' },
      { what: 'learn', isSpam: false, user: expect.any(String) },
      { what: 'forget', user: expect.any(String) },
    ]);
  });

  it('-C report reaches the reporter; -C revoke, which it lacks, is refused as spamd refuses it', async () => {
    expect(await spamc([...dest(port), '-C', 'report'], SPAM)).toMatchObject({ code: 0, stdout: 'Message successfully reported/revoked\n' });
    expect(await spamc([...dest(port), '-C', 'revoke'], SPAM)).toMatchObject({ stdout: 'Unable to report/revoke message\n' });
  });

  it('-x fails with EX_UNAVAILABLE when no server listens, and works as usual when one does', async () => {
    const down = await spamc(['-d', '127.0.0.1', '-p', '1', '-x', '-c', '--connect-retries', '1'], SPAM);
    expect(down.code).toBe(69);
    expect(await spamc([...dest(port), '-x', '-c'], SPAM)).toMatchObject({ code: 1, stdout: '7.3/5.0\n' });
  });

  it('-s returns a message over the size limit unchecked, without asking the server', async () => {
    expect(await spamc([...dest(port), '-s', '10'], SPAM)).toMatchObject({ code: 0, stdout: SPAM });
    expect(await spamc([...dest(port), '-s', '10', '-c'], SPAM)).toMatchObject({ code: 0, stdout: '0/0\n' });
  });

  it('-U talks over a Unix socket', async () => {
    expect(await spamc([...dest(sock), '-c'], SPAM)).toMatchObject({ code: 1, stdout: '7.3/5.0\n' });
    expect(await spamc([...dest(sock), '-y'], SPAM)).toMatchObject({ stdout: 'TEST_SUBJ,TEST_VIAGRA' });
  });

  it.skipIf(!haveOpenssl)('--ssl talks TLS to an ssl: listener (self-signed certificate made by openssl)', async () => {
    expect(tlsPort).toBeGreaterThan(0);
    expect(await spamc([...dest(tlsPort), '--ssl', '-c'], SPAM)).toMatchObject({ code: 1, stdout: '7.3/5.0\n' });
    expect(await spamc([...dest(tlsPort), '--ssl', '-y'], HAM)).toMatchObject({ code: 0, stdout: '' });
  });

  it('-z compresses with zlib when this spamc was built with it (Debian\'s is not: EX_USAGE)', async () => {
    const r = await spamc([...dest(port), '-z', '-c'], SPAM);
    if (r.code === 64) expect(r.stdout).toBe('');
    else expect(r).toMatchObject({ code: 1, stdout: '7.3/5.0\n' });
  });
});

describe('the protocol, spoken by a raw client', () => {
  it('accepts a zlib-compressed message (Compress: zlib), as spamc -z sends it', async () => {
    const z = deflateSync(Buffer.from(SPAM));
    const answer = await raw(port, Buffer.concat([Buffer.from(`CHECK SPAMC/1.5\r\nContent-length: ${z.length}\r\nCompress: zlib\r\n\r\n`), z]));
    expect(answer).toBe('SPAMD/1.1 0 EX_OK\r\nSpam: True ; 7.3 / 5.0\r\n\r\n');
  });

  it('answers TLS clients over the ssl: listener', async () => {
    if (!tlsPort) return;
    expect(await raw(tlsPort, 'PING SPAMC/1.5\r\n\r\n', { tls: true })).toBe('SPAMD/1.5 0 PONG\r\n');
  });
});

describe.skipIf(!haveSpamc)('spamc -L against spamscore serve learning into its own Bayes database', () => {
  let bayesServer: SpamdServer;
  let bayesPort: number;
  const bayesPath = path.join(tmp, 'bayes-db', 'bayes');
  beforeAll(async () => {
    const { rules, site } = inlineRules(['loadplugin Mail::SpamAssassin::Plugin::Bayes', 'use_bayes 1', 'bayes_auto_learn 0', `bayes_path ${bayesPath}`].join('\n'));
    bayesServer = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl: await workerBundle(), maxChildren: 2, network: false, allowTell: true });
    bayesPort = ((await bayesServer.listen())[0] as { port: number }).port;
  }, 120_000);
  afterAll(() => bayesServer?.close());

  const learn = async (what: string, msg: string) => (await spamc([...dest(bayesPort), '-L', what], msg)).stdout;
  const OK = 'Message successfully un/learned\n';
  const ALREADY = 'Message was already un/learned\n';

  it('learns, refuses to learn twice, relearns as the other class and forgets, as Perl spamd with Bayes', async () => {
    expect(await learn('forget', SPAM)).toBe(ALREADY);
    expect(await learn('spam', SPAM)).toBe(OK);
    expect(existsSync(`${bayesPath}.sqlite`)).toBe(true);
    expect(await learn('spam', SPAM)).toBe(ALREADY);
    expect(await learn('ham', SPAM)).toBe(OK);
    expect(await learn('ham', HAM)).toBe(OK);
    expect(await learn('forget', SPAM)).toBe(OK);
    expect(await learn('forget', SPAM)).toBe(ALREADY);
    // what the workers learned is in the database the pool reads: 0 spam, 1 ham
    expect(await bayesServer.scanner!.learn(HAM, 'ham')).toMatchObject({ status: 'already-learned' });
    expect(await bayesServer.scanner!.learn(SPAM, 'forget')).toMatchObject({ status: 'not-learned' });
  });

  it('answers DidSet: local / DidRemove: local on the raw protocol', async () => {
    const len = Buffer.byteLength(SPAM);
    expect(await raw(bayesPort, `TELL SPAMC/1.5\r\nContent-length: ${len}\r\nMessage-class: spam\r\nSet: local\r\n\r\n${SPAM}`)).toBe('SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n\r\n');
    expect(await raw(bayesPort, `TELL SPAMC/1.5\r\nContent-length: ${len}\r\nRemove: local\r\n\r\n${SPAM}`)).toBe('SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n\r\n');
    expect(await raw(bayesPort, `TELL SPAMC/1.5\r\nContent-length: ${len}\r\nRemove: local\r\n\r\n${SPAM}`)).toBe('SPAMD/1.1 0 EX_OK\r\n\r\n\r\n');
  });
});
