/**
 * A real Haraka (npm `Haraka`) on loopback, receiving corpus mail by SMTP:
 *
 * - with Haraka's own `spamassassin` plugin (npm `haraka-plugin-spamassassin`) configured as
 *   examples/haraka-spamd/ does, talking to `spamscore serve`: each delivered message carries
 *   the X-Spam-Status the library's `check()` gives for the message the plugin sent (the
 *   message as Haraka holds it, behind the plugin's `X-Envelope-From`/`X-Haraka-UUID` lines);
 * - with the native plugin of examples/haraka-native/ (the library in-process, no daemon):
 *   the same agreement, and a 550 at DATA above its reject score.
 *
 * Both run the built package (dist/, what `npm ci` builds) with local tests only. Haraka and
 * the daemon are started on free ports and stopped by PID; without the corpus or the build the
 * tests are skipped.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, cli, corpusMessages, examples, freePort, haveCorpus, haveDist, headerValue, libraryCheck, root, smtpSend, start, statusOf, type Started } from './helpers.js';

const harakaBin = path.join(root, 'node_modules', 'Haraka', 'bin', 'haraka');
const MESSAGES = 200;

/** A Haraka directory: the example's config, listening on `port`, this test's recorder first. */
function harakaDir(port: number, plugins: string[], files: Record<string, string>): { dir: string; out: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-haraka-'));
  const out = path.join(dir, 'out');
  for (const d of ['config', 'plugins', 'node_modules', 'out']) mkdirSync(path.join(dir, d));
  // Haraka's own defaults for what the example does not set
  for (const f of ['connection.ini', 'log.ini']) cpSync(path.join(root, 'node_modules', 'Haraka', 'config', f), path.join(dir, 'config', f));
  writeFileSync(path.join(dir, 'config', 'smtp.ini'), `listen=127.0.0.1:${port}\n`);
  writeFileSync(path.join(dir, 'config', 'me'), 'mx.example.test\n');
  writeFileSync(path.join(dir, 'config', 'plugins'), ['record', ...plugins].join('\n') + '\n');
  cpSync(path.join(root, 'test', 'examples', 'haraka-record.js'), path.join(dir, 'plugins', 'record.js'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  // `npm install spamscore` in the Haraka directory, as the native example says: this checkout
  symlinkSync(root, path.join(dir, 'node_modules', 'spamscore'));
  return { dir, out };
}

async function startHaraka(dir: string, out: string, port: number, readyLog?: RegExp): Promise<Started> {
  return start(process.execPath, [harakaBin, '-c', dir], {
    env: { ...process.env, RECORD_DIR: out },
    ready: () => answers(port, '', '220 '),
    ...(readyLog ? { readyLog } : {}),
  });
}

/** Sends the corpus messages over `connections` SMTP connections at once; each to its own recipient. */
async function sendAll(port: number, messages: Array<{ file: string; raw: Buffer }>, connections = 4) {
  const batches = Array.from({ length: connections }, (_, c) => messages.map((m, i) => ({ m, i })).filter(({ i }) => i % connections === c));
  const results = await Promise.all(batches.map((b) => smtpSend(port, b.map(({ m, i }) => ({ from: 'sender@example.org', to: `m${i}@example.com`, raw: m.raw })))));
  const out = new Array<{ code: number; text: string }>(messages.length);
  batches.forEach((b, c) => b.forEach(({ i }, k) => (out[i] = results[c]![k]!)));
  return out;
}

/** The library's X-Spam-Status for these bytes (local tests, the rules `spamscore serve` loads by default). */
const libraryStatus = async (raw: Buffer) => statusOf(await libraryCheck(raw));

describe.skipIf(!haveDist || !haveCorpus)('Haraka with its spamassassin plugin, talking to spamscore serve', () => {
  const messages = haveCorpus ? corpusMessages(MESSAGES) : [];
  let spamd: Started;
  let haraka: Started;
  let out: string;
  let port: number;

  beforeAll(async () => {
    const spamdPort = await freePort();
    spamd = await start(process.execPath, [cli, 'serve', '-L', '-q', '-i', `127.0.0.1:${spamdPort}`, '--max-children', '2'], {
      ready: () => answers(spamdPort, 'PING SPAMC/1.5\r\n\r\n', 'SPAMD/1.5 0 PONG'),
    });
    port = await freePort();
    // the example's spamassassin.ini, pointed at this daemon
    const ini = readFileSync(path.join(examples, 'haraka-spamd', 'config', 'spamassassin.ini'), 'utf8').replace(/^spamd_socket=.*$/m, `spamd_socket=127.0.0.1:${spamdPort}`);
    const plugins = readFileSync(path.join(examples, 'haraka-spamd', 'config', 'plugins'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const h = harakaDir(port, plugins, { 'config/spamassassin.ini': ini });
    out = h.out;
    haraka = await startHaraka(h.dir, h.out, port);
  }, 180_000);

  afterAll(async () => {
    await haraka?.stop();
    await spamd?.stop();
  });

  it(`delivers ${MESSAGES} corpus messages, each with the X-Spam-Status the library gives`, async () => {
    const outcomes = await sendAll(port, messages);
    expect(outcomes.filter((o) => o.code !== 250)).toEqual([]);
    const mismatches: string[] = [];
    const verdicts = { Yes: 0, No: 0 };
    for (let i = 0; i < messages.length; i++) {
      const delivered = readFileSync(path.join(out, `m${i}.delivered`), 'latin1');
      const seen = readFileSync(path.join(out, `m${i}.seen`));
      const { from, uuid } = JSON.parse(readFileSync(path.join(out, `m${i}.json`), 'utf8')) as { from: string; uuid: string };
      // what the plugin sends spamd: two lines of its own, then the message (get_spamd_headers)
      const sent = Buffer.concat([Buffer.from(`X-Envelope-From: ${from}\r\nX-Haraka-UUID: ${uuid}\r\n`), seen]);
      const status = headerValue(delivered, 'X-Spam-Status');
      const expected = await libraryStatus(sent);
      if (status !== expected) mismatches.push(`${messages[i]!.file}:\n  delivered ${status}\n  library   ${expected}`);
      verdicts[status?.startsWith('Yes') ? 'Yes' : 'No']++;
    }
    expect(mismatches).toEqual([]);
    // the corpus holds both: the comparison saw spam and ham verdicts
    expect(verdicts.Yes).toBeGreaterThan(10);
    expect(verdicts.No).toBeGreaterThan(10);
  }, 600_000);
});

describe.skipIf(!haveDist || !haveCorpus)('Haraka with the native spamscore plugin (examples/haraka-native)', () => {
  const messages = haveCorpus ? corpusMessages(40) : [];
  let haraka: Started;
  let out: string;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const ini = readFileSync(path.join(examples, 'haraka-native', 'config', 'spamscore.ini'), 'utf8')
      .replace(/^network=.*$/m, 'network=false')
      .replace(/^reject_score=.*$/m, 'reject_score=100');
    const h = harakaDir(port, ['spamscore'], { 'config/spamscore.ini': ini });
    cpSync(path.join(examples, 'haraka-native', 'plugins', 'spamscore.js'), path.join(h.dir, 'plugins', 'spamscore.js'));
    cpSync(path.join(examples, 'haraka-native', 'config', 'spamscore.timeout'), path.join(h.dir, 'config', 'spamscore.timeout'));
    out = h.out;
    // the plugin logs once its workers have loaded the rules
    haraka = await startHaraka(h.dir, h.out, port, /spamscore: \d+ rules on \d+ workers/);
  }, 180_000);

  afterAll(async () => {
    await haraka?.stop();
  });

  it('adds to each delivered message the X-Spam-Status the library gives for it', async () => {
    const outcomes = await sendAll(port, messages, 2);
    expect(outcomes.filter((o) => o.code !== 250)).toEqual([]);
    for (let i = 0; i < messages.length; i++) {
      const delivered = readFileSync(path.join(out, `m${i}.delivered`), 'latin1');
      const seen = readFileSync(path.join(out, `m${i}.seen`));
      expect({ file: messages[i]!.file, status: headerValue(delivered, 'X-Spam-Status') }).toEqual({ file: messages[i]!.file, status: await libraryStatus(seen) });
    }
  }, 300_000);

  it('rejects at DATA at or above reject_score, and delivers nothing', async () => {
    const gtube = readFileSync(path.join(root, 'fixtures', 'messages', '02-gtube.eml'));
    const [r] = await smtpSend(port, [{ from: 'sender@example.org', to: 'gtube@example.com', raw: gtube }]);
    expect(r!.code).toBe(550);
    expect(r!.text).toMatch(/^spam score \d+(\.\d+)? exceeded threshold/);
  }, 60_000);
});
