/**
 * Hostile configuration: `.cf` files that include devices, the process environment, directories
 * and themselves; patterns built to backtrack for ever, or to be enormous; rule names that are
 * `Object.prototype` members; a ReplaceTags expansion bomb; 100,000 rules; giant and deeply
 * nested metas. For each: loading never throws (problems are diagnostics carrying file:line),
 * scanning never throws, and both end within a generous deadline.
 *
 * Everything runs in a child process (harness.ts), killed when it overruns, so a configuration
 * that hangs the loader fails its test instead of the suite. Temporary rule directories live
 * under the OS temp directory and are removed at the end. Where SpamAssassin's answer is
 * unambiguous (rules around a refused include still load, an included directory's files are
 * read, `constructor` scores like any rule) the test checks that answer too.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baitRun, message, run } from '../support/hostile-mail.js';
import { explain, timeOf, printTimings, removeBundles, ScanChild, type Outcome, type TimingRow } from './harness.js';
import type { DiagnosticSummary, ResultSummary, RuleSetSummary } from './protocol.js';

/** The longest loading or compiling one hostile configuration may take. */
const LOAD_LIMIT_MS = 20_000;
/** The scan deadline, and how far past it a scan may answer on a slow, shared machine. */
const DEADLINE_MS = 5000;
const MARGIN_MS = 10_000;

/** A value no configuration file holds: it may reach the loader only through the environment. */
const SECRET = `spamscore-secret-${process.pid}-d41d8cd98f00b204`;
process.env.SPAMSCORE_SECRET = SECRET;

const child = new ScanChild();
const timings: TimingRow[] = [];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-hostile-rules-'));
let keys = 0;

afterAll(async () => {
  child.close();
  await removeBundles();
  rmSync(tmp, { recursive: true, force: true });
  printTimings('hostile rules: load and scan times', timings);
});

