/**
 * The learner's seen-message rules (Plugin/Bayes.pm `_learn_trapped` / `_forget_trapped`) on
 * the in-memory store.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/bayes/memory-store.js';
import { forgetMessage, learnMessage, type LearnInput } from '../../src/bayes/learner.js';
import { tokenId } from '../../src/bayes/token-id.js';

const msg = (words: string[], id = 'abc@sa_generated', messageId?: string): LearnInput => ({
  tokens: new Map(words.map((w) => [tokenId(w), w])),
  generatedMsgid: id,
  messageId,
  receiveDate: 1000,
});

describe('the learner', () => {
  it('learns a message once and counts its tokens', async () => {
    const store = createMemoryStore();
    expect(await learnMessage(store, msg(['hello', 'world']), true)).toBe('learned');
    expect(await learnMessage(store, msg(['hello', 'world']), true)).toBe('already-learned');
    expect(await store.nspamNham()).toEqual({ nspam: 1, nham: 0 });
    expect((await store.getTokens([tokenId('hello')])).get(tokenId('hello'))).toEqual({ spam: 1, ham: 0, atime: 1000 });
  });

  it('moves the counts when a message is relearned as the other class', async () => {
    const store = createMemoryStore();
    await learnMessage(store, msg(['hello']), true);
    expect(await learnMessage(store, msg(['hello']), false)).toBe('learned');
    expect(await store.nspamNham()).toEqual({ nspam: 0, nham: 1 });
    expect((await store.getTokens([tokenId('hello')])).get(tokenId('hello'))).toMatchObject({ spam: 0, ham: 1 });
  });

  it('never relearns for autolearn', async () => {
    const store = createMemoryStore();
    await learnMessage(store, msg(['hello']), true);
    expect(await learnMessage(store, msg(['hello']), false, { noRelearn: true })).toBe('not-relearned');
    expect(await store.nspamNham()).toEqual({ nspam: 1, nham: 0 });
  });

  it('stores the generated id and also recognizes a Message-ID seen entry', async () => {
    const store = createMemoryStore();
    await learnMessage(store, msg(['a1b'], 'one@sa_generated', 'x@y'), true);
    expect(await store.seenGet('one@sa_generated')).toBe('s');
    expect(await store.seenGet('x@y')).toBeUndefined();
    await store.seenPut('z@y', 'h'); // an entry older SA versions wrote
    expect(await learnMessage(store, msg(['a1b'], 'two@sa_generated', 'z@y'), false)).toBe('already-learned');
  });

  it('forgets a learned message and removes tokens that reach zero', async () => {
    const store = createMemoryStore();
    await learnMessage(store, msg(['hello', 'there']), false);
    await learnMessage(store, msg(['hello'], 'other@sa_generated'), false);
    expect(await forgetMessage(store, msg(['hello', 'there']))).toBe('learned');
    expect(await forgetMessage(store, msg(['hello', 'there']))).toBe('not-learned');
    const t = await store.getTokens([tokenId('hello'), tokenId('there')]);
    expect(t.get(tokenId('hello'))).toMatchObject({ spam: 0, ham: 1 });
    expect(t.has(tokenId('there'))).toBe(false);
    expect(await store.nspamNham()).toEqual({ nspam: 0, nham: 1 });
  });
});
