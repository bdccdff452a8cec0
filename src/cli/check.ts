/**
 * `spamscore check`: score messages from files, directories, mbox files or standard input.
 * Default output is what `spamassassin -t` shows for a message: its X-Spam headers and the
 * content analysis report; `--json` prints one line per message in the conformance format.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CheckOptions, CheckResult } from '../check/check.js';
import { loadRuleSet } from '../load-rule-set.js';
import { createScanner } from '../scanner/scanner.js';
import { localeFromEnv } from '../config/line-reader.js';
import { formatDiagnostic, type Diagnostic } from '../config/diagnostics.js';

/** Options of the check command. */
export interface CheckCommandOptions {
  rules?: string[];
  site?: string[];
  cf?: string[];
  json?: boolean;
  local?: boolean;
  /** Deadline per message (the whole scan), seconds. */
  timeout?: number;
  /** Score on this many worker threads (the scanner pool) instead of in-process. */
  jobs?: number;
}

/** Scores one raw message (in-process or on the scanner pool). */
type Scorer = (raw: Buffer, options: CheckOptions) => Promise<CheckResult>;

/** One message to score and the name it is reported under. */
interface Input {
  name: string;
  raw: Buffer;
}

/** Splits an mbox file at its `From ` separator lines. */
export function splitMbox(data: Buffer, name: string): Input[] {
  const text = data.toString('latin1');
  const starts: number[] = [];
  const re = /^From [^\n]*\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index === 0 || text[m.index - 1] === '\n') starts.push(m.index);
  }
  if (starts.length <= 1) return [{ name, raw: data }];
  return starts.map((s, i) => ({
    name: `${name}#${i + 1}`,
    raw: Buffer.from(text.slice(s, starts[i + 1] ?? text.length), 'latin1'),
  }));
}

function* inputsOf(arg: string): Generator<Input> {
  if (arg === '-') {
    yield { name: '-', raw: readFileSync(0) };
    return;
  }
  const st = statSync(arg);
  if (st.isDirectory()) {
    for (const f of readdirSync(arg).sort()) {
      const p = path.join(arg, f);
      if (statSync(p).isFile()) yield* inputsOf(p);
    }
    return;
  }
  const data = readFileSync(arg);
  // An mbox: starts with a "From " line and holds more than one message.
  if (data.subarray(0, 5).toString('latin1') === 'From ') yield* splitMbox(data, arg);
  else yield { name: arg, raw: data };
}

/** The `file` field of the JSON output: the last two path parts, as the golden files have it. */
export function lastTwoParts(name: string): string {
  return name.split(/[\\/]/).slice(-2).join('/');
}

async function score(check: Scorer, input: Input, opts: CheckCommandOptions): Promise<string> {
  const r = await check(input.raw, {
    network: !opts.local,
    ...(opts.timeout !== undefined ? { timeout: opts.timeout * 1000 } : {}),
  });
  if (opts.json) {
    return JSON.stringify({
      file: lastTwoParts(input.name),
      score: r.score,
      required: r.requiredScore,
      isSpam: r.isSpam,
      status: r.headers.find(([n]) => n === 'X-Spam-Status')?.[1].split(' tests=')[0],
      tests: [...r.hits].sort((a, b) => (a.name < b.name ? -1 : 1)).map((h) => ({ name: h.name, score: h.score })),
      subtests: r.subtests,
      // the Bayes probability (`_BAYES_` shows it with 4 decimals) when Bayes scored the message,
      // and what autolearn did (`no`, `ham`, `spam`, `disabled`, `unavailable`, `failed`)
      ...(r.bayes !== undefined ? { bayes: r.bayes } : {}),
      ...(r.autolearn !== undefined ? { autolearn: r.autolearn.status } : {}),
    });
  }
  const headers = r.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
  const notes = r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `# ${formatDiagnostic(d)}`);
  return [`==> ${input.name} <==`, headers, '', r.report.replace(/\n+$/, ''), ...notes, ''].join('\n');
}

/** Loading diagnostics `check` prints: errors, and the warnings that say the rules are not the ones asked for. */
const loud = (d: Diagnostic) => d.severity === 'error' || d.code === 'bundled-rules' || d.code === 'config-missing';

/** Runs `check`; returns the exit code (0 when every message was scored; 2 when an input could not be read or no rules were found). */
export async function runCheck(
  files: string[],
  opts: CheckCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const load = {
    ...(opts.rules?.length ? { rules: opts.rules } : {}),
    ...(opts.site?.length ? { site: opts.site } : {}),
    ...(opts.cf?.length ? { cf: opts.cf } : {}),
    locale: localeFromEnv(process.env),
  };
  let check: Scorer;
  let close = async () => {};
  if (opts.jobs !== undefined) {
    const scanner = createScanner({ rules: load, workers: opts.jobs });
    const info = await scanner.ready;
    for (const d of info.diagnostics) if (loud(d)) err(formatDiagnostic(d));
    if (info.diagnostics.some((d) => d.code === 'no-rules')) {
      await scanner.close();
      return 2;
    }
    check = (raw, options) => scanner.scan(raw, options);
    close = () => scanner.close();
  } else {
    const rs = await loadRuleSet(load);
    for (const d of rs.diagnostics) if (loud(d)) err(formatDiagnostic(d));
    // Nothing to score with: say so and stop, as Perl's "no rules were found!" does.
    if (rs.diagnostics.some((d) => d.code === 'no-rules')) return 2;
    check = (raw, options) => rs.check(raw, options);
  }
  const args = files.length ? files : ['-'];
  const inputs: Input[] = [];
  let code = 0;
  for (const a of args) {
    try {
      inputs.push(...inputsOf(a));
    } catch (e) {
      err(`spamscore: ${a}: ${e instanceof Error ? e.message : String(e)}`);
      code = 2;
    }
  }
  const progress = inputs.length > 1 && process.stderr.isTTY && opts.json;
  const t0 = performance.now();
  // With worker threads, a window of scans runs ahead; results print in input order.
  const ahead = Math.max(1, (opts.jobs ?? 0) * 2);
  const running: Array<Promise<string>> = [];
  for (let i = 0; i < inputs.length; i++) {
    while (running.length < ahead && i + running.length < inputs.length) running.push(score(check, inputs[i + running.length]!, opts));
    out(await running.shift()!);
    if (progress && (i % 25 === 0 || i === inputs.length - 1)) {
      const rate = ((i + 1) / ((performance.now() - t0) / 1000)).toFixed(0);
      process.stderr.write(`\r${bar(i + 1, inputs.length)} ${i + 1}/${inputs.length} messages, ${rate}/s`);
    }
  }
  if (progress) process.stderr.write('\n');
  await close();
  return code;
}

function bar(done: number, total: number): string {
  const w = 30;
  const k = Math.round((w * done) / total);
  return `[${'#'.repeat(k)}${'.'.repeat(w - k)}]`;
}
