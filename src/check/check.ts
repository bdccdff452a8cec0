/**
 * `check()`: a raw RFC 822 message in, SpamAssassin's answer out. Never throws on a message:
 * whatever is odd about it becomes a diagnostic, and it is scored as SA would score it.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { bytesToText, encodeString, textToBytes, toByteString } from '../config/bytes.js';
import type { NetClients, NetContext } from '../net/types.js';
import type { Diagnostic } from '../config/diagnostics.js';
import type { ScanTarget } from './scan-target.js';
import type { Rule } from '../compile/rule.js';
import { buildViews, type MessageModel } from '../message/views.js';
import { envelopeReceived, type EnvelopeHop } from '../message/envelope-hop.js';
import { parseRawMessage } from '../message/raw-message.js';
import { perlNumberString, sprintfFixed } from '../report/perl-format.js';
import { renderHeaders } from '../report/headers.js';
import type { TagSource } from '../report/tags.js';
import { contentPreview, renderReport, reportTable, summaryTable } from '../report/report.js';
import { fqHostname, rewriteMail, rewriteSettings } from '../report/rewrite.js';
import { createScanNet, type ScanNet } from '../net/scan-net.js';
import { evalContext, runEvalRule, type ScanContext } from './run-eval.js';
import { runAutolearn, runScanStart, type AutolearnResult } from './autolearn.js';
import { finishScan, newScanState, scan, scanOptions, settlePending, type EvalValue, type ScanOptions } from './scan.js';
import type { ScanState } from './scan-state.js';
import { runSliced, ScanClock } from './scan-clock.js';

const NEVER_ABORTED = new AbortController().signal;

/**
 * The SMTP envelope, when the caller knows it (an MTA scanning at SMTP time). With `ip`, the
 * MTA's own Received hop is written before the scan, as SA's milters do (envelope-hop.ts), so
 * relays, trust, SPF and the DNS lists see the client.
 */
export type Envelope = EnvelopeHop;

/** Options of `check()`. */
export interface CheckOptions {
  /** Run network tests (DNS lists, …). Default false: SpamAssassin's `-L` (local tests only). */
  network?: boolean;
  /** The SMTP envelope. */
  envelope?: Envelope;
  /** `_HOSTNAME_` in the Checker-Version header (default: report_hostname or this host's name). */
  hostname?: string;
  /**
   * Cancels the scan: no more rules run, pending network rules are given up (a miss each),
   * and the result is returned with what had hit so far. Seen between rules, also while the
   * scan computes (a scan gives the event loop a turn every few milliseconds).
   */
  signal?: AbortSignal;
  /**
   * Network clients replacing the defaults: the DNS resolver (default: Node's, with the rule
   * set's `dns_server` lines), DCC (default: dccifd), Pyzor, Razor, HTTP. Only used with `network`.
   */
  clients?: NetClients;
  /**
   * The whole scan's deadline in milliseconds, counted from the call (default: the rule set's
   * `time_limit`, 300 s): SA's master deadline. It bounds computing and network waits alike:
   * once it passes, no more rules run, pending network rules count as misses, and the result
   * carries what hit so far plus SA's `TIME_LIMIT_EXCEEDED` hit when rules were skipped. Each
   * DNS query also ends at its `rbl_timeout` (15 s, shrinking to its minimum as answers
   * arrive, as SA's AsyncLoop does).
   */
  timeout?: number;
  /** The most DNS queries one scan may send (default 1000); later ones are misses plus a diagnostic. */
  maxDnsQueries?: number;
  /**
   * Fill `%{TAG}` capture templates once per rule set, from the first message that runs the
   * rule, as SpamAssassin's `/o` does in a long-running process (spamd, batch scans). Default
   * false: each message fills them from its own captures, so no result depends on scan order.
   */
  stickyCaptures?: boolean;
  /** The action policy behind `result.action` (default: flag spam, accept the rest). */
  actions?: ActionPolicy;
  /**
   * Also return the message rewritten with the result (`message`), as SA's `rewrite_mail`
   * writes it (spamd's PROCESS; `spamassassin` without `-t`).
   */
  rewrite?: boolean;
  /**
   * Extra template tags for the headers, report and rewrite (SA's `set_tag`, e.g. spamd's
   * `REMOTEHOSTNAME`). Values are text: non-ASCII is written as UTF-8 (RFC 2047-encoded in headers).
   */
  tags?: Readonly<Record<string, string>>;
}

