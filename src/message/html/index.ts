/**
 * HTML rendering and metadata as SpamAssassin 4.0.1's HTML.pm (on HTML::Parser 3.x) does it.
 */
export { renderHtml, type HtmlRendering, type RenderedText } from './render-html.js';
export type { HtmlResults, HtmlUriDetail } from './results.js';
export { HtmlTokenizer, type HtmlEventHandler } from './tokenizer.js';
export { decodeEntities, type DecodedText } from './entities.js';
export { nameToRgb } from './colors.js';
export { targetUri } from './uri-resolve.js';
