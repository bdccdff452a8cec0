/**
 * Helpers of the spamd server tests: real clients (Debian's `spamc`, a raw socket), Perl's
 * spamd as the reference (started on a free port, stopped by its PID), and the inline rules
 * both servers load.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesDir } from '../support/rules-dir.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = path.resolve(root, '..', 'shared', 'spamassassin-4.0.1');
export const haveShared = existsSync(path.join(SHARED, 'rules'));
export const haveSpamc = spawnSync('spamc', ['-V']).status === 0;
export const havePerlSpamd = existsSync('/usr/sbin/spamd');
export const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

/** A small rule set, as files both servers read: the Check plugin, three rules, report_safe 1. */
export function inlineRules(extraCf = ''): { rules: string; site: string } {
  const { dir, rules, site } = rulesDir(
    {
      '10_test.cf': [
        'required_score 5',
        'body TEST_VIAGRA /viagra/i',
        'describe TEST_VIAGRA Mentions viagra',
        'score TEST_VIAGRA 4.0',
        'header TEST_SUBJ Subject =~ /free money/i',
        'describe TEST_SUBJ Free money subject',
        'score TEST_SUBJ 3.3',
        'report Score _SCORE_ of _REQD_, tests _TESTS_',
        'report _REPORT_',
        extraCf,
        '',
      ].join('\n'),
    },
    { prefix: 'spamscore-serve-' },
  );
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  return { rules, site };
}

export const SPAM = 'From: a@example.com\nTo: b@example.com\nSubject: free money\nMessage-Id: <1@x>\n\nBuy viagra now\n';
export const HAM = 'From: a@example.com\nTo: b@example.com\nSubject: hello\n\nHi there\n';

import { freePort } from '../support/free-port.js';
export { freePort };

/** Where a client connects: a TCP port on 127.0.0.1, or a Unix socket path. */
export type Target = number | string;

/** Sends raw bytes, optionally shutting the writing side, and returns the whole answer (latin1). */
export function raw(target: Target, data: string | Buffer, opts: { halfClose?: boolean; tls?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onConnect = () => {
      s.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
      if (opts.halfClose !== false) s.end();
    };
    const s = opts.tls
      ? tls.connect({ port: target as number, host: '127.0.0.1', rejectUnauthorized: false }, onConnect)
      : typeof target === 'number'
        ? net.connect(target, '127.0.0.1', onConnect)
        : net.connect(target, onConnect);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', (e) => (chunks.length ? resolve(Buffer.concat(chunks).toString('latin1')) : reject(e)));
  });
}

/** A spamc run: exit code and standard output (latin1). */
export interface SpamcRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real spamc with `args`, the message on standard input. */
export function spamc(args: string[], input: string | Buffer): Promise<SpamcRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('spamc', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  });
}

/** spamc's arguments to reach a target. */
export const dest = (t: Target) => (typeof t === 'number' ? ['-d', '127.0.0.1', '-p', String(t)] : ['-U', t]);

/** A running Perl spamd. */
export interface PerlSpamd {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Perl spamd (`-L`, no user configs unless `extra` asks) on a free port; resolves once it answers PING. */
export async function startPerlSpamd(configDir: string, siteDir: string, children = 1, extra: string[] = []): Promise<PerlSpamd> {
  const port = await freePort();
  const child = spawn(
    '/usr/sbin/spamd',
    ['-L', '-x', '--siteconfigpath', siteDir, '-C', configDir, '-p', String(port), '-i', '127.0.0.1', '-A', '127.0.0.1', '--allow-tell', '-m', String(children), '--min-spare', '1', '-s', 'stderr', ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(child.pid, 'SIGTERM');
    await gone;
  };
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`spamd exited: ${log}`);
    const pong = await raw(port, 'PING SPAMC/1.5\r\n\r\n').catch(() => '');
    if (pong.startsWith('SPAMD/1.5 0 PONG')) return { port, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`spamd did not answer: ${log}`);
}

/**
 * What may differ between two answers of equal content: the report_safe MIME boundary and the
 * Received date, and the order of rules within the report's table (Perl runs the rules of one
 * priority in its hash order, which differs from child to child).
 */
export function normalize(s: string): string {
  s = s.replace(/[0-9A-F]{8}\.[0-9A-F]{8}/g, 'BOUNDARY');
  s = s.replace(/[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [+-][0-9]{4}/g, 'DATE');
  const out: string[] = [];
  let blocks: string[][] = [];
  let cur: string[] | undefined;
  const flush = () => {
    out.push(...blocks.map((b) => b.join('\n')).sort());
    blocks = [];
  };
  for (const l of s.split('\n')) {
    if (/^ ?-?[0-9.]+ [A-Z0-9_]+ /.test(l) || /^\* *-?[0-9.]+ [A-Z0-9_]+/.test(l)) {
      cur = [l];
      blocks.push(cur);
    } else if (cur && (l.startsWith('   ') || l.startsWith('*  '))) cur.push(l);
    else {
      flush();
      cur = undefined;
      out.push(l);
    }
  }
  flush();
  return out.join('\n');
}
