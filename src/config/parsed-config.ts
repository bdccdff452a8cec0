/**
 * What reading the configuration produces: every rule definition, the scoring tables and every
 * other directive's value, before anything is compiled.
 *
 * SpamAssassin keeps these as parallel hashes on its `Conf` object (`tests`, `test_types`,
 * `scoreset`, `tflags`, `descriptions`, `priority`, …). We keep the same tables, keyed by rule
 * name, and one record per rule *definition* so the compile stage can apply SA's
 * later-definition-wins rule while still reporting every bad definition.
 */
import type { Diagnostic, SourcePosition } from './diagnostics.js';

/** The rule types of SA's `TYPE_AS_STRING` (`rbl` evals are header evals there too). */
export type RuleType = 'header' | 'body' | 'rawbody' | 'full' | 'uri' | 'meta' | 'empty';

/** The header a header rule reads and how (SA's `test_opt_header/exists/neg/unset`). */
export interface HeaderTest {
  /** The header request as written, without a trailing `:` (e.g. `From:addr`, `ALL`). */
  header: string;
  /** `exists:Name` rules: hit when the header is present. */
  exists: boolean;
  /** `!~` instead of `=~`. */
  negate: boolean;
  /** The `[if-unset: …]` value used when the header is absent. */
  ifUnset?: string;
}

/** A `mimeheader` rule's header request (MIMEHeader plugin). */
export interface MimeHeaderTest {
  header: string;
  raw: boolean;
  negate: boolean;
  ifUnset: string;
}

/** One definition line of a rule. */
export interface RuleDefinition {
  name: string;
  type: RuleType;
  isEval: boolean;
  /** A header eval whose function starts with `check_rbl` / `check_dns` (SA's `TYPE_RBL_EVALS`). */
  isRbl: boolean;
  /**
   * SA's `tests{NAME}`: the regex with its delimiters, the eval call `fn(args)`, the meta
   * expression, or '' for `empty` placeholders.
   */
  text: string;
  /** For regex rules: the pattern text still carrying its delimiters and flags (`/foo/i`). */
  regexText?: string;
  header?: HeaderTest;
  mimeheader?: MimeHeaderTest;
  /** `%{NAME}` capture templates the pattern uses (SA's `capture_template_rules`). */
  captureTemplates?: string[];
  /** The pattern defines named captures, so SA runs it first (priority -10000). */
  isCaptureRule?: boolean;
  source: SourcePosition;
}

/** One directive line as read, for stages that replay directives in order (add_header, …). */
export interface DirectiveOccurrence {
  /** The directive's canonical name (aliases resolved). */
  name: string;
  /** The name as written. */
  written: string;
  value: string;
  source: SourcePosition;
}

/** A stored setting value, by the directive's type. */
export type SettingValue = string | number | boolean | string[] | Map<string, string>;

/** The result of reading all configuration sources. */
export interface ParsedConfig {
  /** Definitions of each rule, in the order read (the last valid one wins). */
  definitions: Map<string, RuleDefinition[]>;
  /** Score sets 0-3 per rule, as `score` lines set them. */
  scores: Map<string, [number, number, number, number]>;
  /** `tflags` per rule (the whole string; a later line replaces it). */
  tflags: Map<string, string>;
  /** `describe` per rule. */
  descriptions: Map<string, string>;
  /** Explicit `priority` per rule. */
  priority: Map<string, number>;
  /** Other settings by setting name, typed per their directive. */
  settings: Map<string, SettingValue>;
  /** Every directive line that was acted on, in order. */
  occurrences: DirectiveOccurrence[];
  /** Plugins loaded by `loadplugin`/`tryplugin`, full names, in load order. */
  pluginsLoaded: string[];
  /** Names created by `enable_compat`. */
  compat: Set<string>;
  /** Files read, in order. */
  files: string[];
  diagnostics: Diagnostic[];
  /**
   * Read as a user's preferences (`userConfig`): how many privileged lines (rules, tflags,
   * priority, …) the site's `allow_user_rules` let through. Any means the rules must be
   * compiled again, not only rescored.
   */
  privilegedLines?: number;
}
