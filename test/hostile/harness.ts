/**
 * The hostile tests' harness: rule sets are loaded and messages scanned in a child process
 * (scan-child.ts) that this module starts, watches and, when a request overruns its hard limit
 * or the child's memory passes a ceiling, kills.
 *
 * Why a child process: a scan stuck in synchronous work (a quadratic loop, a backtracking regex)
 * never yields, so neither `check()`'s own deadline nor the test runner's timeout can fire in the
 * process running it — the whole suite would hang. From outside it can be killed, the case
 * reported as a hang with its wall time, and the next case scanned by a fresh child, which
 * reloads the rule sets it held. With a working scan deadline no kill ever happens; the harness
 * only turns a regression from "CI hangs" into "this case took more than N seconds".
 *
 * The child is the library's own source (src/) bundled with tsup — the same code the other tests
 * import — written to node_modules/.cache/spamscore-hostile/ and removed by {@link ScanChild.close}.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'tsup';
import type {
  ChildReply,
  ChildRequest,
  CompileRequest,
  LoadRequest,
  ResultSummary,
  RuleSetSummary,
  ScanOptions,
} from './protocol.js';

/** The repository's root. */
export const REPO = path.resolve(__dirname, '../..');
/** The SpamAssassin 4.0.1 conformance kit beside the repository (stock rules and site files). */
export const SHARED_SA = path.resolve(REPO, '../shared/spamassassin-4.0.1');
/** Whether the stock rules are available. */
export const HAS_STOCK_RULES = existsSync(path.join(SHARED_SA, 'rules')) && existsSync(path.join(SHARED_SA, 'site'));
/** The loadRuleSet() options that read the stock rules. */
export const STOCK_RULES = { rules: [path.join(SHARED_SA, 'rules')], site: [path.join(SHARED_SA, 'site')] };

/** How one request ended. `elapsedMs` is measured in the child around the call itself. */
export type Outcome<T> =
  | { status: 'ok'; elapsedMs: number; wallMs: number; value: T }
  | { status: 'threw'; elapsedMs: number; wallMs: number; error: string }
  | { status: 'hung'; wallMs: number }
  | { status: 'memory'; wallMs: number; rssMb: number }
  | { status: 'crashed'; wallMs: number; exit: string; stderr: string };

/** How long a request took: measured in the child when it answered, else the wall time until the kill or death. */
export function timeOf(o: Outcome<unknown>): number {
  return o.status === 'ok' || o.status === 'threw' ? o.elapsedMs : o.wallMs;
}

/** One line describing an outcome, for assertion messages and the timing table. */
export function explain(o: Outcome<unknown>): string {
  switch (o.status) {
    case 'ok':
      return `ok in ${Math.round(o.elapsedMs)} ms`;
    case 'threw':
      // The message and the first distinct frames (a stack overflow repeats one frame for ever).
      return `threw after ${Math.round(o.elapsedMs)} ms: ${[...new Set(o.error.split('\n').map((l) => l.trim()).filter(Boolean))].slice(0, 6).join(' | ')}`;
    case 'hung':
      return `still running after ${Math.round(o.wallMs)} ms: killed`;
    case 'memory':
      return `killed after ${Math.round(o.wallMs)} ms at ${o.rssMb} MB resident`;
    case 'crashed':
      return `child died after ${Math.round(o.wallMs)} ms (${o.exit}): ${o.stderr.slice(-600)}`;
  }
}

const CACHE = path.join(REPO, 'node_modules/.cache/spamscore-hostile');
let bundled: Promise<string> | undefined;

/** Bundles scan-child.ts and the library source once per test process. */
function childScript(): Promise<string> {
  bundled ??= (async () => {
    const outDir = path.join(CACHE, `${process.pid}-${Date.now()}`);
    await build({
      entry: { 'scan-child': path.join(__dirname, 'scan-child.ts') },
      outDir,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      config: false,
      silent: true,
      dts: false,
      sourcemap: false,
      splitting: false,
      skipNodeModulesBundle: true,
      shims: true,
    });
    return path.join(outDir, 'scan-child.js');
  })();
  return bundled;
}

/** Resident memory of a process in MB (Linux /proc; undefined elsewhere). */
function residentMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

type Settle = (o: Outcome<ChildReply>) => void;
type SetupRequest = Omit<LoadRequest, 'id'> | Omit<CompileRequest, 'id'>;

/** Options of {@link ScanChild}. */
export interface ScanChildOptions {
  /** Resident memory (MB) past which the child is killed (default 4096). */
  memoryLimitMb?: number;
  /** Hard limit for re-loading a rule set in a fresh child after a kill (default 120 s). */
  reloadLimitMs?: number;
}

/**
 * A child process holding rule sets by key and scanning messages with them. Requests run one
 * at a time; each has a hard wall-clock limit past which the child is killed.
 */
export class ScanChild {
  private proc: ChildProcess | undefined;
  private readonly pending = new Map<number, { settle: Settle; started: number }>();
  private readonly setups = new Map<string, SetupRequest>();
  private readonly loaded = new Set<string>();
  private nextId = 1;
  private killReason: { status: 'hung' } | { status: 'memory'; rssMb: number } | undefined;
  private stderr = '';
  private watchdog: NodeJS.Timeout | undefined;
  private readonly memoryLimitMb: number;
  private readonly reloadLimitMs: number;
  /** How many times the child was killed or died and was replaced. */
  restarts = 0;

