/**
 * `ruleSet.learn(raw, 'spam' | 'ham')` and `ruleSet.forget(raw)`: SA's `Mail::SpamAssassin::learn`
 * (`Mail/SpamAssassin.pm:640-660`) as `sa-learn` uses it, through the loaded plugins'
 * `learnMessage` / `forgetMessage` hooks (the Bayes plugin's). Tokens follow sa-learn's path
 * (see src/bayes/message-data.ts); a message learned as the other class is relearned.
 */
import type { ScanTarget } from './scan-target.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { toByteString } from '../config/bytes.js';
import { buildViews } from '../message/views.js';
import type { LearnContext, LearnStatus } from '../plugins/types.js';
import { evalContext, type ScanContext } from './run-eval.js';

/** What `learn()` / `forget()` answer. */
export interface LearnResult {
  /**
   * `learned` (or forgotten), `already-learned` (seen as this class: nothing done),
   * `not-learned` (forget: the message was never learned), `ignored` (from or to a
   * `bayes_ignore_*` address, with `useIgnores`), `unavailable` (no learner or no database:
   * Bayes off, no `bayes_path`/store configured, or a store that would not open — then a
   * `learn-failed` diagnostic says why).
   */
  status: LearnStatus;
  diagnostics: Diagnostic[];
}

const NEVER_ABORTED = new AbortController().signal;

/** How a message is learned. */
export interface LearnOptions {
  /**
   * Apply `bayes_ignore_from`/`bayes_ignore_to` (SA's `use_ignores`): a matching message is not
   * learned (`ignored`). Off by default, as in `sa-learn` without `--use-ignores`; spamd's TELL
   * applies them.
   */
  useIgnores?: boolean;
}

/** Learns (`'spam'`/`'ham'`) or forgets (`'forget'`) one raw message. */
export async function learnRaw(ruleSet: ScanTarget, raw: Buffer | Uint8Array | string, what: 'spam' | 'ham' | 'forget', options: LearnOptions = {}): Promise<LearnResult> {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) throw new TypeError('learn: the message must be a Buffer, a Uint8Array or a string');
  if (what !== 'spam' && what !== 'ham' && what !== 'forget') throw new TypeError("learn: the class must be 'spam' or 'ham'");
  const diagnostics: Diagnostic[] = [];
  // The string contract of check(): a string is text (UTF-8 encoded), bytes are taken as they are.
  const text = toByteString(raw);
  const views = buildViews(text, ruleSet.messageConfig, diagnostics);
  const scanCtx: ScanContext = { net: undefined, setTag: () => undefined, testLog: () => undefined, signal: NEVER_ABORTED, scanData: new Map(), memo: new Map() };
  for (const p of ruleSet.plugins) {
    const fn = what === 'forget' ? p.forgetMessage : p.learnMessage;
    if (!fn) continue;
    const ctx: LearnContext = { ...evalContext(ruleSet, views, scanCtx, '', undefined, p), auto: false, path: 'learn', useIgnores: options.useIgnores === true };
    try {
      const status = what === 'forget' ? await p.forgetMessage!(ctx) : await p.learnMessage!(ctx, what === 'spam');
      return { status, diagnostics };
    } catch (e) {
      // SA's learn answers 0 when its store will not open (sa-learn prints why): nothing learned
      diagnostics.push({ severity: 'error', code: 'learn-failed', message: `${p.name}: ${e instanceof Error ? e.message : String(e)}` });
      return { status: 'unavailable', diagnostics };
    }
  }
  return { status: 'unavailable', diagnostics };
}
