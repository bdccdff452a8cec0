// A synthetic Bayes database for the expiry tests, in sa-learn's backup format: 130,000 tokens
// whose ages (before the newest atime, 1700000000) follow an exponential law with a mean of
// 20 days, so SA's expiry has old tokens to remove. Seeded: the same text every time.
import { mulberry32 } from '../support/prng.mjs';
import { createHash } from 'node:crypto';

/** The newest atime of the data. */
export const NEWEST = 1700000000;

/** The backup text: 400 spam, 600 ham, `n` tokens. */
export function expiryBackup(n = 130000) {
  const rnd = mulberry32(12345);
  const lines = ['v\t3\tdb_version # this must be the first line!!!', 'v\t400\tnum_spam', 'v\t600\tnum_nonspam'];
  const ids = new Set();
  while (ids.size < n) {
    const id = Math.floor(rnd() * 2 ** 40).toString(16).padStart(10, '0');
    if (ids.has(id)) continue;
    const age = ids.size === 0 ? 0 : Math.floor(-Math.log(1 - rnd()) * 20 * 86400);
    ids.add(id);
    const spam = rnd() < 0.5 ? 1 + Math.floor(rnd() * rnd() * 20) : 0;
    const ham = spam === 0 || rnd() < 0.3 ? 1 + Math.floor(rnd() * rnd() * 20) : 0;
    lines.push(`t\t${spam}\t${ham}\t${NEWEST - age}\t${id}`);
  }
  return lines.join('\n') + '\n';
}

/** The expiry runs compared with Perl, in order, each a `bayes_expiry_max_db_size`. */
export const EXPIRY_RUNS = [150000, 158000, 200000];

/** SHA-1 of a backup's token lines, sorted: one value for the whole token table. */
export function tokenDigest(backupLines) {
  const t = backupLines.filter((l) => l.startsWith('t\t')).sort();
  return { tokens: t.length, sha1: createHash('sha1').update(t.join('\n')).digest('hex') };
}
