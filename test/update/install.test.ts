/**
 * Installing: offline from a file (`install`), the files sa-update would write (compared with
 * sa-update itself when it is installed), and the swap that leaves the old rules in place
 * when it cannot complete.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelPaths } from '../../src/update/channel.js';
import { commitUpdate, includeFiles, stageUpdate } from '../../src/update/install.js';
import { importKeys } from '../../src/update/keyring.js';
import { updateRules, type UpdateOptions } from '../../src/update/update-rules.js';
import { makeTarGz, makeTestKey, releaseFiles, snapshot, type TestKey } from './helpers.js';

const RULES = {
  '10_test.cf': '# Use @@LOCAL_RULES_DIR@@/local.cf\nrequire_version @@VERSION@@\nbody TEST_ONE /cheap/\nscore TEST_ONE 1\n  loadplugin Mail::SpamAssassin::Plugin::Foo\ndns_server 10.1.1.1\n',
  '20_other.cf': 'header TEST_TWO Subject =~ /x/\n',
  'v999.pre': 'loadplugin Mail::SpamAssassin::Plugin::HeaderEval\n',
  'README': 'not a rule file @@VERSION@@\n',
};

let key: TestKey;
let tmp: string;
let updateDir: string;
let keyring: string;

beforeAll(async () => {
  key = await makeTestKey();
});

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-install-'));
  updateDir = path.join(tmp, 'upd');
  keyring = path.join(tmp, 'keys');
  writeFileSync(path.join(tmp, 'k.asc'), key.publicArmored);
  await importKeys(path.join(tmp, 'k.asc'), keyring);
  return () => rmSync(tmp, { recursive: true, force: true });
});

/** Writes a release beside each other in tmp, as `--install` expects; returns the archive path. */
async function release(version: string, files: Record<string, string>, skip: string[] = []): Promise<string> {
  for (const [name, data] of Object.entries(await releaseFiles(version, makeTarGz(files), key))) {
    if (!skip.some((s) => name.endsWith(s))) writeFileSync(path.join(tmp, name), data);
  }
  return path.join(tmp, `${version}.tar.gz`);
}

const opts = (install: string, extra: Partial<UpdateOptions> = {}): UpdateOptions => ({
  install,
  updateDir,
  keyring,
  gpgKeys: [key.fingerprint],
  site: [],
  ...extra,
});

