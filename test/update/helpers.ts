/**
 * Test channel kit: tar.gz archives built in memory, an OpenPGP key made in the test, a local
 * HTTP server on 127.0.0.1 playing the mirrors, and snapshots of an update directory.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';

/** One ustar header block for a file (or another entry type) of `size` bytes. */
function header(name: string, size: number, type = '0', prefix = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('14500000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write(prefix, 345, 155, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

const pad = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

/** An entry of {@link makeTar}: a file's contents, or an entry of another tar type. */
export type TarInput = string | Buffer | { type: string; data?: string | Buffer; prefix?: string };

/** A ustar archive of the given entries, in order. */
export function makeTar(files: Record<string, TarInput>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, input] of Object.entries(files)) {
    const spec = typeof input === 'string' || Buffer.isBuffer(input) ? { type: '0', data: input } : input;
    const data = spec.data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data, 'latin1');
    parts.push(header(name, data.length, spec.type, spec.prefix), pad(data));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A gzip-compressed ustar archive (see {@link makeTar}). */
export function makeTarGz(files: Record<string, TarInput>): Buffer {
  return gzipSync(makeTar(files));
}

/** A signing key made for the test. */
export interface TestKey {
  privateKey: openpgp.PrivateKey;
  publicArmored: string;
  fingerprint: string;
}

/** Makes a fresh OpenPGP key (ECC, no passphrase). */
export async function makeTestKey(name = 'spamscore test channel'): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({ userIDs: [{ name, email: 'channel@example.test' }], format: 'object' });
  return { privateKey, publicArmored: publicKey.armor(), fingerprint: publicKey.getFingerprint().toUpperCase() };
}

/** An armored detached signature of `data`, as `gpg -bas` makes. */
export async function signDetached(data: Buffer, key: TestKey): Promise<Buffer> {
  const message = await openpgp.createMessage({ binary: new Uint8Array(data) });
  const sig = await openpgp.sign({ message, signingKeys: key.privateKey, detached: true, format: 'armored' });
  return Buffer.from(sig as string, 'latin1');
}

/** `sha512sum`-style checksum file text for data. */
export function checksumFile(data: Buffer, algorithm: 'sha512' | 'sha256', name = 'file.tar.gz'): Buffer {
  return Buffer.from(`${createHash(algorithm).update(data).digest('hex')}  ${name}\n`, 'latin1');
}

/** The files a channel release consists of, by name: `<v>.tar.gz`, `.asc`, `.sha512`, `.sha256`. */
export async function releaseFiles(version: string, archive: Buffer, key: TestKey): Promise<Record<string, Buffer>> {
  return {
    [`${version}.tar.gz`]: archive,
    [`${version}.tar.gz.asc`]: await signDetached(archive, key),
    [`${version}.tar.gz.sha512`]: checksumFile(archive, 'sha512', `${version}.tar.gz`),
    [`${version}.tar.gz.sha256`]: checksumFile(archive, 'sha256', `${version}.tar.gz`),
  };
}

/** What a route answers: bytes, or `'hang'` (accept and never answer: a dead mirror). */
export type Route = Buffer | 'hang';

/** A local HTTP server whose routes can be changed while it runs. */
export interface TestHttpServer {
  url: string;
  routes: Map<string, Route>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1: known paths answer 200 with their bytes, others 404. */
export async function startHttpServer(routes: Record<string, Route> = {}): Promise<TestHttpServer> {
  const map = new Map(Object.entries(routes));
  const requests: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0]!;
    requests.push(p);
    const r = map.get(p);
    if (r === 'hang') {
      hanging.add(res);
      return;
    }
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': r.length }).end(r);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: map,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every file below a directory, by relative path, with its SHA-256: what "byte-identical" compares. */
export function snapshot(dir: string, skip: (name: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      if (skip(n)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}
