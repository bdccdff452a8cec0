/**
 * Helpers of the example tests: the built package (`dist/`, what users install; `npm ci` builds
 * it), a plain SMTP client, processes started on free loopback ports and stopped by their PID,
 * and the public corpus.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const examples = path.join(root, 'examples');
export const cli = path.join(root, 'dist', 'cli', 'main.cjs');
/** The package as built (the examples import `spamscore`, which resolves to it). */
export const haveDist = existsSync(path.join(root, 'dist', 'index.js')) && existsSync(cli);
export const corpusDir = path.join(root, 'node_modules', '@stdlib', 'datasets-spam-assassin', 'data');
export const haveCorpus = existsSync(path.join(corpusDir, 'spam-1'));

/** `n` corpus messages, as evenly from each of its five groups as `n` allows (sorted file names). */
export function corpusMessages(n: number): Array<{ file: string; raw: Buffer }> {
  const groups = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];
  const per = Math.ceil(n / groups.length);
  return groups
    .flatMap((g) =>
      readdirSync(path.join(corpusDir, g))
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .slice(0, per)
        .map((f) => `${g}/${f}`),
    )
    .slice(0, n)
    .map((file) => ({ file, raw: readFileSync(path.join(corpusDir, file)) }));
}

import { freePort } from '../support/free-port.js';
export { freePort };

/** A process the tests started; `stop()` sends SIGTERM to its PID and waits for it to exit. */
export interface Started {
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts a process; resolves once `ready()` holds (polled) and its output matches `readyLog`,
 * rejects when it exits first or after `timeoutMs`.
 */
export async function start(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; ready: () => Promise<boolean>; readyLog?: RegExp; timeoutMs?: number },
): Promise<Started> {
  const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd ?? root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-200_000)));
  child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-200_000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited with ${child.exitCode}: ${log.slice(-2000)}`);
    if ((!opts.readyLog || opts.readyLog.test(log)) && (await opts.ready().catch(() => false))) return { child, log: () => log, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`${cmd} did not become ready: ${log.slice(-2000)}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port (and answers with `prefix`, when given). */
export function answers(port: number, send: string, prefix: string): Promise<boolean> {
  return new Promise((resolve) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(send));
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      got += d;
      if (got.includes('\n')) {
        s.destroy();
        resolve(got.startsWith(prefix));
      }
    });
    s.on('error', () => resolve(false));
    s.on('close', () => resolve(got.startsWith(prefix)));
    s.setTimeout(5000, () => s.destroy());
  });
}

/** What an SMTP server answered to one message: the final reply to its DATA (or to the first refused command). */
export interface SmtpOutcome {
  code: number;
  text: string;
}

/** One envelope and message to send. */
export interface Outgoing {
  from: string;
  to: string;
  raw: Buffer;
}

/**
 * Sends messages over one SMTP connection (EHLO once; MAIL, RCPT, DATA per message; RSET after
 * a refusal), dot-stuffed with CRLF line ends as SMTP wants them. Resolves with each message's
 * outcome, in order.
 */
export async function smtpSend(port: number, messages: readonly Outgoing[]): Promise<SmtpOutcome[]> {
  const s = net.connect(port, '127.0.0.1');
  s.setEncoding('latin1');
  let buf = '';
  let gone: Error | undefined;
  const waiting: Array<{ resolve: (r: SmtpOutcome) => void; reject: (e: Error) => void }> = [];
  s.on('data', (d: string) => {
    buf += d;
    for (let m = /^(\d{3}) ([^\r\n]*)\r?\n/m.exec(buf); m; m = /^(\d{3}) ([^\r\n]*)\r?\n/m.exec(buf)) {
      buf = buf.slice(m.index + m[0].length);
      waiting.shift()?.resolve({ code: Number(m[1]), text: m[2]! });
    }
  });
  s.on('error', (e) => (gone ??= e));
  const closed = new Promise<void>((r) =>
    s.on('close', () => {
      gone ??= new Error('SMTP connection closed');
      for (const w of waiting.splice(0)) w.reject(gone);
      r();
    }),
  );
  const reply = () => new Promise<SmtpOutcome>((resolve, reject) => (gone ? reject(gone) : waiting.push({ resolve, reject })));
  const cmd = (line: string) => {
    s.write(`${line}\r\n`);
    return reply();
  };
  const expectCode = (r: SmtpOutcome, ok: number) => r.code === ok;
  const out: SmtpOutcome[] = [];
  await reply(); // greeting
  await cmd('EHLO client.example.test');
  for (const m of messages) {
    let r = await cmd(`MAIL FROM:<${m.from}>`);
    if (expectCode(r, 250)) r = await cmd(`RCPT TO:<${m.to}>`);
    if (expectCode(r, 250)) r = await cmd('DATA');
    if (expectCode(r, 354)) {
      let text = m.raw.toString('latin1').replace(/\r?\n/g, '\r\n');
      if (!text.endsWith('\r\n')) text += '\r\n';
      s.write(Buffer.from(text.replace(/^\./gm, '..') + '.\r\n', 'latin1'));
      r = await reply();
    } else await cmd('RSET');
    out.push(r);
  }
  await cmd('QUIT').catch(() => undefined);
  s.end();
  await closed;
  return out;
}

/** A header's value in a raw message's header (continuation lines kept, line ends as `\n`); undefined when absent. */
export function headerValue(raw: string, name: string): string | undefined {
  const head = raw.replace(/\r\n/g, '\n').split('\n\n')[0]!;
  const m = new RegExp(`^${name}:[ \\t]?((?:.*)(?:\\n[ \\t].*)*)`, 'm').exec(head);
  return m ? m[1] : undefined;
}

/** `spamscore serve` (the built CLI) with local tests on a free port, ready once it answers PING. */
export async function startServe(extra: string[] = []): Promise<Started & { port: number }> {
  const port = await freePort();
  const s = await start(process.execPath, [cli, 'serve', '-L', '-q', '-i', `127.0.0.1:${port}`, '--max-children', '1', ...extra], {
    ready: () => answers(port, 'PING SPAMC/1.5\r\n\r\n', 'SPAMD/1.5 0 PONG'),
  });
  return { ...s, port };
}

let libraryRules: Promise<{ check(raw: Buffer, o?: object): Promise<{ headers: Array<[string, string]>; score: number; requiredScore: number; isSpam: boolean; report: string }> }> | undefined;

/** The built library's result for a message, with the rules `spamscore serve` loads by default (local tests). */
export async function libraryCheck(raw: Buffer, options: object = {}) {
  libraryRules ??= import(path.join(root, 'dist', 'index.js')).then((m: { loadRuleSet(): Promise<never> }) => m.loadRuleSet());
  return (await libraryRules).check(raw, options);
}

/** A result's X-Spam-Status value. */
export const statusOf = (r: { headers: Array<[string, string]> }) => r.headers.find(([n]) => n === 'X-Spam-Status')?.[1];
