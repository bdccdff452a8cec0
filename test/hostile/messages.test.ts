/**
 * Hostile messages (test/support/hostile-mail.ts) scanned with the stock rules and with a small
 * inline rule set: every scan resolves, gives a number that is not NaN, and ends within its
 * deadline — `check(raw, { timeout: 5000 })` must answer in under 5 s plus a generous 10 s margin
 * for a loaded 2-core CI machine. Scans run in a child process (harness.ts) that is killed at
 * 20 s, so a scan that hangs fails its own test instead of hanging the suite.
 *
 * The stock-rule half runs when the SpamAssassin kit is beside the repository (../shared).
 * Each file prints a timing table at its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileCases, message, type HostileCase } from '../support/hostile-mail.js';
import { explain, timeOf, HAS_STOCK_RULES, printTimings, removeBundles, ScanChild, STOCK_RULES, type Outcome, type TimingRow } from './harness.js';
import { INLINE_RULES_CF } from './inline-rules.js';
import type { ResultSummary } from './protocol.js';

/** The scan deadline every hostile message is given. */
const DEADLINE_MS = 5000;
/** How far past its deadline a scan may answer on a slow, shared machine. */
const MARGIN_MS = 10_000;
/** When the harness gives up on a scan and kills the child. */
const HARD_LIMIT_MS = DEADLINE_MS + MARGIN_MS + 5000;

const cases = hostileCases(1);
const child = new ScanChild();
const timings: TimingRow[] = [];

afterAll(async () => {
  child.close();
  await removeBundles();
  printTimings('hostile messages: scan times (deadline 5000 ms)', timings);
});

/**
 * Scans one ordinary message first, so that work a rule set defers to its first scan is not
 * charged to the first hostile case in the timing table.
 */
async function warmUp(key: string): Promise<void> {
  const o = await child.check(key, message({ body: 'an ordinary message to warm up the engines\n' }), { timeout: DEADLINE_MS }, HARD_LIMIT_MS);
  timings.push({ name: 'warm-up (ordinary message)', rules: key, outcome: explain(o), ms: timeOf(o) });
}

/** Scans one case with the rule set under `key` and asserts the scan's contract. */
async function expectScoredWithinDeadline(c: HostileCase, key: string): Promise<ResultSummary | undefined> {
  const raw = c.build();
  const o: Outcome<ResultSummary> = await child.check(key, raw, { timeout: DEADLINE_MS }, HARD_LIMIT_MS);
  const ms = timeOf(o);
  timings.push({ name: c.name, rules: key, outcome: explain(o), ms, ...(o.status === 'ok' ? { timedOut: o.value.timedOut } : {}) });
  expect(o.status, `${c.name}: ${explain(o)}`).toBe('ok');
  if (o.status !== 'ok') return undefined;
  expect(typeof o.value.score).toBe('number');
  expect(Number.isNaN(o.value.score), `${c.name}: score is NaN`).toBe(false);
  expect(o.elapsedMs, `${c.name}: answered after ${Math.round(o.elapsedMs)} ms`).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  // The stock rules' add_header lines give every result an X-Spam-Status; the inline set has none.
  if (key === 'stock') expect(o.value.statusHeader, `${c.name}: no X-Spam-Status header`).toEqual(expect.any(String));
  return o.value;
}

describe('the hostile mail generator', () => {
  it('builds the same bytes from the same seed and other bytes from another seed', () => {
    const small = (seed: number) => hostileCases(seed).filter((c) => c.approxBytes < 1024 * 1024);
    const [a, b, other] = [small(1), small(1), small(2)];
    let differs = 0;
    a.forEach((c, i) => {
      const bytes = c.build();
      expect(bytes.equals(b[i]!.build()), c.name).toBe(true);
      if (!bytes.equals(other[i]!.build())) differs++;
    });
    expect(differs, 'the seeded cases change with the seed').toBeGreaterThan(3);
  });
});

describe('hostile messages scored with a small inline rule set', () => {
  beforeAll(async () => {
    const o = await child.ruleSet({ op: 'compile', key: 'inline', sources: [{ name: 'local.cf', text: INLINE_RULES_CF }] }, 60_000);
    expect(o.status, explain(o)).toBe('ok');
    if (o.status === 'ok') {
      expect(o.value.diagnostics.filter((d) => d.severity === 'error'), 'the inline rules compile cleanly').toEqual([]);
      expect(o.value.ruleCount).toBeGreaterThan(30);
    }
    await warmUp('inline');
  }, 90_000);

  for (const c of cases) {
    it(`scores a message whose ${c.title} within its deadline`, async () => {
      await expectScoredWithinDeadline(c, 'inline');
    });
  }

  it('reads headers named constructor, __proto__ and toString as ordinary headers', async () => {
    const c = cases.find((x) => x.name === 'prototype-headers')!;
    const r = await expectScoredWithinDeadline(c, 'inline');
    expect((JSON.parse(r!.hitsJson) as { name: string }[]).map((h) => h.name)).toContain('H_PROTO');
  });
});

describe.skipIf(!HAS_STOCK_RULES)('hostile messages scored with the stock SpamAssassin rules', () => {
  beforeAll(async () => {
    const o = await child.ruleSet({ op: 'load', key: 'stock', options: STOCK_RULES }, 120_000);
    expect(o.status, explain(o)).toBe('ok');
    if (o.status === 'ok') expect(o.value.ruleCount).toBeGreaterThan(2000);
    await warmUp('stock');
  }, 150_000);

  for (const c of cases) {
    it(`scores a message whose ${c.title} within its deadline`, async () => {
      await expectScoredWithinDeadline(c, 'stock');
    });
  }
});
