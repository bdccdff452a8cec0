/**
 * updateRules() against a test channel served from 127.0.0.1: its version and mirror records
 * from the local DNS zone server, its MIRRORED.BY and releases from a local HTTP server, each
 * release signed with a key made in the test. After every failure the rules installed before
 * are still there, byte for byte, and still load.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from '../support/dns-server.js';
import { loadRuleSet } from '../../src/load-rule-set.js';
import { importKeys } from '../../src/update/keyring.js';
import { updateRules, type UpdateOptions } from '../../src/update/update-rules.js';
import { makeTarGz, makeTestKey, releaseFiles, snapshot, startHttpServer, type TestHttpServer, type TestKey } from './helpers.js';

const CHANNEL = 'updates.test.example';
const STALE = 'stale.test.example'; // publishes no version for 4.0.1, but has mirrors
const DEAD = 'dead.test.example'; // publishes nothing at all
const SLOW = 'slow.test.example'; // a heavy mirror that never answers, then a good one

const rulesV1 = {
  '10_test.cf': 'body TEST_ONE /cheap pills/i\ndescribe TEST_ONE One\nscore TEST_ONE 1.5\nrequire_version @@VERSION@@\n',
  '20_more.cf': 'header TEST_TWO Subject =~ /money/i\nscore TEST_TWO 2\n',
};
const rulesV2 = {
  ...rulesV1,
  '20_more.cf': 'header TEST_TWO Subject =~ /money/i\nscore TEST_TWO 2.5\nheader TEST_THREE From =~ /spam/\n',
};

let dns: DnsServer;
let web: TestHttpServer;
let key: TestKey;
let other: TestKey;
let tmp: string;
let updateDir: string;
let keyring: string;

/** Publishes a release of the test channel at /main/<version>.*, replacing any before. */
async function publish(version: string, files: Record<string, string>, tweak: (f: Record<string, Buffer>) => void = () => {}) {
  const release = await releaseFiles(version, makeTarGz(files), key);
  tweak(release);
  for (const [name, data] of Object.entries(release)) web.routes.set(`/main/${name}`, data);
}

function options(extra: Partial<UpdateOptions> = {}): UpdateOptions {
  return {
    channels: [CHANNEL],
    updateDir,
    keyring,
    gpgKeys: [key.fingerprint],
    site: [],
    dnsServers: [`127.0.0.1:${dns.port}`],
    timeout: 2000,
    preferHttps: false,
    ...extra,
  };
}

/** What "the previous rules" are: every file but the mirror list, and the rule set they load. */
async function installedState() {
  const files = snapshot(updateDir);
  const rs = await loadRuleSet({ rules: updateDir, site: [] });
  return { files, rules: rs.toJSON(), errors: rs.errorCount };
}

/** (Re)starts the channel zones, the test channel announcing `version`. */
async function serveZone(version: string) {
  const port = dns?.port;
  await dns?.close();
  dns = await startDnsServer(
    [
      {
        apex: 'test.example',
        names: {
          '1.0.4.updates': { TXT: [version] },
          'mirrors.updates': { TXT: [`${web.url}/MIRRORED.BY`] },
          'mirrors.stale': { TXT: [`${web.url}/MIRRORED.BY`] },
          '1.0.4.slow': { TXT: ['1001'] },
          'mirrors.slow': { TXT: [`${web.url}/slow/MIRRORED.BY`] },
        },
      },
    ],
    port === undefined ? {} : { port },
  );
}

beforeAll(async () => {
  key = await makeTestKey();
  other = await makeTestKey('someone else');
  web = await startHttpServer();
  web.routes.set('/MIRRORED.BY', Buffer.from(`# test mirrors\n${web.url}/main/ weight=5\nftp://ignored.example/\n`));
  web.routes.set('/slow/MIRRORED.BY', Buffer.from(`${web.url}/hang weight=100\n${web.url}/main weight=1\n`));
  web.routes.set('/hang/1001.tar.gz', 'hang');
  await serveZone('1001');
});

afterAll(async () => {
  await dns.close();
  await web.close();
});

beforeEach(async () => {
  await serveZone('1001');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-update-'));
  updateDir = path.join(tmp, '4.000001');
  keyring = path.join(tmp, 'keys');
  const pub = path.join(tmp, 'channel.key');
  writeFileSync(pub, key.publicArmored);
  await importKeys(pub, keyring);
  await publish('1001', rulesV1);
  return () => rmSync(tmp, { recursive: true, force: true });
});

