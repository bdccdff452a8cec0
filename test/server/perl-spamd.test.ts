/**
 * Byte for byte against Perl: spamc's output (every flag) and the raw protocol answers of
 * `spamscore serve` equal those of Perl spamd 4.0.1 on the same messages and rules — an
 * inline rule set, and the stock SpamAssassin rules (when ../shared holds them). Only the
 * report_safe MIME boundary and date, and the order of rules in the report's table (Perl's
 * hash order, which differs from one spamd child to the next), may differ.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpamdServer } from '../../src/server/server.js';
import { workerBundle } from '../support/worker-bundle.js';
import { dest, haveShared, havePerlSpamd, haveSpamc, HAM, inlineRules, normalize, raw, root, SHARED, SPAM, spamc, startPerlSpamd, type PerlSpamd } from './helpers.js';

const fixtures = readdirSync(path.join(root, 'fixtures', 'messages'))
  .filter((f) => f.endsWith('.eml'))
  .map((f) => ({ name: f, text: readFileSync(path.join(root, 'fixtures', 'messages', f)).toString('latin1') }));

const FLAGS: string[][] = [['-c'], ['-y'], ['-R'], ['-r'], [], ['--headers'], ['-E']];

async function pair(rules: string, site: string): Promise<{ perl: PerlSpamd; ours: SpamdServer; port: number }> {
  // our worker first: a Perl spamd started before a failure here would be left running
  const workerUrl = await workerBundle();
  const ours = createServer({ listen: ['127.0.0.1:0'], rules: { rules, site }, workerUrl, maxChildren: 1, network: false, allowTell: true });
  const [a] = await ours.listen();
  let perl: PerlSpamd;
  try {
    perl = await startPerlSpamd(rules, site, 1);
  } catch (e) {
    await ours.close();
    throw e;
  }
  return { perl, ours, port: (a as { port: number }).port };
}

/** The raw requests whose answers are compared, one per protocol situation. */
function requests(msg: string): Array<[string, string | Buffer]> {
  const len = Buffer.byteLength(msg, 'latin1');
  const z = deflateSync(Buffer.from(msg, 'latin1'));
  return [
    ...['CHECK', 'SYMBOLS', 'REPORT', 'REPORT_IFSPAM', 'HEADERS', 'PROCESS'].map((c): [string, string] => [`${c} 1.5`, `${c} SPAMC/1.5\r\nContent-length: ${len}\r\nUser: bob\r\n\r\n${msg}`]),
    ['SYMBOLS 1.2', `SYMBOLS SPAMC/1.2\r\n\r\n${msg}`],
    ['PROCESS 1.2', `PROCESS SPAMC/1.2\r\n\r\n${msg}`],
    ['PROCESS 1.0', `PROCESS SPAMC/1.0\r\n${msg}`],
    ['CHECK zlib', Buffer.concat([Buffer.from(`CHECK SPAMC/1.5\r\nContent-length: ${z.length}\r\nCompress: zlib\r\n\r\n`), z])],
    ['TELL spam', `TELL SPAMC/1.5\r\nContent-length: ${len}\r\nMessage-class: spam\r\nSet: local\r\n\r\n${msg}`],
    ['TELL forget', `TELL SPAMC/1.5\r\nContent-length: ${len}\r\nRemove: local\r\n\r\n${msg}`],
  ];
}

