/** Checksums and signatures: what counts as verified, and SpamAssassin's own key shipped as data. */
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { builtinKeys } from '../../src/update/keyring.js';
import { SA_RELEASE_FINGERPRINTS } from '../../src/update/release-key.js';
import { digestMatches, parseDigestFile, trustedKeySet, verifySignature } from '../../src/update/verify.js';
import { makeTestKey, signDetached } from './helpers.js';

const data = Buffer.from('rules');
const sha512 = createHash('sha512').update(data).digest('hex');

describe('checksum files', () => {
  it('announce the hex digest they start with, with or without a file name after it', () => {
    expect(parseDigestFile(`${sha512}  1.tar.gz\n`, 'sha512')).toBe(sha512);
    expect(parseDigestFile(sha512.toUpperCase(), 'sha512')).toBe(sha512);
    expect(parseDigestFile(`${sha512}0`, 'sha512')).toBeUndefined();
    expect(parseDigestFile(` ${sha512}`, 'sha512')).toBeUndefined();
  });

  it('match only the data they were made from', () => {
    expect(digestMatches(data, sha512, 'sha512')).toBe(true);
    expect(digestMatches(Buffer.from('rulez'), sha512, 'sha512')).toBe(false);
    expect(digestMatches(data, 'garbage', 'sha256')).toBe(false);
  });
});

describe('trusted keys', () => {
  it('are SpamAssassin\'s two by default, by fingerprint and by short id, plus the given ones', () => {
    const set = trustedKeySet(['deadbeef', 'not-an-id']);
    expect(set.has('0C2B1D7175B852C64B3CDC716C55397824F434CE')).toBe(true);
    expect(set.has('24F434CE')).toBe(true);
    expect(set.has('5244EC45')).toBe(true);
    expect(set.has('DEADBEEF')).toBe(true);
    expect(set.has('NOT-AN-ID')).toBe(false);
  });

  it('include the release key shipped with spamscore, which openpgp reads', async () => {
    const [key] = await builtinKeys();
    expect(key!.getFingerprint().toUpperCase()).toBe(SA_RELEASE_FINGERPRINTS[1]);
    expect(key!.subkeys.map((s) => s.getFingerprint().toUpperCase())).toEqual([SA_RELEASE_FINGERPRINTS[0]]);
  });
});

describe('verifySignature', () => {
  it('accepts a good signature by a trusted key and names the signer', async () => {
    const k = await makeTestKey();
    const pub = await openpgp.readKey({ armoredKey: k.publicArmored });
    const r = await verifySignature(data, await signDetached(data, k), [pub], trustedKeySet([k.fingerprint]));
    expect(r).toEqual({ ok: true, signer: k.fingerprint });
  });

  it('trusts a key by its last 8 hex digits too, as sa-update does', async () => {
    const k = await makeTestKey();
    const pub = await openpgp.readKey({ armoredKey: k.publicArmored });
    const r = await verifySignature(data, await signDetached(data, k), [pub], trustedKeySet([k.fingerprint.slice(-8)]));
    expect(r.ok).toBe(true);
  });

  it('refuses an unreadable signature file', async () => {
    const r = await verifySignature(data, Buffer.from('-----BEGIN PGP SIGNATURE-----\n\nnope\n-----END PGP SIGNATURE-----\n'), [], trustedKeySet());
    expect(r).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});
