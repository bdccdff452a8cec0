/**
 * The body texts SpamAssassin's rules match: body (rendered), rawbody (decoded) and full
 * (pristine).
 */
export {
  renderedBodyArray,
  visibleRenderedBodyArray,
  invisibleRenderedBodyArray,
  visibleRenderedBody,
  htmlPartResults,
  type BodyViewOptions,
} from './rendered-body.js';
export { rawBodyArray, type RawBodyOptions } from './raw-body.js';
export { pristineMessage } from './full.js';
export { renderPart, type RenderedPart } from './rendered-part.js';
export { splitIntoShortLines, splitIntoShortParagraphs, truncateScan, MAX_BODY_LINE_LENGTH } from './split.js';
