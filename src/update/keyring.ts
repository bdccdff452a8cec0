/**
 * The keys update signatures are checked against: SpamAssassin's release key (built in, see
 * `release-key.ts`) plus the keys imported with `--import` into a keyring directory, one
 * armored public key per file (`<FINGERPRINT>.asc`). This replaces sa-update's GnuPG home
 * (`--gpghomedir`); as there, a key in the keyring is not trusted to sign releases until its id
 * is given with `--gpgkey` (see `verify.ts`).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as openpgp from 'openpgp';
import { loadOpenpgp } from './openpgp.js';
import { SA_RELEASE_KEY } from './release-key.js';

/** Reads every key of an armored or binary key file (public or private: only the public part is kept). */
export async function readKeysFrom(data: Buffer): Promise<openpgp.PublicKey[]> {
  const pgp = await loadOpenpgp();
  const text = data.toString('latin1');
  const start = text.indexOf('-----BEGIN PGP');
  // An armored block may follow free text (sa-update-pubkey.txt starts with a note).
  const keys = start >= 0
    ? await pgp.readKeys({ armoredKeys: text.slice(start) })
    : await pgp.readKeys({ binaryKeys: new Uint8Array(data) });
  return keys.map((k) => k.toPublic());
}

let builtin: Promise<openpgp.PublicKey[]> | undefined;

/** SpamAssassin's release key, parsed once. */
export function builtinKeys(): Promise<openpgp.PublicKey[]> {
  builtin ??= readKeysFrom(Buffer.from(SA_RELEASE_KEY, 'latin1'));
  return builtin;
}

/**
 * The keys of a keyring directory (missing directory: none) plus the built-in release key.
 * A file that is not a key is skipped and named in `problems`.
 */
export async function loadKeyring(dir: string | undefined): Promise<{ keys: openpgp.PublicKey[]; problems: string[] }> {
  const keys = [...(await builtinKeys())];
  const problems: string[] = [];
  if (dir === undefined) return { keys, problems };
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.asc')).sort();
  } catch {
    return { keys, problems };
  }
  for (const n of names) {
    try {
      keys.push(...(await readKeysFrom(readFileSync(path.join(dir, n)))));
    } catch (e) {
      problems.push(`${path.join(dir, n)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { keys, problems };
}

/**
 * Imports the public keys of a file into a keyring directory (sa-update's `--import`), each as
 * `<FINGERPRINT>.asc`, written to a temporary name and renamed. Returns the fingerprints.
 * Throws when the file holds no readable key.
 */
export async function importKeys(file: string, dir: string): Promise<string[]> {
  const keys = await readKeysFrom(readFileSync(file));
  if (keys.length === 0) throw new Error(`${file}: no OpenPGP key found`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fingerprints: string[] = [];
  for (const k of keys) {
    const fpr = k.getFingerprint().toUpperCase();
    const target = path.join(dir, `${fpr}.asc`);
    const tmp = `${target}.tmp-${process.pid}`;
    writeFileSync(tmp, k.armor(), { mode: 0o644 });
    renameSync(tmp, target);
    fingerprints.push(fpr);
  }
  return fingerprints;
}
