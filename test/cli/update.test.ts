/** `spamscore update` as sa-update is used: import a channel key, install a signed file, exit codes and messages. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runUpdate } from '../../src/cli/update.js';
import { makeTarGz, makeTestKey, releaseFiles, snapshot } from '../update/helpers.js';

let tmp: string;
let out: string[];
let err: string[];
const run = (opts: Parameters<typeof runUpdate>[0]) => runUpdate(opts, (s) => out.push(s), (s) => err.push(s), { isTTY: false, write: () => true });

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-cli-update-'));
  out = [];
  err = [];
  return () => rmSync(tmp, { recursive: true, force: true });
});

describe('spamscore update', () => {
  it('imports a key with --import, then installs a file it signed with --install --gpgkey (exit 0)', async () => {
    const key = await makeTestKey();
    writeFileSync(path.join(tmp, 'channel.key'), key.publicArmored);
    const base = { updatedir: path.join(tmp, 'upd'), gpghomedir: path.join(tmp, 'keys'), site: [path.join(tmp, 'no-site')] };
    expect(await run({ ...base, import: [path.join(tmp, 'channel.key')] })).toBe(0);
    expect(out[0]).toMatch(new RegExp(`key ${key.fingerprint} imported`));
    for (const [n, d] of Object.entries(await releaseFiles('3001', makeTarGz({ 'a.cf': 'body A /a/\n' }), key))) writeFileSync(path.join(tmp, n), d);
    const install = path.join(tmp, '3001.tar.gz');

    expect(await run({ ...base, install })).toBe(4); // imported, but not trusted yet
    expect(err.join('\n')).toMatch(/not trusted to sign releases.*--gpgkey/);
    out = [];
    expect(await run({ ...base, install, gpgkey: [key.fingerprint], verbose: 1 })).toBe(0);
    expect(out).toEqual([
      'Update available for channel updates.spamassassin.org: -1 -> 3001',
      `Update was available, and was downloaded and installed successfully into ${base.updatedir}`,
    ]);
    expect(readFileSync(path.join(base.updatedir, 'updates_spamassassin_org.cf'), 'latin1')).toMatch(/^# UPDATE version 3001\n/);

    // A tampered file: refused, the installed rules untouched.
    const before = snapshot(base.updatedir);
    const bytes = readFileSync(install);
    bytes[40]! ^= 1;
    writeFileSync(install, bytes);
    err = [];
    expect(await run({ ...base, install, gpgkey: [key.fingerprint] })).toBe(4);
    expect(err).toEqual(["channel 'updates.spamassassin.org': SHA512 verification failed, channel failed"]);
    expect(snapshot(base.updatedir)).toEqual(before);
  });

  it('refuses --allowplugins without --reallyallowplugins (exit 2), as sa-update does', async () => {
    expect(await run({ allowplugins: true, updatedir: tmp })).toBe(2);
    expect(err[0]).toMatch(/Security warning/);
  });

  it('reports misuse (exit 4): an --install file name without a version', async () => {
    // A name without digits anywhere: sa-update takes the last 3-digit run of the whole path,
    // and a random temporary directory's name can hold one (this test failed on "…-rEA515/").
    expect(await run({ install: 'rules.tar.gz', updatedir: tmp })).toBe(4);
    expect(err[0]).toMatch(/3-digit version number/);
  });
});
