/**
 * The messages between a scanner pool and its worker threads. Everything here crosses a
 * thread boundary by structured clone: plain data only (no functions, no class instances).
 */
import type { CheckResult, Envelope } from '../check/check.js';
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
}

/** The per-scan options that can cross to a worker. */
export interface WorkerScanOptions {
  network?: boolean;
  envelope?: Envelope;
  hostname?: string;
  timeout: number;
  maxDnsQueries?: number;
  /** Return the rewritten message too (`CheckResult.message`). */
  rewrite?: boolean;
  /** Extra template tags (plain strings). */
  tags?: Record<string, string>;
}

/** Pool → worker. */
export type ToWorker =
  | { type: 'scan'; id: number; raw: Uint8Array | string; options: WorkerScanOptions }
  | { type: 'abort'; id: number };

/** Worker → pool. */
export type FromWorker =
  | { type: 'ready'; requiredScore: number; timeLimitMs: number; ruleCount: number; diagnostics: Diagnostic[] }
  | { type: 'load-failed'; message: string; diagnostics: Diagnostic[] }
  | { type: 'result'; id: number; result: CheckResult }
  | { type: 'failed'; id: number; message: string };
