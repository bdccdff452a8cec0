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
import { bytesToText, textToBytes } from '../config/bytes.js';
import { importPluginModules, pluginModuleUrl } from '../plugins/import-plugins.js';
import { shownWith, type DebugOption } from './debug.js';

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
  /** Inputs are mbox files (without it a file is one message, as in Perl's `spamassassin`). */
  mbox?: boolean;
  /** Exit 1 when a message is spam (spamc -c). */
  exitCode?: boolean;
  /** SA's `/o` capture templates (CheckOptions.stickyCaptures). */
  stickyCaptures?: boolean;
  /** Print informational diagnostics too (all, or of the listed areas). */
  debug?: DebugOption;
  /** Plugin modules (files or packages) whose plugins are loaded with the rules. */
  plugin?: string[];
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

/**
 * The messages an argument names: standard input, a file (one message; several with `mbox`),
 * or a directory's files in name order. An entry that cannot be read is reported through
 * `bad` and skipped, so one broken symlink does not stop a batch.
 */
function* inputsOf(arg: string, mbox: boolean, bad: (name: string, e: unknown) => void): Generator<Input> {
  if (arg === '-') {
    yield* messagesOf('-', readFileSync(0), mbox);
    return;
  }
  const st = statSync(arg);
  if (st.isDirectory()) {
    for (const f of readdirSync(arg).sort()) {
      const p = path.join(arg, f);
      let data: Buffer;
      try {
        if (!statSync(p).isFile()) continue;
        data = readFileSync(p);
      } catch (e) {
        bad(p, e);
        continue;
      }
      yield* messagesOf(p, data, mbox);
    }
    return;
  }
  yield* messagesOf(arg, readFileSync(arg), mbox);
}

function* messagesOf(name: string, data: Buffer, mbox: boolean): Generator<Input> {
  if (mbox) yield* splitMbox(data, name);
  else yield { name, raw: data };
}

/** Whether bytes start like a mail message: a header field, or an mbox `From ` line. */
export function looksLikeMail(raw: Buffer): boolean {
  const head = raw.subarray(0, 1024).toString('latin1');
  return /^(?:From |[\x21-\x39\x3b-\x7e]+:)/.test(head);
}

/** The `file` field of the JSON output: the last two path parts, as the golden files have it. */
export function lastTwoParts(name: string): string {
  return name.split(/[\\/]/).slice(-2).join('/');
}

/** One scored message: the text to print and what the summary counts. */
interface Scored {
  text: string;
  isSpam: boolean;
}

async function score(check: Scorer, input: Input, opts: CheckCommandOptions): Promise<Scored> {
  const r = await check(input.raw, {
    network: !opts.local,
    ...(opts.timeout !== undefined ? { timeout: opts.timeout * 1000 } : {}),
    ...(opts.stickyCaptures ? { stickyCaptures: true } : {}),
  });
  const shown = r.diagnostics.filter(shownWith(opts.debug));
  // What is printed is a byte string (the command writes one byte per character, as the header
  // values and report are SA's bytes): text in it — a file name, a JSON line — is UTF-8 encoded.
  if (opts.json) {
    const text = textToBytes(JSON.stringify({
      file: lastTwoParts(input.name),
      score: r.score,
      required: r.requiredScore,
      isSpam: r.isSpam,
      action: r.action,
      status: r.headers.find(([n]) => n === 'X-Spam-Status')?.[1].split(' tests=')[0],
      tests: [...r.hits].sort((a, b) => (a.name < b.name ? -1 : 1)).map((h) => ({ name: h.name, score: h.score, description: h.description })),
      subtests: r.subtests,
      headers: r.headers.map(([n, v]) => [n, bytesToText(v)]),
      ...(r.timedOut ? { timedOut: true } : {}),
      diagnostics: shown,
      // the Bayes probability (`_BAYES_` shows it with 4 decimals) when Bayes scored the message,
      // and what autolearn did (`no`, `ham`, `spam`, `disabled`, `unavailable`, `failed`)
      ...(r.bayes !== undefined ? { bayes: r.bayes } : {}),
      ...(r.autolearn !== undefined ? { autolearn: r.autolearn.status } : {}),
    }));
    return { text, isSpam: r.isSpam };
  }
  const headers = r.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
  const notes = shown.map((d) => `# ${formatDiagnostic(d)}`);
  return { text: [`==> ${textToBytes(input.name)} <==`, headers, '', r.report.replace(/\n+$/, ''), ...notes, ''].join('\n'), isSpam: r.isSpam };
}

