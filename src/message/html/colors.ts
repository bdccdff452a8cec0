/**
 * Colour parsing for invisible-text detection, mirroring HTML.pm's `name_to_rgb`, `dec2hex`,
 * the CSS `rgb()` shortcut in `text_style` and `parse_css_background`.
 *
 * Quirks kept on purpose: a hex colour without `#` is "invalid"; `#abcd` is cut to 3 digits
 * then doubled; rgb() components over 255 produce over-long hex that is later cut to 6 digits.
 */

import { trimEndOf, trimStartOf } from '../mime/binary.js';
import { PERL_SPACE } from '../../perl/regex-classes.js';
import { lc } from '../../perl/strings.js';

/** HTML 4 and CSS3 named colours (HTML.pm's %html_color). */
const NAMED: Record<string, number> = {
  aliceblue: 0xf0f8ff, antiquewhite: 0xfaebd7, aqua: 0x00ffff, aquamarine: 0x7fffd4,
  azure: 0xf0ffff, beige: 0xf5f5dc, bisque: 0xffe4c4, black: 0x000000, blanchedalmond: 0xffebcd,
  blue: 0x0000ff, blueviolet: 0x8a2be2, brown: 0xa52a2a, burlywood: 0xdeb887,
  cadetblue: 0x5f9ea0, chartreuse: 0x7fff00, chocolate: 0xd2691e, coral: 0xff7f50,
  cornflowerblue: 0x6495ed, cornsilk: 0xfff8dc, crimson: 0xdc143c, cyan: 0x00ffff,
  darkblue: 0x00008b, darkcyan: 0x008b8b, darkgoldenrod: 0xb8860b, darkgray: 0xa9a9a9,
  darkgreen: 0x006400, darkgrey: 0xa9a9a9, darkkhaki: 0xbdb76b, darkmagenta: 0x8b008b,
  darkolivegreen: 0x556b2f, darkorange: 0xff8c00, darkorchid: 0x9932cc, darkred: 0x8b0000,
  darksalmon: 0xe9967a, darkseagreen: 0x8fbc8f, darkslateblue: 0x483d8b,
  darkslategray: 0x2f4f4f, darkslategrey: 0x2f4f4f, darkturquoise: 0x00ced1,
  darkviolet: 0x9400d3, deeppink: 0xff1493, deepskyblue: 0x00bfff, dimgray: 0x696969,
  dimgrey: 0x696969, dodgerblue: 0x1e90ff, firebrick: 0xb22222, floralwhite: 0xfffaf0,
  forestgreen: 0x228b22, fuchsia: 0xff00ff, gainsboro: 0xdcdcdc, ghostwhite: 0xf8f8ff,
  gold: 0xffd700, goldenrod: 0xdaa520, gray: 0x808080, green: 0x008000, greenyellow: 0xadff2f,
  grey: 0x808080, honeydew: 0xf0fff0, hotpink: 0xff69b4, indianred: 0xcd5c5c, indigo: 0x4b0082,
  ivory: 0xfffff0, khaki: 0xf0e68c, lavender: 0xe6e6fa, lavenderblush: 0xfff0f5,
  lawngreen: 0x7cfc00, lemonchiffon: 0xfffacd, lightblue: 0xadd8e6, lightcoral: 0xf08080,
  lightcyan: 0xe0ffff, lightgoldenrodyellow: 0xfafad2, lightgray: 0xd3d3d3,
  lightgreen: 0x90ee90, lightgrey: 0xd3d3d3, lightpink: 0xffb6c1, lightsalmon: 0xffa07a,
  lightseagreen: 0x20b2aa, lightskyblue: 0x87cefa, lightslategray: 0x778899,
  lightslategrey: 0x778899, lightsteelblue: 0xb0c4de, lightyellow: 0xffffe0, lime: 0x00ff00,
  limegreen: 0x32cd32, linen: 0xfaf0e6, magenta: 0xff00ff, maroon: 0x800000,
  mediumaquamarine: 0x66cdaa, mediumblue: 0x0000cd, mediumorchid: 0xba55d3,
  mediumpurple: 0x9370db, mediumseagreen: 0x3cb371, mediumslateblue: 0x7b68ee,
  mediumspringgreen: 0x00fa9a, mediumturquoise: 0x48d1cc, mediumvioletred: 0xc71585,
  midnightblue: 0x191970, mintcream: 0xf5fffa, mistyrose: 0xffe4e1, moccasin: 0xffe4b5,
  navajowhite: 0xffdead, navy: 0x000080, oldlace: 0xfdf5e6, olive: 0x808000,
  olivedrab: 0x6b8e23, orange: 0xffa500, orangered: 0xff4500, orchid: 0xda70d6,
  palegoldenrod: 0xeee8aa, palegreen: 0x98fb98, paleturquoise: 0xafeeee,
  palevioletred: 0xdb7093, papayawhip: 0xffefd5, peachpuff: 0xffdab9, peru: 0xcd853f,
  pink: 0xffc0cb, plum: 0xdda0dd, powderblue: 0xb0e0e6, purple: 0x800080, red: 0xff0000,
  rosybrown: 0xbc8f8f, royalblue: 0x4169e1, saddlebrown: 0x8b4513, salmon: 0xfa8072,
  sandybrown: 0xf4a460, seagreen: 0x2e8b57, seashell: 0xfff5ee, sienna: 0xa0522d,
  silver: 0xc0c0c0, skyblue: 0x87ceeb, slateblue: 0x6a5acd, slategray: 0x708090,
  slategrey: 0x708090, snow: 0xfffafa, springgreen: 0x00ff7f, steelblue: 0x4682b4,
  tan: 0xd2b48c, teal: 0x008080, thistle: 0xd8bfd8, tomato: 0xff6347, turquoise: 0x40e0d0,
  violet: 0xee82ee, wheat: 0xf5deb3, white: 0xffffff, whitesmoke: 0xf5f5f5, yellow: 0xffff00,
  yellowgreen: 0x9acd32,
};

