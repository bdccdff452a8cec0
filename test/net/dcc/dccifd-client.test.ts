/**
 * The dccifd client: the request DCC.pm writes, the answer it reads, over a Unix socket and TCP,
 * and what happens when dccifd is missing, silent or says nothing useful.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDccClient } from '../../../src/net/dcc/create-dcc-client.js';
import { createDccifdClient } from '../../../src/net/dcc/dccifd-client.js';
import { dccifdAddress, parseDccifdPath } from '../../../src/net/dcc/dccifd-address.js';
import { dccifdRequestHead, parseDccifdResponse } from '../../../src/net/dcc/dccifd-protocol.js';
import { dccifdAnswer, startTcpDccifd, startUnixDccifd, type FakeDccifd } from './fake-dccifd.js';

const HEADER = 'X-DCC-Test-Metrics: fake.example 1234; bulk Body=many Fuz1=many Fuz2=12 rep=97%';
const MESSAGE = Buffer.from('From: a@example.com\nSubject: caf\xe9\n\nbody\n', 'latin1');
const never = new AbortController().signal;

let servers: FakeDccifd[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('the request head', () => {
  it('is the options line, the client line, HELO, an empty sender and the recipient "unknown", as ask_dcc writes them', () => {
    expect(dccifdRequestHead({ clientIp: '192.0.2.7', clientName: 'mx.example.net', helo: 'helo.example.net' })).toBe(
      'cksums grey-off \n192.0.2.7\rmx.example.net\nhelo.example.net\n\nunknown\n\n',
    );
  });

  it('keeps the CR when the relay has an empty rDNS, and sends an empty client line without a relay', () => {
    expect(dccifdRequestHead({ clientIp: '192.0.2.7', clientName: '' })).toBe('cksums grey-off \n192.0.2.7\r\n\n\nunknown\n\n');
    expect(dccifdRequestHead({})).toBe('cksums grey-off \n\n\n\nunknown\n\n');
  });

  it('appends dccifd_options, uses the report options for a report, and sends a known envelope', () => {
    expect(
      dccifdRequestHead({ report: true, envelopeFrom: 's@example.org', envelopeTo: ['a@example.com', 'b@example.com'] }, 'no-reject'),
    ).toBe('header spam grey-off no-reject\n\n\ns@example.org\na@example.com\nb@example.com\n\n');
  });
});

describe('the answer', () => {
  it('skips the status lines and reads the X-DCC header, unfolding tab continuations', () => {
    const r = parseDccifdResponse('A\nA\nX-DCC-Test-Metrics: h 1; bulk\n\tBody=many Fuz1=3\n\tFuz2=ok rep=40%\nreported: 0\nbody: 1 2 3\n');
    expect(r).toEqual({ result: 'A', header: 'X-DCC-Test-Metrics: h 1; bulk Body=many Fuz1=3 Fuz2=ok rep=40%', reputation: 40 });
  });

  it('has no reputation when the header gives none', () => {
    expect(parseDccifdResponse(`A\nA\n${'X-DCC-x-Metrics: h 1; Body=1'}\n`)).toEqual({ result: 'A', header: 'X-DCC-x-Metrics: h 1; Body=1' });
  });

  it('is an error when nothing follows the status lines ("empty response from dccifd?")', () => {
    expect(() => parseDccifdResponse('A\nA\n')).toThrow(/empty response/);
  });
});

describe('where dccifd is', () => {
  it('follows dcc_dccifd_path: host:port and [host]:port are TCP, anything else a socket path', () => {
    expect(parseDccifdPath('127.0.0.1:1234')).toEqual({ ok: true, address: { kind: 'tcp', host: '127.0.0.1', port: 1234 } });
    expect(parseDccifdPath('[::1]:1234')).toEqual({ ok: true, address: { kind: 'tcp', host: '::1', port: 1234 } });
    expect(parseDccifdPath('/run/dcc/dccifd')).toEqual({ ok: true, address: { kind: 'unix', path: '/run/dcc/dccifd' } });
    expect(parseDccifdPath('host:99999').ok).toBe(false);
    expect(parseDccifdPath(':1234').ok).toBe(false);
  });

  it('defaults to the dccifd socket in dcc_home, itself /var/dcc, and ignores a refused dcc_dccifd_path', () => {
    expect(dccifdAddress(new Map())).toEqual({ kind: 'unix', path: '/var/dcc/dccifd' });
    expect(dccifdAddress(new Map([['dcc_home', '/opt/dcc']]))).toEqual({ kind: 'unix', path: '/opt/dcc/dccifd' });
    expect(dccifdAddress(new Map([['dcc_home', '/opt/dcc'], ['dcc_dccifd_path', 'h:0']]))).toEqual({ kind: 'unix', path: '/opt/dcc/dccifd' });
  });
});

describe('talking to dccifd', () => {
  it('over a Unix socket: sends the request and the message bytes, returns the header', async () => {
    const s = await startUnixDccifd(() => dccifdAnswer(HEADER));
    servers.push(s);
    const client = createDccClient(new Map([['dcc_dccifd_path', s.path]]));
    const r = await client.check(MESSAGE, { clientIp: '192.0.2.7', clientName: 'mx.example.net', helo: 'h.example' }, never);
    expect(r).toEqual({ result: 'A', header: HEADER, reputation: 97 });
    expect(s.requests).toEqual([
      {
        options: 'cksums grey-off ',
        client: '192.0.2.7\rmx.example.net',
        helo: 'h.example',
        sender: '',
        recipients: ['unknown'],
        message: MESSAGE.toString('latin1'),
      },
    ]);
  });

  it('over TCP, found through dcc_home when the path names a port', async () => {
    const s = await startTcpDccifd(() => dccifdAnswer(HEADER, 'R', 'R'));
    servers.push(s);
    const client = createDccClient(new Map<string, unknown>([['dcc_dccifd_path', `127.0.0.1:${s.port}`], ['dccifd_options', 'log']]));
    const r = await client.check(MESSAGE, {}, never);
    expect(r.result).toBe('R');
    expect(r.header).toBe(HEADER);
    expect(s.requests[0]!.options).toBe('cksums grey-off log');
  });

  it('through dcc_home/dccifd', async () => {
    const s = await startUnixDccifd(() => dccifdAnswer(HEADER));
    servers.push(s);
    const r = await createDccClient(new Map([['dcc_home', s.home]])).check(MESSAGE, {}, never);
    expect(r.header).toBe(HEADER);
  });

  it('rejects with the socket error when nothing listens', async () => {
    const client = createDccClient(new Map([['dcc_dccifd_path', '/nonexistent/dccifd']]));
    await expect(client.check(MESSAGE, {}, never)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects when dccifd hangs up without an answer', async () => {
    const s = await startUnixDccifd(() => ({ close: true }));
    servers.push(s);
    await expect(createDccClient(new Map([['dcc_dccifd_path', s.path]])).check(MESSAGE, {}, never)).rejects.toMatchObject({
      code: 'EDCCRESPONSE',
    });
  });

  it('gives up after its timeout, and when the scan is aborted', async () => {
    const s = await startUnixDccifd(() => ({ hang: true }));
    servers.push(s);
    const slow = createDccifdClient({ address: { kind: 'unix', path: s.path }, timeoutMs: 50 });
    await expect(slow.check(MESSAGE, {}, never)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    const ac = new AbortController();
    const pending = createDccifdClient({ address: { kind: 'unix', path: s.path }, timeoutMs: 10_000 }).check(MESSAGE, {}, ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'ABORT_ERR' });
  });
});
