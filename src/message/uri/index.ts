/**
 * URIs of a message as SpamAssassin's `uri` rules and URI plugins see them: text URIs from the
 * rendered body, HTML attribute URIs, their canonical variants, and the per-URI detail data.
 */
export {
  getUriList,
  getUriDetailList,
  uriListFromDetails,
  MAX_URI_LENGTH,
  type UriListInput,
  type HtmlUriInput,
  type UriDetail,
  type UriDetailList,
} from './uri-detail.js';
export { uriListCanonicalize, type CanonicalizeOptions } from './canonicalize.js';
export { findTextUris, type TextUri } from './text-uris.js';
export { buildTextUriRegex } from './text-uri-pattern.js';
export type { TldSets } from '../registry-boundaries.js';
export { idnToAscii } from './idn-to-ascii.js';
export { idn2LookupToAscii } from './libidn2.js';
export { urlDecode } from './url-decode.js';
export { numericHostVariant, decodeUlongToIp } from './numeric-host.js';
export { htmlUriInputs } from './html-input.js';