describe('a good update', () => {
  it('is downloaded, verified and installed in sa-update\'s layout (exit 0), and loads', async () => {
    const r = await updateRules(options());
    expect(r.channels[0]).toMatchObject({ status: 'updated', version: '1001', installedVersion: -1, mirror: `${web.url}/main` });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(updateDir, 'updates_test_example.cf'), 'latin1')).toBe(
      '# UPDATE version 1001\ninclude updates_test_example/10_test.cf\ninclude updates_test_example/20_more.cf\n',
    );
    expect(readdirSync(path.join(updateDir, 'updates_test_example')).sort()).toEqual(['10_test.cf', '20_more.cf', 'MIRRORED.BY']);
    expect(readFileSync(path.join(updateDir, 'updates_test_example', '10_test.cf'), 'latin1')).toContain('require_version 4.000001\n');
    expect(existsSync(path.join(updateDir, 'updates_test_example.pre'))).toBe(false);
    const rs = await loadRuleSet({ rules: updateDir, site: [] });
    expect([...rs.rules.keys()].sort()).toEqual(['TEST_ONE', 'TEST_TWO']);
    expect(rs.errorCount).toBe(0);
  });

  it('is not fetched again once installed: no update needed (exit 1)', async () => {
    expect((await updateRules(options())).exitCode).toBe(0);
    const again = await updateRules(options());
    expect(again.exitCode).toBe(1);
    expect(again.channels[0]!.status).toBe('up-to-date');
  });

  it('replaces the previous version when a newer one is published', async () => {
    await updateRules(options());
    await publish('1002', rulesV2);
    await serveZone('1002');
    const r = await updateRules(options());
    expect(r.channels[0]).toMatchObject({ status: 'updated', installedVersion: 1001, version: '1002' });
    const rs = await loadRuleSet({ rules: updateDir, site: [] });
    expect(rs.rules.get('TEST_TWO')!.scores[0]).toBe(2.5);
    expect(rs.rules.has('TEST_THREE')).toBe(true);
    expect(readdirSync(updateDir).filter((n) => n.startsWith('.'))).toEqual([]); // nothing staged is left behind
  });

  it('reports download progress up to the archive\'s full size', async () => {
    const seen: Array<{ url: string; received: number; total?: number }> = [];
    await updateRules(options({ onProgress: (p) => seen.push(p) }));
    const archive = seen.filter((p) => p.url.endsWith('/1001.tar.gz'));
    expect(archive.at(-1)!.received).toBe(archive.at(-1)!.total);
    expect(archive[0]!.received).toBe(0);
  });

  it('only reports an available update with checkOnly (exit 0), installing nothing', async () => {
    const r = await updateRules(options({ checkOnly: true }));
    expect(r.exitCode).toBe(0);
    expect(r.channels[0]!.status).toBe('available');
    expect(existsSync(path.join(updateDir, 'updates_test_example.cf'))).toBe(false);
  });
});

describe('no update available', () => {
  it('is exit 1 when the channel publishes no version for this SpamAssassin but has mirrors', async () => {
    const r = await updateRules(options({ channels: [STALE] }));
    expect(r.channels[0]!.status).toBe('no-update');
    expect(r.exitCode).toBe(1);
  });

  it('is a failure (exit 4) when the channel has no records at all', async () => {
    const r = await updateRules(options({ channels: [DEAD] }));
    expect(r.exitCode).toBe(4);
    expect(r.channels[0]!.error).toMatch(/no 'mirrors\.dead\.test\.example' record found/);
  });

  it('is exit 3 when one channel is updated and another fails', async () => {
    const r = await updateRules(options({ channels: [CHANNEL, DEAD] }));
    expect(r.exitCode).toBe(3);
  });
});

