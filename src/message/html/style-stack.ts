/**
 * The text-style stack HTML.pm keeps to decide whether text is visible (`text_style`,
 * `close_tag`, `close_table_tag`, `html_font_invisible`).
 *
 * Only colour, size and `display`/`visibility` matter. Quirks kept: a `bgcolor` attribute
 * is parsed but never applied (SA overwrites the attribute, not the style); `<th>` is
 * `<td>`; `</body>` closes nothing; a `<td>`/`<tr>` start closes open font/td(/tr) levels.
 */
import { trimEndOf, trimStartOf } from '../mime/binary.js';
import { PERL_SPACE, S } from '../../perl/regex-classes.js';
import { perlTrue } from '../../perl/truth.js';
import { cssRgbToHex, nameToRgb, parseCssBackground } from './colors.js';
import { lc } from '../../perl/strings.js';

/**
 * One level of the style stack: the keys of SA's per-level hash that anything reads.
 * SA also copies `style`, `face`, `background` and every other `style_<property>` from level
 * to level, but only `html_font_invisible` reads the stack, and it reads just these; copying
 * the rest made every pushed level cost as much as the attributes above it.
 */
export interface StyleLevel {
  tag: string;
  fgcolor: string;
  bgcolor: string;
  size: number;
  /** `style_display` (from `style="display: ..."`, property name in lower case as written). */
  display: string | undefined;
  /** `style_visibility`. */
  visibility: string | undefined;
  /** What {@link StyleStack.isInvisible} concluded for this level, once asked. */
  verdict?: Verdict;
}

/** Attributes each style element may set (HTML.pm's %ok_attributes). */
const OK_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  basefont: new Set(['color', 'face', 'size']),
  body: new Set(['text', 'bgcolor', 'link', 'alink', 'vlink', 'background']),
  font: new Set(['color', 'face', 'size']),
  marquee: new Set(['bgcolor', 'background']),
  table: new Set(['bgcolor', 'style']),
  td: new Set(['bgcolor', 'style']),
  th: new Set(['bgcolor', 'style']),
  tr: new Set(['bgcolor', 'style']),
  span: new Set(['style']),
  p: new Set(['style']),
  div: new Set(['style']),
  a: new Set(['style']),
};

// The heads of SA's declaration patterns; the value part `(.+?)\s*$` is matched by
// styleValue() in linear time (as a regex it backtracks quadratically on long values).
const STYLE_COLOR = new RegExp(`^${S}*(background-)?color:`, 'i');
const STYLE_BACKGROUND = new RegExp(`^${S}*background:`);
const STYLE_OTHER = new RegExp(`^${S}*([a-z_-]+)${S}*:`, 'i');

/**
 * Perl's `\s*(.+?)\s*$` on what follows the colon of a declaration (`.` excludes "\n").
 * Normally the value without surrounding whitespace; when there is nothing but whitespace
 * the regex backtracks and the value is its last character that is not a newline (so
 * `color: ` reads the colour " ", which is invalid). With `nonSpaceFirst` (SA's
 * `\s*(\S.*?)\s*$`) blank values do not match.
 */
function styleValue(rest: string, nonSpaceFirst = false): string | undefined {
  const v = trimEndOf(trimStartOf(rest, PERL_SPACE), PERL_SPACE);
  if (v !== '') return v.includes('\n') ? undefined : v;
  if (nonSpaceFirst) return undefined;
  for (let p = rest.length - 1; p >= 0; p--) if (rest[p] !== '\n') return rest[p];
  return undefined;
}

/**
 * The style stack plus the size extremes and colour findings it produces.
 *
 * SA's `close_tag`/`close_table_tag` first `grep` the whole stack for the tag; unclosed
 * `<font>`s make the stack as deep as the document and every end tag a full scan
 * (quadratic: 20 MB of HTML took 18 s, issue #8). Here a count of open levels per tag
 * answers that question in constant time, and popping stays amortised constant.
 */
