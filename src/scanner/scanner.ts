/**
 * The scanner pool: scans run on worker threads, each holding its own compiled rule set, so
 * the host's event loop never waits on a scan. SpamAssassin's spamd does the same with
 * pre-forked children (`--max-children`) and kills a child that overruns `--timeout-child`;
 * here a scan that overruns its deadline by a margin has its worker terminated and replaced,
 * and the caller gets a result marked abandoned — never a hang, never a crash of the host.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckOptions, CheckResult } from '../check/check.js';
import type { LearnResult } from '../check/learn.js';
import type { ConfigSource } from '../config/parser.js';
import type { Diagnostic } from '../config/diagnostics.js';
import type { FromWorker, ToWorker, WorkerLearnOptions, WorkerRuleSpec, WorkerScanOptions } from './protocol.js';

/** Options of {@link createScanner}. */
export interface ScannerOptions {
  /**
   * Where each worker loads its rules from: `loadRuleSet()`'s options (rules and site
   * directories, user prefs, extra `cf` lines, …). Default: `loadRuleSet()`'s defaults.
   */
  rules?: WorkerRuleSpec['load'];
  /** Configuration text to compile instead of files (`compileRuleSet()`'s sources). */
  sources?: readonly ConfigSource[];
  /**
   * Modules (absolute paths or package names) whose default export is a plugin made with
   * `definePlugin()`, or an array of them; every worker imports them. (Plugin objects cannot
   * cross into a worker thread, module names can.)
   */
  pluginModules?: readonly string[];
  /** How many worker threads (default: the machine's available parallelism). */
  workers?: number;
  /** Default deadline of each scan in milliseconds (default: the rule set's `time_limit`, 300 s). */
  timeout?: number;
  /**
   * Messages longer than this many bytes are scored on their first bytes (cut at a line end),
   * with a `message-truncated` diagnostic — still scored, never skipped. Default 32 MiB.
   */
  maxMessageSize?: number;
  /** How many scans may wait for a worker; past that `scan()` rejects with {@link ScannerBusyError}. Default 1000. */
  maxQueue?: number;
  /**
   * How long past its deadline a scan may run before its worker is terminated and replaced
   * (a scan normally stops by itself at its deadline). Default 2000 ms.
   */
  abandonAfter?: number;
  /** A worker's V8 heap limit in MB (`resourceLimits.maxOldGenerationSizeMb`); a worker over it is replaced. */
  maxWorkerHeapMb?: number;
  /** The worker module (default: spamscore's own). For bundlers that move files around. */
  workerUrl?: string | URL;
  /**
   * How many users' preferences each worker keeps compiled (`scan()`'s `userPrefs`), least
   * recently used dropped first. Default 100.
   */
  userPrefsCacheSize?: number;
}

/** Options of {@link Scanner.scan}: those of `check()` that can cross into a worker. */
export interface ScannerScanOptions extends Pick<CheckOptions, 'network' | 'envelope' | 'hostname' | 'maxDnsQueries' | 'rewrite' | 'tags' | 'stickyCaptures' | 'actions'> {
  /** This scan's deadline in milliseconds from when a worker starts it (default: the scanner's). */
  timeout?: number;
  /**
   * Cancels the scan: a queued scan is dropped (the promise rejects with the signal's reason);
   * a running one stops between two slices and resolves with what hit so far.
   */
  signal?: AbortSignal;
  /**
   * A user's preferences (a `user_prefs` file's name and text), read on top of the pool's rule
   * set as spamd reads them (`withUserPrefs()`: scores, settings, and rules only when the
   * site says `allow_user_rules 1`). Each worker compiles a given text once and keeps it
   * (`userPrefsCacheSize`); a changed text is compiled again.
   */
  userPrefs?: ConfigSource;
}

/** What {@link Scanner.scan} answers: `check()`'s result, plus what the pool did. */
export interface ScanResult extends CheckResult {
  /**
   * The scan overran its deadline by more than `abandonAfter`, or its worker died: the
   * worker was replaced and this result carries no hits (score 0, no headers).
   */
  abandoned: boolean;
  /** The message was longer than `maxMessageSize` and only its first bytes were scored. */
  truncated: boolean;
}

