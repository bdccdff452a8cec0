/**
 * Autolearn decides as Perl SpamAssassin does: 60 messages scanned in order with
 * `bayes_auto_learn 1` from the Perl-trained database give Perl's `_AUTOLEARN_`,
 * `_AUTOLEARNSCORE_` and score for each (each learn changes what the next message sees).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/index.js';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { parseBackup } from '../../src/bayes/backup.js';
import { closeBayesStores } from '../../src/bayes/open-store.js';
import { corpusDir, haveCorpus } from './corpus.mjs';

const STOCK = '/usr/share/spamassassin';
const fx = (n: string) => path.join(__dirname, 'fixtures', n);

describe.skipIf(!haveCorpus() || !existsSync(STOCK) || !existsSync(fx('perl-autolearn.jsonl.gz')))('autolearn', () => {
  it("decides as Perl does, message after message", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-al-'));
    try {
      const s = openSqliteStore(`${tmp}/bayes.sqlite`);
      await s.restore(parseBackup(gunzipSync(readFileSync(fx('perl-bayes-backup.txt.gz'))).toString('latin1')));
      await s.close();
      const rs = await loadRuleSet({ rules: [STOCK], site: ['/etc/spamassassin'], cf: ['use_bayes 1', 'bayes_auto_learn 1', `bayes_path ${tmp}/bayes`] });
      const perl = gunzipSync(readFileSync(fx('perl-autolearn.jsonl.gz'))).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; autolearn: string; autolearnscore: string; score: number });
      const diffs: string[] = [];
      for (const p of perl) {
        const r = await rs.check(readFileSync(path.join(corpusDir, p.file)));
        const ours = `${r.autolearn!.text} ${r.autolearn!.points} ${r.score}`;
        if (ours !== `${p.autolearn} ${p.autolearnscore} ${p.score}`) diffs.push(`${p.file}: perl ${p.autolearn} ${p.autolearnscore} ${p.score}, ours ${ours}`);
      }
      expect(perl.length).toBe(60);
      expect(diffs).toEqual([]);
      expect(perl.filter((p) => p.autolearn.startsWith('spam')).length).toBeGreaterThan(0);
    } finally {
      await closeBayesStores();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
