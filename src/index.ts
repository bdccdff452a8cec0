/**
 * spamscore: score mail the way Apache SpamAssassin 4.0.1 does, in-process.
 *
 * The pipeline is config → compile → (message → check → report, in later releases).
 * This module is the whole public surface.
 */
export { RuleSet, compileRuleSet, withUserPrefs } from './rule-set.js';
export type { CompileOptions } from './compile/compile-rule-set.js';
export {
  loadRuleSet,
  resolveRulePaths,
  ruleSearchOrder,
  bundledRulesDir,
  type LoadOptions,
  type RuleSearchEntry,
  type RuleSource,
} from './load-rule-set.js';
export type { CacheOutcome, RuleCacheOptions } from './rule-cache.js';
export { lintRuleSet, type LintOptions } from './lint-rule-set.js';
export { updateRules, type UpdateOptions, type UpdateResult, type ChannelOutcome } from './update/update-rules.js';
export { importKeys } from './update/keyring.js';
export { defaultUpdateDir } from './update/paths.js';
export type { RuleSetJson } from './compile/compiled-rule-set.js';
export type { Rule, RuleType } from './compile/rule.js';
export type { CompiledPattern } from './compile/pattern.js';
export type { TFlags } from './compile/tflags.js';
export type { EvalCall } from './compile/eval-args.js';
export type { HeaderTest, MimeHeaderTest, SettingValue } from './config/parsed-config.js';
export type { ConfigSource, IncludeResolver } from './config/parser.js';
export type { DirectiveSpec, DirectiveType } from './config/directive-spec.js';
export {
  formatDiagnostic,
  RuleSetError,
  type Diagnostic,
  type DiagnosticCode,
  type Severity,
} from './config/diagnostics.js';
export {
  createScanner,
  Scanner,
  ScannerBusyError,
  ScannerClosedError,
  type ScannerOptions,
  type ScannerScanOptions,
  type ScanResult,
  type ScannerInfo,
  type ScannerLearnOptions,
  type ScannerLearnResult,
} from './scanner/scanner.js';
export { actionFor, type Action, type ActionPolicy, type CheckOptions, type CheckResult, type Envelope, type Hit } from './check/check.js';
export type {
  DnsRecordType,
  DnsResolver,
  DnsStatus,
  DnsAnswer,
  DnsLookupOptions,
  DccRequest,
  DccResponse,
  DccClient,
  PyzorClient,
  RazorClient,
  HttpClient,
  NetClients,
  NetContext,
} from './net/types.js';
export type { AutolearnResult } from './check/autolearn.js';
export type { LearnOptions, LearnResult } from './check/learn.js';
export { removeSpamAssassinMarkup, markupRemovedForLearning } from './report/remove-markup.js';
export { closeBayesStores } from './bayes/open-store.js';
export { createMemoryStore } from './bayes/memory-store.js';
export type { BayesStore, BayesWriter, TokenCounts, StoreMagic, RestoreData } from './bayes/store.js';
export { createServer, SpamdServer, type ServerOptions, type BoundAddress } from './server/server.js';
export type { SpamdLearner, TellContext } from './server/tell.js';
export type { LogLevel } from './server/handle-connection.js';
export type { UserPrefsOptions } from './server/user-prefs.js';
export { definePlugin } from './plugins/define-plugin.js';
export { bytesToText, type StringEncoding } from './config/bytes.js';
export { createRegistry, builtinPlugins, PluginRegistry } from './plugins/registry.js';
export type {
  EvalContext,
  EvalDefinition,
  EvalMessage,
  EvalMessageBytes,
  FinishParsingApi,
  EvalResult,
  EvalRuleType,
  Plugin,
  PluginDefinition,
  ScanStartResult,
  AutolearnContext,
  AutolearnDecision,
  AutolearnPoints,
  LearnContext,
  LearnStatus,
  PluginSettingsApi,
  PluginRuleInfo,
  DirectiveLine,
  TldSets,
  MessageConfig,
  MessageModel,
} from './plugins/types.js';
/** SA's RegistryBoundaries functions, for plugins: pass `ctx.tlds` (or `api.tlds` in a settings hook). */
export { trimDomain, splitDomain, isDomainValid, uriToDomain } from './message/registry-boundaries.js';