/** Options of {@link Scanner.learn}. */
export interface ScannerLearnOptions {
  /** This learn's deadline in milliseconds from when a worker starts it (default: the scanner's). */
  timeout?: number;
  /**
   * Cancels the learn while it is queued (the promise rejects with the signal's reason). A
   * running learn is one store transaction and is not interrupted.
   */
  signal?: AbortSignal;
  /**
   * The learn is asked for by a report, as spamd's TELL (`spamc -L`): it happens only when the
   * rule set's `bayes_learn_during_report` is on (SA's default); otherwise it resolves
   * `unavailable`. As in spamd, a message SpamAssassin marked up (`X-Spam-Checker-Version`) is
   * learned without that markup (`remove_spamassassin_markup`, src/report/remove-markup.ts).
   */
  duringReport?: boolean;
}

/** What {@link Scanner.learn} answers: `ruleSet.learn()`'s result, plus what the pool did. */
export interface ScannerLearnResult extends LearnResult {
  /**
   * The learn overran its deadline by more than `abandonAfter`, or its worker died: the worker
   * was replaced and `status` is `unavailable` (with a `learn-abandoned` diagnostic).
   */
  abandoned: boolean;
  /** The message was longer than `maxMessageSize` and only its first bytes were learned. */
  truncated: boolean;
}

/** What the workers reported once their rule set was loaded. */
export interface ScannerInfo {
  requiredScore: number;
  ruleCount: number;
  /** The rule set's `time_limit` in milliseconds (a scan's default deadline). */
  timeLimitMs: number;
  /** The rule set's diagnostics (as `RuleSet.diagnostics`), from the first worker. */
  diagnostics: Diagnostic[];
}

/** `scan()` on a scanner whose queue is full (back-pressure: retry later or shed load). */
export class ScannerBusyError extends Error {
  constructor(queued: number) {
    super(`scanner: ${queued} scans are already queued`);
    this.name = 'ScannerBusyError';
  }
}

/** `scan()` on a closed scanner, or on one whose rule set failed to load. */
export class ScannerClosedError extends Error {
  constructor(why: string) {
    super(`scanner: ${why}`);
    this.name = 'ScannerClosedError';
  }
}

interface Job {
  id: number;
  raw: Uint8Array | string;
  options: WorkerScanOptions;
  /** A learn job (absent: a scan). */
  learn?: { what: 'spam' | 'ham' | 'forget'; duringReport: boolean };
  truncated: boolean;
  signal?: AbortSignal;
  onAbort?: () => void;
  // a method: a scan's or a learn's resolver, each called with its own result
  resolve(r: ScanResult | ScannerLearnResult): void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

const DEFAULT_MAX_MESSAGE = 32 * 1024 * 1024;

function defaultWorkerUrl(): URL {
  // The built worker sits in dist/scanner/; this code is bundled into dist/index.{js,cjs} or
  // dist/cli/main.cjs, so look beside it and one folder up.
  const self = import.meta.url;
  const file = self.endsWith('.cjs') ? 'worker.cjs' : 'worker.js';
  for (const rel of [`./scanner/${file}`, `../scanner/${file}`, `./${file}`]) {
    const url = new URL(rel, self);
    if (existsSync(url)) return url;
  }
  throw new Error(`scanner: cannot find the worker module (${file}) beside ${self}; pass options.workerUrl`);
}

/** Cuts a message at a line end at or before `max` bytes. */
function truncate(raw: Uint8Array | string, max: number): Uint8Array | string {
  if (typeof raw === 'string') {
    const nl = raw.lastIndexOf('\n', max - 1);
    return raw.slice(0, nl > 0 ? nl + 1 : max);
  }
  const nl = raw.lastIndexOf(0x0a, max - 1);
  return raw.subarray(0, nl > 0 ? nl + 1 : max);
}

/** A pool of scanning worker threads. Create one with {@link createScanner}. */
export class Scanner {
  /** Settles when every worker has loaded the rule set; rejects when loading failed. */
  readonly ready: Promise<ScannerInfo>;
  readonly #options: ScannerOptions;
  readonly #spec: WorkerRuleSpec;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #info?: ScannerInfo;
  #timeLimitMs = 300_000;
  #nextId = 1;
  #closed?: string;
  #idle: Array<() => void> = [];
  #resolveReady!: (i: ScannerInfo) => void;
  #rejectReady!: (e: unknown) => void;

