/**
 * SA's `$pms->{html_all}`: the HTML metadata of every non-empty rendered HTML part, in body
 * order, with whether Perl held that part's text as characters (utf8 flag), which decides
 * Unicode or ASCII semantics of `\s`/`lc` in the plugins that read it.
 */
import { leafParts } from '../../../message/mime/find-parts.js';
import { renderPart } from '../../../message/body/rendered-part.js';
import type { HtmlResults } from '../../../message/html/results.js';
import type { EvalContext } from '../../types.js';

/** One entry of `html_all`. */
export interface HtmlPart {
  results: HtmlResults;
  /** Perl's utf8 flag of the part's decoded text (character semantics). */
  utf8: boolean;
}

/** `html_all`, computed once per message. */
export function htmlAll(ctx: EvalContext): HtmlPart[] {
  return ctx.memo('html_all', () => {
    const out: HtmlPart[] = [];
    for (const p of leafParts(ctx.model.tree().root)) {
      const r = renderPart(p);
      if (r?.type === 'text/html' && r.html) out.push({ results: r.html, utf8: r.rendered.utf8 });
    }
    return out;
  });
}

/**
 * A results key as `$html->{$key}` reads it. `charsets` is left out: HTML.pm collects it
 * on the parser object but never copies it into the results hash.
 */
export function htmlValue(r: HtmlResults, key: string): unknown {
  if (key === 'charsets' || !Object.prototype.hasOwnProperty.call(r, key)) return undefined;
  return (r as unknown as Record<string, unknown>)[key];
}
