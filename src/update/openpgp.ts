/**
 * openpgp, loaded on first use: importing it takes ~90–140 ms, which every process that imports
 * spamscore paid at start-up although only rule updates (`spamscore update`) verify signatures.
 */
import type * as OpenPgp from 'openpgp';

let loading: Promise<typeof OpenPgp> | undefined;

/** The openpgp module (imported once, on the first call). */
export function loadOpenpgp(): Promise<typeof OpenPgp> {
  return (loading ??= import('openpgp'));
}
