/** The tar.gz reader: ustar files and long names; anything else refused with a reason. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readTarGz, TarError } from '../../src/update/tar.js';
import { makeTar, makeTarGz } from './helpers.js';

describe('readTarGz', () => {
  it('lists the regular files with their bytes, in archive order, directories skipped', () => {
    const entries = readTarGz(makeTarGz({ 'b.cf': 'body B /b/\n', 'dir/': { type: '5' }, 'a.cf': Buffer.from([0xe9, 0x0a]) }));
    expect(entries.map((e) => [e.name, e.data.toString('latin1')])).toEqual([
      ['b.cf', 'body B /b/\n'],
      ['a.cf', '\xe9\n'],
    ]);
  });

  it('reads an uncompressed tar too', () => {
    expect(readTarGz(makeTar({ 'x.cf': 'x' })).map((e) => e.name)).toEqual(['x.cf']);
  });

  it('joins the ustar prefix to the name', () => {
    expect(readTarGz(makeTarGz({ 'x.cf': { type: '0', data: 'x', prefix: 'some/dir' } }))[0]!.name).toBe('some/dir/x.cf');
  });

  it('takes the next name from a GNU long-name entry and a pax path record', () => {
    const long = 'l'.repeat(120) + '.cf';
    const body = ` path=${long}\n`;
    const pax = `${body.length + 3}${body}`; // the length counts its own three digits
    expect(pax.length).toBe(Number(pax.slice(0, 3)));
    const entries = readTarGz(makeTarGz({ '././@LongLink': { type: 'L', data: long + '\0' }, short: 'a', PaxHeader: { type: 'x', data: pax }, short2: 'b' }));
    expect(entries.map((e) => e.name)).toEqual([long, long]);
  });

  it('refuses links, devices and FIFOs', () => {
    expect(() => readTarGz(makeTarGz({ 'evil.cf': { type: '2' } }))).toThrow(/not a regular file/);
    expect(() => readTarGz(makeTarGz({ fifo: { type: '6' } }))).toThrow(TarError);
  });

  it('refuses a header whose checksum is wrong, a truncated archive and a non-archive', () => {
    const tar = makeTar({ 'a.cf': 'x'.repeat(1000) });
    const bad = Buffer.from(tar);
    bad[0] = 0x41;
    expect(() => readTarGz(gzipSync(bad))).toThrow(/checksum/);
    expect(() => readTarGz(gzipSync(tar.subarray(0, 1024)))).toThrow(/truncated/);
    expect(() => readTarGz(Buffer.from('not an archive'))).toThrow(/not a tar archive/);
    expect(() => readTarGz(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/gzip/);
  });

  it('stops a gzip bomb at the size limit instead of inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024));
    expect(() => readTarGz(bomb, { bytes: 1024 * 1024, entries: 10 })).toThrow(/gzip/);
  });

  it('stops at the entry limit', () => {
    expect(() => readTarGz(makeTarGz({ a: 'a', b: 'b', c: 'c' }), { bytes: 1 << 20, entries: 2 })).toThrow(/more than 2 files/);
  });
});
