/**
 * `sa-learn --backup` / `--restore` text format (`BayesStore/DBM.pm:1596-1877`,
 * `Redis.pm:1091-1345`): TAB-separated lines `v <version> db_version`, `v <n> num_spam`,
 * `v <n> num_nonspam`, `t <spam> <ham> <atime> <10-hex id>` per token, `s <s|h> <msgid>` per seen
 * entry. A DBM user migrates with `sa-learn --backup > f` and `spamscore learn --restore f`; the
 * other way works too (`sa-learn --restore`).
 */
import type { BayesStore, RestoreData, TokenCounts } from './store.js';
import { tokenId } from './token-id.js';

/** Writes a store's backup, one line at a time. */
export async function* backupLines(store: BayesStore): AsyncGenerator<string> {
  const { nspam, nham } = await store.nspamNham();
  yield 'v\t3\tdb_version # this must be the first line!!!\n';
  yield `v\t${nspam}\tnum_spam\n`;
  yield `v\t${nham}\tnum_nonspam\n`;
  for await (const [id, t] of store.tokens()) yield `t\t${t.spam}\t${t.ham}\t${t.atime}\t${id}\n`;
  for await (const [id, f] of store.seen()) yield `s\t${f}\t${id}\n`;
}

/** Perl's `split(/\s+/, $line, n)`. */
function splitN(line: string, n: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (out.length < n - 1) {
    const m = /[\t\n\x0b\f\r ]+/.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  out.push(rest);
  return out;
}

/**
 * Parses a backup (`restore_database`'s reading rules): the first line must be
 * `v <2|3> db_version`; v2 backups carry raw tokens, hashed here; negative counts become 0,
 * both-zero tokens are skipped, future atimes become now. Token lines stay in file order, repeats
 * included (each store applies them as SA's does, see {@link RestoreData.tokens}).
 * @throws Error on a bad first line, a bad version or missing counts
 */
export function parseBackup(text: string /* binary (latin1) */, now: number = Math.floor(Date.now() / 1000)): RestoreData & { warnings: string[] } {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const first = /^v[\t\n\x0b\f\r ]+(\d+)[\t\n\x0b\f\r ]+db_version/.exec(lines[0] ?? '');
  if (!first) throw new Error('bayes: database version must be the first line in the backup file, correct and re-run');
  const version = Number(first[1]);
  if (version !== 2 && version !== 3) throw new Error(`bayes: database version ${version} is unsupported, must be version 2 or 3`);
  let nspam: number | undefined;
  let nham: number | undefined;
  const tokens: Array<[string, TokenCounts]> = [];
  const seen = new Map<string, 's' | 'h'>();
  const warnings: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith('t')) {
      const [, s, h, a, tok] = splitN(line, 5);
      const spam = Math.max(0, Math.trunc(Number(s) || 0));
      const ham = Math.max(0, Math.trunc(Number(h) || 0));
      if (spam === 0 && ham === 0) continue;
      let atime = Math.trunc(Number(a) || 0);
      if (atime > now) atime = now;
      if (tok === undefined) continue;
      const id = version === 2 ? tokenId(tok) : tok.toLowerCase();
      if (!/^[0-9a-f]{10}$/.test(id)) {
        warnings.push(`bayes: skipping token with a bad id at line ${i + 1}`);
        continue;
      }
      tokens.push([id, { spam, ham, atime }]);
    } else if (line.startsWith('s')) {
      const [, flag, msgid] = splitN(line, 3);
      if ((flag === 's' || flag === 'h') && msgid) seen.set(msgid, flag);
      else warnings.push(`bayes: unknown seen flag or empty msgid at line ${i + 1}, skipping`);
    } else if (line.startsWith('v')) {
      const [, value, name] = splitN(line, 3);
      if (name === 'num_spam') nspam = Number(value);
      else if (name === 'num_nonspam') nham = Number(value);
    }
  }
  if (nspam === undefined || nham === undefined) throw new Error('bayes: missing spam or ham message count in the backup file');
  if (nspam <= 0 && nham <= 0) throw new Error('bayes: no messages in the backup file');
  return { nspam, nham, tokens, seen, warnings };
}