  constructor(options: ScannerOptions = {}) {
    const positive = (n: unknown, name: string, whole = false) => {
      if (n !== undefined && !(typeof n === 'number' && n > 0 && Number.isFinite(n) && (!whole || Number.isInteger(n)))) {
        throw new TypeError(`createScanner: options.${name} must be a positive ${whole ? 'whole ' : ''}number`);
      }
    };
    positive(options.workers, 'workers', true);
    positive(options.timeout, 'timeout');
    positive(options.maxMessageSize, 'maxMessageSize', true);
    positive(options.maxQueue, 'maxQueue', true);
    positive(options.maxWorkerHeapMb, 'maxWorkerHeapMb');
    positive(options.userPrefsCacheSize, 'userPrefsCacheSize', true);
    if (options.abandonAfter !== undefined && !(typeof options.abandonAfter === 'number' && options.abandonAfter >= 0)) {
      throw new TypeError('createScanner: options.abandonAfter must be a number of milliseconds (0 or more)');
    }
    if (options.rules !== undefined && options.sources !== undefined) {
      throw new TypeError('createScanner: give options.rules or options.sources, not both');
    }
    this.#options = options;
    this.#spec = {
      ...(options.rules !== undefined ? { load: options.rules } : {}),
      ...(options.sources !== undefined ? { sources: options.sources } : {}),
      pluginModules: options.pluginModules ?? [],
      ...(options.userPrefsCacheSize !== undefined ? { userPrefsCacheSize: options.userPrefsCacheSize } : {}),
    };
    this.ready = new Promise<ScannerInfo>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    // An unobserved load failure must not crash the host: scan() reports it too.
    this.ready.catch(() => undefined);
    const n = options.workers ?? Math.max(1, availableParallelism());
    for (let i = 0; i < n; i++) this.#slots.push(this.#spawn());
  }

  /** Scans waiting for a worker. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Scans running now. */
  get active(): number {
    return this.#slots.filter((s) => s.job).length;
  }

  /** The number of worker threads. */
  get workers(): number {
    return this.#slots.length;
  }

  /**
   * Scores one message on a worker thread. Resolves with `check()`'s result (plus
   * `abandoned`/`truncated`); rejects only on misuse (TypeError), a full queue
   * ({@link ScannerBusyError}), a closed scanner or a rule set that failed to load
   * ({@link ScannerClosedError}), or a signal that aborted the scan before it started.
   */
  scan(raw: Buffer | Uint8Array | string, options: ScannerScanOptions = {}): Promise<ScanResult> {
    const bad = this.#refuse('scan', raw, options);
    if (bad) return bad;
    if ('clients' in options) {
      return Promise.reject(new TypeError('scan: options.clients cannot cross into a worker thread; use check() in-process for custom clients'));
    }
    const up = options.userPrefs;
    if (up !== undefined && (typeof up?.name !== 'string' || (typeof up?.text !== 'string' && !(up?.text instanceof Uint8Array)))) {
      return Promise.reject(new TypeError('scan: options.userPrefs must be { name, text } (text: a string, or the file\'s bytes)'));
    }
    const { signal, timeout, ...rest } = options;
    return this.#enqueue<ScanResult>(raw, { ...rest, timeout: timeout ?? this.#options.timeout ?? -1 }, signal);
  }

  /**
   * Learns a message as spam or ham, or forgets it (`'forget'`), on a worker thread with that
   * worker's rule set: `ruleSet.learn()` / `ruleSet.forget()` (sa-learn's path) into the Bayes
   * store the configuration names. Every worker opens the same store, so what one learns the
   * others score with. Learns queue with the scans (same `maxQueue`, deadline and
   * `abandonAfter`). Resolves with `ruleSet.learn()`'s `{ status, diagnostics }` plus
   * `abandoned`/`truncated`; rejects as `scan()` does.
   */
  learn(raw: Buffer | Uint8Array | string, what: 'spam' | 'ham' | 'forget', options: ScannerLearnOptions = {}): Promise<ScannerLearnResult> {
    if (what !== 'spam' && what !== 'ham' && what !== 'forget') return Promise.reject(new TypeError("learn: the class must be 'spam', 'ham' or 'forget'"));
    const bad = this.#refuse('learn', raw, options);
    if (bad) return bad;
    const learn = { what, duringReport: Boolean(options.duringReport) };
    return this.#enqueue<ScannerLearnResult>(raw, { timeout: options.timeout ?? this.#options.timeout ?? -1 }, options.signal, learn);
  }