/** Writes `files` (`{ 'local.cf': text, 'sub/a.cf': text }`) into a new rules directory. */
function rulesDir(files: Record<string, string>): string {
  const dir = path.join(tmp, `rules${++keys}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text, 'latin1');
  }
  return dir;
}

function expectDiagnosticsPlaced(diagnostics: readonly DiagnosticSummary[]): void {
  const unplaced = diagnostics.filter((d) => typeof d.file !== 'string' || typeof d.line !== 'number');
  expect(unplaced, 'every configuration diagnostic names its file and line').toEqual([]);
}

/** Asserts a load or compile ended well and in time; returns its summary. */
function expectLoaded(name: string, o: Outcome<RuleSetSummary>): RuleSetSummary {
  const ms = timeOf(o);
  timings.push({ name, rules: 'load', outcome: explain(o), ms });
  expect(o.status, `${name}: ${explain(o)}`).toBe('ok');
  if (o.status !== 'ok') throw new Error('unreachable');
  expect(o.elapsedMs, `${name}: loading took ${Math.round(o.elapsedMs)} ms`).toBeLessThan(LOAD_LIMIT_MS);
  expectDiagnosticsPlaced(o.value.diagnostics);
  return o.value;
}

async function load(name: string, dir: string, extra: { has?: string[]; probes?: string[] } = {}): Promise<{ key: string; rs: RuleSetSummary }> {
  const key = `${name}#${++keys}`;
  const o = await child.ruleSet({ op: 'load', key, options: { rules: [dir], site: [] }, ...extra }, LOAD_LIMIT_MS + 10_000);
  return { key, rs: expectLoaded(name, o) };
}

async function compile(name: string, text: string, has: string[] = []): Promise<{ key: string; rs: RuleSetSummary }> {
  const key = `${name}#${++keys}`;
  const o = await child.ruleSet({ op: 'compile', key, sources: [{ name: 'hostile.cf', text }], has }, LOAD_LIMIT_MS + 10_000);
  return { key, rs: expectLoaded(name, o) };
}

/** Scans `raw` with `{ timeout: 5000 }` and asserts the scan's contract; returns the hits by name. */
async function scan(name: string, key: string, raw: Buffer): Promise<{ result: ResultSummary; hits: Map<string, number> }> {
  const o = await child.check(key, raw, { timeout: DEADLINE_MS }, DEADLINE_MS + MARGIN_MS + 5000);
  const ms = timeOf(o);
  timings.push({ name, rules: 'scan', outcome: explain(o), ms, ...(o.status === 'ok' ? { timedOut: o.value.timedOut } : {}) });
  expect(o.status, `${name}: ${explain(o)}`).toBe('ok');
  if (o.status !== 'ok') throw new Error('unreachable');
  expect(Number.isNaN(o.value.score), `${name}: score is NaN`).toBe(false);
  expect(typeof o.value.score).toBe('number');
  expect(o.elapsedMs, `${name}: the scan took ${Math.round(o.elapsedMs)} ms`).toBeLessThan(DEADLINE_MS + MARGIN_MS);
  const hits = new Map((JSON.parse(o.value.hitsJson) as { name: string; score: number }[]).map((h) => [h.name, h.score]));
  return { result: o.value, hits };
}

const ruleNames = (rs: RuleSetSummary): string[] => Object.keys(JSON.parse(rs.rulesJson) as object);

/** Rules on both sides of a hostile line, and a message that hits both. */
const AROUND = (line: string): string => `body BEFORE_LINE /\\bbefore\\b/\nscore BEFORE_LINE 1\n${line}\nbody AFTER_LINE /\\bafter\\b/\nscore AFTER_LINE 1\n`;
const AROUND_MESSAGE = message({ body: 'before and after\n' });

describe('include lines that point at hostile files', () => {
  for (const device of ['/dev/zero', '/dev/urandom']) {
    it(`loads a file that includes ${device} without reading it for ever, keeping the rules around it`, async () => {
      const { key, rs } = await load(`include ${device}`, rulesDir({ 'local.cf': AROUND(`include ${device}`) }), { has: ['BEFORE_LINE', 'AFTER_LINE'] });
      expect(ruleNames(rs)).toEqual(['BEFORE_LINE', 'AFTER_LINE']);
      const { hits } = await scan(`include ${device}`, key, AROUND_MESSAGE);
      expect([...hits.keys()]).toEqual(expect.arrayContaining(['BEFORE_LINE', 'AFTER_LINE']));
    });
  }

  it('loads a file that includes /proc/self/environ without echoing an environment value', async () => {
    const { rs } = await load('include /proc/self/environ', rulesDir({ 'local.cf': AROUND('include /proc/self/environ') }), {
      has: ['BEFORE_LINE', 'AFTER_LINE'],
      probes: [SECRET],
    });
    expect(rs.probeHits, 'SPAMSCORE_SECRET appears in the diagnostics or the rule dump').toEqual([]);
    expect(ruleNames(rs)).toEqual(['BEFORE_LINE', 'AFTER_LINE']);
  });

  it('loads a file that includes a named pipe nobody writes to without blocking on it', async () => {
    const dir = rulesDir({ 'local.cf': AROUND('include pipe.cf') });
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.cf')]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    const { rs } = await load('include a FIFO', dir, { has: ['BEFORE_LINE', 'AFTER_LINE'] });
    expect(ruleNames(rs)).toEqual(['BEFORE_LINE', 'AFTER_LINE']);
  });

  it("reads an included directory's .cf files, as SpamAssassin does", async () => {
    const dir = rulesDir({ 'local.cf': AROUND('include sub'), 'sub/a.cf': 'body IN_DIR /\\bindir\\b/\nscore IN_DIR 0.5\n', 'sub/notes.txt': 'not configuration\n' });
    const { key, rs } = await load('include a directory', dir, { has: ['BEFORE_LINE', 'AFTER_LINE', 'IN_DIR'] });
    expect(ruleNames(rs).sort()).toEqual(['AFTER_LINE', 'BEFORE_LINE', 'IN_DIR']);
    const { hits } = await scan('include a directory', key, message({ body: 'before indir after\n' }));
    expect(hits.get('IN_DIR')).toBe(0.5);
  });

  it('reads each file of an include loop once (a includes b includes a; a includes itself)', async () => {
    const dir = rulesDir({
      'local.cf': 'include a.cf\nbody TOP /\\btop\\b/\n',
      'a.cf': 'include b.cf\ninclude a.cf\nbody IN_A /\\balpha\\b/\n',
      'b.cf': 'include a.cf\ninclude local.cf\nbody IN_B /\\bbeta\\b/\n',
    });
    const { rs } = await load('include loop', dir, { has: ['TOP', 'IN_A', 'IN_B'] });
    expect(ruleNames(rs).sort()).toEqual(['IN_A', 'IN_B', 'TOP']);
  });

  it('loads an include chain 1,000 files deep', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`f${i}.cf`] = `include f${i + 1}.cf\nbody DEEP_${i} /\\bw${i}x\\b/\n`;
    files['local.cf'] = 'include f0.cf\n';
    const { rs } = await load('include chain 1000 deep', rulesDir(files), { has: ['DEEP_0', 'DEEP_999'] });
    expect(ruleNames(rs)).toEqual(['DEEP_0', 'DEEP_999']);
  });
});

