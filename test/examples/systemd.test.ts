/**
 * examples/systemd/spamscore.service: `systemd-analyze verify` accepts the unit (when systemd
 * is installed); every option of its ExecStart is one `spamscore serve` has; and its command
 * line, run as the unit runs it (the binary, ports and runtime directory moved to this test's),
 * starts a daemon that answers over TCP and over the Unix socket with the socket mode asked
 * for, reloads on ExecReload's SIGHUP and stops cleanly on KillSignal.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answers, cli, examples, freePort, haveDist, start } from './helpers.js';

const unitFile = path.join(examples, 'systemd', 'spamscore.service');
const unit = readFileSync(unitFile, 'utf8');
const haveAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** A key's value in the unit, continuation lines joined. */
function directive(key: string): string {
  const m = new RegExp(`^${key}=((?:.*\\\\\\n)*.*)$`, 'm').exec(unit);
  if (!m) throw new Error(`no ${key}= in the unit`);
  return m[1]!.replace(/\\\n\s*/g, ' ');
}

const execStart = directive('ExecStart').split(/\s+/).filter(Boolean);

function pingUnix(socket: string): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = net.connect(socket, () => s.end('PING SPAMC/1.5\r\n\r\n'));
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(''));
  });
}

describe('the systemd unit', () => {
  it.skipIf(!haveAnalyze)('passes systemd-analyze verify (its binary stood in for by an executable that exists)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-unit-'));
    const copy = path.join(dir, 'spamscore.service');
    writeFileSync(copy, unit.replace(execStart[0]!, '/bin/true'));
    const r = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
    expect({ code: r.status, out: (r.stdout + r.stderr).trim() }).toEqual({ code: 0, out: '' });
  });

  it.skipIf(!haveDist)('starts `spamscore serve` with options the CLI has', () => {
    expect(path.basename(execStart[0]!)).toBe('spamscore');
    expect(execStart[1]).toBe('serve');
    const help = execFileSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
    const known = new Set([...help.matchAll(/(?:^|\s|,)(--?[a-z][a-z-]*)/g)].map((m) => m[1]!));
    expect(execStart.slice(2).filter((a) => a.startsWith('-') && !known.has(a))).toEqual([]);
  });

  it.skipIf(!haveDist)('runs as ExecStart says: TCP and the Unix socket (mode 660), SIGHUP reloads, SIGTERM stops', async () => {
    const runtime = mkdtempSync(path.join(tmpdir(), 'spamscore-run-'));
    const port = await freePort();
    // the unit's command line, with this test's binary, port and RuntimeDirectory
    const args = execStart.slice(1).map((a) => a.replace('127.0.0.1:783', `127.0.0.1:${port}`).replace('/run/spamscore/', `${runtime}/`));
    const socket = path.join(runtime, 'spamd.sock');
    const daemon = await start(process.execPath, [cli, ...args, '-L'], { ready: () => answers(port, 'PING SPAMC/1.5\r\n\r\n', 'SPAMD/1.5 0 PONG') });
    try {
      expect(await pingUnix(socket)).toBe('SPAMD/1.5 0 PONG\r\n');
      expect(statSync(socket).mode & 0o777).toBe(0o660);
      process.kill(daemon.child.pid!, 'SIGHUP');
      for (let i = 0; i < 600 && !/reloaded/.test(daemon.log()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(daemon.log()).toMatch(/reloaded: \d+ rules on \d+ workers/);
      expect(await answers(port, 'PING SPAMC/1.5\r\n\r\n', 'SPAMD/1.5 0 PONG')).toBe(true);
    } finally {
      const exited = new Promise<number | null>((r) => daemon.child.once('exit', (code) => r(code)));
      await daemon.stop();
      expect(await exited).toBe(0);
    }
  }, 180_000);
});