  /** The checks common to `scan()` and `learn()`: a rejected promise, or undefined when all is well. */
  #refuse(name: string, raw: unknown, options: { timeout?: unknown; signal?: unknown }): Promise<never> | undefined {
    if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
      return Promise.reject(new TypeError(`${name}: the message must be a Buffer, a Uint8Array or a string`));
    }
    if (options.timeout !== undefined && !(typeof options.timeout === 'number' && options.timeout >= 0 && Number.isFinite(options.timeout))) {
      return Promise.reject(new TypeError(`${name}: options.timeout must be a number of milliseconds (0 or more)`));
    }
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
      return Promise.reject(new TypeError(`${name}: options.signal must be an AbortSignal`));
    }
    if (this.#closed) return Promise.reject(new ScannerClosedError(this.#closed));
    if (this.#queue.length >= (this.#options.maxQueue ?? 1000)) return Promise.reject(new ScannerBusyError(this.#queue.length));
    if ((options.signal as AbortSignal | undefined)?.aborted) return Promise.reject((options.signal as AbortSignal).reason);
    return undefined;
  }

  #enqueue<R>(input: Buffer | Uint8Array | string, options: WorkerScanOptions, signal: AbortSignal | undefined, learn?: Job['learn']): Promise<R> {
    // check()'s string contract, applied here so maxMessageSize counts bytes: a string is text.
    const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    const max = this.#options.maxMessageSize ?? DEFAULT_MAX_MESSAGE;
    const truncated = raw.length > max;
    const body = truncated ? truncate(raw, max) : raw;
    return new Promise<R>((resolve, reject) => {
      const job: Job = {
        id: this.#nextId++,
        raw: body,
        options,
        truncated,
        resolve: resolve as Job['resolve'],
        reject,
        ...(learn ? { learn } : {}),
        ...(signal ? { signal } : {}),
      };
      if (signal) {
        job.onAbort = () => this.#abort(job);
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /**
   * Stops taking scans, lets the queued and running ones finish, then ends the workers.
   * Scans submitted after this reject with {@link ScannerClosedError}.
   */
  async close(): Promise<void> {
    this.#closed ??= 'closed';
    while ((this.#queue.length > 0 || this.active > 0) && !this.#loadFailed) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #loadFailed = false;

  #spawn(): Slot {
    const worker = new Worker(this.#options.workerUrl ?? defaultWorkerUrl(), {
      workerData: this.#spec,
      ...(this.#options.maxWorkerHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.#options.maxWorkerHeapMb } } : {}),
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (m: FromWorker) => this.#onMessage(slot, m));
    worker.on('error', (e) => this.#onDeath(slot, e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.#onDeath(slot, `worker exited with code ${code}`));
    return slot;
  }

  #onMessage(slot: Slot, m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        slot.ready = true;
        this.#timeLimitMs = m.timeLimitMs;
        if (!this.#info) {
          this.#info = { requiredScore: m.requiredScore, ruleCount: m.ruleCount, timeLimitMs: m.timeLimitMs, diagnostics: m.diagnostics };
          this.#resolveReady(this.#info);
        }
        this.#dispatch();
        return;
      case 'load-failed': {
        this.#loadFailed = true;
        const err = new ScannerClosedError(`the rule set failed to load: ${m.message}`);
        this.#closed ??= err.message.replace(/^scanner: /, '');
        this.#rejectReady(err);
        for (const job of this.#queue.splice(0)) this.#settle(job, () => job.reject(err));
        this.#wakeIdle();
        return;
      }
      case 'result':
      case 'learned':
      case 'failed': {
        const job = slot.job;
        if (!job || job.id !== m.id) return;
        this.#finish(slot);
        if (m.type === 'result') this.#settle(job, () => job.resolve({ ...m.result, ...rewrittenAsBuffer(m.result.message), abandoned: false, truncated: job.truncated, ...this.#truncation(job, m.result) }));
        else if (m.type === 'learned') this.#settle(job, () => job.resolve({ ...m.result, abandoned: false, truncated: job.truncated, ...this.#truncation(job, m.result) }));
        else this.#settle(job, () => job.reject(new Error(m.message)));
        this.#dispatch();
        return;
      }
    }
  }

  /** A worker died (error, exit, or terminated for overrunning): its scan is abandoned, it is replaced. */
  #onDeath(slot: Slot, why: string): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return; // already replaced
    const job = slot.job;
    this.#finish(slot);
    if (job) this.#settle(job, () => job.resolve(job.learn ? this.#learnAbandoned(job, why) : this.#abandoned(job, why)));
    if (this.#loadFailed || (this.#closed && this.#queue.length === 0)) {
      this.#slots.splice(i, 1);
      this.#wakeIdle();
      return;
    }
    this.#slots[i] = this.#spawn();
    this.#dispatch();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.#queue.shift();
      if (!job) break;
      slot.job = job;
      const timeout = job.options.timeout >= 0 ? job.options.timeout : this.#timeLimitMs;
      const options: WorkerScanOptions = { ...job.options, timeout };
      slot.timer = setTimeout(() => {
        // The scan should have stopped itself at its deadline: something in it cannot be
        // interrupted. Terminating the thread is the only way out (spamd's child timeout).
        void slot.worker.terminate();
        this.#onDeath(slot, `the ${job.learn ? 'learn' : 'scan'} overran its deadline of ${timeout} ms by ${this.#options.abandonAfter ?? 2000} ms`);
      }, timeout + (this.#options.abandonAfter ?? 2000));
      let raw = job.raw;
      const transfer: ArrayBuffer[] = [];
      if (typeof raw !== 'string') {
        // One copy, handed over (not cloned again): the caller keeps its buffer.
        const copy = new Uint8Array(raw.byteLength);
        copy.set(raw);
        raw = copy;
        transfer.push(copy.buffer);
      }
      const msg: ToWorker = job.learn
        ? { type: 'learn', id: job.id, raw, what: job.learn.what, options: { timeout, ...(job.learn.duringReport ? { duringReport: true } : {}) } satisfies WorkerLearnOptions }
        : { type: 'scan', id: job.id, raw, options };
      slot.worker.postMessage(msg, transfer);
      job.raw = '';
    }
    this.#wakeIdle();
  }

  #abort(job: Job): void {
    const q = this.#queue.indexOf(job);
    if (q >= 0) {
      this.#queue.splice(q, 1);
      this.#settle(job, () => job.reject(job.signal!.reason));
      this.#wakeIdle();
      return;
    }
    const slot = this.#slots.find((s) => s.job === job);
    if (slot) slot.worker.postMessage({ type: 'abort', id: job.id } satisfies ToWorker);
  }

  #finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
  }

  #settle(job: Job, fn: () => void): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    fn();
  }

  #wakeIdle(): void {
    if (this.#queue.length > 0 && this.active > 0) return;
    for (const w of this.#idle.splice(0)) w();
  }

  #truncation(job: Job, r: Pick<CheckResult, 'diagnostics'>): Pick<CheckResult, 'diagnostics'> | Record<string, never> {
    if (!job.truncated) return {};
    const max = this.#options.maxMessageSize ?? DEFAULT_MAX_MESSAGE;
    return {
      diagnostics: [
        ...r.diagnostics,
        { severity: 'info', code: 'message-truncated', message: `the message is longer than maxMessageSize (${max} bytes): its first bytes were ${job.learn ? 'learned' : 'scored'}` },
      ],
    };
  }

  #learnAbandoned(job: Job, why: string): ScannerLearnResult {
    return {
      status: 'unavailable',
      diagnostics: [{ severity: 'error', code: 'learn-abandoned', message: `scanner: ${why}; the worker was replaced (an unfinished SQLite transaction is rolled back)` }],
      abandoned: true,
      truncated: job.truncated,
    };
  }

  #abandoned(job: Job, why: string): ScanResult {
    return {
      score: 0,
      requiredScore: this.#info?.requiredScore ?? 5,
      isSpam: false,
      hits: [],
      subtests: {},
      headers: [],
      report: '',
      diagnostics: [{ severity: 'error', code: 'scan-abandoned', message: `scanner: ${why}; the worker was replaced` }],
      timedOut: true,
      // Nothing is known of the message: the host's own policy for unscanned mail applies.
      action: 'accept',
      abandoned: true,
      truncated: job.truncated,
    };
  }
}

/**
 * Starts a pool of scanning worker threads.
 * @example
 * ```ts
 * const scanner = createScanner({ rules: { rules: '/var/lib/spamassassin/4.000001' }, workers: 2, timeout: 10_000 });
 * const result = await scanner.scan(raw, { network: true });
 * await scanner.close();
 * ```
 */
export function createScanner(options: ScannerOptions = {}): Scanner {
  return new Scanner(options);
}

/** A rewritten message crosses the thread boundary as a Uint8Array: hand it back as the Buffer `check()` gives. */
function rewrittenAsBuffer(message: Uint8Array | undefined): { message?: Buffer } {
  return message === undefined ? {} : { message: Buffer.isBuffer(message) ? message : Buffer.from(message.buffer, message.byteOffset, message.byteLength) };
}
