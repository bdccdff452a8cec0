/**
 * The HTML::Parser emulation on nested marked sections (`<![ keyword [ ... ]]>`): the
 * strongest keyword of all open sections decides how text is read. The small document was
 * rendered by Perl SpamAssassin 4.0.1; the deep one nests 50,000 sections.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/message/html/index.js';

const nested = (n: number) => 's<![include['.repeat(n) + 'p<![cdata[<b>x</b>]]>q' + ']]>'.repeat(n) + '<b>y</b><![ignore[z]]>w';

describe('marked sections', () => {
  it('reads a CDATA section inside include sections literally and drops an ignore section (as Perl)', () => {
    expect(renderHtml(nested(3), false).rendered.text).toBe('sssp<b>x</b>qyw');
  });

  it('does the same inside 50,000 nested include sections', () => {
    expect(renderHtml(nested(50_000), false).rendered.text).toBe('s'.repeat(50_000) + 'p<b>x</b>qyw');
  });
});
