/**
 * The scanner pool: scans on worker threads, the host's event loop free, deadlines that hold
 * even when a scan cannot stop itself, back-pressure, cancellation and close().
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, ScannerBusyError, ScannerClosedError, type Scanner } from '../../src/scanner/scanner.js';
import { workerBundle } from '../support/worker-bundle.js';
import { measureStalls } from '../support/stall-meter.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::Check\nadd_header all Status _YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_\n';
const message = (subject: string, body = 'hello') => Buffer.from(`From: a@b.example\nSubject: ${subject}\n\n${body}\n`);

// A plugin module the workers import: an eval that spins (the scan's own deadline guard
// terminates it) and one that blocks its thread in a synchronous child process for 3 s, which
// nothing inside the thread can interrupt — only giving up on the worker can.
const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-scanner-'));
const spinPlugin = path.join(dir, 'spin.mjs');
writeFileSync(
  spinPlugin,
  `import { execFileSync } from 'node:child_process';\nexport default { name: 'Test::Spin', directives: {}, evals: { check_spin: { ruleType: 'body', run() { for (;;); } }, check_block: { ruleType: 'body', run() { execFileSync('sleep', ['3']); return 0; } } } };\n`,
);

let workerUrl: URL;
beforeAll(async () => {
  workerUrl = await workerBundle();
}, 120_000);

describe('a scanner pool', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = createScanner({ workerUrl, workers: 2, sources: [{ name: 'local.cf', text: `${PRE}header SUBJ_FREE Subject =~ /free/\nscore SUBJ_FREE 6\n` }] });
    await scanner.ready;
  }, 60_000);
  afterAll(() => scanner.close());

  it('scores messages on its workers as check() does in-process', async () => {
    const [spam, ham] = await Promise.all([scanner.scan(message('free money')), scanner.scan(message('lunch'))]);
    expect(spam).toMatchObject({ score: 6, isSpam: true, abandoned: false, truncated: false, timedOut: false });
    expect(spam.headers).toContainEqual(['X-Spam-Status', 'Yes, score=6.0 required=5.0 tests=SUBJ_FREE']);
    expect(ham).toMatchObject({ score: 0, isSpam: false });
  });

  it('runs many scans at once, queued behind its workers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => scanner.scan(message(i % 2 ? 'free' : 'hi'))));
    expect(results.filter((r) => r.isSpam)).toHaveLength(25);
    expect(scanner.queued).toBe(0);
  });

  it('refuses what cannot cross into a worker, and bad options', async () => {
    await expect(scanner.scan(123 as unknown as Buffer)).rejects.toThrow(TypeError);
    await expect(scanner.scan(message('x'), { clients: {} } as never)).rejects.toThrow(/clients/);
    await expect(scanner.scan(message('x'), { timeout: -1 })).rejects.toThrow(TypeError);
  });

  it('drops a queued scan whose signal aborts, rejecting with its reason', async () => {
    const ac = new AbortController();
    const busy = Array.from({ length: 6 }, () => scanner.scan(message('free')));
    const dropped = scanner.scan(message('free'), { signal: ac.signal });
    ac.abort(new Error('caller gave up'));
    await expect(dropped).rejects.toThrow('caller gave up');
    await Promise.all(busy);
  });
});

describe('a scanner pool under hostile rules', () => {
  it('stops a spinning eval at the deadline inside the worker (TIME_LIMIT_EXCEEDED)', async () => {
    const scanner = createScanner({
      workerUrl,
      workers: 1,
      pluginModules: [spinPlugin],
      sources: [{ name: 'local.cf', text: `${PRE}loadplugin Test::Spin\nheader SUBJ_FREE Subject =~ /free/\nscore SUBJ_FREE 6\nbody SPIN eval:check_spin()\n` }],
    });
    try {
      const t0 = performance.now();
      const r = await scanner.scan(message('free', 'spin'), { timeout: 300 });
      expect(performance.now() - t0).toBeLessThan(300 + 5000);
      expect(r).toMatchObject({ abandoned: false, timedOut: true, score: 6.001 });
      expect(r.hits.map((h) => h.name)).toEqual(['SUBJ_FREE', 'TIME_LIMIT_EXCEEDED']);
    } finally {
      await scanner.close();
    }
  }, 60_000);

  it('abandons a scan that cannot stop itself, replaces its worker, and goes on scanning', async () => {
    const scanner = createScanner({
      workerUrl,
      workers: 1,
      abandonAfter: 500,
      pluginModules: [spinPlugin],
      sources: [{ name: 'local.cf', text: `${PRE}loadplugin Test::Spin\nheader SUBJ_FREE Subject =~ /free/\nscore SUBJ_FREE 6\nbody BLOCK eval:check_block()\n` }],
    });
    try {
      await scanner.ready;
      const t0 = performance.now();
      const r = await scanner.scan(message('free', 'spin'), { timeout: 300 });
      expect(performance.now() - t0).toBeLessThan(300 + 500 + 5000);
      expect(r).toMatchObject({ abandoned: true, timedOut: true, score: 0, hits: [] });
      expect(r.diagnostics[0]).toMatchObject({ code: 'scan-abandoned' });
      // The replacement worker scores the next message (it blocks too, so it is abandoned again).
      const next = await scanner.scan(message('free'), { timeout: 300 });
      expect(next.abandoned).toBe(true);
      expect(scanner.workers).toBe(1);
    } finally {
      await scanner.close();
    }
  }, 60_000);

  it('keeps the host event loop free while a worker computes', async () => {
    const scanner = createScanner({
      workerUrl,
      workers: 1,
      abandonAfter: 0,
      pluginModules: [spinPlugin],
      sources: [{ name: 'local.cf', text: `${PRE}loadplugin Test::Spin\nbody SPIN eval:check_spin()\n` }],
    });
    try {
      await scanner.ready;
      const { longestMs } = await measureStalls(() => scanner.scan(message('x', 'spin'), { timeout: 1000 }), 5);
      expect(longestMs).toBeLessThan(250);
    } finally {
      await scanner.close();
    }
  }, 60_000);
});

describe('a scanner pool with limits', () => {
  it('scores a message over maxMessageSize on its first bytes, and says so', async () => {
    const scanner = createScanner({ workerUrl, workers: 1, maxMessageSize: 200, sources: [{ name: 'local.cf', text: `${PRE}body EARLY /early/\nbody LATE /late/\n` }] });
    try {
      const r = await scanner.scan(message('x', `early\n${'filler\n'.repeat(100)}late`));
      expect(r.truncated).toBe(true);
      expect(r.hits.map((h) => h.name)).toEqual(['EARLY']);
      expect(r.diagnostics.some((d) => d.code === 'message-truncated')).toBe(true);
    } finally {
      await scanner.close();
    }
  }, 60_000);

  it('refuses scans past maxQueue with ScannerBusyError (back-pressure)', async () => {
    const scanner = createScanner({ workerUrl, workers: 1, maxQueue: 2, sources: [{ name: 'local.cf', text: PRE }] });
    try {
      const accepted = [scanner.scan(message('a')), scanner.scan(message('b'))];
      await expect(scanner.scan(message('c'))).rejects.toBeInstanceOf(ScannerBusyError);
      await Promise.all(accepted);
    } finally {
      await scanner.close();
    }
  }, 60_000);

  it('finishes queued scans on close() and refuses new ones', async () => {
    const scanner = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: `${PRE}body HI /hello/\n` }] });
    const pending = [scanner.scan(message('a')), scanner.scan(message('b'))];
    const closing = scanner.close();
    await expect(scanner.scan(message('c'))).rejects.toBeInstanceOf(ScannerClosedError);
    const results = await Promise.all(pending);
    expect(results.every((r) => r.hits.length === 1)).toBe(true);
    await closing;
  }, 60_000);

  it('reports a rule set that fails to load through ready and every scan', async () => {
    const scanner = createScanner({ workerUrl, workers: 1, sources: [{ name: 'local.cf', text: 'body BAD /(/\n' }], rules: undefined });
    // Not strict: a broken rule is a diagnostic and the rest loads.
    const info = await scanner.ready;
    expect(info.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    await scanner.close();
    const strict = createScanner({ workerUrl, workers: 1, rules: { rules: path.join(dir, 'missing-dir'), strict: true, cf: 'body BAD /(/' } });
    await expect(strict.ready).rejects.toBeInstanceOf(ScannerClosedError);
    await expect(strict.scan(message('x'))).rejects.toBeInstanceOf(ScannerClosedError);
    await strict.close();
  }, 60_000);
});