/** `dec2hex`: lower-case hex, zero-padded to two digits only below 16 (300 gives `12c`). */
export function dec2hex(n: number): string {
  return (n < 16 ? '0' : '') + Math.trunc(n).toString(16);
}

/**
 * `name_to_rgb`: a colour attribute to `#rrggbb` (or a malformed `#...` SA keeps), or the
 * string `invalid`.
 */
export function nameToRgb(input: string): string {
  let color = trimStartOf(trimEndOf(lc(input), PERL_SPACE), PERL_SPACE);
  const named = Object.prototype.hasOwnProperty.call(NAMED, color) ? NAMED[color] : undefined;
  if (named !== undefined) return '#' + named.toString(16).padStart(6, '0');
  if (!/^[#a-f0-9]*\n?$|rgb\([\d%, ]*\)/i.test(color)) return 'invalid';
  let m = /rgb\((\d+)%,[\t\n\x0b\f\r ]*(\d+)%,[\t\n\x0b\f\r ]*(\d+)%[\t\n\x0b\f\r ]*\)/i.exec(color);
  if (m) {
    const pct = (v: string) => dec2hex(Math.trunc((Number(v) / 100) * 255));
    color = '#' + pct(m[1]!) + pct(m[2]!) + pct(m[3]!);
  }
  m = /rgb\((\d+),[\t\n\x0b\f\r ]*(\d+),[\t\n\x0b\f\r ]*(\d+)[\t\n\x0b\f\r ]*\)/i.exec(color);
  if (m) color = '#' + dec2hex(Number(m[1])) + dec2hex(Number(m[2])) + dec2hex(Number(m[3]));
  if (!color.startsWith('#')) return 'invalid';
  color = color.replace(/[^a-f0-9]/gi, '');
  if (color.length > 6) color = color.slice(0, 6);
  if (color.length > 3 && color.length < 6) color = color.slice(0, 3);
  if (color.length % 3) color += '0'.repeat(3 - (color.length % 3));
  if (color.length === 3) color = color[0]! + color[0]! + color[1]! + color[1]! + color[2]! + color[2]!;
  return '#' + color;
}

/**
 * The CSS `rgb()` shortcut of `text_style`: keep digits and commas, take three components,
 * empty/0 as 0 and anything over 255 as 255 (so `rgb(10%,0,0)` reads 10).
 */
export function cssRgbToHex(value: string): string {
  const parts = value.replace(/[^0-9,]/g, '').split(',');
  const hex = [0, 1, 2].map((i) => {
    const p = parts[i];
    // Perl split drops trailing empty fields; '' and '0' are false.
    const n = p === undefined || p === '' ? 0 : Number(p);
    const v = !n ? 0 : n > 255 ? 255 : n;
    return Math.trunc(v).toString(16).padStart(2, '0');
  });
  return '#' + hex.join('');
}

/**
 * `parse_css_background`: splits a CSS `background` value into layers of tokens, respecting
 * parentheses and quotes (the bottom layer is where a colour may sit).
 */
export function parseCssBackground(background: string): string[][] {
  const layers: string[][] = [];
  let tokens: string[] = [];
  const stack: number[] = [];
  let state = 0;
  let token = '';
  for (const ch of background) {
    if (state === 0) {
      if (ch === ' ') {
        if (token !== '') tokens.push(token);
        token = '';
      } else if (ch === '(' || ch === '"' || ch === "'") {
        token += ch;
        stack.push(state);
        state = ch === '(' ? 1 : ch === '"' ? 2 : 3;
      } else if (ch === ',') {
        if (token !== '') tokens.push(token);
        token = '';
        layers.push(tokens);
        tokens = [];
      } else {
        token += ch;
      }
    } else if (state === 1) {
      token += ch;
      if (ch === ')') {
        tokens.push(token);
        token = '';
        state = stack.pop() ?? 0;
      } else if (ch === '"' || ch === "'") {
        stack.push(state);
        state = ch === '"' ? 2 : 3;
      }
    } else {
      token += ch;
      if ((state === 2 && ch === '"') || (state === 3 && ch === "'")) state = stack.pop() ?? 0;
    }
  }
  if (token !== '') tokens.push(token);
  if (tokens.length > 0) layers.push(tokens);
  return layers;
}
