/**
 * The scan's deadline (`options.timeout`, SA's `time_limit` / master deadline) and the
 * caller's `signal` bound the whole scan, computing included: on expiry no more rules run,
 * the result carries what hit so far plus SA's synthetic TIME_LIMIT_EXCEEDED hit.
 * Deadlines are the feature here, so these tests time scans, with generous margins.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { sourceBundle } from '../support/source-bundle.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { measureStalls } from '../support/stall-meter.js';

/** An eval that computes for `ms` milliseconds: a scan of many such rules is CPU-bound. */
const busy = definePlugin({
  name: 'Test::Busy',
  evals: {
    check_busy: {
      ruleType: 'body',
      run(_ctx, ms) {
        const end = performance.now() + Number(ms);
        while (performance.now() < end);
        return 0;
      },
    },
  },
});
const busyRules = (n: number, ms: number) =>
  `loadplugin Test::Busy
${Array.from({ length: n }, (_, i) => `body BUSY${i} eval:check_busy('${ms}')`).join('\n')}\n`;

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::Check\n';
const add = 'add_header all Status _YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_\n';

function message(body: string): Buffer {
  return Buffer.from(`From: a@b.example\nSubject: hello\n\n${body}\n`, 'latin1');
}

const bait = '<'.repeat(200_000);

describe('a scan deadline', () => {
  it('stops a catastrophically backtracking body rule and says so with TIME_LIMIT_EXCEEDED', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}${add}header EARLY Subject =~ /hello/\nscore EARLY 1\nbody BAIT /(<+)+(?=x)/\nscore BAIT 2\n` }]);
    const t0 = performance.now();
    const r = await rs.check(message(bait), { timeout: 500 });
    const elapsed = performance.now() - t0;
    expect(elapsed).toBeLessThan(500 + 4000);
    expect(r.timedOut).toBe(true);
    expect(r.hits.map((h) => h.name)).toEqual(['EARLY', 'TIME_LIMIT_EXCEEDED']);
    expect(r.score).toBe(1.001);
    expect(r.headers.find(([n]) => n === 'X-Spam-Status')?.[1]).toContain('tests=EARLY,TIME_LIMIT_EXCEEDED');
    expect(r.diagnostics.some((d) => d.code === 'time-limit')).toBe(true);
  });

  it("stops it as well where node's vm timeout guards the slices (the native watchdog not built)", async () => {
    const index = pathToFileURL(path.join(await sourceBundle(), 'index.js')).href;
    const script = `const { compileRuleSet } = await import(${JSON.stringify(index)});
      const rs = compileRuleSet([{ name: 'local.cf', text: ${JSON.stringify(`${PRE}body BAIT /(<+)+(?=x)/\n`)} }]);
      const t0 = performance.now();
      const r = await rs.check(Buffer.from('Subject: x\\n\\n' + '<'.repeat(200000) + '\\n'), { timeout: 300 });
      console.log(JSON.stringify({ ms: performance.now() - t0, timedOut: r.timedOut }));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, SPAMSCORE_WATCHDOG: 'vm' }, timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const r = JSON.parse(out) as { ms: number; timedOut: boolean };
    expect(r.timedOut).toBe(true);
    expect(r.ms).toBeLessThan(300 + 4000);
  }, 120_000);

  it('stops a catastrophic pattern inside a lookahead', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}body LOOK /x(?=(a|aa)+b)/\n` }]);
    const t0 = performance.now();
    const r = await rs.check(message('x' + 'a'.repeat(5000)), { timeout: 300 });
    expect(performance.now() - t0).toBeLessThan(300 + 4000);
    expect(r.timedOut).toBe(true);
  });

  it('gives TIME_LIMIT_EXCEEDED the score a `score` line sets for it', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}body BAIT /(<+)+(?=x)/\nscore TIME_LIMIT_EXCEEDED 3.5\n` }]);
    const r = await rs.check(message(bait), { timeout: 200 });
    expect(r.hits).toEqual([expect.objectContaining({ name: 'TIME_LIMIT_EXCEEDED', score: 3.5, description: 'Exceeded time limit / deadline' })]);
  });

  it('takes its default from time_limit', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}time_limit 1\nbody BAIT /(<+)+(?=x)/\n` }]);
    const t0 = performance.now();
    const r = await rs.check(message(bait));
    expect(performance.now() - t0).toBeLessThan(1000 + 4000);
    expect(r.timedOut).toBe(true);
  });

  it('leaves a scan that finishes in time untouched', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}body BAIT /(<+)+(?=x)/\nbody LT /</\n` }]);
    const r = await rs.check(message('<<<x'), { timeout: 5000 });
    expect(r.timedOut).toBe(false);
    expect(r.hits.map((h) => h.name).sort()).toEqual(['BAIT', 'LT']);
  });
});

describe('a signal', () => {
  it('aborts a scan that is computing (1,000 rules of 5 ms each), between rules', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}header EARLY Subject =~ /hello/\n${busyRules(1000, 5)}` }], { plugins: [busy] });
    const t0 = performance.now();
    const r = await rs.check(message('x'), { signal: AbortSignal.timeout(200) });
    expect(performance.now() - t0).toBeLessThan(200 + 3000);
    expect(r.hits.map((h) => h.name)).toEqual(['EARLY', 'TIME_LIMIT_EXCEEDED']);
    expect(r.timedOut).toBe(true);
    expect(r.diagnostics.find((d) => d.code === 'time-limit')?.message).toMatch(/aborted/);
  });

  it('that is already aborted runs no rules', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}header EARLY Subject =~ /hello/\n` }]);
    const r = await rs.check(message('x'), { signal: AbortSignal.abort() });
    expect(r.hits.map((h) => h.name)).toEqual(['TIME_LIMIT_EXCEEDED']);
  });

  it('must be an AbortSignal', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: PRE }]);
    await expect(rs.check(message('x'), { signal: {} as AbortSignal })).rejects.toThrow(TypeError);
  });
});

describe('a computing scan', () => {
  it('gives the event loop a turn every few milliseconds', async () => {
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}${busyRules(200, 2)}` }], { plugins: [busy] });
    const { ticks, longestMs } = await measureStalls(() => rs.check(message('x')));
    // 400 ms of computing: the timer ran many times, never starved for long (generous margins).
    expect(ticks).toBeGreaterThan(10);
    expect(longestMs).toBeLessThan(200);
  });
});

describe('an overflowing score', () => {
  it('is Inf, as Perl prints it, not NaN', async () => {
    const big = '9'.repeat(400);
    const rs = compileRuleSet([{ name: 'local.cf', text: `${PRE}${add}add_header spam Level _STARS(*)_\nbody A /a/\nscore A ${big}\n` }]);
    const r = await rs.check(message('a'));
    expect(r.score).toBe(Infinity);
    expect(r.isSpam).toBe(true);
    // Perl SA 4.0.1 on the same .cf and message: "Yes, score=Inf required=5.0 tests=A", 50 stars.
    expect(r.headers).toContainEqual(['X-Spam-Status', 'Yes, score=Inf required=5.0 tests=A']);
    expect(r.headers).toContainEqual(['X-Spam-Level', '*'.repeat(50)]);
  });
});
