/**
 * examples/exim/spamscore.conf. Exim is not run here: the test checks that the snippet's
 * `spamd_address` is where `spamscore serve` listens by default, and replays against the
 * daemon the request Exim's `spam` ACL condition sends (`REPORT SPAMC/1.2`, `User:`,
 * `Content-length:`, then a half-close: Exim's src/spam.c), reading the answer with the two
 * patterns Exim's spam.c reads it with, into what Exim puts in $spam_score, $spam_score_int,
 * $spam_bar and the spam condition's verdict.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, examples, haveDist, libraryCheck, root, startServe, type Started } from './helpers.js';

const snippet = readFileSync(path.join(examples, 'exim', 'spamscore.conf'), 'utf8');

/** Exim's request and its reading of the answer (spam.c, the SpamAssassin variant). */
function eximSpam(port: number, message: Buffer, user = 'nobody'): Promise<{ score: number; threshold: number; spamScore: string; spamScoreInt: string; spamBar: string; isSpam: boolean } | undefined> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => {
      s.write(`REPORT SPAMC/1.2\r\nUser: ${user}\r\nContent-length: ${message.length}\r\n\r\n`);
      s.end(message); // then shutdown(SHUT_WR)
    });
    s.on('data', (d: Buffer) => out.push(d));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(out).toString('latin1');
      // "SPAMD/%7s 0 EX_OK\r\nContent-length: %*u\r\n\r\n%lf/%lf\r\n%n", else the pre-2.50 form
      const m =
        /^SPAMD\/\S{1,7} 0 EX_OK\r\nContent-length: \d+\r\n\r\n\s*([-+]?[\d.]+)\/([-+]?[\d.]+)\r\n/.exec(text) ??
        /^SPAMD\/\S{1,7} 0 EX_OK\r\nSpam: \S+ ; ([-+]?[\d.]+) \/ ([-+]?[\d.]+)\r\n\r\n/.exec(text);
      if (!m) return resolve(undefined);
      const score = Number(m[1]);
      const threshold = Number(m[2]);
      const bar = Math.min(Math.abs(Math.trunc(score)), 50);
      resolve({
        score,
        threshold,
        spamScore: score.toFixed(1),
        spamScoreInt: (score * 10).toFixed(0),
        spamBar: bar === 0 ? '/' : (score > 0 ? '+' : '-').repeat(bar),
        isSpam: score >= threshold,
      });
    });
  });
}

describe('the Exim snippet', () => {
  it("points spamd_address at spamscore serve's default address and port", () => {
    const m = /^spamd_address = (\S+) (\d+)$/m.exec(snippet);
    expect(m).not.toBeNull();
    if (!haveDist) return;
    // the help text, its wrapped lines joined
    const help = execFileSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' }).replace(/\n\s+/g, ' ');
    const host = /--listen <addr>[^(]*\(repeatable; default ([^)\s]+)\)/.exec(help)?.[1];
    const port = /--port <n>[^(]*\(default (\d+)\)/.exec(help)?.[1];
    expect({ host: m![1], port: m![2] }).toEqual({ host, port });
  });
});

describe.skipIf(!haveDist)("Exim's spamd request, replayed against spamscore serve", () => {
  let serve: Started & { port: number };
  beforeAll(async () => {
    serve = await startServe();
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
  });

  for (const file of ['02-gtube.eml', '01-plain-ham.eml']) {
    it(`gives Exim the library's score and verdict for ${file}`, async () => {
      const raw = readFileSync(path.join(root, 'fixtures', 'messages', file));
      const [exim, lib] = await Promise.all([eximSpam(serve.port, raw), libraryCheck(raw)]);
      expect(exim).toBeDefined();
      expect({ score: exim!.spamScore, threshold: exim!.threshold, spam: exim!.isSpam }).toEqual({ score: lib.score.toFixed(1), threshold: lib.requiredScore, spam: lib.isSpam });
      expect(exim!.spamBar).toMatch(lib.score >= 1 ? /^\++$/ : lib.score <= -1 ? /^-+$/ : /^\/$/);
    });
  }

  it("rejects with the snippet's deny rule (spam_score_int >= 150) only the message scoring 15 or more", async () => {
    const threshold = Number(/\$\{if >=\{\$spam_score_int\}\{(\d+)\}\}/.exec(snippet)![1]);
    const gtube = await eximSpam(serve.port, readFileSync(path.join(root, 'fixtures', 'messages', '02-gtube.eml')));
    const ham = await eximSpam(serve.port, readFileSync(path.join(root, 'fixtures', 'messages', '01-plain-ham.eml')));
    expect([Number(gtube!.spamScoreInt) >= threshold, Number(ham!.spamScoreInt) >= threshold]).toEqual([true, false]);
  });
});