describe('after each failure the previous rules stay, byte for byte', () => {
  let before: Awaited<ReturnType<typeof installedState>>;
  beforeEach(async () => {
    expect((await updateRules(options())).exitCode).toBe(0);
    before = await installedState();
    expect(Object.keys(before.rules.rules)).toEqual(['TEST_ONE', 'TEST_TWO']);
    // The channel now announces 1002: each test below publishes a broken 1002.
    for (const k of [...web.routes.keys()]) if (k.startsWith('/main/1002')) web.routes.delete(k);
    await serveZone('1002');
  });

  async function expectUntouched(r: Awaited<ReturnType<typeof updateRules>>, error: RegExp) {
    expect(r.exitCode).toBe(4);
    expect(r.channels[0]!.error).toMatch(error);
    expect(await installedState()).toEqual(before);
    expect(readdirSync(updateDir).filter((n) => n.startsWith('.'))).toEqual([]);
  }

  it('a wrong SHA-512 checksum', async () => {
    await publish('1002', rulesV2, (f) => {
      f['1002.tar.gz.sha512'] = Buffer.from('0'.repeat(128) + '  1002.tar.gz\n');
    });
    await expectUntouched(await updateRules(options()), /SHA512 verification failed/);
  });

  it('a wrong SHA-256 checksum when no SHA-512 is published, signatures off', async () => {
    await publish('1002', rulesV2, (f) => {
      delete f['1002.tar.gz.sha512'];
      f['1002.tar.gz.sha256'] = Buffer.from('f'.repeat(64) + '\n');
    });
    web.routes.delete('/main/1002.tar.gz.sha512');
    await expectUntouched(await updateRules(options({ gpg: false, gpgKeys: [] })), /SHA256 verification failed/);
  });

  it('an archive changed after it was signed (bad signature)', async () => {
    await publish('1002', rulesV2, (f) => {
      f['1002.tar.gz'] = makeTarGz({ ...rulesV2, '99_evil.cf': 'score TEST_ONE -100\n' });
      delete f['1002.tar.gz.sha512'];
      delete f['1002.tar.gz.sha256'];
    });
    web.routes.delete('/main/1002.tar.gz.sha512');
    web.routes.delete('/main/1002.tar.gz.sha256');
    await expectUntouched(await updateRules(options()), /GPG validation failed: the signature does not match/);
  });

  it('a signature by a key that is not trusted to sign releases', async () => {
    const pub = path.join(tmp, 'other.key');
    writeFileSync(pub, other.publicArmored);
    await importKeys(pub, keyring); // in the keyring, but not named with gpgKeys
    const signedByOther = await releaseFiles('1002', makeTarGz(rulesV2), other);
    for (const [name, data] of Object.entries(signedByOther)) web.routes.set(`/main/${name}`, data);
    await expectUntouched(await updateRules(options()), /not trusted to sign releases/);
  });

  it('a signature by a key that is not in the keyring', async () => {
    const signedByOther = await releaseFiles('1002', makeTarGz(rulesV2), other);
    for (const [name, data] of Object.entries(signedByOther)) web.routes.set(`/main/${name}`, data);
    await expectUntouched(await updateRules(options()), /not in the keyring.*--import/);
  });

  it('a release without a signature', async () => {
    await publish('1002', rulesV2);
    web.routes.delete('/main/1002.tar.gz.asc');
    await expectUntouched(await updateRules(options()), /could not find working mirror.*no signature/);
  });

  it('an archive whose rules fail lint', async () => {
    await publish('1002', { ...rulesV2, '30_broken.cf': 'body BROKEN /(unclosed/\nnot_a_directive here\n' });
    const r = await updateRules(options());
    await expectUntouched(r, /lint check of update failed/);
    expect(r.channels[0]!.diagnostics!.map((d) => d.file)).toContain('1002.tar.gz:30_broken.cf');
  });

  it('an archive that is not a tar.gz', async () => {
    await publish('1002', rulesV2, (f) => {
      const junk = Buffer.from('this is not an archive');
      Object.assign(f, releaseFilesSync(junk));
    });
    await expectUntouched(await updateRules(options({ gpg: false, gpgKeys: [] })), /archive extraction failed/);
  });

  it('an archive holding a file outside the channel directory', async () => {
    await publish('1002', { ...rulesV2, '../escape.cf': 'body X /x/\n' });
    await expectUntouched(await updateRules(options()), /archive extraction failed: .*not a plain file name/);
  });

  it('an archive with no rules at all', async () => {
    await publish('1002', { 'README': 'nothing here\n' });
    await expectUntouched(await updateRules(options()), /lint check of update failed/);
  });
});

/** Checksum files only (no signature), for tests that switch signatures off. */
function releaseFilesSync(archive: Buffer): Record<string, Buffer> {
  return {
    '1002.tar.gz': archive,
    '1002.tar.gz.sha512': Buffer.from(createHash('sha512').update(archive).digest('hex') + '\n'),
  };
}

describe('mirrors', () => {
  it('a mirror that never answers is given up after the timeout and the next one is used', async () => {
    const r = await updateRules(options({ channels: [SLOW], timeout: 300, random: () => 0 }));
    expect(web.requests).toContain('/hang/1001.tar.gz');
    expect(r.channels[0]).toMatchObject({ status: 'updated', mirror: `${web.url}/main` });
    expect(r.exitCode).toBe(0);
  });

  it('when every mirror times out the channel fails and nothing is installed', async () => {
    const r = await updateRules(options({ channels: [SLOW], timeout: 300, forceMirror: `${web.url}/hang` }));
    expect(r.exitCode).toBe(4);
    expect(r.channels[0]!.error).toMatch(/could not find working mirror .*no (answer|data) within 300 ms/);
    expect(existsSync(path.join(updateDir, 'slow_test_example.cf'))).toBe(false);
  });

  it('keeps MIRRORED.BY in the channel directory and reuses it while fresh', async () => {
    await updateRules(options());
    expect(readFileSync(path.join(updateDir, 'updates_test_example', 'MIRRORED.BY'), 'latin1')).toContain(`${web.url}/main/ weight=5`);
    await publish('1002', rulesV2);
    await serveZone('1002');
    web.requests.length = 0;
    expect((await updateRules(options())).exitCode).toBe(0);
    expect(web.requests).toEqual(['/main/1002.tar.gz', '/main/1002.tar.gz.asc', '/main/1002.tar.gz.sha512']);
  });

  it('tries https:// first for an http:// mirror and falls back to http:// when there is no TLS', async () => {
    const r = await updateRules(options({ preferHttps: true }));
    expect(r.exitCode).toBe(0);
  });
});

describe('offline', () => {
  it('says so, and how to install from a file, when DNS cannot be reached', async () => {
    const silent = await startDnsServer([], { blackHole: true });
    try {
      const r = await updateRules(options({ dnsServers: [`127.0.0.1:${silent.port}`], timeout: 300 }));
      expect(r.exitCode).toBe(4);
      expect(r.channels[0]!.error).toMatch(/cannot reach DNS \(ETIMEOUT\): are you offline\? .*--install FILE/);
    } finally {
      await silent.close();
    }
  });
});
