/**
 * A fake dccifd for tests: it speaks the daemon's ASCII protocol (dccifd(8)) on a Unix socket or
 * a TCP port, records each request it parsed, and answers what the test tells it to.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request as dccifd parsed it. */
export interface DccifdRequestSeen {
  options: string;
  /** The client line: IP, optionally "\r" and a host name. */
  client: string;
  helo: string;
  sender: string;
  recipients: string[];
  /** The message bytes, as a Latin-1 string. */
  message: string;
}

/** What the fake answers: the raw response text, or nothing (it then hangs up at once). */
export type DccifdReply = (req: DccifdRequestSeen) => string | { hang: true } | { close: true };

/** A running fake dccifd. */
export interface FakeDccifd {
  /** The socket path (unix) or the port (tcp). */
  readonly path?: string;
  readonly port?: number;
  readonly requests: DccifdRequestSeen[];
  close(): Promise<void>;
}

/** The answer a real dccifd gives for an accepted message: status, recipients, header, checksums. */
export function dccifdAnswer(header: string, result = 'A', recipients = 'A'): string {
  return `${result}\n${recipients}\n${header}\nreported: 0   checksum  server\nbody: 1234 5678 9abc def0   1\n`;
}

/** Parses a request as dccifd would (lines up to the blank line after the recipients, then the message). */
export function parseDccifdRequest(raw: string): DccifdRequestSeen {
  let pos = 0;
  const line = () => {
    const i = raw.indexOf('\n', pos);
    const l = i < 0 ? raw.slice(pos) : raw.slice(pos, i);
    pos = i < 0 ? raw.length : i + 1;
    return l;
  };
  const options = line();
  const client = line();
  const helo = line();
  const sender = line();
  const recipients: string[] = [];
  while (pos < raw.length) {
    const r = line();
    if (r === '') break;
    recipients.push(r);
  }
  return { options, client, helo, sender, recipients, message: raw.slice(pos) };
}

function handle(socket: Socket, reply: DccifdReply, requests: DccifdRequestSeen[]) {
  const chunks: Buffer[] = [];
  socket.on('data', (b) => chunks.push(b));
  socket.on('error', () => undefined);
  socket.on('end', () => {
    const req = parseDccifdRequest(Buffer.concat(chunks).toString('latin1'));
    requests.push(req);
    const out = reply(req);
    if (typeof out === 'string') socket.end(Buffer.from(out, 'latin1'));
    else if ('close' in out) socket.end();
    // { hang: true }: never answer.
  });
}

function listen(server: Server, arg: { path: string } | { port: number; host: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(arg, () => resolve());
  });
}

/** Starts a fake dccifd on a fresh Unix socket. */
export async function startUnixDccifd(reply: DccifdReply): Promise<FakeDccifd & { path: string; home: string }> {
  const home = mkdtempSync(join(tmpdir(), 'fake-dcc-'));
  const path = join(home, 'dccifd');
  const requests: DccifdRequestSeen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    handle(s, reply, requests);
  });
  await listen(server, { path });
  return {
    path,
    home,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          rmSync(home, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Starts a fake dccifd on a TCP port of 127.0.0.1. */
export async function startTcpDccifd(reply: DccifdReply): Promise<FakeDccifd & { port: number }> {
  const requests: DccifdRequestSeen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    handle(s, reply, requests);
  });
  await listen(server, { port: 0, host: '127.0.0.1' });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
