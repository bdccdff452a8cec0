/**
 * The metadata HTML.pm records while rendering one HTML part (its `get_results()` hash,
 * plus what `Message::Node::rendered` adds). Keys keep SA's names so HTMLEval-style plugins
 * can be ported line by line; a key SA leaves undefined is absent here.
 */

/** Per-URI details (`uri_detail`): how the URI was referenced, and anchor texts for `<a>`. */
export interface HtmlUriDetail {
  /** The tags that referenced it (`a`, `img`, `form`, `base`, `meta`, ...). */
  types: Set<string>;
  /** For `<a href>` keys (canonicalised, unresolved href): the text of each anchor. */
  anchor_text?: string[];
}

/** What SA's HTML renderer reports for one part. */
export interface HtmlResults {
  /** Always 1: an HTML part was rendered (HTML_MESSAGE). */
  html: 1;
  /** Every URI found in attributes, resolved against `<base>` (Perl hash order in SA). */
  uri: string[];
  /** Text of each `<a>` element, in order (`<img>` inside adds `"<img>\n"`). */
  anchor?: string[];
  /** URI details by key. */
  uri_detail?: Map<string, HtmlUriDetail>;
  /** A URI was longer than 8192 characters and cut. */
  uri_truncated?: 1;
  /** Sum of `<img>` width*height (percentages of 800x600; missing/zero sizes count 200). */
  image_area: number;
  /** Characters of HTML parsed (after charset decoding). */
  length: number;
  /** Smallest font size seen (starts at 3). */
  min_size: number;
  /** Largest font size seen (starts at 3). */
  max_size: number;
  /** Closing tags without an opening one, per tag. */
  closed_extra_ratio?: number;
  /** Comments, each with its `<!--`/`-->` (or the whole `<!...>`). */
  comment?: string[];
  /** Text inside `<script>`. */
  script?: string[];
  /** Text of each `<title>`. */
  title?: string[];
  /** Open-minus-close count per tag name (never negative); `!doctype` is always 0. */
  inside: Map<string, number>;
  /** Distinct `len_len` pairs of words split across text events (`backhair`). */
  backhair_count?: number;
  /** Share of tags that are not HTML 4 elements. */
  bad_tag_ratio?: number;
  /** Share of distinct tags that are not HTML 4 elements. */
  non_element_ratio?: number;
  /** Share of tags splitting a word (`obfuscation`). */
  obfuscation_ratio?: number;
  /** Text in a colour (nearly) equal to its background was seen. */
  font_low_contrast?: 1;
  /** Text in an unparseable colour was seen. */
  font_invalid_color?: 1;
  /** A `<font face>` that does not look like a font list was seen. */
  font_face_bad?: 1;
  /** A `<form action>` with `mailto:`. */
  form_action_mailto?: 1;
  /** An `<object>` or `<embed>`. */
  embeds?: 1;
  /**
   * Charsets named by `<meta http-equiv=Content-Type>` (space-separated). HTML.pm collects
   * this but never copies it into its results; kept here for completeness.
   */
  charsets?: string;
  /** Length of the rendered text in characters (`Node::rendered`). */
  html_length: number;
  /** Rendered characters that are not whitespace. */
  non_space_len: number;
  /** (decoded bytes - rendered chars) / decoded bytes, when the part is non-empty. */
  ratio?: number;
}
