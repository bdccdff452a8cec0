/**
 * Hostile and broken clients: truncated requests, wrong lengths, huge headers, garbage,
 * clients that stall — each gets spamd's refusal or a timeout, and all the while the server
 * keeps answering everyone else. Also: a reload and a graceful stop while scans are in flight.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpamdServer } from '../../src/server/server.js';
import { workerBundle } from '../support/worker-bundle.js';
import { HAM, inlineRules, raw, SPAM } from './helpers.js';

const check = (msg: string) => `CHECK SPAMC/1.5\r\nContent-length: ${Buffer.byteLength(msg)}\r\n\r\n${msg}`;
const SPAM_ANSWER = 'SPAMD/1.1 0 EX_OK\r\nSpam: True ; 7.3 / 5.0\r\n\r\n';

let server: SpamdServer;
let port: number;
let workerUrl: URL;
const { rules, site } = inlineRules();

beforeAll(async () => {
  workerUrl = await workerBundle();
  server = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl, maxChildren: 2, network: false, timeoutTcp: 1, timeoutChild: 2, maxRequestSize: 1 << 20 });
  port = ((await server.listen())[0] as { port: number }).port;
}, 120_000);
afterAll(() => server?.close());

/** The server still answers a PING and scores a message. */
async function stillServing(): Promise<void> {
  expect(await raw(port, 'PING SPAMC/1.5\r\n\r\n')).toBe('SPAMD/1.5 0 PONG\r\n');
  expect(await raw(port, check(SPAM))).toBe(SPAM_ANSWER);
}

/** Opens a connection, writes `data`, and leaves it open without ending its side. */
function stall(data: string): Promise<{ socket: net.Socket; answer: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      if (data) socket.write(data);
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      const answer = new Promise<string>((r) => socket.on('close', () => r(Buffer.concat(chunks).toString('latin1'))));
      socket.on('error', () => undefined);
      resolve({ socket, answer });
    });
  });
}

describe('a server facing broken and hostile clients', () => {
  it('answers truncated requests with spamd refusals and stays up', async () => {
    for (const req of ['CHE', 'CHECK SPAMC/1.5', 'CHECK SPAMC/1.5\r\n', 'CHECK SPAMC/1.5\r\nContent-length: 92\r\n', 'PING SPAMC/1.5\r\n']) {
      expect(await raw(port, req)).toMatch(/^SPAMD\/1\.0 76 Bad header line: /);
    }
    await stillServing();
  });

  it('refuses a message whose length is not the Content-length', async () => {
    expect(await raw(port, `CHECK SPAMC/1.5\r\nContent-length: 50\r\n\r\n${SPAM}`)).toMatch(/Content-Length mismatch: Expected 50 bytes, got \d+ bytes/);
    expect(await raw(port, `CHECK SPAMC/1.5\r\nContent-length: 99999\r\n\r\n${SPAM}`)).toMatch(/Expected 99999 bytes, got 92 bytes/);
    await stillServing();
  });

  it('times out a client that promises more bytes than it sends and keeps the connection open', async () => {
    const { socket, answer } = await stall(`CHECK SPAMC/1.5\r\nContent-length: 99999\r\n\r\n${SPAM}`);
    await stillServing();
    expect(await answer).toBe('SPAMD/1.0 79 Timeout: (2 second timeout while trying to CHECK)\r\n');
    socket.destroy();
  });

  it('refuses a header line of a megabyte, and a message over the request limit', async () => {
    expect(await raw(port, `CHECK SPAMC/1.5\r\nX-Big: ${'a'.repeat(1 << 20)}\r\n\r\n${SPAM}`)).toBe('SPAMD/1.0 76 Bad header line: (line longer than 65536 bytes)\r\n');
    expect(await raw(port, `CHECK SPAMC/1.5\r\n\r\n${SPAM}${'x'.repeat(2 << 20)}`)).toBe('SPAMD/1.0 76 Bad header line: (message larger than 1048576 bytes)\r\n');
    await stillServing();
  });

  it('survives garbage: random bytes, binary request lines, NULs in headers', async () => {
    const junk = [...Array.from({ length: 30 }, () => randomBytes(1 + Math.floor(Math.random() * 4096))), Buffer.from('CHECK SPAMC/1.5\r\nUser: \0\0\r\n\r\n'), Buffer.from('\0\0\0\0\r\n')];
    const answers = await Promise.all(junk.map((j) => raw(port, j)));
    for (const a of answers) expect(a === '' || /^SPAMD\/1\.[01] \d+ /.test(a)).toBe(true);
    await stillServing();
  });

  it('keeps answering others while many clients stall before and inside their requests', async () => {
    const idle = await Promise.all([
      ...Array.from({ length: 20 }, () => stall('')),
      ...Array.from({ length: 10 }, () => stall('CHECK SPAMC/1.5\r\nContent-len')),
      ...Array.from({ length: 10 }, () => stall('CHECK SPAMC/1.5\r\nContent-length: 92\r\n\r\nFrom: a')),
    ]);
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => raw(port, check(i % 2 ? SPAM : HAM))));
    expect(others.filter((a) => a === SPAM_ANSWER)).toHaveLength(5);
    const answers = await Promise.all(idle.map((c) => c.answer));
    expect(answers.slice(0, 20).every((a) => a === 'SPAMD/1.0 79 Timeout: (1 second socket timeout reading input from client)\r\n')).toBe(true);
    expect(answers.slice(20).every((a) => a === 'SPAMD/1.0 79 Timeout: (2 second timeout while trying to CHECK)\r\n')).toBe(true);
  });

  it('refuses a client that is not in --allowed-ips without an answer', async () => {
    const closed = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl, maxChildren: 1, network: false, allowedIps: ['10.0.0.0/8'] });
    const p = ((await closed.listen())[0] as { port: number }).port;
    expect(await raw(p, 'PING SPAMC/1.5\r\n\r\n').catch(() => '')).toBe('');
    await closed.close();
  });
});