describe('patterns built to backtrack for ever', () => {
  const LT = baitRun('<', 200 * 1024);

  it('scans 200 KB of < with body, rawbody and full rules (<+)+(?=x) and ends in time with a miss or TIME_LIMIT_EXCEEDED', async () => {
    const { key } = await compile(
      '(<+)+(?=x) rules',
      'body LT_BODY /(<+)+(?=x)/\nscore LT_BODY 1\nrawbody LT_RAW /(<+)+(?=x)/\nscore LT_RAW 1\nfull LT_FULL /(<+)+(?=x)/\nscore LT_FULL 1\n',
      ['LT_BODY', 'LT_RAW', 'LT_FULL'],
    );
    const { hits } = await scan('(<+)+(?=x) over 200 KB of <', key, LT);
    const hitNames = [...hits.keys()];
    expect(hitNames.filter((n) => n.startsWith('LT_')), 'none of the rules can match: there is no x').toEqual([]);
  });

  it('scans 200 KB of < with a catastrophic pattern hidden in a lookahead and ends in time', async () => {
    const { key } = await compile(
      'lookahead rules',
      'body LA_BODY /(?=(?:<|<<|<<<)+y)</\nscore LA_BODY 1\nrawbody LA_RAW /^(?=(?:\\s*<+\\s*)+$y)/m\nscore LA_RAW 1\nfull LA_FULL /(?!(?:<+)+z)</\nscore LA_FULL 1\n',
    );
    const { hits } = await scan('lookahead over 200 KB of <', key, LT);
    expect([...hits.keys()].filter((n) => n === 'LA_BODY' || n === 'LA_RAW'), 'neither can match: there is no y').toEqual([]);
  });

  it('compiles a 500 KB pattern with a backreference and scans with it in time', async () => {
    const alts = Array.from({ length: 50_000 }, (_, i) => `w${String(i).padStart(6, '0')}`).join('|');
    const { key, rs } = await compile('500 KB pattern with \\1', `body BIG_BACKREF /(ab+)\\s(?:${alts})\\s\\1/\nscore BIG_BACKREF 1\n`, ['BIG_BACKREF']);
    expect(rs.ruleCount + rs.diagnosticCount).toBeGreaterThan(0);
    await scan('500 KB pattern with \\1', key, message({ body: `abbb w012345 abbb\n${run('ab ', 100_000)}\n` }));
  });

  it('compiles a 1 MB alternation and scans with it in time', async () => {
    const alts = Array.from({ length: 90_000 }, (_, i) => `word${String(i).padStart(6, '0')}`).join('|');
    const { key } = await compile('1 MB alternation', `body BIG_ALT /\\b(?:${alts})\\b/\nscore BIG_ALT 1\n`, ['BIG_ALT']);
    await scan('1 MB alternation', key, message({ body: `${bigWords(300_000)}\nword089999\n` }));
  });

  it('compiles a pattern nested 10,000 groups deep without overflowing the stack', async () => {
    const { key } = await compile('pattern 10,000 groups deep', `body DEEP_GROUPS /${'(?:'.repeat(10_000)}a${')'.repeat(10_000)}/\nbody DEEP_CAPS /${'('.repeat(5_000)}b${')+'.repeat(5_000)}/\n`);
    await scan('pattern 10,000 groups deep', key, message({ body: 'a b\n' }));
  });
});

/** Text of `n` characters of short words (for scans that need something to chew on). */
function bigWords(n: number): string {
  return run('lorem ipsum dolor sit amet ', n);
}

