/**
 * Learning and forgetting one message (`Plugin/Bayes.pm::_learn_trapped` BP:527-616 and
 * `_forget_trapped` BP:657-725), each one {@link BayesStore.write} call: on SQLite the seen
 * check and every count change commit together, so concurrent learners never lose counts.
 */
import type { BayesStore, BayesWriter } from './store.js';

/** The message as the learner needs it. */
export interface LearnInput {
  /** id → raw token (`tokenize`). */
  readonly tokens: ReadonlyMap<string, string>;
  /** `generate_msgid()` (stored as the seen key). */
  readonly generatedMsgid: string;
  /** `get_msgid()`: the Message-ID between `<>`, when there is one. */
  readonly messageId: string | undefined;
  /** `receive_date()` (seconds). */
  readonly receiveDate: number;
}

/** How a learn or forget ended. */
export type LearnOutcome =
  /** Learned (or forgotten). */
  | 'learned'
  /** Already learned as this class: nothing done (SA returns 0). */
  | 'already-learned'
  /** Learned as the other class and relearning is off (autolearn): nothing done. */
  | 'not-relearned'
  /** Forget: no id of this message was learned (or its seen entry is neither `s` nor `h`). */
  | 'not-learned';

const now = () => Math.floor(Date.now() / 1000);

async function forgetIn(w: BayesWriter, msg: LearnInput): Promise<LearnOutcome> {
  let isSpam: boolean | undefined;
  let found: string | undefined;
  for (const id of [msg.generatedMsgid, msg.messageId]) {
    // `while ($msgid = shift @msgid)`: stops at the first undefined (or false) id
    if (!id) break;
    const seen = await w.seenGet(id);
    if (seen === undefined) continue;
    if (seen === 's') isSpam = true;
    else if (seen === 'h') isSpam = false;
    else return 'not-learned';
    found = id;
    break;
  }
  if (isSpam === undefined || found === undefined) return 'not-learned';
  await w.nspamNhamChange(isSpam ? -1 : 0, isSpam ? 0 : -1);
  await w.tokCountChange(isSpam ? -1 : 0, isSpam ? 0 : -1, [...msg.tokens.keys()], undefined);
  await w.seenDelete(found);
  return 'learned';
}

/**
 * `learn`: adds the message's tokens to one class. A message already learned the other way is
 * forgotten first, unless `noRelearn` (autolearn never relearns).
 */
export function learnMessage(store: BayesStore, msg: LearnInput, isSpam: boolean, opts: { noRelearn?: boolean; now?: number } = {}): Promise<LearnOutcome> {
  return store.write(async (w) => {
    for (const id of [msg.generatedMsgid, msg.messageId]) {
      if (id === undefined) continue;
      const seen = await w.seenGet(id);
      if (seen === undefined) continue;
      if ((seen === 's' && isSpam) || (seen === 'h' && !isSpam)) return 'already-learned';
      if (seen === 's' || seen === 'h') {
        if (opts.noRelearn) return 'not-relearned';
        await forgetIn(w, msg);
      }
      // a corrupt seen value: SA warns and learns anyway
      break;
    }
    const t = opts.now ?? now();
    const atime = msg.receiveDate - t > 86400 ? t : msg.receiveDate;
    await w.nspamNhamChange(isSpam ? 1 : 0, isSpam ? 0 : 1);
    await w.tokCountChange(isSpam ? 1 : 0, isSpam ? 0 : 1, [...msg.tokens.keys()], atime);
    await w.seenPut(msg.generatedMsgid, isSpam ? 's' : 'h');
    return 'learned';
  });
}

/** `forget`: removes a learned message's tokens from the class it was learned as. */
export function forgetMessage(store: BayesStore, msg: LearnInput): Promise<LearnOutcome> {
  return store.write((w) => forgetIn(w, msg));
}
