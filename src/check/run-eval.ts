/**
 * Running an eval rule through the plugin registry. An eval without an implementation does
 * not run (SA's "unknown eval" case): it is collected so `check()` can report it once.
 */
import type { Rule } from '../compile/rule.js';
import type { ScanTarget } from './scan-target.js';
import type { NetContext } from '../net/types.js';
import type { EvalValue } from './scan.js';
import type { MessageModel } from '../message/views.js';
import type { EvalContext, EvalMessage, EvalMessageBytes, Plugin } from '../plugins/types.js';
import { bytesToText, type StringEncoding } from '../config/bytes.js';
import { memoIn } from '../plugins/memo.js';

/** What every eval context of one scan shares. */
export interface ScanContext {
  readonly net: NetContext | undefined;
  /** `set_tag`; `encoding` says whether the value is text (default) or a byte string. */
  readonly setTag: (name: string, value: string, encoding?: StringEncoding) => void;
  /** A tag computed when a template uses it (with the tag's argument). */
  readonly setLazyTag?: (name: string, value: (arg?: string) => string, encoding?: StringEncoding) => void;
  /** `test_log`: report detail lines by rule. */
  readonly testLog: (rule: string, message: string, encoding?: StringEncoding) => void;
  readonly signal: AbortSignal;
  /** Per-scan facts plugins share (`EvalContext.scanData`); check() always passes one. */
  readonly scanData?: Map<string, unknown>;
  /** The scan's `ctx.memo()` table, shared by every plugin; check() always passes one. */
  readonly memo?: Map<string, unknown>;
}

/** The parts of an eval context that depend on the scan and the plugin only. */
interface SharedParts {
  readonly views: MessageModel;
  readonly settings: unknown;
  readonly settingsOf: EvalContext['settingsOf'];
  readonly memo: EvalContext['memo'];
  readonly message: EvalMessage;
  readonly setTag: EvalContext['setTag'];
  readonly scanData: Map<string, unknown>;
}

/**
 * Per scan, per plugin: built on the first eval of that plugin in the scan. Every eval call
 * used to build them again — an object and four closures, ~70 KB a message over ~300 evals
 * (heap profile, docs/benchmarks.md).
 */
const sharedByScan = new WeakMap<ScanContext, Map<Plugin | undefined, SharedParts>>();

function sharedParts(ruleSet: ScanTarget, views: MessageModel, scanCtx: ScanContext, plugin: Plugin | undefined): SharedParts {
  let byPlugin = sharedByScan.get(scanCtx);
  if (!byPlugin) sharedByScan.set(scanCtx, (byPlugin = new Map()));
  let parts = byPlugin.get(plugin);
  // (a scan's views object stays the same; a context made over other views gets its own parts)
  if (parts && parts.views === views) return parts;
  parts = {
    views,
    settings: plugin ? ruleSet.pluginSettings.get(plugin) : undefined,
    settingsOf: <T>(other: Plugin<T>): T | undefined => {
      const loaded = other === plugin ? other : ruleSet.plugins.find((p) => p.name === other.name);
      return loaded ? (ruleSet.pluginSettings.get(loaded) as T | undefined) : undefined;
    },
    memo: memoIn(scanCtx.memo ?? new Map()),
    message: withText(views.evalMessage()),
    setTag: (name, value, encoding) => (typeof value === 'function' ? scanCtx.setLazyTag?.(name, value, encoding) : scanCtx.setTag(name, String(value), encoding)),
    scanData: scanCtx.scanData ?? new Map<string, unknown>(),
  };
  byPlugin.set(plugin, parts);
  return parts;
}

/**
 * The context an eval (or a plugin's scan hook, with rule '') receives; `plugin` is the plugin
 * whose eval or hook runs (its compiled settings are `ctx.settings`).
 */
export function evalContext(
  ruleSet: ScanTarget,
  views: MessageModel,
  scanCtx: ScanContext,
  rule: string,
  text: readonly string[] | string | undefined,
  plugin?: Plugin,
): EvalContext {
  const shared = sharedParts(ruleSet, views, scanCtx, plugin);
  return {
    rule,
    config: ruleSet.evalConfig,
    settings: shared.settings,
    settingsOf: shared.settingsOf,
    memo: shared.memo,
    tlds: ruleSet.messageConfig.tlds,
    signal: scanCtx.signal,
    message: shared.message,
    text,
    model: views,
    net: scanCtx.net,
    setTag: shared.setTag,
    testLog: (message, forRule, encoding) => {
      const r = forRule ?? rule;
      if (r) scanCtx.testLog(r, String(message), encoding);
    },
    scanData: shared.scanData,
  };
}

const withTextCache = new WeakMap<EvalMessageBytes, EvalMessage>();

/** A default no header value can equal: a byte string never holds a character above U+00FF. */
const ABSENT = '\u0100';

/**
 * The byte views plus their decoded `…Text` forms (EvalMessage): one object per message views
 * object (a new one when the message stage replaces its views), each decoded view computed on
 * first use.
 */
function withText(bytes: EvalMessageBytes): EvalMessage {
  let m = withTextCache.get(bytes);
  if (m) return m;
  let body: readonly string[] | undefined;
  let rawbody: readonly string[] | undefined;
  m = {
    get: (request) => bytes.get(request),
    getScalar: (request, ...dflt: [string?]) => (dflt.length > 0 ? bytes.getScalar(request, dflt[0]) : bytes.getScalar(request)),
    bodyLines: () => bytes.bodyLines(),
    rawbodyLines: () => bytes.rawbodyLines(),
    fullText: () => bytes.fullText(),
    uriList: () => bytes.uriList(),
    getText: (request) => bytes.get(request).map(bytesToText),
    getScalarText: (request, ...dflt: [string?]) => {
      // The caller's default is text already: only a value found in the message is decoded.
      const v = bytes.getScalar(request, ABSENT);
      return v === ABSENT ? (dflt.length > 0 ? dflt[0] : '') : bytesToText(v!);
    },
    bodyText: () => (body ??= bytes.bodyLines().map(bytesToText)),
    rawbodyText: () => (rawbody ??= bytes.rawbodyLines().map(bytesToText)),
  };
  withTextCache.set(bytes, m);
  return m;
}

/**
 * Runs one eval rule; undefined means it did not run, a promise that it is pending until the
 * promise settles (a network eval).
 */
export function runEvalRule(
  ruleSet: ScanTarget,
  rule: Rule,
  views: MessageModel,
  extra: { text?: readonly string[] | string },
  unsupported: Set<string>,
  scanCtx: ScanContext,
): number | boolean | undefined | Promise<EvalValue> {
  const call = rule.eval;
  if (!call) return undefined;
  const def = ruleSet.evalDefinition(call.fn);
  if (!def || typeof def === 'string') {
    unsupported.add(call.fn);
    return undefined;
  }
  const r = def.run(evalContext(ruleSet, views, scanCtx, rule.name, extra.text, ruleSet.evalPlugin(call.fn)), ...call.args);
  if (r instanceof Promise) return r;
  if (r === null || r === undefined) return 0;
  return r;
}
