#!/usr/bin/env node
// A small SMTP receiver on node's `net` that scores every message at DATA with spamscore's
// scanner pool (worker threads: the event loop never waits on a scan): it rejects spam above
// the reject score with a 550 before accepting responsibility for it, and writes the rest,
// with SpamAssassin's X-Spam-* headers added, to a maildir. The scoring is score-at-data.mjs;
// this file is only enough SMTP (RFC 5321's minimum: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP,
// QUIT) to show it end to end. A real deployment puts it behind an MTA or uses a complete
// SMTP library (smtp-server's onData calls scoreAtData the same way; see docs/integration.md).
//
//   node examples/smtp-net/server.mjs --listen 127.0.0.1:2525 --maildir ./mail [--reject 15] [--local]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createScanner } from 'spamscore';
import { scoreAtData } from './score-at-data.mjs';

const { values: opt } = parseArgs({
  options: {
    listen: { type: 'string', default: '127.0.0.1:2525' },
    maildir: { type: 'string', default: './mail' },
    reject: { type: 'string' },
    local: { type: 'boolean', default: false },
    workers: { type: 'string' },
    'max-size': { type: 'string', default: String(25 * 1024 * 1024) },
  },
});
const [host, port] = [opt.listen.slice(0, opt.listen.lastIndexOf(':')), Number(opt.listen.slice(opt.listen.lastIndexOf(':') + 1))];
const maxSize = Number(opt['max-size']);
const reject = opt.reject !== undefined ? Number(opt.reject) : undefined;
const me = hostname();
for (const d of ['tmp', 'new', 'cur']) mkdirSync(path.join(opt.maildir, d), { recursive: true });

const scanner = createScanner({ ...(opt.workers ? { workers: Number(opt.workers) } : {}) });
const info = await scanner.ready; // the rules load once, on every worker
let delivered = 0;

/** Writes a message to the maildir (tmp, then renamed into new, as maildir wants). */
function deliver(message) {
  const name = `${Date.now()}.${process.pid}_${String(delivered++).padStart(6, "0")}.${me}`;
  writeFileSync(path.join(opt.maildir, 'tmp', name), message);
  renameSync(path.join(opt.maildir, 'tmp', name), path.join(opt.maildir, 'new', name));
  return name;
}

function session(socket) {
  const say = (code, text) => socket.write(`${code} ${text}\r\n`);
  const envelope = { ip: socket.remoteAddress?.replace(/^::ffff:/, ''), helo: undefined, mailFrom: undefined, rcptTo: [] };
  let buf = Buffer.alloc(0);
  let data = null; // the message being received, as chunks, while in DATA
  let size = 0;
  let busy = false; // scoring: further input waits
  const reset = () => Object.assign(envelope, { mailFrom: undefined, rcptTo: [] });

  const command = (line) => {
    const [verb, ...rest] = line.split(' ');
    const arg = rest.join(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
      case 'HELO':
        envelope.helo = arg;
        reset();
        return verb.toUpperCase() === 'EHLO' ? socket.write(`250-${me}\r\n250-8BITMIME\r\n250 SIZE ${maxSize}\r\n`) : say(250, me);
      case 'MAIL': {
        const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
        if (!m) return say(501, '5.5.4 Syntax: MAIL FROM:<address>');
        reset();
        envelope.mailFrom = m[1];
        return say(250, '2.1.0 Ok');
      }
      case 'RCPT': {
        const m = /^TO:\s*<([^>]+)>/i.exec(arg);
        if (envelope.mailFrom === undefined) return say(503, '5.5.1 MAIL first');
        if (!m) return say(501, '5.5.4 Syntax: RCPT TO:<address>');
        if (envelope.rcptTo.length >= 100) return say(452, '4.5.3 Too many recipients');
        envelope.rcptTo.push(m[1]);
        return say(250, '2.1.5 Ok');
      }
      case 'DATA':
        if (!envelope.rcptTo.length) return say(503, '5.5.1 RCPT first');
        data = [];
        size = 0;
        return say(354, 'End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        reset();
        return say(250, '2.0.0 Ok');
      case 'NOOP':
        return say(250, '2.0.0 Ok');
      case 'QUIT':
        say(221, '2.0.0 Bye');
        return socket.end();
      default:
        return say(502, '5.5.2 Command not recognized');
    }
  };

  const endOfData = async () => {
    const raw = Buffer.concat(data);
    data = null;
    if (size > maxSize) return say(552, '5.3.4 Message too big');
    busy = true;
    const answer = await scoreAtData(scanner, raw, { ...envelope, rcptTo: [...envelope.rcptTo] }, { network: !opt.local, ...(reject !== undefined ? { reject } : {}) });
    if (answer.message) deliver(answer.message);
    say(answer.code, answer.text);
    reset();
    busy = false;
    pump();
  };

  const pump = () => {
    while (!busy) {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) {
        if (data === null && buf.length > 4096) {
          say(500, '5.5.6 Line too long');
          socket.end();
        }
        return;
      }
      const line = buf.subarray(0, nl + 1);
      buf = buf.subarray(nl + 1);
      if (data === null) {
        command(line.toString('latin1').replace(/\r?\n$/, ''));
        continue;
      }
      if (line.toString('latin1').replace(/\r?\n$/, '') === '.') {
        void endOfData();
        return;
      }
      // dot-unstuffing (RFC 5321 4.5.2); past the size limit the rest is read and dropped
      const body = line[0] === 0x2e ? line.subarray(1) : line;
      size += body.length;
      if (size <= maxSize) data.push(body);
    }
  };

  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    pump();
  });
  socket.on('error', () => undefined);
  say(220, `${me} ESMTP spamscore example`);
}

const server = net.createServer(session);
server.listen(port, host, () => {
  console.log(`listening on ${host}:${server.address().port}, ${info.ruleCount} rules on ${scanner.workers} workers, delivering to ${opt.maildir}`);
});
const stop = () => server.close(() => void scanner.close().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
