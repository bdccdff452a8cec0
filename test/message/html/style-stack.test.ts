/**
 * The text-style stack on documents built to make it deep: thousands of unclosed style
 * elements and end tags of elements that are not open. SA searches the whole stack at every
 * end tag; ours keeps counts, and must close exactly what SA closes. The small versions of
 * these documents were rendered by Perl SpamAssassin 4.0.1 (`HTML->new(1,1)->parse`) and give
 * the same texts; the large ones follow the same pattern.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/message/html/index.js';

/** `n` white (invisible) fonts left open, each followed by the end tag of a span never opened. */
function unclosedFonts(n: number): string {
  let html = '';
  for (let i = 0; i < n; i++) html += `<font color="white">a${i}</span>`;
  html += '</font>'.repeat(n);
  return html + 'b<td>c<font size=1>d<td>e<table><tr><td>f<font color=black>g</tr>h';
}

describe('the style stack on deeply nested markup', () => {
  it('hides the text of unclosed white fonts and shows the text after all of them are closed (as Perl for 5 fonts)', () => {
    const r = renderHtml(unclosedFonts(5), false);
    expect(r.rendered.text).toBe('a0a1a2a3a4b cd e fgh');
    expect(r.visible.text).toBe('b c e fgh');
    expect(r.invisible.text).toBe('a0a1a2a3a4d');
    expect([r.results.min_size, r.results.max_size, r.results.font_low_contrast]).toEqual([1, 3, 1]);
  });

  it('gives the same answer with 50,000 unclosed fonts', () => {
    const n = 50_000;
    const hidden = Array.from({ length: n }, (_, i) => `a${i}`).join('');
    const r = renderHtml(unclosedFonts(n), false);
    expect(r.visible.text).toBe('b c e fgh');
    expect(r.invisible.text).toBe(hidden + 'd');
  });

  it('lets a td close only the fonts above the innermost open td', () => {
    const n = 20_000;
    // every <td> closes the fonts opened since the previous one, so the size never drops below 2
    const html = '<table><tr>' + '<td><font size=2>x'.repeat(n) + '<td>y';
    const r = renderHtml(html, false);
    expect(r.visible.text).toBe(' x'.repeat(n) + ' y');
    expect(r.results.min_size).toBe(2);
  });

  it('inherits display:none through thousands of nested fonts, whatever other properties the style sets', () => {
    const props = Array.from({ length: 2_000 }, (_, i) => `p${i}:v`).join(';');
    const html = `<span style="${props};display:none">` + '<font color=red>'.repeat(20_000) + 'hid</span>vis';
    const r = renderHtml(html, false);
    expect(r.invisible.text).toBe('hid');
    expect(r.visible.text).toBe('vis');
  });
});