  constructor(options: ScanChildOptions = {}) {
    this.memoryLimitMb = options.memoryLimitMb ?? 4096;
    this.reloadLimitMs = options.reloadLimitMs ?? 120_000;
  }

  private async start(): Promise<ChildProcess> {
    if (this.proc) return this.proc;
    const script = await childScript();
    const proc = fork(script, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
    this.proc = proc;
    this.stderr = '';
    this.killReason = undefined;
    proc.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-8000);
    });
    proc.on('message', (reply: ChildReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      const wallMs = performance.now() - p.started;
      p.settle({ status: 'ok', elapsedMs: reply.elapsedMs, wallMs, value: reply });
    });
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) {
        this.proc = undefined;
        this.loaded.clear();
        this.restarts++;
      }
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = undefined;
      const reason = this.killReason;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        const wallMs = performance.now() - p.started;
        if (reason?.status === 'hung') p.settle({ status: 'hung', wallMs });
        else if (reason?.status === 'memory') p.settle({ status: 'memory', wallMs, rssMb: reason.rssMb });
        else p.settle({ status: 'crashed', wallMs, exit: signal ?? `exit code ${code}`, stderr: this.stderr });
      }
    });
    this.watchdog = setInterval(() => {
      if (proc.pid === undefined || this.proc !== proc) return;
      const rss = residentMb(proc.pid);
      if (rss !== undefined && rss > this.memoryLimitMb) this.kill({ status: 'memory', rssMb: rss });
    }, 200);
    this.watchdog.unref();
    return proc;
  }

  private kill(reason: NonNullable<ScanChild['killReason']>): void {
    if (!this.proc) return;
    this.killReason ??= reason;
    this.proc.kill('SIGKILL');
  }

  /** Sends one request and waits for its answer, killing the child after `hardLimitMs`. */
  private async request(req: ChildRequest, hardLimitMs: number): Promise<Outcome<ChildReply>> {
    const proc = await this.start();
    return new Promise<Outcome<ChildReply>>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => this.kill({ status: 'hung' }), hardLimitMs);
      this.pending.set(req.id, {
        started,
        settle: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
      proc.send(req);
    });
  }

  /** Turns a transport-level answer into the outcome of the call the child made. */
  private static unwrap<T>(o: Outcome<ChildReply>, pick: (r: ChildReply & { ok: true }) => T | undefined): Outcome<T> {
    if (o.status !== 'ok') return o;
    const reply = o.value;
    if (!reply.ok) return { status: 'threw', elapsedMs: reply.elapsedMs, wallMs: o.wallMs, error: reply.error };
    const value = pick(reply);
    if (value === undefined) return { status: 'threw', elapsedMs: reply.elapsedMs, wallMs: o.wallMs, error: 'the child answered without a value' };
    return { status: 'ok', elapsedMs: reply.elapsedMs, wallMs: o.wallMs, value };
  }

  /**
   * Loads (`op: 'load'`, loadRuleSet) or compiles (`op: 'compile'`, compileRuleSet) a rule set
   * and keeps it under `key`; a child started later (after a kill) loads it again before its
   * first scan with it.
   */
  async ruleSet(setup: SetupRequest, hardLimitMs: number): Promise<Outcome<RuleSetSummary>> {
    const o = ScanChild.unwrap(await this.request({ ...setup, id: this.nextId++ } as ChildRequest, hardLimitMs), (r) => r.ruleSet);
    if (o.status === 'ok') {
      this.setups.set(setup.key, setup);
      this.loaded.add(setup.key);
    }
    return o;
  }

  /** Scans `raw` with the rule set kept under `key`; the child is killed if it takes over `hardLimitMs`. */
  async check(key: string, raw: Uint8Array, options: ScanOptions, hardLimitMs: number): Promise<Outcome<ResultSummary>> {
    if (!this.loaded.has(key)) {
      const setup = this.setups.get(key);
      if (!setup) throw new Error(`no rule set was loaded under the key ${key}`);
      const again = await this.ruleSet(setup, this.reloadLimitMs);
      if (again.status !== 'ok') return { status: 'threw', elapsedMs: 0, wallMs: 0, error: `reloading the rule set ${key}: ${explain(again)}` };
    }
    const view = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    return ScanChild.unwrap(await this.request({ id: this.nextId++, op: 'check', key, raw: view, options }, hardLimitMs), (r) => r.result);
  }

  /** Stops the child and removes the bundle. */
  close(): void {
    this.proc?.disconnect();
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
    if (this.watchdog) clearInterval(this.watchdog);
  }
}

/** Removes this process's bundles (call from afterAll once every child is closed). */
export async function removeBundles(): Promise<void> {
  if (!bundled) return;
  const script = await bundled.catch(() => undefined);
  if (script) rmSync(path.dirname(script), { recursive: true, force: true });
  bundled = undefined;
}

/** One row of the timing table a hostile test file prints at its end. */
export interface TimingRow {
  name: string;
  rules: string;
  outcome: string;
  ms: number;
  timedOut?: boolean;
}

/** Prints timing rows as an aligned table (the figures the closing note of the hardening work quotes). */
export function printTimings(title: string, rows: readonly TimingRow[]): void {
  if (rows.length === 0) return;
  const w = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map(
    (r) => `${r.name.padEnd(w)}  ${r.rules.padEnd(6)}  ${String(Math.round(r.ms)).padStart(6)} ms  ${r.timedOut ? 'TIME_LIMIT ' : ''}${r.outcome}`,
  );
  console.log(`\n${title}\n${lines.join('\n')}\n`);
}
