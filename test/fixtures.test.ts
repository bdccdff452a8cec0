/**
 * Fixture messages scored with the stock rules: wherever spamscore's hits equal Perl
 * SpamAssassin's, the X-Spam-* header block it renders is byte-identical to SA's
 * (folding of long `tests=` lines, `_SCORE_` rounding, stars). Runs when ../shared is present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../src/load-rule-set.js';
import type { RuleSet } from '../src/compile/rule-set.js';

const shared = path.resolve(__dirname, '../../shared/spamassassin-4.0.1');
const dir = path.resolve(__dirname, '../fixtures/messages');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();

interface Expected {
  score: number;
  isSpam: boolean;
  tests: { name: string; score: number }[];
  subtests: Record<string, number>;
  headers: string;
}

describe.skipIf(!existsSync(shared))('fixture messages against Perl SpamAssassin', () => {
  let rs: RuleSet;
  beforeAll(async () => {
    rs = await loadRuleSet({ rules: path.join(shared, 'rules'), site: path.join(shared, 'site'), cf: 'report_hostname fixtures.example' });
  });

  it('has at least 20 fixtures with Perl answers', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const f of fixtures) expect(existsSync(path.join(dir, f.replace(/\.eml$/, '.expected.json')))).toBe(true);
  });

  it.each(fixtures)('%s: same headers as SA whenever the hits are the same', async (f) => {
    const expected = JSON.parse(readFileSync(path.join(dir, f.replace(/\.eml$/, '.expected.json')), 'utf8')) as Expected;
    const r = await rs.check(readFileSync(path.join(dir, f)));
    const ours = r.hits.map((h) => h.name).sort();
    const theirs = expected.tests.map((t) => t.name).sort();
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) return;
    expect(r.score).toBeCloseTo(expected.score, 3);
    expect(r.isSpam).toBe(expected.isSpam);
    const block = r.headers.map(([n, v]) => `${n}: ${v}\n`).join('');
    expect(block).toBe(expected.headers);
  });
});
