/**
 * examples/smtp-net: the small SMTP receiver on node's `net` that scores at DATA. Started as a
 * process on a free port with a temporary maildir; mail is sent to it by SMTP.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, corpusMessages, examples, freePort, haveCorpus, haveDist, headerValue, libraryCheck, root, smtpSend, start, statusOf, type Started } from './helpers.js';

const GTUBE = readFileSync(path.join(root, 'fixtures', 'messages', '02-gtube.eml'));

/** The message as the server received it: CRLF line ends (SMTP's), dot-unstuffed. */
const asReceived = (raw: Buffer) => {
  let t = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  if (!t.endsWith('\r\n')) t += '\r\n';
  return Buffer.from(t, 'latin1');
};

describe.skipIf(!haveDist)('the net SMTP receiver example', () => {
  let server: Started;
  let port: number;
  let maildir: string;
  const delivered = () => readdirSync(path.join(maildir, 'new')).sort().map((f) => readFileSync(path.join(maildir, 'new', f), 'latin1'));

  beforeAll(async () => {
    port = await freePort();
    maildir = mkdtempSync(path.join(tmpdir(), 'spamscore-maildir-'));
    server = await start(process.execPath, [path.join(examples, 'smtp-net', 'server.mjs'), '--listen', `127.0.0.1:${port}`, '--maildir', maildir, '--reject', '20', '--local', '--workers', '1'], {
      ready: () => answers(port, 'QUIT\r\n', '220 '),
      readyLog: /listening on/,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('rejects at DATA a message scoring at or above --reject, and delivers nothing', async () => {
    const before = delivered().length;
    const [r] = await smtpSend(port, [{ from: 'sender@example.org', to: 'rcpt@example.com', raw: GTUBE }]);
    expect(r!.code).toBe(550);
    expect(r!.text).toMatch(/^5\.7\.1 Message rejected as spam \(score \d+/);
    expect(delivered().length).toBe(before);
  });

  it.skipIf(!haveCorpus)('delivers the rest with the X-Spam-Status the library gives for the same envelope', async () => {
    const messages = corpusMessages(10);
    const before = delivered().length;
    const outcomes = await smtpSend(
      port,
      messages.map((m, i) => ({ from: 'sender@example.org', to: `r${i}@example.com`, raw: m.raw })),
    );
    expect(outcomes.map((o) => o.code)).toEqual(messages.map(() => 250));
    const got = delivered().slice(before);
    expect(got).toHaveLength(messages.length);
    for (const [i, m] of messages.entries()) {
      const envelope = { ip: '127.0.0.1', helo: 'client.example.test', mailFrom: 'sender@example.org', rcptTo: [`r${i}@example.com`] };
      const lib = await libraryCheck(asReceived(m.raw), { envelope });
      // maildir names sort by delivery time: one connection delivers in order
      expect({ file: m.file, status: headerValue(got[i]!, 'X-Spam-Status') }).toEqual({ file: m.file, status: statusOf(lib) });
    }
  }, 120_000);

  it('drops X-Spam-* headers a message arrives with: only its own remain', async () => {
    const forged = Buffer.from('From: a@example.com\nTo: b@example.com\nSubject: hi\nX-Spam-Status: No, score=-100\n  forged=1\nX-Spam-Flag: NO\n\nhello\n');
    const before = delivered().length;
    const [r] = await smtpSend(port, [{ from: 'a@example.com', to: 'b@example.com', raw: forged }]);
    expect(r!.code).toBe(250);
    const message = delivered().slice(before)[0]!;
    expect(message.match(/^X-Spam-Status:/gm)).toHaveLength(1);
    expect(message).not.toContain('forged=1');
    expect(message).not.toMatch(/^X-Spam-Flag: NO/m);
  });
});
