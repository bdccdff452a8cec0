/**
 * The entry point of the HTML renderer: `Mail::SpamAssassin::HTML->parse` on one part —
 * the `&nbsp;`, `<tag/>` and smart-quote pre-processing, HTML::Parser with SA's handlers,
 * the forced closing of unterminated `<style>`/`<script>` (SA bug 7437) — and the three
 * text views plus metadata it yields.
 */
import type { HtmlRendering } from './rendering.js';
import { HtmlRenderer } from './renderer.js';
import { flagRegexes } from './tag-sets.js';
import { HtmlTokenizer, type HtmlEventHandler } from './tokenizer.js';

/** The rendering's shape (defined apart, so the renderer can build it without a cycle). */
export type { HtmlRendering, RenderedText } from './rendering.js';

/**
 * Renders an HTML part's characters as `Mail::SpamAssassin::HTML->parse` does.
 * @param html the part after charset normalisation
 * @param utf8 Perl's utf8 flag of that text (false for all-ASCII text kept as octets)
 */
export function renderHtml(html: string, utf8: boolean): HtmlRendering {
  const r = new HtmlRenderer(utf8);
  const length = html.length - (html.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);
  let text = html.replace(/&nbsp;/g, ' ');
  // SA bug 4695: "<br/>" is "<br>".
  text = text.replace(flagRegexes(utf8).selfClosing, '<$1>');
  // Unicode double quotes confuse attribute parsing.
  text = utf8 ? text.replace(/[\u201c\u201d]/g, '"') : text.replace(/\xe2\x80[\x9c\x9d]/g, '"');

  const handler: HtmlEventHandler = {
    startDocument: () => r.startDocument(),
    endDocument: () => r.endDocument(),
    start: (tag, attrs) => r.start(tag, attrs),
    end: (tag) => r.end(tag),
    text: (t, u) => r.onText(t, u),
    comment: (t) => r.onComment(t),
    declaration: (t) => r.declaration(t),
  };
  const p = new HtmlTokenizer(handler);
  p.parse(text, utf8);
  // SA bug 7437: close unterminated <style>/<script> so their content is not rendered.
  for (let i = 0; i < 1000 && (r.inside.get('style') ?? 0) > 0; i++) p.parse('</style>', false);
  for (let i = 0; i < 1000 && (r.inside.get('script') ?? 0) > 0; i++) p.parse('</script>', false);
  p.eof();

  return {
    rendered: r.joined(() => true),
    visible: r.joined((i) => !r.invisible[i]),
    invisible: r.joined((i) => r.invisible[i] === true),
    results: r.results(length),
  };
}