/** One rule that hit and counts towards the score. */
export interface Hit {
  name: string;
  /** Points it added (a `multiple` rule appears once per match). */
  score: number;
  /** SA's rule type: header, body, rawbody, full, uri, meta. */
  type: string;
  description: string;
  /** The report area SA prints: 'BODY: ', 'RAW: ', 'URI: ', 'FULL: ' or ''. */
  area: string;
}

/** What `check()` answers. */
export interface CheckResult {
  /** The score, rounded as SA rounds it (`%0.3f`). */
  score: number;
  requiredScore: number;
  isSpam: boolean;
  /** Scored rules that hit, in the order they hit. */
  hits: Hit[];
  /** Sub-rules (`__` names) that hit, with how many times. */
  subtests: Record<string, number>;
  /** The X-Spam-* headers SpamAssassin would add, `[name, value]`, values folded as SA folds them. */
  headers: Array<[string, string]>;
  /** The report SpamAssassin's `report` template gives for this message (what `spamassassin -t` appends). */
  report: string;
  /** What was odd about the message or the scan. */
  diagnostics: Diagnostic[];
  /**
   * True when the deadline passed or the signal aborted before every rule had run (SA's
   * `deadline_exceeded`): the score is what hit so far, plus `TIME_LIMIT_EXCEEDED`.
   */
  timedOut: boolean;
  /**
   * What a mail server should do with the message under the scan's action policy
   * (`options.actions`): `reject` or `discard` at or above their thresholds, `flag` when it is
   * spam (`isSpam`), else `accept`. A spamscore extension; SpamAssassin leaves this to the host.
   */
  action: Action;
  /**
   * The Bayes probability that the message is spam (SA's `bayes_score`, what `_BAYES_` shows
   * rounded), or undefined when Bayes did not score it (off, too few messages learned, no
   * known token…). See docs/bayes.md.
   */
  bayes?: number;
  /** What autolearn decided and did (`status`, and `text`: the `_AUTOLEARN_` value). */
  autolearn?: AutolearnResult;
  /** With `rewrite`: the whole message rewritten as SA's `rewrite_mail` does, as bytes (write it as is). */
  message?: Buffer;
}

/** What a mail server does with a message, mildest first. */
export type Action = 'accept' | 'flag' | 'discard' | 'reject';

/**
 * An action policy: score thresholds for the actions beyond flagging (the anti-spam guides'
 * "flag at 5, reject at 9.5"). Flagging always follows `required_score` (`isSpam`).
 */
export interface ActionPolicy {
  /** Reject at SMTP time at or above this score. */
  reject?: number;
  /** Accept but drop the message at or above this score. */
  discard?: number;
}

/** The action for a score under a policy: the strictest threshold met, else flag or accept. */
export function actionFor(score: number, isSpam: boolean, policy: ActionPolicy = {}): Action {
  if (policy.reject !== undefined && score >= policy.reject) return 'reject';
  if (policy.discard !== undefined && score >= policy.discard) return 'discard';
  return isSpam ? 'flag' : 'accept';
}

/** SA's synthetic rule for a scan cut short by its deadline (`Plugin::Check::check_main`). */
const TIME_LIMIT_EXCEEDED = 'TIME_LIMIT_EXCEEDED';
const TIME_LIMIT_DESCRIPTION = 'Exceeded time limit / deadline';

/**
 * Scores one message: `raw` as bytes (`Buffer`, `Uint8Array`) or as text (a string, encoded to
 * UTF-8 as the file holding it would be).
 */
