/**
 * The messages between a scanner pool and its worker threads. Everything here crosses a
 * thread boundary by structured clone: plain data only (no functions, no class instances).
 */
import type { ActionPolicy, CheckResult, Envelope } from '../check/check.js';
import type { LearnResult } from '../check/learn.js';
import type { ConfigSource } from '../config/parser.js';
import type { Diagnostic } from '../config/diagnostics.js';

/** How a worker gets its rule set: from files (`loadRuleSet`) or from sources (`compileRuleSet`). */
export interface WorkerRuleSpec {
  /** `loadRuleSet()` options (paths and plain values only). */
  load?: {
    rules?: string | readonly string[];
    site?: string | readonly string[];
    userPrefs?: string;
    cf?: string | readonly string[];
    locale?: string;
    localTestsOnly?: boolean;
    strict?: boolean;
  };
  /** `compileRuleSet()` sources, used when `load` is absent. */
  sources?: readonly ConfigSource[];
  /** Modules imported by the worker whose default export is a plugin or an array of plugins. */
  pluginModules?: readonly string[];
  /** How many users' preferences (compiled rule sets) the worker keeps (least recently used go first). */
  userPrefsCacheSize?: number;
}

/** The per-scan options that can cross to a worker. */
export interface WorkerScanOptions {
  network?: boolean;
  envelope?: Envelope;
  hostname?: string;
  timeout: number;
  maxDnsQueries?: number;
  stickyCaptures?: boolean;
  actions?: ActionPolicy;
  /** Return the rewritten message too (`CheckResult.message`). */
  rewrite?: boolean;
  /** Extra template tags (plain strings). */
  tags?: Record<string, string>;
  /** A user's preferences, read on top of the worker's rule set (`withUserPrefs()`). */
  userPrefs?: ConfigSource;
}

/** The per-learn options that can cross to a worker. */
export interface WorkerLearnOptions {
  timeout: number;
  /** A learn asked for by a report (spamd's TELL): done only when `bayes_learn_during_report` is on, markup removed. */
  duringReport?: boolean;
}

/** Pool → worker. */
export type ToWorker =
  | { type: 'scan'; id: number; raw: Uint8Array | string; options: WorkerScanOptions }
  | { type: 'learn'; id: number; raw: Uint8Array | string; what: 'spam' | 'ham' | 'forget'; options: WorkerLearnOptions }
  | { type: 'abort'; id: number };

/** Worker → pool. */
export type FromWorker =
  | { type: 'ready'; requiredScore: number; timeLimitMs: number; ruleCount: number; diagnostics: Diagnostic[] }
  | { type: 'load-failed'; message: string; diagnostics: Diagnostic[] }
  | { type: 'result'; id: number; result: CheckResult }
  | { type: 'learned'; id: number; result: LearnResult }
  | { type: 'failed'; id: number; message: string };
