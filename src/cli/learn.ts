/**
 * `spamscore learn`: train, inspect and move a Bayes database, like `sa-learn`.
 *
 *   spamscore learn --spam|--ham|--forget [--use-ignores] [--rules DIR]... [--site DIR]... [--cf LINE]... [--dbpath PATH] FILES|DIRS|mbox|-
 *   spamscore learn --dump magic|data | --backup | --restore FILE | --clear | --force-expire
 *
 * Before learning, tokens are expired when due (sa-learn's `rebuild_learner_caches`);
 * `--force-expire` runs an expiry whatever the conditions and prints sa-learn's summary.
 *
 * The store comes from the configuration exactly as for Perl SA (`bayes_path`,
 * `bayes_store_module`, `bayes_sql_dsn`); with none, `~/.spamassassin/bayes` (as sa-learn's
 * `__userstate__/bayes`), stored in SQLite as `~/.spamassassin/bayes.sqlite`.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadRuleSet } from '../load-rule-set.js';
import { formatDiagnostic } from '../config/diagnostics.js';
import { bayesSettingsOf } from '../plugins/builtin/bayes/index.js';
import { closeBayesStores, sqlitePath, storeFor } from '../bayes/open-store.js';
import { backupLines, parseBackup } from '../bayes/backup.js';
import { tokenProbability } from '../bayes/combine-chi.js';
import { expireIfDue, expiryReport } from '../bayes/expire.js';
import { learnRaw } from '../check/learn.js';
import { sprintfFixed } from '../report/perl-format.js';
import { splitMbox } from './check.js';
import { markupRemovedForLearning } from '../report/remove-markup.js';

/** Options of the learn command. */
export interface LearnCommandOptions {
  spam?: boolean;
  ham?: boolean;
  forget?: boolean;
  rules?: string[];
  site?: string[];
  cf?: string[];
  /** sa-learn's `--dbpath`: the `bayes_path` to use. */
  dbpath?: string;
  dump?: string | boolean;
  backup?: boolean;
  restore?: string;
  clear?: boolean;
  /** sa-learn's `--force-expire`: expire old tokens now (SQLite; Redis expires by TTL). */
  forceExpire?: boolean;
  /** sa-learn's `--use-ignores`: skip messages from/to `bayes_ignore_from`/`bayes_ignore_to` addresses. */
  useIgnores?: boolean;
  /** Print a progress line every this many messages on standard error (0: none). */
  progress?: boolean;
}

interface Input {
  name: string;
  raw: Buffer;
}

function* inputsOf(arg: string): Generator<Input> {
  if (arg === '-') {
    yield* splitMbox(readFileSync(0), '-');
    return;
  }
  const st = statSync(arg);
  if (st.isDirectory()) {
    for (const f of readdirSync(arg).sort()) yield* inputsOf(path.join(arg, f));
    return;
  }
  if (!st.isFile()) return;
  const data = readFileSync(arg);
  if (data.subarray(0, 5).toString('latin1') === 'From ') yield* splitMbox(data, arg);
  else yield { name: arg, raw: data };
}

const line = (template: number[], text: string) =>
  `${sprintfFixed(template[0]!, 3)} ${String(template[1]).padStart(10)} ${String(template[2]).padStart(10)} ${String(template[3]).padStart(10)}  ${text}`;

