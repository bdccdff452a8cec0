/**
 * Checking a downloaded update before anything is written: its SHA-512/SHA-256 checksums and
 * its detached OpenPGP signature, as sa-update does (`sha512_hex`/`sha256_hex` comparisons,
 * then `gpg --verify` and its "release trusted" key list `%valid_GPG`).
 */
import { createHash } from 'node:crypto';
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.js';
import { SA_RELEASE_FINGERPRINTS } from './release-key.js';

/**
 * The digest a `.sha512`/`.sha256` file announces: the hex digits it starts with (the output
 * of `sha512sum`, name after them or not), lower-cased, or undefined when it does not start so
 * (sa-update then compares against 'INVALID', which never matches).
 */
export function parseDigestFile(text: string, algorithm: 'sha512' | 'sha256'): string | undefined {
  const hex = algorithm === 'sha512' ? 128 : 64;
  const m = new RegExp(`^([a-fA-F0-9]{${hex}})(?![A-Za-z0-9_])`).exec(text);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Whether `content` has the digest the checksum file announces. */
export function digestMatches(content: Buffer, checksumFile: string, algorithm: 'sha512' | 'sha256'): boolean {
  const wanted = parseDigestFile(checksumFile, algorithm);
  return wanted !== undefined && createHash(algorithm).update(content).digest('hex') === wanted;
}

/** A key id sa-update accepts for `--gpgkey`: 8 hex digits (short id) or 40 (fingerprint). */
export function isValidKeyId(id: string): boolean {
  return /^[a-fA-F0-9]+$/.test(id) && (id.length === 8 || id.length === 40);
}

/**
 * The set of key ids trusted to sign releases: SpamAssassin's two by default plus the given
 * ones (upper-cased), each fingerprint also by its last 8 digits, as sa-update adds them.
 */
export function trustedKeySet(extra: readonly string[] = []): Set<string> {
  const set = new Set<string>();
  for (const id of [...SA_RELEASE_FINGERPRINTS, ...extra]) {
    if (!isValidKeyId(id)) continue;
    set.add(id.toUpperCase());
    set.add(id.slice(-8).toUpperCase());
  }
  return set;
}

/** The outcome of {@link verifySignature}. */
export type SignatureCheck =
  | { ok: true; signer: string }
  | { ok: false; reason: 'bad-signature' | 'unknown-key' | 'untrusted-key' | 'unreadable'; message: string; keyIds: string[] };

/**
 * Checks a detached signature (armored or binary) over `content` against `keys`. The signature
 * counts only when it verifies and its signing key — the subkey that signed, by fingerprint or
 * by its last 8 hex digits, as sa-update reads gpg's VALIDSIG line — is in `trusted`.
 *
 * SHA-1 signatures are accepted as gpg accepts them (sa-update runs gpg); MD5 and RIPEMD-160
 * ones are refused.
 */
export async function verifySignature(
  content: Buffer,
  signatureFile: Buffer,
  keys: readonly openpgp.PublicKey[],
  trusted: ReadonlySet<string>,
): Promise<SignatureCheck> {
  const pgp = await loadOpenpgp();
  let signature: openpgp.Signature;
  const text = signatureFile.toString('latin1');
  try {
    signature = text.includes('-----BEGIN PGP SIGNATURE-----')
      ? await pgp.readSignature({ armoredSignature: text.slice(text.indexOf('-----BEGIN PGP SIGNATURE-----')) })
      : await pgp.readSignature({ binarySignature: new Uint8Array(signatureFile) });
  } catch (e) {
    return { ok: false, reason: 'unreadable', message: `the signature file cannot be read (${errorText(e)})`, keyIds: [] };
  }
  const config = {
    rejectMessageHashAlgorithms: new Set([pgp.enums.hash.md5, pgp.enums.hash.ripemd]),
  } as Partial<openpgp.Config>;
  let verified: openpgp.VerifyMessageResult<Uint8Array>['signatures'];
  try {
    const message = await pgp.createMessage({ binary: new Uint8Array(content) });
    ({ signatures: verified } = await pgp.verify({ message, signature, verificationKeys: [...keys], format: 'binary', config }));
  } catch (e) {
    return { ok: false, reason: 'bad-signature', message: `signature verification failed (${errorText(e)})`, keyIds: [] };
  }
  const unknown: string[] = [];
  const untrusted: string[] = [];
  let bad = '';
  for (const s of verified) {
    const keyId = s.keyID.toHex().toUpperCase();
    const signingKey = findKey(keys, s.keyID);
    try {
      await s.verified;
    } catch (e) {
      if (!signingKey) unknown.push(keyId);
      else bad ||= errorText(e);
      continue;
    }
    const fpr = signingKey ? signingKey.getFingerprint().toUpperCase() : keyId;
    if (trusted.has(fpr) || trusted.has(fpr.slice(-8))) return { ok: true, signer: fpr };
    untrusted.push(fpr);
  }
  if (untrusted.length > 0) {
    return { ok: false, reason: 'untrusted-key', message: `signed by a key that is not trusted to sign releases: ${untrusted.join(' ')}`, keyIds: untrusted };
  }
  if (unknown.length > 0) {
    return { ok: false, reason: 'unknown-key', message: `signed with a key that is not in the keyring: ${unknown.join(' ')}`, keyIds: unknown };
  }
  return { ok: false, reason: 'bad-signature', message: `the signature does not match the archive${bad ? ` (${bad})` : ''}`, keyIds: [] };
}

/** The key or subkey with that id among the keys. */
function findKey(keys: readonly openpgp.PublicKey[], id: openpgp.KeyID): openpgp.PublicKey | openpgp.Subkey | undefined {
  for (const k of keys) {
    const found = k.getKeys(id);
    if (found.length > 0) return found[0] as openpgp.PublicKey | openpgp.Subkey;
  }
  return undefined;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