describe('reload and shutdown with scans in flight', () => {
  it('answers every request across a reload: the new pool takes over, the old one drains', async () => {
    const s = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl, maxChildren: 1, network: false });
    const p = ((await s.listen())[0] as { port: number }).port;
    const before = s.scanner;
    const inFlight = Array.from({ length: 20 }, (_, i) => raw(p, check(i % 2 ? SPAM : HAM)));
    await s.reload();
    const after = Array.from({ length: 20 }, (_, i) => raw(p, check(i % 2 ? SPAM : HAM)));
    const answers = await Promise.all([...inFlight, ...after]);
    expect(s.scanner).not.toBe(before);
    expect(answers.filter((a) => a === SPAM_ANSWER)).toHaveLength(20);
    expect(answers.filter((a) => a.startsWith('SPAMD/1.1 0 EX_OK\r\nSpam: False'))).toHaveLength(20);
    await s.close();
  });

  it('keeps the running rules when a reload cannot load the new ones', async () => {
    const dir = inlineRules();
    const s = createServer({ listen: ['127.0.0.1:0'], rules: { rules: dir.rules, site: dir.site, strict: true }, workerUrl, maxChildren: 1, network: false });
    const p = ((await s.listen())[0] as { port: number }).port;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir.rules}/20_broken.cf`, 'body BROKEN /(/\n');
    await expect(s.reload()).rejects.toThrow();
    expect(await raw(p, check(SPAM))).toBe(SPAM_ANSWER);
    await s.close();
  });

  it('on close, stops listening, drops idle clients and answers the scans in flight', async () => {
    const s = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl, maxChildren: 1, network: false });
    const p = ((await s.listen())[0] as { port: number }).port;
    // long messages, so that scans are still running when the server is told to stop
    const long = SPAM + 'filler line of the body\n'.repeat(40_000);
    let answered = 0;
    const inFlight = Array.from({ length: 10 }, () => raw(p, check(long)).finally(() => answered++));
    // wait until every request has been read (busy, or already answered), then stop
    while (s.connections.busy + answered < 10) await new Promise((r) => setTimeout(r, 5));
    expect(s.connections.busy).toBeGreaterThan(0);
    await s.close();
    expect(await Promise.all(inFlight)).toEqual(Array(10).fill(SPAM_ANSWER));
    await expect(raw(p, 'PING SPAMC/1.5\r\n\r\n')).rejects.toThrow();
  });
});
