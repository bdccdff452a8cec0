/**
 * The Bayes plugin's per-scan work (Plugin/Bayes.pm `learner_is_scan_available` BP:755-791,
 * `scan` BP:795-1021, `check_bayes` BP:409-436, `learn_message`/`forget_message`), on the
 * library's `src/bayes/` parts. Everything the scan needs from the store is read in the
 * `scanStart` hook (one round trip for the counts, one for the tokens), so `check_bayes` answers
 * synchronously.
 */
import type { EvalContext, LearnContext, LearnStatus, PluginSettingsApi, ScanStartResult } from '../../types.js';
import { bayesSettings, type BayesSettings } from '../../../bayes/settings.js';
import { storeFor } from '../../../bayes/open-store.js';
import type { BayesStore, StoreMagic } from '../../../bayes/store.js';
import { messageTokens } from '../../../bayes/message-tokens.js';
import { classify, type Classification } from '../../../bayes/classify.js';
import { reportList, tokenSummary } from '../../../bayes/report-list.js';
import { forgetMessage, learnMessage, type LearnInput } from '../../../bayes/learner.js';
import { generatedMsgid, messageIdOf, receiveDate } from '../../../bayes/msgid.js';
import { allHeaderLines } from '../../../message/header-all.js';
import { sprintfFixed } from '../../../report/perl-format.js';
import type { MessageModel } from '../../../message/views.js';
import { expireIfDue, type ExpiryConfig } from '../../../bayes/expire.js';
import { bayesIgnored, ignoreLists, type IgnoreLists } from './ignore.js';

/** The Bayes plugin's settings, compiled once per rule set. */
export interface BayesPluginSettings {
  readonly bayes: BayesSettings;
  /** Some rule calls `check_bayes`. */
  readonly hasCheckBayes: boolean;
  /** `bayes_ignore_from` / `bayes_ignore_to`; undefined without WLBLEval or entries. */
  readonly ignore: IgnoreLists | undefined;
}

/** The Bayes plugin's settings hook. */
export function bayesPluginSettings(api: PluginSettingsApi): BayesPluginSettings {
  // bayesSettings reads the values set (its own defaults) and the bayes_* lines; its stopword
  // patterns cost a compile more than everything else here and only a Bayes scan reads them,
  // so they are built on first use (once; the lines were picked out now).
  const source = { settings: api.values, lines: api.lines(/^bayes_/i) };
  let bayes: BayesSettings | undefined;
  return {
    get bayes() {
      return (bayes ??= bayesSettings(source));
    },
    hasCheckBayes: api.rulesCalling('check_bayes').length > 0,
    ignore: ignoreLists(api),
  };
}

/** The eval and hook context of the Bayes plugin. */
export type BayesContext = EvalContext<BayesPluginSettings>;

/** The rule set's Bayes settings, read once. */
export const settingsOf = (ctx: BayesContext): BayesSettings => ctx.settings.bayes;

const hasCheckBayes = (ctx: BayesContext): boolean => ctx.settings.hasCheckBayes;

/** Per-scan state, in `ctx.scanData`. */
interface BayesScanState {
  store?: BayesStore;
  nspam?: number;
  nham?: number;
  /** Scan-path tokens (autolearn reuses them, as SA's autolearn reuses the scanned message). */
  tokens?: Map<string, string>;
  classification?: Classification;
  /** `check_bayes` ran: the tags are set. */
  reported?: boolean;
  /** `bayes_ignore_from`/`_to` matched: no Bayes score, no autolearn. */
  ignored?: boolean;
  /** The store's magic values, read with the counts (for the expiry check). */
  magic?: StoreMagic;
}

/** A scan that stopped before reading any token (`goto skip`): counts undefined, lists empty. */
const SKIPPED: Classification = { score: undefined, tokenCount: undefined, learnedCount: undefined, spammy: undefined, hammy: undefined, significant: [] };