export class StyleStack {
  private levels: StyleLevel[] = [];
  /** How many levels of each tag the stack holds (SA's `grep { $_->{tag} eq $tag }`). */
  private readonly open = new Map<string, number>();
  basefont = 3;
  maxSize = 3;
  minSize = 3;
  fontLowContrast = false;
  fontInvalidColor = false;

  /** `html_start`: the default level (black on white, size 3). */
  reset(): void {
    this.basefont = 3;
    this.levels = [];
    this.open.clear();
    this.push({ tag: 'default', fgcolor: '#000000', bgcolor: '#ffffff', size: 3, display: undefined, visibility: undefined });
  }

  private top(): StyleLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  private push(level: StyleLevel): void {
    this.levels.push(level);
    this.open.set(level.tag, (this.open.get(level.tag) ?? 0) + 1);
  }

  private pop(): StyleLevel | undefined {
    const level = this.levels.pop();
    if (level) this.open.set(level.tag, this.open.get(level.tag)! - 1);
    return level;
  }

  private isOpen(tag: string): boolean {
    return (this.open.get(tag) ?? 0) > 0;
  }

  /** `close_table_tag`: a `<td>`/`<tr>` start closes the open font/td(/tr) levels on top. */
  private closeTableTag(tag: string): void {
    if (!this.isOpen(tag)) return;
    for (let top = this.top(); top && top.tag; top = this.top()) {
      if ((tag === 'td' && (top.tag === 'font' || top.tag === 'td')) || (tag === 'tr' && /^(?:font|td|tr)$/.test(top.tag))) {
        this.pop();
      } else {
        break;
      }
    }
  }

  /** `close_tag`: closes everything up to and including the innermost open `tag`. */
  private closeTag(tag: string): void {
    if (!this.isOpen(tag)) return;
    for (let cur = this.pop(); cur; cur = this.pop()) if (cur.tag === tag) break;
  }

  /** `text_style($tag, $attr, $num)` for a style element's start (+1) or end (-1). */
  apply(tagIn: string, attrs: Map<string, string> | undefined, num: number): void {
    const tag = tagIn === 'th' ? 'td' : tagIn;
    if (num !== 1) {
      // Browsers render text after </body>, so body is never closed.
      if (tag !== 'body') this.closeTag(tag);
      return;
    }
    const attr = attrs ?? new Map<string, string>();
    if (tag === 'basefont' && attr.has('size')) {
      const m = /^[\t\n\x0b\f\r ]*(\d+)/.exec(attr.get('size')!);
      if (m) {
        this.basefont = Number(m[1]);
        return;
      }
    }
    if (tag === 'td' || tag === 'tr') this.closeTableTag(tag);
    const parent = this.top();
    const next: StyleLevel = parent
      ? { ...parent, verdict: undefined }
      : { tag, fgcolor: '', bgcolor: '', size: 0, display: undefined, visibility: undefined };
    next.tag = tag;
    if (tag === 'big' || tag === 'small') {
      next.size += tag === 'big' ? 1 : -1;
      this.push(next);
      return;
    }
    const ok = OK_ATTRIBUTES[tag];
    for (const [name, value] of attr) {
      if (!ok || !ok.has(name)) continue;
      if (name === 'text' || name === 'color') {
        next.fgcolor = nameToRgb(value);
      } else if (name === 'size') {
        let m = /^[\t\n\x0b\f\r ]*([+-]\d+)/.exec(value);
        if (m) next.size = this.basefont + Number(m[1]);
        else if ((m = /^[\t\n\x0b\f\r ]*(\d+)/.exec(value))) next.size = Number(m[1]);
      } else if (name === 'style') {
        this.applyStyle(next, parent, value);
      } else if (name === 'bgcolor') {
        // SA converts the attribute in place and never copies it to the style (sic).
      }
      // Other attributes (face, background, link, ...) are copied by SA but never read.
      if (next.size > this.maxSize) this.maxSize = next.size;
      else if (next.size < this.minSize) this.minSize = next.size;
    }
    this.push(next);
  }