/** Malformed requests: spamd's refusals, word for word. */
const BAD: Array<[string, string]> = [
  ['garbage line', 'HELLO\r\n'],
  ['empty connection', ''],
  ['header without a colon', `CHECK SPAMC/1.5\r\nFoo\r\n\r\n${SPAM}`],
  ['Content-length too small', `CHECK SPAMC/1.5\r\nContent-length: 5\r\n\r\n${SPAM}`],
  ['Content-length too large', `CHECK SPAMC/1.5\r\nContent-length: 500\r\n\r\n${SPAM}`],
  ['empty Content-length', `CHECK SPAMC/1.5\r\nContent-length:\r\n\r\n${SPAM}`],
  ['non-numeric Content-length', `CHECK SPAMC/1.5\r\nContent-length: 5x\r\n\r\n${SPAM}`],
  ['unknown compression', `CHECK SPAMC/1.5\r\nCompress: gzip\r\n\r\n${SPAM}`],
  ['zlib without a length', `CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\n${SPAM}`],
  ['zlib that is not zlib', `CHECK SPAMC/1.5\r\nContent-length: 10\r\nCompress: zlib\r\n\r\n${SPAM}`],
  ['end of input in the headers', 'CHECK SPAMC/1.5\r\nUser: x\r\n'],
  ['a control character in User', `CHECK SPAMC/1.5\r\nUser: a\x01b\r\n\r\n${SPAM}`],
  ['LF-only header lines', `CHECK SPAMC/1.5\nContent-length: 92\n\n${SPAM}`],
  ['junk around the command', `xxCHECK SPAMC/1.5 junk\r\n\r\n${SPAM}`],
  ['300 headers', `CHECK SPAMC/1.5\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: v\r\n`).join('')}\r\n${SPAM}`],
  ['an unparsable version', `CHECK SPAMC/abc\r\n${HAM}`],
  ['set and remove local at once', `TELL SPAMC/1.5\r\nContent-length: 92\r\nRemove: local\r\nSet: local\r\n\r\n${SPAM}`],
  ['SKIP', 'SKIP SPAMC/1.5\r\n\r\n'],
  ['PING 1.2', 'PING SPAMC/1.2\r\n'],
];

const CONFIGS = [
  ['report_safe 1', 'rewrite_header Subject [SPAM _SCORE_]\nreport_safe_copy_headers X-Custom Received'],
  ['report_safe 0', 'report_safe 0\nrewrite_header Subject *SPAM* _SCORE_\nrewrite_header From spam (_REQD_)\nrewrite_header To spam'],
] as const;

describe.skipIf(!havePerlSpamd || !haveSpamc).each(CONFIGS)('against Perl spamd, an inline rule set with %s', (_, cf) => {
  let p: Awaited<ReturnType<typeof pair>>;
  beforeAll(async () => {
    const { rules, site } = inlineRules(cf);
    p = await pair(rules, site);
  }, 120_000);
  afterAll(async () => {
    await p?.perl.stop();
    await p?.ours.close();
  });

  const messages = [
    ['spam', SPAM],
    ['ham', HAM],
    ['CRLF spam with old X-Spam headers', 'Received: from x\r\nX-Custom: 1\r\nSubject: free money\r\nX-Spam-Status: old\r\n  folded\r\n\r\nviagra\r\n'],
    ['a spam without a Subject', 'From: a@example.com\n\nviagra viagra\n'],
    ['an mbox spam', 'From a@example.com Mon Jan  1 00:00:00 2024\nSubject: free money\nContent-Type: text/html\n\n<b>viagra</b>\n'],
  ] as const;

  for (const [label, msg] of messages) {
    it(`gives spamc the same output for ${label}, flag by flag`, async () => {
      for (const flags of FLAGS) {
        const [a, b] = await Promise.all([spamc([...dest(p.perl.port), ...flags], msg), spamc([...dest(p.port), ...flags], msg)]);
        expect({ flags, code: b.code, out: normalize(b.stdout) }).toEqual({ flags, code: a.code, out: normalize(a.stdout) });
      }
    });
    it(`answers the raw protocol as spamd does for ${label}`, async () => {
      for (const [what, req] of requests(msg)) {
        const [a, b] = await Promise.all([raw(p.perl.port, req), raw(p.port, req)]);
        expect({ what, answer: normalize(b) }).toEqual({ what, answer: normalize(a) });
      }
    });
  }

  it('gives spamc the same output for -L spam|ham|forget, -C report and -K', async () => {
    for (const flags of [['-L', 'spam'], ['-L', 'ham'], ['-L', 'forget'], ['-C', 'report'], ['-K']]) {
      const [a, b] = await Promise.all([spamc([...dest(p.perl.port), ...flags], SPAM), spamc([...dest(p.port), ...flags], SPAM)]);
      expect({ flags, code: b.code, out: b.stdout.replace(/^SPAMD\/1\.5 0.*/, 'PONG') }).toEqual({ flags, code: a.code, out: a.stdout.replace(/^SPAMD\/1\.5 0.*/, 'PONG') });
    }
  });

  for (const [label, req] of BAD) {
    it(`refuses ${label} with spamd's words`, async () => {
      const [a, b] = await Promise.all([raw(p.perl.port, req), raw(p.port, req)]);
      expect(b).toBe(a);
    });
  }
});

describe.skipIf(!havePerlSpamd || !haveSpamc || !haveShared)('against Perl spamd, the stock rules', () => {
  let p: Awaited<ReturnType<typeof pair>>;
  beforeAll(async () => {
    p = await pair(path.join(SHARED, 'rules'), path.join(SHARED, 'site'));
  }, 300_000);
  afterAll(async () => {
    await p?.perl.stop();
    await p?.ours.close();
  });

  it('answers every fixture message as spamd does, for every scanning command', async () => {
    for (const f of fixtures) {
      for (const [what, req] of requests(f.text).slice(0, 6)) {
        const [a, b] = await Promise.all([raw(p.perl.port, req), raw(p.port, req)]);
        expect({ file: f.name, what, answer: normalize(b) }).toEqual({ file: f.name, what, answer: normalize(a) });
      }
    }
  }, 300_000);

  it('gives spamc the same output for every fixture message and flag', async () => {
    for (const f of fixtures) {
      for (const flags of FLAGS) {
        const [a, b] = await Promise.all([spamc([...dest(p.perl.port), ...flags], f.text), spamc([...dest(p.port), ...flags], f.text)]);
        expect({ file: f.name, flags, code: b.code, out: normalize(b.stdout) }).toEqual({ file: f.name, flags, code: a.code, out: normalize(a.stdout) });
      }
    }
  }, 300_000);
});