const stateOf = (ctx: BayesContext): BayesScanState => {
  let s = ctx.scanData.get('bayes') as BayesScanState | undefined;
  if (!s) ctx.scanData.set('bayes', (s = {}));
  return s;
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `receive_date` over `get_all_headers(0, 1)` (the mbox `From ` line first). */
export function messageReceiveDate(model: MessageModel): number {
  return receiveDate((model.raw.mboxSeparator ?? '') + allHeaderLines(model.headers.fields, () => {}).join(''));
}

async function openStore(ctx: BayesContext, s: BayesSettings): Promise<BayesStore | undefined> {
  const p = storeFor(s);
  if (!p) return undefined;
  try {
    return await p;
  } catch (e) {
    throw new Error(`bayes: cannot open the store: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** What expiry reads from the settings. */
const expiryConf = (s: BayesSettings): ExpiryConfig => ({ autoExpire: s.autoExpire, maxDbSize: s.expiryMaxDbSize });

/**
 * `scanStart`: `learner_is_scan_available` (use_bayes, a store that opens, enough spam and ham
 * learned) and, when BAYES rules will run, the scan itself (`scan`, BP:795-1021): tokenize, one
 * store lookup for the message counts and the tokens (one round trip on Redis), classify,
 * `tok_touch_all` of the significant tokens, then `_opportunistic_calls` (expiry when due).
 * A message from or to a `bayes_ignore_from`/`_to` address is not tokenized (SA's `goto skip`).
 */
export async function bayesScanStart(ctx: BayesContext): Promise<ScanStartResult | undefined> {
  const s = settingsOf(ctx);
  if (!s.useLearner || !s.useBayes) return undefined;
  const store = await openStore(ctx, s);
  if (!store) return undefined;
  const st = stateOf(ctx);
  st.store = store;
  const scans = s.useBayesRules && hasCheckBayes(ctx);
  if (!scans || (st.ignored = bayesIgnored(ctx, ctx.settings.ignore))) {
    const { nspam, nham } = await store.nspamNham();
    st.nspam = nspam;
    st.nham = nham;
  } else {
    // The tokens are made before the counts are known, so that one lookup fetches both; until
    // the database holds bayes_min_spam_num/bayes_min_ham_num messages this work is wasted.
    const model = ctx.model;
    const tokens = (st.tokens = messageTokens(model, s, 'scan'));
    const r = await store.lookup([...tokens.keys()]);
    st.nspam = r.nspam;
    st.nham = r.nham;
    st.magic = r.magic;
    if (r.nspam >= s.minSpamNum && r.nham >= s.minHamNum) {
      const c = (st.classification = classify(tokens, r.tokens, r.nspam, r.nham, s.useHapaxes));
      if (c.score !== undefined && c.significant.length > 0) {
        const now = nowSeconds();
        const msgatime = Math.min(messageReceiveDate(model), now);
        await store.touch(c.significant, msgatime);
      }
    }
  }
  const available = st.nspam >= s.minSpamNum && st.nham >= s.minHamNum;
  if (available && scans) {
    try {
      await expireIfDue(store, expiryConf(s), nowSeconds(), st.magic);
    } catch (e) {
      // SA warns and goes on (`expire_old_tokens`)
      return { learnerAvailable: available, warnings: [`bayes: expire_old_tokens: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  return { learnerAvailable: available };
}

/** Sets the tags a Bayes scan sets (BP:982-1017) and SA's `$pms->{bayes_score}`. */
function report(ctx: BayesContext, st: BayesScanState, s: BayesSettings): void {
  if (st.reported) return;
  st.reported = true;
  // an ignored message skips the scan before any token is counted (SA's tags after `skip:`)
  const c = st.classification ?? (st.ignored ? SKIPPED : undefined);
  if (!c) return;
  if (c.score !== undefined) {
    ctx.scanData.set('bayes_score', c.score);
    ctx.scanData.set('bayes_nspam', st.nspam);
    ctx.scanData.set('bayes_nham', st.nham);
  }
  const opts = { nspam: c.score !== undefined ? st.nspam : undefined, nham: c.score !== undefined ? st.nham : undefined, useHapaxes: s.useHapaxes, now: nowSeconds() };
  ctx.setTag('BAYESTCHAMMY', String(c.hammy?.length ?? 0));
  ctx.setTag('BAYESTCSPAMMY', String(c.spammy?.length ?? 0));
  ctx.setTag('BAYESTCLEARNED', c.learnedCount === undefined ? '' : String(c.learnedCount));
  ctx.setTag('BAYESTC', c.tokenCount === undefined ? '' : String(c.tokenCount));
  ctx.setTag('HAMMYTOKENS', (arg) => reportList(c.hammy, arg, opts));
  ctx.setTag('SPAMMYTOKENS', (arg) => reportList(c.spammy, arg, opts));
  ctx.setTag('TOKENSUMMARY', tokenSummary(c));
}

/** Perl's numeric value of an eval argument (`"0.01"`, `"undef"` → 0). */
const num = (v: string | undefined) => {
  const m = /^[\t\n\x0b\f\r ]*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))/.exec(v ?? '');
  return m ? Number(m[1]) : 0;
};

/** `check_bayes(min, max)`: the Bayes probability is in (min, max] (min 0 includes 0). */
export function checkBayes(ctx: BayesContext, min?: string, max?: string): boolean {
  const s = settingsOf(ctx);
  if (!s.useLearner || !s.useBayes || !s.useBayesRules) return false;
  const st = stateOf(ctx);
  report(ctx, st, s);
  const score = st.classification?.score;
  if (score === undefined) return false;
  const lo = num(min);
  if ((lo === 0 || score > lo) && (max === 'undef' || score <= num(max))) {
    ctx.testLog(`score: ${sprintfFixed(score, 4)}`);
    return true;
  }
  return false;
}

/** The learner's view of the message on a path. */
function learnInput(ctx: BayesContext, s: BayesSettings, path: 'scan' | 'learn'): LearnInput {
  const model = ctx.model;
  const st = stateOf(ctx);
  const tokens = path === 'scan' ? (st.tokens ??= messageTokens(model, s, 'scan')) : messageTokens(model, s, 'learn');
  return { tokens, generatedMsgid: generatedMsgid(model.headers, model.raw), messageId: messageIdOf(model.headers), receiveDate: messageReceiveDate(model) };
}

/** A failed open is `unavailable` without a word for autolearn (as SA's); rethrown otherwise. */
const autolearnQuiet =
  (ctx: LearnContext<BayesPluginSettings>) =>
  (e: unknown): undefined => {
    if (ctx.auto) return undefined;
    throw e;
  };

/**
 * `learn_message` (autolearn and `ruleSet.learn()`), after `Bayes.pm::learn`'s ignore check: a
 * message from or to a `bayes_ignore_*` address is not learned when ignores apply (autolearn
 * then reports `unavailable`, as SA's does).
 */
export async function bayesLearn(ctx: LearnContext<BayesPluginSettings>, isSpam: boolean): Promise<LearnStatus> {
  const s = settingsOf(ctx);
  if (!s.useLearner || !s.useBayes) return 'unavailable';
  if ((ctx.useIgnores ?? ctx.auto) && (stateOf(ctx).ignored ?? bayesIgnored(ctx, ctx.settings.ignore))) return 'ignored';
  // A store that cannot be opened: SA's learn returns 0 (autolearn says `unavailable`); an
  // explicit learn passes the error on, and learn() reports it beside `unavailable`.
  const store = stateOf(ctx).store ?? (await openStore(ctx, s).catch(autolearnQuiet(ctx)));
  if (!store) return 'unavailable';
  return learnMessage(store, learnInput(ctx, s, ctx.path), isSpam, { noRelearn: ctx.auto });
}

/** `forget_message` (`ruleSet.forget()`): SA applies no ignore list to forgetting. */
export async function bayesForget(ctx: LearnContext<BayesPluginSettings>): Promise<LearnStatus> {
  const s = settingsOf(ctx);
  if (!s.useLearner || !s.useBayes) return 'unavailable';
  const store = stateOf(ctx).store ?? (await openStore(ctx, s).catch(autolearnQuiet(ctx)));
  if (!store) return 'unavailable';
  return forgetMessage(store, learnInput(ctx, s, ctx.path));
}
