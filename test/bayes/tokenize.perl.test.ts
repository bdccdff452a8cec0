/**
 * The tokenizer gives Perl SpamAssassin 4.0.1's token ids, on the learn path and on the scan
 * path, for 300 corpus messages. Perl's answers are in fixtures/perl-tokens-*.txt.gz
 * (regenerate: node test/bayes/perl/make-token-fixtures.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/index.js';
import { buildViews } from '../../src/message/views.js';
import { bayesSettingsOf } from '../../src/plugins/builtin/bayes/index.js';
import { messageTokens } from '../../src/bayes/message-tokens.js';
import { corpusDir, haveCorpus, tokenCorpus } from './corpus.mjs';

const STOCK = '/usr/share/spamassassin';
const fixture = (mode: string) => path.join(__dirname, 'fixtures', `perl-tokens-${mode}.txt.gz`);

function readFixture(mode: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let cur: string[] = [];
  for (const line of gunzipSync(readFileSync(fixture(mode))).toString('latin1').split('\n')) {
    if (line.startsWith('#FILE ')) out.set(line.slice(6), (cur = []));
    else if (line) cur.push(line);
  }
  return out;
}

describe.skipIf(!haveCorpus() || !existsSync(STOCK))('the tokenizer, against Perl', async () => {
  const rs = await loadRuleSet({ rules: [STOCK], site: ['/etc/spamassassin'] });
  const settings = bayesSettingsOf(rs);
  for (const mode of ['learn', 'scan'] as const) {
    it(`gives Perl's token ids on the ${mode} path for 300 corpus messages`, () => {
      const perl = readFixture(mode);
      const files = tokenCorpus();
      expect(perl.size).toBe(files.length);
      const bad: string[] = [];
      for (const f of files) {
        const raw = readFileSync(path.join(corpusDir, f)).toString('latin1');
        const ids = [...messageTokens(buildViews(raw, rs.messageConfig, []), settings, mode).keys()].sort();
        const want = perl.get(f)!;
        if (ids.join() !== want.join()) {
          const a = new Set(ids);
          const b = new Set(want);
          bad.push(`${f}: +${ids.filter((x) => !b.has(x)).length} -${want.filter((x) => !a.has(x)).length}`);
        }
      }
      expect(bad, `${bad.length} of ${files.length} differ`).toEqual([]);
    });
  }
});
