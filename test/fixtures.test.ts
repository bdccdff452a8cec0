/**
 * Fixture messages scored with the stock rules, local tests only, against Perl SpamAssassin's
 * answers (fixtures/messages/NAME.expected.json, made by scripts/sa-expected.pl): wherever
 * spamscore's hits equal Perl's, the X-Spam-* header block it renders is byte-identical to SA's
 * (folding of long `tests=` lines, `_SCORE_` rounding, stars) and so is the report
 * (`get_report`: preview, hit table, each rule's `test_log` lines); whatever else differs, every
 * rule both hit carries the same detail lines ("[agent.claims1987(at)freemail.example]").
 * Runs when ../shared is present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../src/load-rule-set.js';
import type { RuleSet } from '../src/rule-set.js';
import type { CheckResult } from '../src/check/check.js';
import { detailLines, orderedReport } from './support/report-table.js';

const shared = path.resolve(__dirname, '../../shared/spamassassin-4.0.1');
const dir = path.resolve(__dirname, '../fixtures/messages');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();

interface Expected {
  score: number;
  isSpam: boolean;
  tests: { name: string; score: number }[];
  subtests: Record<string, number>;
  headers: string;
  /** `$status->get_report()`. */
  report: string;
}

/**
 * Perl's answer for a fixture. Read as latin1: SA's report is octets (a non-ASCII preview is
 * UTF-8) that the script wrote out unchanged, and check() gives them one character per octet.
 */
const expectedOf = (f: string): Expected =>
  JSON.parse(readFileSync(path.join(dir, f.replace(/\.eml$/, '.expected.json')), 'latin1')) as Expected;

describe.skipIf(!existsSync(shared))('fixture messages against Perl SpamAssassin', () => {
  let rs: RuleSet;
  beforeAll(async () => {
    rs = await loadRuleSet({ rules: path.join(shared, 'rules'), site: path.join(shared, 'site'), cf: 'report_hostname fixtures.example' });
  });

  /** Our result for each fixture, scored once by the first test and read again by the second. */
  const results = new Map<string, CheckResult>();
  const resultOf = async (f: string): Promise<CheckResult> => {
    let r = results.get(f);
    if (!r) results.set(f, (r = await rs.check(readFileSync(path.join(dir, f)))));
    return r;
  };

  it('has at least 20 fixtures with Perl answers, reports included, some with detail lines', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    let detailed = 0;
    for (const f of fixtures) {
      expect(existsSync(path.join(dir, f.replace(/\.eml$/, '.expected.json'))), f).toBe(true);
      const e = expectedOf(f);
      expect(typeof e.report, `${f}: no report (regenerate with scripts/sa-expected.pl)`).toBe('string');
      if ([...detailLines(e.report).values()].some((d) => d.length > 0)) detailed++;
    }
    expect(detailed).toBeGreaterThanOrEqual(3);
  });

  it.each(fixtures)('%s: same headers and report as SA whenever the hits are the same', async (f) => {
    const expected = expectedOf(f);
    const r = await resultOf(f);
    const ours = r.hits.map((h) => h.name).sort();
    const theirs = expected.tests.map((t) => t.name).sort();
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) return;
    expect(r.score).toBeCloseTo(expected.score, 3);
    expect(r.isSpam).toBe(expected.isSpam);
    const block = r.headers.map(([n, v]) => `${n}: ${v}\n`).join('');
    expect(block).toBe(expected.headers);
    expect(orderedReport(r.report)).toBe(orderedReport(expected.report));
  });

  it.each(fixtures)('%s: the same detail lines as SA under every rule both hit', async (f) => {
    const ours = detailLines((await resultOf(f)).report);
    const theirs = detailLines(expectedOf(f).report);
    const both = [...theirs.keys()].filter((rule) => ours.has(rule)).sort();
    expect(Object.fromEntries(both.map((rule) => [rule, ours.get(rule)]))).toEqual(Object.fromEntries(both.map((rule) => [rule, theirs.get(rule)])));
  });
});
