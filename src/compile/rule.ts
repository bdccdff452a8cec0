/**
 * The compiled rule: one record per rule holding everything SpamAssassin spreads over its
 * parallel hashes (`tests`, `test_types`, `scoreset`, `tflags`, `priority`, `descriptions`, …).
 */
import type { SourcePosition } from '../config/diagnostics.js';
import type { Expr } from '../config/expression.js';
import type { HeaderTest, MimeHeaderTest, RuleType } from '../config/parsed-config.js';
import type { EvalCall } from './eval-args.js';
import type { CompiledPattern } from './pattern.js';
import type { TFlags } from './tflags.js';

export type { RuleType } from '../config/parsed-config.js';

/** A rule of a compiled rule set. Read-only. */
export interface Rule {
  readonly name: string;
  /** SA's type string: header, body, rawbody, full, uri, meta or empty. */
  readonly type: RuleType;
  /** An `eval:` rule (mimeheader rules are body evals, as in SA). */
  readonly isEval: boolean;
  /** A DNS-list header eval (`check_rbl*` / `check_dns*`). */
  readonly isRbl: boolean;
  /** Scores in score sets 0 (local), 1 (network), 2 (Bayes), 3 (network + Bayes). */
  readonly scores: readonly [number, number, number, number];
  /** The tflags string as SA reports it (an inherited `net` appended). */
  readonly tflags: string;
  readonly flags: TFlags;
  /** Run priority: lower runs first. */
  readonly priority: number;
  /** The `describe` text as bytes (Latin-1 string); see `bytesToText()` for display. */
  readonly description: string;
  /** Where the winning definition was read. */
  readonly source: SourcePosition;
  /** The rule text: the pattern as written, the eval call, or the meta expression. */
  readonly text: string;
  /** Regex rules and mimeheader rules: the compiled pattern. */
  readonly pattern?: CompiledPattern;
  /** Header rules: which header and how. */
  readonly header?: HeaderTest;
  /** Mimeheader rules. */
  readonly mimeheader?: MimeHeaderTest;
  /** Eval rules: the function and its arguments. */
  readonly eval?: EvalCall;
  /** Meta rules: the expression and the rule names it reads. */
  readonly meta?: { readonly expr: Expr; readonly dependencies: readonly string[] };
  /** `%{NAME}` capture templates the pattern needs (SA skips the rule while one is unset). */
  readonly captureTemplates?: readonly string[];
  /**
   * False when SA keeps the rule's name and score but never runs it: an eval whose call is
   * malformed or used from the wrong rule type, a meta with unsolvable dependencies.
   */
  readonly runnable: boolean;
}