/** Loading diagnostics `check` prints: errors, and the warnings that say the rules are not the ones asked for. */
const loud = (d: Diagnostic) => d.severity === 'error' || d.code === 'bundled-rules' || d.code === 'config-missing';

/**
 * Runs `check`; returns the exit code: 2 when an input could not be read (the rest is still
 * scored) or no rules were found; else, with `exitCode`, 1 when a message is spam; else 0.
 */
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
  // Loading diagnostics: the loud ones always, the rest (warnings included) with --debug.
  const debugShown = shownWith(opts.debug);
  const printed = (d: Diagnostic) => loud(d) || (!!opts.debug && debugShown(d));
  const pluginModules = opts.plugin ?? [];
  if (opts.jobs !== undefined) {
    // Worker threads import the modules themselves (plugin objects cannot cross into a thread);
    // they get them as URLs resolved here, against our working directory.
    const scanner = createScanner({ rules: load, workers: opts.jobs, pluginModules: pluginModules.map((m) => pluginModuleUrl(m)) });
    const info = await scanner.ready;
    for (const d of info.diagnostics) if (printed(d)) err(formatDiagnostic(d));
    if (info.diagnostics.some((d) => d.code === 'no-rules')) {
      await scanner.close();
      return 2;
    }
    check = (raw, options) => scanner.scan(raw, options);
    close = () => scanner.close();
  } else {
    const plugins = await importPluginModules(pluginModules);
    const rs = await loadRuleSet({ ...load, ...(plugins.length ? { plugins } : {}) });
    for (const d of rs.diagnostics) if (printed(d)) err(formatDiagnostic(d));
    // Nothing to score with: say so and stop, as Perl's "no rules were found!" does.
    if (rs.diagnostics.some((d) => d.code === 'no-rules')) return 2;
    check = (raw, options) => rs.check(raw, options);
  }
  const args = files.length ? files : ['-'];
  const inputs: Input[] = [];
  let code = 0;
  const bad = (name: string, e: unknown) => {
    err(`spamscore: ${name}: ${e instanceof Error ? e.message : String(e)} (skipped)`);
    code = 2;
  };
  for (const a of args) {
    try {
      for (const input of inputsOf(a, opts.mbox === true, bad)) {
        if (!looksLikeMail(input.raw)) err(`spamscore: ${input.name}: warning: does not look like a mail message (no header at the start); scored anyway`);
        inputs.push(input);
      }
    } catch (e) {
      bad(a, e);
    }
  }
  const progress = inputs.length > 1 && process.stderr.isTTY && opts.json;
  const t0 = performance.now();
  // With worker threads, a window of scans runs ahead; results print in input order.
  const ahead = Math.max(1, (opts.jobs ?? 0) * 2);
  const running: Array<Promise<Scored>> = [];
  let spam = 0;
  for (let i = 0; i < inputs.length; i++) {
    while (running.length < ahead && i + running.length < inputs.length) running.push(score(check, inputs[i + running.length]!, opts));
    const scored = await running.shift()!;
    if (scored.isSpam) spam++;
    out(scored.text);
    if (progress && (i % 25 === 0 || i === inputs.length - 1)) {
      const rate = ((i + 1) / ((performance.now() - t0) / 1000)).toFixed(0);
      process.stderr.write(`\r${bar(i + 1, inputs.length)} ${i + 1}/${inputs.length} messages, ${rate}/s`);
    }
  }
  if (progress) process.stderr.write('\n');
  await close();
  if (inputs.length > 1 || code !== 0) {
    const secs = (performance.now() - t0) / 1000;
    err(`spamscore: ${inputs.length} message(s) scored in ${secs.toFixed(1)} s: ${spam} spam, ${inputs.length - spam} ham${code === 2 ? '; some inputs could not be read' : ''}`);
  }
  if (code === 0 && opts.exitCode && spam > 0) return 1;
  return code;
}

function bar(done: number, total: number): string {
  const w = 30;
  const k = Math.round((w * done) / total);
  return `[${'#'.repeat(k)}${'.'.repeat(w - k)}]`;
}