describe('rule names and tags that attack the implementation', () => {
  it('scores rules named constructor, toString, hasOwnProperty and valueOf, and reports __proto__ as a sub-rule, as SpamAssassin does', async () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];
    const { key, rs } = await compile(
      'Object.prototype rule names',
      [
        'body constructor /\\balpha\\b/',
        'score constructor 1',
        'body toString /\\bbeta\\b/',
        'score toString 2',
        'describe toString beta here',
        'body __proto__ /\\bgamma\\b/',
        'body hasOwnProperty /\\bdelta\\b/',
        'score hasOwnProperty 4',
        'meta valueOf constructor && toString && __proto__',
        'score valueOf 8',
        'body prototype /\\bnever-matches-this\\b/',
        'tflags toString multiple',
        '',
      ].join('\n'),
      names,
    );
    expect(ruleNames(rs).sort()).toEqual([...names].sort());
    // SpamAssassin 4.0.1: tests=constructor=1,hasOwnProperty=4,toString=2,valueOf=8 subtests=__proto__
    const { result, hits } = await scan('Object.prototype rule names', key, message({ body: 'alpha beta gamma delta\n' }));
    expect(Object.fromEntries(hits)).toEqual({ constructor: 1, toString: 2, hasOwnProperty: 4, valueOf: 8 });
    expect(result.score).toBe(15);
    const subtests = JSON.parse(result.subtestsJson) as Record<string, number>;
    expect(Object.prototype.hasOwnProperty.call(subtests, '__proto__')).toBe(true);
    expect(Object.keys(subtests)).toEqual(['__proto__']);
  });

  it('stops a replace_tag chain that would expand to 68 billion characters', async () => {
    const lines = ['loadplugin Mail::SpamAssassin::Plugin::ReplaceTags', 'replace_tag L0 (?:x|y)'];
    for (let i = 1; i <= 6; i++) lines.push(`replace_tag L${i} ${`<L${i - 1}>`.repeat(64)}`);
    lines.push('body TAG_BOMB /<L6>/', 'replace_rules TAG_BOMB', 'score TAG_BOMB 1', 'body TAG_OK /\\bfine\\b/', 'score TAG_OK 1');
    const { key, rs } = await compile('replace_tag bomb', lines.join('\n') + '\n', ['TAG_BOMB', 'TAG_OK']);
    expect(ruleNames(rs)).toContain('TAG_OK');
    const { hits } = await scan('replace_tag bomb', key, message({ body: 'fine\n' }));
    expect(hits.has('TAG_OK')).toBe(true);
  });

  it('compiles 100,000 rules and scans with them in time, the first scan included', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`body R${i} /\\bw${i}z\\b/`, `score R${i} 0.001`);
    const { key, rs } = await compile('100,000 rules', lines.join('\n') + '\n', ['R0', 'R99999']);
    expect(rs.ruleCount).toBe(100_000);
    const raw = message({ body: 'w0z w77777z w99999z\n' });
    // The first scan may pay for work the rule set defers (engines built on first use) and so
    // may end at its deadline; the second must find exactly the three rules.
    const first = await scan('100,000 rules (first scan)', key, raw);
    if (!first.hits.has('TIME_LIMIT_EXCEEDED')) expect([...first.hits.keys()].sort()).toEqual(['R0', 'R77777', 'R99999']);
    const second = await scan('100,000 rules (second scan)', key, raw);
    expect([...second.hits.keys()].sort()).toEqual(['R0', 'R77777', 'R99999']);
  });

  it('evaluates a meta with 10,000 operands', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(`body __M${i} /\\bm${i}z\\b/`);
    lines.push(`meta BIG_META (${Array.from({ length: 10_000 }, (_, i) => `__M${i}`).join(' + ')}) > 1`, 'score BIG_META 3');
    lines.push(`meta BIG_OR ${Array.from({ length: 10_000 }, (_, i) => `__M${i}`).join(' || ')}`, 'score BIG_OR 1');
    const { key, rs } = await compile('meta with 10,000 operands', lines.join('\n') + '\n', ['BIG_META', 'BIG_OR']);
    const { hits } = await scan('meta with 10,000 operands', key, message({ body: 'm1z m9999z\n' }));
    // SpamAssassin 4.0.1 hits both (BIG_META=3, BIG_OR=1).
    const why = JSON.stringify(rs.diagnostics.slice(0, 2));
    expect(hits.get('BIG_META'), why).toBe(3);
    expect(hits.get('BIG_OR'), why).toBe(1);
  });

  it('evaluates a meta nested 10,000 parentheses deep, and one behind 10,000 negations, without overflowing the stack', async () => {
    const text = `body LEAF /\\bleaf\\b/\nscore LEAF 1\nmeta DEEP_META ${'('.repeat(10_000)}LEAF${')'.repeat(10_000)}\nscore DEEP_META 1\nmeta DEEP_NOT ${'!'.repeat(10_000)}LEAF\n`;
    const { key, rs } = await compile('meta 10,000 parentheses deep', text, ['DEEP_META', 'DEEP_NOT']);
    const { hits } = await scan('meta 10,000 parentheses deep', key, message({ body: 'leaf\n' }));
    // SpamAssassin 4.0.1 hits both (an even number of negations).
    const why = JSON.stringify(rs.diagnostics.slice(0, 2));
    expect(hits.get('DEEP_META'), why).toBe(1);
    expect(hits.get('DEEP_NOT'), why).toBe(1);
  });

  it('reads rules inside if blocks nested 10,000 deep and behind an if expression 10,000 parentheses deep', async () => {
    const text = `${'if (1)\n'.repeat(10_000)}body IN_IFS /\\bifs\\b/\n${'endif\n'.repeat(10_000)}if ${'('.repeat(10_000)}1${')'.repeat(10_000)}\nbody IN_PARENS /\\bparens\\b/\nendif\n`;
    const { key } = await compile('if 10,000 deep', text, ['IN_IFS', 'IN_PARENS']);
    const { hits } = await scan('if 10,000 deep', key, message({ body: 'ifs parens\n' }));
    // SpamAssassin 4.0.1 reads both rules.
    expect(Object.fromEntries(hits)).toEqual({ IN_IFS: 1, IN_PARENS: 1 });
  });
});
