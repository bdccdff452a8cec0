/**
 * What rendering one HTML part yields (the three text views and the metadata of `HTML.pm`):
 * its own file so that the renderer (renderer.ts) can build these values without importing
 * the entry point (render-html.ts) that drives it.
 */
import type { HtmlResults } from './results.js';

/** A rendered text and its Perl utf8 flag. */
export interface RenderedText {
  /** The text (characters). */
  text: string;
  /** Whether Perl would hold it utf8-flagged (any piece was). */
  utf8: boolean;
}

/** Everything `HTML.pm` produces for one part. */
export interface HtmlRendering {
  /** All text, invisible included (`get_rendered_text()`), feeding body rules. */
  rendered: RenderedText;
  /** Visible text only (`get_rendered_text(invisible => 0)`). */
  visible: RenderedText;
  /** Invisible text only (`get_rendered_text(invisible => 1)`). */
  invisible: RenderedText;
  /** Metadata without the `Node::rendered` additions (`html_length`, `non_space_len`, `ratio`). */
  results: Omit<HtmlResults, 'html_length' | 'non_space_len' | 'ratio'>;
}