/** Runs the command; resolves the exit code. */
export async function runLearn(inputs: string[], opts: LearnCommandOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const modes = [opts.spam, opts.ham, opts.forget, opts.dump !== undefined, opts.backup, opts.restore !== undefined, opts.clear, opts.forceExpire].filter(Boolean).length;
  if (modes !== 1) {
    err('spamscore learn: give exactly one of --spam, --ham, --forget, --dump, --backup, --restore, --clear, --force-expire');
    return 2;
  }
  const cf = [...(opts.cf ?? [])];
  if (opts.dbpath) cf.push(`bayes_path ${opts.dbpath}`);
  let rs = await loadRuleSet({ ...(opts.rules ? { rules: opts.rules } : {}), ...(opts.site ? { site: opts.site } : {}), cf });
  for (const d of rs.diagnostics) if (d.severity === 'error') err(formatDiagnostic(d));
  let settings = bayesSettingsOf(rs);
  if (settings.path === undefined && settings.storeModule === undefined) {
    // sa-learn's default: __userstate__/bayes
    rs = await loadRuleSet({ ...(opts.rules ? { rules: opts.rules } : {}), ...(opts.site ? { site: opts.site } : {}), cf: [...cf, 'bayes_path __userstate__/bayes'] });
    settings = bayesSettingsOf(rs);
  }
  if (!settings.useBayes && (opts.spam || opts.ham || opts.forget || opts.forceExpire)) {
    err("ERROR: configuration specifies 'use_bayes 0', sa-learn disabled");
    return 2;
  }
  if (settings.path !== undefined && settings.storeModule === undefined) mkdirSync(path.dirname(sqlitePath(settings.path)), { recursive: true });
  const storeP = storeFor(settings);
  if (!storeP) {
    err(`spamscore learn: bayes_store_module ${settings.storeModule} is not supported (DBM/SQLite and Redis are)`);
    return 2;
  }
  try {
    const store = await storeP;
    if (opts.dump !== undefined) {
      const what = opts.dump === true ? 'all' : String(opts.dump);
      const m = await store.magic();
      if (what === 'magic' || what === 'all') {
        out(line([0, 0, m.dbVersion, 0], 'non-token data: bayes db version'));
        out(line([0, 0, m.nspam, 0], 'non-token data: nspam'));
        out(line([0, 0, m.nham, 0], 'non-token data: nham'));
        out(line([0, 0, m.ntokens, 0], 'non-token data: ntokens'));
        out(line([0, 0, m.oldestAtime, 0], 'non-token data: oldest atime'));
        out(line([0, 0, m.newestAtime, 0], 'non-token data: newest atime'));
        out(line([0, 0, m.lastJournalSync, 0], 'non-token data: last journal sync atime'));
        out(line([0, 0, m.lastExpire, 0], 'non-token data: last expiry atime'));
        out(line([0, 0, m.lastExpireAtimeDelta, 0], 'non-token data: last expire atime delta'));
        out(line([0, 0, m.lastExpireReduce, 0], 'non-token data: last expire reduction count'));
      }
      if (what === 'data' || what === 'all') {
        for await (const [id, t] of store.tokens()) {
          const p = tokenProbability(t.spam, t.ham, m.nspam, m.nham, settings.useHapaxes) ?? 0.5;
          out(line([p, t.spam, t.ham, t.atime], id));
        }
      }
      return 0;
    }
    if (opts.backup) {
      for await (const l of backupLines(store)) out(l.slice(0, -1));
      return 0;
    }
    if (opts.restore !== undefined) {
      const data = parseBackup(readFileSync(opts.restore === '-' ? 0 : opts.restore).toString('latin1'));
      for (const w of data.warnings) err(w);
      await store.clear();
      await store.restore(data);
      return 0;
    }
    if (opts.clear) {
      await store.clear();
      return 0;
    }
    const expiry = { autoExpire: settings.autoExpire, maxDbSize: settings.expiryMaxDbSize };
    if (opts.forceExpire) {
      const seconds = () => Math.floor(Date.now() / 1000);
      const started = seconds();
      const o = await expireIfDue(store, { ...expiry, force: true }, started);
      if (o) for (const l of expiryReport(o, seconds() - started)) out(l);
      return 0;
    }
    // sa-learn syncs and expires (when due) before it learns
    await expireIfDue(store, expiry);
    const what = opts.spam ? 'spam' : opts.ham ? 'ham' : 'forget';
    let examined = 0;
    let learned = 0;
    const started = Date.now();
    for (const a of inputs.length ? inputs : ['-']) {
      for (const input of inputsOf(a)) {
        examined++;
        // sa-learn's wanted(): a message SpamAssassin marked up is learned without its markup
        // (remove_spamassassin_markup when it has X-Spam-Checker-Version), learn and forget alike
        const raw = markupRemovedForLearning(rs, input.raw);
        const r = await learnRaw(rs, raw, what, { useIgnores: opts.useIgnores === true });
        if (r.status === 'learned') learned++;
        else if (r.status === 'unavailable') {
          for (const d of r.diagnostics) err(formatDiagnostic(d));
          err('spamscore learn: the Bayes database is not available');
          return 2;
        }
        if (opts.progress && examined % 100 === 0) err(`${examined} messages examined, ${learned} learned (${((examined * 1000) / (Date.now() - started)).toFixed(1)}/s)`);
      }
    }
    out(`${what === 'forget' ? 'Forgot' : 'Learned'} tokens from ${learned} message(s) (${examined} message(s) examined)`);
    return 0;
  } finally {
    await closeBayesStores();
  }
}