  private applyStyle(next: StyleLevel, parent: StyleLevel | undefined, style: string): void {
    const parts = style.split(';');
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    for (const part of parts) {
      let m = STYLE_COLOR.exec(part);
      let val = m ? styleValue(part.slice(m[0].length)) : undefined;
      if (m && val !== undefined) {
        const which = m[1] ? 'bgcolor' : 'fgcolor';
        let value = lc(val);
        // s/\s*!\s*important$//
        const bang = /![\t\n\x0b\f\r ]*important$/.exec(value);
        if (bang) value = trimEndOf(value.slice(0, bang.index), PERL_SPACE);
        if (value.includes('rgb')) next[which] = cssRgbToHex(value);
        else if (value === 'inherit') {
          // a valid CSS value, not an invalid colour (SA bug 7778)
        } else if (value === 'transparent') next[which] = value;
        else next[which] = nameToRgb(value);
      } else if ((m = STYLE_BACKGROUND.exec(part)) && (val = styleValue(part.slice(m[0].length))) !== undefined) {
        // SA bug 8210: the first valid colour of the bottom layer.
        const layers = parseCssBackground(lc(val));
        for (const value of layers[layers.length - 1] ?? []) {
          const color = nameToRgb(value);
          if (color !== 'invalid') {
            next.bgcolor = color;
            break;
          }
        }
      } else if ((m = STYLE_OTHER.exec(part)) && (val = styleValue(part.slice(m[0].length), true)) !== undefined) {
        // Hash keys are case-sensitive: only `display`/`visibility` as written in lower case count.
        if (m[1] === 'display') next.display = val;
        else if (m[1] === 'visibility') next.visibility = val;
      }
    }
    // SA bug 8205: transparent means the parent's background (for text: this background).
    if (next.bgcolor === 'transparent') next.bgcolor = parent?.bgcolor ?? '';
    if (next.fgcolor === 'transparent') next.fgcolor = next.bgcolor;
  }

  /**
   * `html_font_invisible`: whether text in the current style would be hard to see. A level
   * never changes once pushed, so its verdict is worked out once and kept on it: a document
   * can hold millions of text events (every stray `<` is one).
   */
  isInvisible(): boolean {
    const top = this.top();
    const v = top ? (top.verdict ??= judge(top)) : judge(undefined);
    if (v.finding === 'lowContrast') this.fontLowContrast = true;
    else if (v.finding === 'invalidColor') this.fontInvalidColor = true;
    return v.invisible;
  }
}

/** What `html_font_invisible` concludes for one level, and the finding it records on the way. */
export interface Verdict {
  invisible: boolean;
  finding: 'lowContrast' | 'invalidColor' | undefined;
}

const HEX_COLOR = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})\n?$/;

/** The body of `html_font_invisible` for one level (no side effects). */
function judge(top: StyleLevel | undefined): Verdict {
  const fg = top?.fgcolor ?? '';
  const bg = top?.bgcolor ?? '';
  if (fg.slice(-6) === bg.slice(-6)) return { invisible: true, finding: 'lowContrast' };
  const f = HEX_COLOR.exec(fg);
  const b = f ? HEX_COLOR.exec(bg) : null;
  if (f && b) {
    const d = (i: number) => parseInt(f[i]!, 16) - parseInt(b[i]!, 16);
    // Geometric distance weighted by brightness; under 12 is very hard to read.
    const distance = Math.sqrt((0.2126 * d(1)) ** 2 + (0.7152 * d(2)) ** 2 + (0.0722 * d(3)) ** 2);
    if (distance < 12) return { invisible: true, finding: 'lowContrast' };
  }
  if (fg === 'invalid' || bg === 'invalid') return { invisible: true, finding: 'invalidColor' };
  if ((top?.size ?? 0) <= 1) return { invisible: true, finding: undefined };
  const display = top?.display;
  if (perlTrue(display) && display.toLowerCase() === 'none') return { invisible: true, finding: undefined };
  const visibility = top?.visibility;
  if (perlTrue(visibility) && visibility.toLowerCase() === 'hidden') return { invisible: true, finding: undefined };
  return { invisible: false, finding: undefined };
}
