/**
 * Content-Type parsing, mirroring `Mail::SpamAssassin::Util::parse_content_type`.
 *
 * SA is deliberately lenient here (see its bug 3749): it reads the boundary, charset and
 * name with simple regexes over the whole (decoded, unfolded) header value, and reduces
 * the media type to a lower-cased `a/b` with every `text/*` other than html, calendar and
 * x-vcard turned into `text/plain`. We reproduce the regexes one by one, translating Perl's
 * `.` (anything but "\n") and `$` (end, or before a final "\n") with care.
 */
import { boundaryParam, charsetParam, nameContinuations, nameParam } from './content-type-params.js';
import { perlTrue } from '../../perl/truth.js';
import { lc } from '../../perl/strings.js';

/** What `parse_content_type` returns in list context. */
export interface ParsedContentType {
  /** Lower-cased media type after SA's fix-ups, e.g. `text/plain`, `multipart/mixed`. */
  type: string;
  /** The `boundary` parameter with double quotes removed, if any. */
  boundary: string | undefined;
  /** The `charset` parameter, if any (`us-ascii` when the header is missing). */
  charset: string | undefined;
  /** The `name`/`filename` parameter (RFC 2231 continuations joined), if any. */
  name: string | undefined;
  /** True when the header was missing, empty or `0`, or the type part was empty. */
  missing: boolean;
}

/**
 * Parses a Content-Type value as `Util::parse_content_type` does. SA passes every
 * Content-Type header of the part and uses the last one; pass that last decoded value, or
 * undefined when the part has none.
 */
export function parseContentType(value: string | undefined): ParsedContentType {
  let missing = false;
  let ct: string;
  if (perlTrue(value)) {
    ct = value;
  } else {
    // SA substitutes this literal, so a missing header yields charset "us-ascii".
    missing = true;
    ct = 'text/plain; charset=us-ascii';
  }

  // The parameter regexes are matched by content-type-params.ts (linear on hostile values).
  const boundary = boundaryParam(ct)?.replace(/"/g, '');
  const charset = charsetParam(ct);

  let name = nameParam(ct);
  if (!perlTrue(name) && /\b(?:file)?name\*0[\t\n\x0b\f\r ]*=/i.test(ct)) {
    // RFC 2231 section 3 continuations: name*0=, name*1=, ... joined in index order.
    const pieces: string[] = [];
    for (const [index, value] of nameContinuations(ct)) pieces[Number(index)] = value;
    name = pieces.filter((p) => p !== undefined).join('');
  }

  // The media type: leading whitespace off, everything from the first ';' off, then only
  // `something/something` (the rest of a malformed value like `text/plain charset=x` goes).
  let type = ct.replace(/^[\t\n\x0b\f\r ]+/, '');
  const semi = type.indexOf(';');
  if (semi >= 0) type = type.slice(0, semi);
  const tm = /^([^/]+(?:\/[^/\t\n\x0b\f\r ]*)?)/.exec(type);
  if (tm) type = tm[1]!;
  type = lc(type);

  if (!perlTrue(type)) missing = true;
  if (!perlTrue(type) || (/^text\b/.test(type) && !/^text\/(?:x-vcard|calendar|html)\n?$/.test(type))) {
    type = 'text/plain';
  }
  // Strip controls, space, 8-bit and tspecials (after the text/plain fix-up, SA bug 5399).
  type = type.replace(/[\x00-\x20\x7f-\xff"(),:-?@[-\]]/g, '');
  // Characters above 0xFF cannot occur in a header octet string, but drop them like 8-bit.
  type = type.replace(/[^\x00-\xff]/g, '');

  return { type, boundary, charset, name, missing };
}