describe('installing from a file', () => {
  it('installs a signed archive without any network (exit 0), in the channel layout', async () => {
    const r = await updateRules(opts(await release('2001', RULES)));
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(updateDir, 'updates_spamassassin_org.cf'), 'latin1')).toBe(
      '# UPDATE version 2001\ninclude updates_spamassassin_org/10_test.cf\ninclude updates_spamassassin_org/20_other.cf\n',
    );
    expect(readFileSync(path.join(updateDir, 'updates_spamassassin_org.pre'), 'latin1')).toBe('include updates_spamassassin_org/v999.pre\n');
    const cf = readFileSync(path.join(updateDir, 'updates_spamassassin_org', '10_test.cf'), 'latin1');
    expect(cf).toContain('# Use /etc/spamassassin/local.cf\nrequire_version 4.000001\n');
    expect(cf).toContain('#(commented by sa-update, no --allowplugins switch specified)# loadpluginMail::SpamAssassin::Plugin::Foo\n');
    expect(cf).toContain('#(commented by sa-update, not allowed)# dns_server 10.1.1.1\n');
  });

  it('installs into a named channel', async () => {
    await updateRules(opts(await release('2001', RULES), { channels: ['sought.rules.yerp.org'] }));
    expect(existsSync(path.join(updateDir, 'sought_rules_yerp_org.cf'))).toBe(true);
  });

  it('refuses a tampered archive and leaves the installed rules byte-identical (exit 4)', async () => {
    await updateRules(opts(await release('2001', RULES)));
    const before = snapshot(updateDir);
    const file = await release('2002', { ...RULES, '20_other.cf': 'header TEST_TWO Subject =~ /y/\n' });
    const bytes = readFileSync(file);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(file, bytes);
    const r = await updateRules(opts(file));
    expect(r.exitCode).toBe(4);
    expect(r.channels[0]!.error).toMatch(/SHA512 verification failed/);
    expect(snapshot(updateDir)).toEqual(before);
  });

  it('needs the .asc beside the file unless signatures are off, and then a checksum', async () => {
    const file = await release('2001', RULES, ['.asc']);
    expect((await updateRules(opts(file))).channels[0]!.error).toMatch(/missing signature file .*2001\.tar\.gz\.asc/);
    expect((await updateRules(opts(file, { gpg: false, gpgKeys: [] }))).exitCode).toBe(0);
    const bare = await release('2003', RULES, ['.asc', '.sha512', '.sha256']);
    expect((await updateRules(opts(bare, { gpg: false, gpgKeys: [] }))).channels[0]!.error).toMatch(/missing checksum files/);
  });

  it('claims an update with checkOnly, installing nothing', async () => {
    const r = await updateRules(opts(await release('2001', RULES), { checkOnly: true }));
    expect(r.exitCode).toBe(0);
    expect(existsSync(updateDir)).toBe(false);
  });

  it('is misuse with several channels or a file name without a version', async () => {
    await expect(updateRules(opts('/tmp/x-2001.tar.gz', { channels: ['a.example', 'b.example'] }))).rejects.toThrow(TypeError);
    await expect(updateRules(opts('/tmp/rules.tar.gz'))).rejects.toThrow(/3-digit version/);
  });

  it('fails with exit 2 before anything when the site .pre files do not lint', async () => {
    const site = path.join(tmp, 'site');
    mkdirSync(site);
    writeFileSync(path.join(site, 'init.pre'), 'this_is_not_a_directive 1\n');
    const r = await updateRules(opts(await release('2001', RULES), { site: [site] }));
    expect(r.exitCode).toBe(2);
    expect(existsSync(updateDir)).toBe(false);
  });
});

describe.skipIf(!existsSync('/usr/bin/sa-update'))('compared with sa-update', () => {
  it('writes the same files, byte for byte, for the same archive', async () => {
    const file = await release('2001', RULES);
    expect((await updateRules(opts(file, { gpg: false, gpgKeys: [] }))).exitCode).toBe(0);
    const theirs = path.join(tmp, 'sa');
    execFileSync('/usr/bin/sa-update', ['--nogpg', '--install', file, '--updatedir', theirs], { stdio: 'pipe' });
    expect(snapshot(updateDir)).toEqual(snapshot(theirs));
  });
});

describe('the swap', () => {
  it('writes the include files sa-update writes: sorted, by exact suffix', () => {
    expect(includeFiles('ch', ['b.cf', 'a.cf', 'x.pre', 'A.CF', 'MIRRORED.BY'], '7')).toEqual({
      cf: '# UPDATE version 7\ninclude ch/a.cf\ninclude ch/b.cf\n',
      pre: 'include ch/x.pre\n',
    });
    expect(includeFiles('ch', ['a.cf'], '7').pre).toBeUndefined();
  });

  it('puts everything back when it cannot complete', async () => {
    await updateRules(opts(await release('2001', RULES)));
    const ch = channelPaths(updateDir, 'updates.spamassassin.org');
    // Make the last step fail: the include file's name is taken by a non-empty directory.
    rmSync(ch.cf);
    mkdirSync(path.join(ch.cf, 'blocker'), { recursive: true });
    const before = snapshot(updateDir);
    const staging = stageUpdate(ch, [{ name: 'new.cf', data: Buffer.from('body NEW /new/\n') }]);
    expect(() => commitUpdate(ch, staging, '2002')).toThrow();
    expect(snapshot(updateDir)).toEqual(before);
    expect(existsSync(staging)).toBe(false);
  });
});
