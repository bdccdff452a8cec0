import { describe, expect, it } from 'vitest';
import { wrap, wrapHeader } from '../../src/report/wrap.js';

// Expected texts are what SA 4.0.1's Mail::SpamAssassin::Util::wrap returns for the same
// arguments (perl -MMail::SpamAssassin::Util -e 'print Mail::SpamAssassin::Util::wrap(...)').
const TEXT = 'hello world this is\ta test of the wrapping function with some long text that goes on';

describe('wrap', () => {
  it('lets a line grow by its last piece with overflow, counting a tab as 8 columns', () => {
    expect(wrap(TEXT, { prefix: '  ', first: 'Content preview:  ', length: 30, overflow: true })).toBe(
      'Content preview:  hello world this\n   is\ta test of the wrapping\n   function with some long text\n   that goes on',
    );
  });

  it('keeps lines within the width without overflow, the prefix starting each continuation', () => {
    expect(wrap(TEXT, { prefix: '*      ', first: '    ', length: 30 })).toBe(
      '    hello world this is\n*      \ta test of the\n*      wrapping function with\n*      some long text that\n*      goes on',
    );
  });

  it('puts a piece longer than the width on a line of its own', () => {
    expect(wrap('averyveryverylongwordthatexceedsthewidth then short words', { prefix: '\t', length: 20 })).toBe(
      'averyveryverylongwordthatexceedsthewidth\n\t then short\n\twords',
    );
  });

  it('gives nothing for nothing', () => {
    expect(wrap('')).toBe('');
  });
});

describe('wrapHeader', () => {
  it('folds after spaces and commas at 79 columns with a tab', () => {
    expect(wrapHeader('X-Spam-Status!!No, score=-2.1 required=5.0 tests=ALL_TRUSTED,BAYES_00,DKIM_SIGNED,DKIM_VALID autolearn=ham')).toBe(
      'X-Spam-Status!!No, score=-2.1 required=5.0 tests=ALL_TRUSTED,BAYES_00,\n\tDKIM_SIGNED,DKIM_VALID autolearn=ham',
    );
  });
});