export async function checkMessage(ruleSet: ScanTarget, raw: Buffer | Uint8Array | string, options: CheckOptions = {}): Promise<CheckResult> {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    throw new TypeError('check: the message must be a Buffer, a Uint8Array or a string');
  }
  if (options.envelope !== undefined && (typeof options.envelope !== 'object' || options.envelope === null)) {
    throw new TypeError('check: options.envelope must be an object');
  }
  if (options.envelope?.ip !== undefined && isIP(String(options.envelope.ip)) === 0) {
    throw new TypeError('check: options.envelope.ip must be an IPv4 or IPv6 address');
  }
  if (options.timeout !== undefined && !(typeof options.timeout === 'number' && options.timeout >= 0 && Number.isFinite(options.timeout))) {
    throw new TypeError('check: options.timeout must be a number of milliseconds (0 or more)');
  }
  if (options.maxDnsQueries !== undefined && !(Number.isInteger(options.maxDnsQueries) && options.maxDnsQueries >= 0)) {
    throw new TypeError('check: options.maxDnsQueries must be a whole number (0 or more)');
  }
  for (const [name, method] of [['resolver', 'resolve'], ['dcc', 'check'], ['pyzor', 'check'], ['razor', 'check'], ['http', 'request']] as const) {
    const c = options.clients?.[name] as Record<string, unknown> | undefined;
    if (c !== undefined && typeof c?.[method] !== 'function') throw new TypeError(`check: options.clients.${name} must have a ${method}() method`);
  }
  for (const k of ['reject', 'discard'] as const) {
    const v = options.actions?.[k];
    if (v !== undefined && !(typeof v === 'number' && !Number.isNaN(v))) throw new TypeError(`check: options.actions.${k} must be a score (a number)`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError('check: options.signal must be an AbortSignal');
  }
  const timeLimit = ruleSet.settings.get('time_limit');
  const timeoutMs = options.timeout ?? (typeof timeLimit === 'number' ? timeLimit : 300) * 1000;
  const clock = new ScanClock(timeoutMs, options.signal);
  const diagnostics: Diagnostic[] = [];
  // The one string contract (config/bytes.ts): a string is text, encoded to UTF-8 as the file
  // holding it would be; bytes are taken as they are. Inside, the message is a byte string.
  const text = toByteString(raw);
  // `let`: a learner able to score this message adds bit 2 (the Bayes score sets), below.
  let scoreSet: 0 | 1 | 2 | 3 = options.network ? 1 : 0;
  // The MTA's own hop, when the envelope names the client (the message itself is unchanged:
  // a rewritten message does not carry it; the MTA writes its own Received on delivery).
  // The envelope's fields are text (an SMTPUTF8 address): the hop is written as UTF-8 bytes.
  const hop = options.envelope ? textToBytes(envelopeReceived(options.envelope, options.hostname ?? hostname(), /^[^\n]*\r\n/.test(text) ? '\r\n' : '\n')) : '';
  const views = buildViews(hop + text, ruleSet.messageConfig, diagnostics);
  const unsupported = new Set<string>();
  const netOptions = { clients: options.clients, timeout: timeoutMs, maxDnsQueries: options.maxDnsQueries, signal: options.signal };
  let net: ScanNet | undefined = options.network ? createScanNet(ruleSet.netState, netOptions, diagnostics) : undefined;
  const { scanCtx, evalTags, testLogs } = newScanContext(net?.context, net?.context.signal ?? options.signal);
  // SA's learner_is_scan_available (PerMsgStatus.pm:419-423): plugins' scanStart hooks run
  // (awaited) before any rule; when a learner can score the message, every rule scores from
  // the Bayes score set (2, or 3 with network tests) if use_bayes_rules is on.
  if ((await runScanStart(ruleSet, views, scanCtx, diagnostics)) && ruleSet.settings.get('use_bayes_rules') !== false) scoreSet = (scoreSet | 2) as 2 | 3;
  const scanOpts = scanOptions({
    scoreSet,
    localTestsOnly: !options.network,
    diagnostics,
    clock,
    runEval: (rule: Rule, extra) => runEvalRule(ruleSet, rule, views, extra, unsupported, scanCtx),
    pendingArea: (rule: Rule) => {
      const def = rule.eval ? ruleSet.evalDefinition(rule.eval.fn) : undefined;
      return (typeof def === 'object' ? def.pendingArea : undefined) ?? (rule.isRbl ? 'RBL: ' : '');
    },
    onNetworkStart: net?.settings.available ? (pend) => runScanHooks(ruleSet, 'checkDnsbl', views, scanCtx, diagnostics, pend) : undefined,
  });
  const state = newScanState(ruleSet, scoreSet, options.stickyCaptures === true);
  try {
    try {
      await runSliced(scan(state, views, scanOpts), clock);
    } catch (e) {
      // A fault of ours must not lose the message's result: what ran so far is scored, and
      // the diagnostic says what broke.
      diagnostics.push({ severity: 'error', code: 'internal', message: `check: the scan stopped on an internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!clock.exceeded && (state.pending.size > 0 || (net !== undefined && net.lookups.open > 0))) {
      // Evals that returned promises (network lookups, async plugins) are waited for until
      // they settle or the deadline passes (SA's `harvest_dnsbl_queries`).
      net ??= createScanNet(ruleSet.netState, netOptions, diagnostics);
      await waitForPending(state, scanOpts, net);
      clock.resetSlice();
    }
    if (clock.exceeded) {
      // SA's check_main, after the DNS harvest: a synthetic hit that shows in the report.
      const rule = ruleSet.rules.get(TIME_LIMIT_EXCEEDED);
      const score = rule ? rule.scores[scoreSet] : (ruleSet.timeLimitScores?.[scoreSet] ?? 0.001);
      // A slice cut short may have been stopped inside got_hit: the score is re-summed from
      // the hits, in their order, as got_hit adds them.
      state.score = state.hits.reduce((sum, h) => sum + h.score, 0);
      state.gotHitScored(TIME_LIMIT_EXCEEDED, '', false, 1, score);
      diagnostics.push({
        severity: 'warning',
        code: 'time-limit',
        message: options.signal?.aborted
          ? 'check: the scan was aborted, skipping further tests'
          : `check: exceeded time limit of ${timeoutMs} ms, skipping further tests`,
      });
    }
    runScanHooks(ruleSet, 'checkEnd', views, scanCtx, diagnostics);
    finishScan(state, scanOpts);
    net?.recordBlocks((rule) => (state.value.get(rule) ?? 0) > 0);
  } finally {
    net?.close();
  }
  // Autolearn runs after the rules and before the tags are rendered (Plugin/Check.pm:243-253).
  const autolearn = await runAutolearn(ruleSet, views, scanCtx, { score: state.score, scoreSet, hits: state.hits.map((h) => h.name), timedOut: clock.exceeded }, diagnostics);
  return scanResult({ ruleSet, state, views, scanCtx, scoreSet, evalTags, testLogs, unsupported, autolearn, diagnostics, timedOut: clock.exceeded, options, hop, text });
}

/** A scan's context for evals and hooks, and the tables its `set_tag` and `test_log` fill. */
export function newScanContext(
  net: NetContext | undefined,
  signal: AbortSignal | undefined,
): { scanCtx: ScanContext; evalTags: Map<string, string | ((arg?: string) => string)>; testLogs: Map<string, string[]> } {
  const evalTags = new Map<string, string | ((arg?: string) => string)>();
  const testLogs = new Map<string, string[]>();
  const scanCtx: ScanContext = {
    net,
    setTag: (name, value, encoding) => void evalTags.set(name, encodeString(String(value), encoding)),
    setLazyTag: (name, value, encoding) => void evalTags.set(name, (arg?: string) => encodeString(String(value(arg)), encoding)),
    testLog: (rule, message, encoding) => {
      const bytes = encodeString(message, encoding);
      const list = testLogs.get(rule);
      if (list) list.push(bytes);
      else testLogs.set(rule, [bytes]);
    },
    signal: signal ?? NEVER_ABORTED,
    scanData: new Map<string, unknown>(),
    memo: new Map<string, unknown>(),
  };
  return { scanCtx, evalTags, testLogs };
}

/** What {@link scanResult} renders a result from: a finished scan and what came with it. */
export interface ScanOutcome {
  readonly ruleSet: ScanTarget;
  readonly state: ScanState;
  readonly views: MessageModel;
  readonly scanCtx: ScanContext;
  readonly scoreSet: number;
  /** Tags set by evals (`set_tag`), and their `test_log` lines by rule. */
  readonly evalTags: ReadonlyMap<string, string | ((arg?: string) => string)>;
  readonly testLogs: ReadonlyMap<string, readonly string[]>;
  /** Evals that did not run for want of an implementation. */
  readonly unsupported: ReadonlySet<string>;
  readonly autolearn: AutolearnResult;
  readonly diagnostics: Diagnostic[];
  readonly timedOut: boolean;
  readonly options: CheckOptions;
  /** The MTA's own hop prepended to the message ('' without an envelope), and the message. */
  readonly hop: string;
  readonly text: string;
}

/**
 * The result of a finished scan: score, hits, the rendered headers and report (SA's
 * `get_report`/`get_tag` after `check_main`), the rewritten message when asked for.
 * Synchronous: `RuleSet.prepare()`'s warm-up renders its results through it too.
 */
export function scanResult(o: ScanOutcome): CheckResult {
  const { ruleSet, state, views, scanCtx, scoreSet, evalTags, testLogs, unsupported, autolearn, diagnostics, options, hop, text } = o;
  for (const [rule, why] of state.failedPatterns) {
    diagnostics.push({ severity: 'warning', code: 'invalid-regexp', rule, message: `rule ${rule}: V8 refused its pattern (${why}); it counts as a miss` });
  }
  if (unsupported.size > 0) {
    diagnostics.push({
      severity: 'info',
      code: 'unsupported-eval',
      message: `unsupported eval: ${[...unsupported].sort().join(', ')} (these rules did not run)`,
    });
  }
  // Perl: (sprintf "%0.3f", $score) + 0 — an overflowing sum stays Inf (Number('Inf') is NaN).
  const score = Number.isFinite(state.score) ? Number(sprintfFixed(state.score, 3)) : state.score;
  const requiredScore = ruleSet.requiredScore;
  const isSpam = score >= requiredScore;
  // SA's got_hit: the rule's `describe` text, the synthetic deadline hit's own, else its default.
  const descriptionOf = (name: string) =>
    ruleSet.rules.get(name)?.description || (name === TIME_LIMIT_EXCEEDED ? TIME_LIMIT_DESCRIPTION : 'No description available.');
  const reportHits = state.hits.map((h) => {
    const log = testLogs.get(h.name);
    return {
      ...h,
      description: descriptionOf(h.name),
      ...(log ? { log: /\bnolog\b/.test(ruleSet.rules.get(h.name)?.tflags ?? '') ? ['*REDACTED*'] : log } : {}),
    };
  });
  const hits: Hit[] = state.hits.map((h) => ({
    name: h.name,
    score: h.score,
    type: ruleSet.rules.get(h.name)?.type ?? 'unknown',
    description: bytesToText(descriptionOf(h.name)),
    area: h.area,
  }));
  // A null-prototype object: a sub-rule named `__proto__` is kept as data.
  const subtests: Record<string, number> = Object.create(null) as Record<string, number>;
  // (the default sort orders strings by UTF-16 code units, as `<` does, without a callback)
  for (const k of [...state.subtests.keys()].sort()) subtests[k] = state.subtests.get(k)!;
  const reportHost = ruleSet.settings.get('report_hostname');
  const width = ruleSet.settings.get('report_wrap_width');
  const wrapWidth = typeof width === 'number' ? width : 75;
  const extra = new Map<string, string | readonly string[] | ((arg?: string) => string)>(state.tags);
  // Tags SA declares for every message (PerMsgStatus.pm:180-184, 335-343), set by the Bayes
  // scan when it runs.
  const bayes = scanCtx.scanData!.get('bayes_score') as number | undefined;
  extra.set('BAYES', bayes === undefined ? '0.5' : sprintfFixed(bayes, 4));
  for (const k of ['BAYESTC', 'BAYESTCLEARNED', 'BAYESTCSPAMMY', 'BAYESTCHAMMY', 'HAMMYTOKENS', 'SPAMMYTOKENS', 'TOKENSUMMARY']) extra.set(k, '');
  extra.set('AUTOLEARNSCORE', perlNumberString(autolearn.points));
  for (const [k, v] of evalTags) extra.set(k, v);
  // Rendered only when a template asks for them (the default report template shows the summary
  // only; _REPORT_ is for an X-Spam-Report header); the preview also because a scan that
  // stopped early may not have rendered the body.
  let reportText: string | undefined;
  let summary: string | undefined;
  extra.set('REPORT', () => (reportText ??= '\n' + reportTable(reportHits, wrapWidth)));
  extra.set('SUMMARY', () => (summary ??= summaryTable(reportHits, wrapWidth)));
  let preview: string | undefined;
  extra.set('PREVIEW', () => (preview ??= contentPreview(views.bodyLines())));
  const contact = ruleSet.settings.get('report_contact');
  extra.set('CONTACTADDRESS', typeof contact === 'string' ? contact : 'the administrator of that system');
  for (const [k, v] of Object.entries(options.tags ?? {})) extra.set(k, textToBytes(String(v)));
  const tags: TagSource = {
    score,
    requiredScore,
    isSpam,
    testsHit: state.hits.map((h) => h.name),
    subtests: state.subtests,
    ruleScore: (n) => ruleSet.rules.get(n)?.scores[scoreSet] ?? 0,
    autolearn: autolearn.text,
    hostname: options.hostname !== undefined ? textToBytes(options.hostname) : typeof reportHost === 'string' && reportHost ? reportHost : hostname(),
    extra,
  };
  const template = ruleSet.settings.get('report_template');
  const headers = renderHeaders(ruleSet.report, tags);
  const report = renderReport(typeof template === 'string' ? template : undefined, tags);
  return {
    score,
    requiredScore,
    isSpam,
    hits,
    subtests,
    headers,
    report,
    diagnostics,
    timedOut: o.timedOut,
    action: actionFor(score, isSpam, options.actions),
    bayes,
    autolearn,
    ...(options.rewrite
      ? {
          message: Buffer.from(rewriteMail({
            message: hop ? parseRawMessage(text) : views.raw,
            settings: ruleSet.report.rewrite,
            isSpam,
            tags,
            addedHeaders: headers,
            report,
            rulesHit: [...state.hits.map((h) => h.name), ...state.subtests.keys()],
            fqHostname: fqHostname(),
          }), 'latin1'),
        }
      : {}),
  };
}

/**
 * Waits until every pending rule settled or the scan's network deadline passed, recording
 * each answer as it comes (SA's `harvest_dnsbl_queries` loop).
 */
async function waitForPending(state: ScanState, scanOptions: ScanOptions, net: ScanNet): Promise<void> {
  let expired = false;
  void net.expired.then(() => (expired = true));
  // SA's harvest_dnsbl_queries waits for every lookup, not only for the rules still pending:
  // a rule that hit on its first answer may log more listed records from later ones.
  while (!expired) {
    if (state.pending.size > 0) await Promise.race([...state.pending.values(), net.expired]);
    else if (net.lookups.open > 0) await Promise.race([net.lookups.whenIdle(), net.expired]);
    else break;
    // Answers read in the same turn of the event loop are recorded together: one meta pass
    // for all of them, not one per answer.
    await new Promise<void>((resolve) => setImmediate(resolve));
    settlePending(state, scanOptions);
  }
  if (state.pending.size > 0) {
    // Give answers that raced the deadline their turn, then leave the rest unrun.
    await new Promise<void>((resolve) => setImmediate(resolve));
    settlePending(state, scanOptions);
  }
}

/** Calls a per-scan hook of every loaded plugin; a throw is a diagnostic. */
function runScanHooks(ruleSet: ScanTarget, hook: 'checkDnsbl' | 'checkEnd', views: MessageModel, scanCtx: ScanContext, diagnostics: Diagnostic[], pend?: (rule: string, p: Promise<EvalValue>, area: string) => void): void {
  for (const p of ruleSet.plugins) {
    const fn = p[hook];
    if (!fn) continue;
    try {
      // A checkDnsbl hook may hand back rules it decides asynchronously (AskDNS's rules have
      // no eval: SA's plugin hits them from its lookup callbacks).
      const out: unknown = fn.call(p, evalContext(ruleSet, views, scanCtx, '', undefined, p));
      if (pend && out instanceof Map) for (const [rule, pr] of out as Map<string, Promise<EvalValue>>) pend(rule, pr, p.hookArea ?? '');
    } catch (e) {
      diagnostics.push({ severity: 'warning', code: 'message', message: `${p.name} ${hook} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}
