/**
 * examples/postfix/spamfilter.sh, the Postfix pipe content filter, run as Postfix's pipe(8)
 * runs it (the message on standard input, `-f sender -- recipient` as arguments) with the real
 * spamc against `spamscore serve`; its `sendmail` is a stand-in that records what it is given.
 * Postfix itself is not run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examples, freePort, haveDist, headerValue, libraryCheck, root, startServe, statusOf, type Started } from './helpers.js';

const haveSpamc = spawnSync('spamc', ['-V']).status === 0;
const script = path.join(examples, 'postfix', 'spamfilter.sh');
const GTUBE = readFileSync(path.join(root, 'fixtures', 'messages', '02-gtube.eml'));
const HAM = readFileSync(path.join(root, 'fixtures', 'messages', '01-plain-ham.eml'));

/** Runs the filter; the stand-in sendmail writes its arguments and input under `out`. */
function filter(input: Buffer, env: Record<string, string>): Promise<{ code: number | null; stderr: string; out: string }> {
  const out = mkdtempSync(path.join(tmpdir(), 'spamscore-postfix-'));
  const sendmail = path.join(out, 'sendmail');
  writeFileSync(sendmail, `#!/bin/sh\nprintf '%s\\n' "$@" > "${out}/args"\ncat > "${out}/message"\n`, { mode: 0o755 });
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', [script, '-f', 'sender@example.org', '--', 'rcpt@example.com'], { env: { PATH: process.env.PATH!, SENDMAIL: sendmail, ...env }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr, out }));
    child.stdin.end(input);
  });
}

describe.skipIf(!haveDist || !haveSpamc)('the Postfix content filter script', () => {
  let serve: Started & { port: number };
  beforeAll(async () => {
    serve = await startServe();
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
  });

  it('re-injects a spam marked up as the library scores it, with the envelope Postfix gave', async () => {
    const r = await filter(GTUBE, { SPAMD_PORT: String(serve.port) });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(r.out, 'args'), 'utf8')).toBe('-f\nsender@example.org\n--\nrcpt@example.com\n');
    const message = readFileSync(path.join(r.out, 'message'), 'latin1');
    expect(headerValue(message, 'X-Spam-Flag')).toBe('YES');
    expect(headerValue(message, 'X-Spam-Status')).toBe(statusOf(await libraryCheck(GTUBE)));
    // report_safe 1 (SpamAssassin's default): the original travels as an attachment
    expect(message).toContain('Content-Type: message/rfc822; x-spam-type=original');
  });

  it('passes a ham with its X-Spam-Status and the body untouched', async () => {
    const r = await filter(HAM, { SPAMD_PORT: String(serve.port) });
    expect(r.code).toBe(0);
    const message = readFileSync(path.join(r.out, 'message'), 'latin1');
    expect(headerValue(message, 'X-Spam-Status')).toBe(statusOf(await libraryCheck(HAM)));
    expect(message.slice(message.indexOf('\n\n'))).toBe(HAM.toString('latin1').slice(HAM.toString('latin1').indexOf('\n\n')));
  });

  it('defers (exit 75) and delivers nothing when the daemon is down', async () => {
    const r = await filter(HAM, { SPAMD_PORT: String(await freePort()) });
    expect(r.code).toBe(75);
    expect(r.stderr).toContain('deferring');
    expect(existsSync(path.join(r.out, 'message'))).toBe(false);
  });

  it('passes the message unchecked when the daemon is down and safe fallback is asked for', async () => {
    const r = await filter(HAM, { SPAMD_PORT: String(await freePort()), SPAMC_SAFE_FALLBACK: '1' });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(r.out, 'message'))).toEqual(HAM);
  });
});
