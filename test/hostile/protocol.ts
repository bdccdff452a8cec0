/**
 * What the hostile tests' process and its scan child (scan-child.ts) say to each other. Every
 * field is plain data (structured-clone serializable); names, hits and subtests travel as JSON
 * text so that keys like `__proto__` arrive as own properties.
 */
import type { LoadOptions } from '../../src/index.js';

/** Options of one scan, as `check()` takes them (only the serializable ones). */
export interface ScanOptions {
  timeout?: number;
  network?: boolean;
}

interface RuleSetRequest {
  id: number;
  /** The name the child keeps the rule set under. */
  key: string;
  /** Rule names whose type, score and runnability the answer should include. */
  has?: string[];
  /** Texts to look for in the rule set's rendered diagnostics and its rule dump (a leaked secret). */
  probes?: string[];
}

/** Asks the child to read a rule set from disk (`loadRuleSet`). */
export interface LoadRequest extends RuleSetRequest {
  op: 'load';
  options: Pick<LoadOptions, 'rules' | 'site' | 'cf'>;
}

/** Asks the child to compile sources (`compileRuleSet`); `files` answers `include` lines by name. */
export interface CompileRequest extends RuleSetRequest {
  op: 'compile';
  sources: { name: string; text: string }[];
  files?: Record<string, string>;
}

/** Asks the child to scan one message with the rule set under `key`. */
export interface CheckRequest {
  id: number;
  op: 'check';
  key: string;
  raw: Uint8Array;
  options: ScanOptions;
}

export type ChildRequest = LoadRequest | CompileRequest | CheckRequest;

/** One diagnostic, message cut at 500 characters. */
export interface DiagnosticSummary {
  severity: string;
  code: string;
  message: string;
  file?: string;
  line?: number;
  rule?: string;
}

/** What a loaded or compiled rule set looks like from outside. */
export interface RuleSetSummary {
  ruleCount: number;
  /** JSON of `{ [name]: { type, score, runnable } }` for the names asked for that exist. */
  rulesJson: string;
  /** The first 100 diagnostics. */
  diagnostics: DiagnosticSummary[];
  diagnosticCount: number;
  files: string[];
  /** The probes found in the rule set's diagnostics or dump. */
  probeHits: string[];
}

/** What one scan answered. */
export interface ResultSummary {
  score: number;
  isSpam: boolean;
  /** `result.timedOut === true`. */
  timedOut: boolean;
  /** JSON of `[{ name, score }]`, in hit order. */
  hitsJson: string;
  /** JSON of `result.subtests`. */
  subtestsJson: string;
  /** The first 100 diagnostics. */
  diagnostics: DiagnosticSummary[];
  /** The X-Spam-Status value, or null when the result has none. */
  statusHeader: string | null;
}

/** The child's answer to one request. */
export type ChildReply =
  | { id: number; ok: true; elapsedMs: number; ruleSet?: RuleSetSummary; result?: ResultSummary }
  | { id: number; ok: false; elapsedMs: number; error: string };
