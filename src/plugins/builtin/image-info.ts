/**
 * ImageInfo: SpamAssassin's `Plugin::ImageInfo` — counts, pixel areas, sizes and names of
 * the GIF/PNG/JPEG attachments (base64-encoded leaves only, as SA reads them).
 */
import { findParts } from '../../message/mime/find-parts.js';
import { base64Decode } from '../../message/mime/transfer-encoding.js';
import { decodePart } from '../../message/mime/decode.js';
import { translatePerlRegex } from '../../compile/regex/translate.js';
import type { EvalContext } from '../types.js';
import { gifDimensions, jpegDimensions, pngDimensions, type Dimensions } from './image-info/dimensions.js';
import { partHeader } from './mime-eval/attachments.js';
import { perlNum } from '../../perl/numbers.js';
import { lc } from '../../perl/strings.js';
import { definePlugin } from '../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from './vocabulary.js';

const TYPES = ['gif', 'png', 'jpeg'] as const;

/** SA's `$pms->{imageinfo}`: `pc_<type>`, `count_<type>`, `dems_<type>`, `names_all`. */
interface ImageFacts {
  pc: Map<string, number>;
  count: Map<string, number>;
  /** `"HxW"` keys; a type is present only once an image of it had a size. */
  dems: Map<string, Set<string>>;
  /** Present once a sized image had a name. */
  names?: Set<string>;
}

function getImages(ctx: EvalContext): ImageFacts {
  return ctx.memo('imageinfo', () => {
    const f: ImageFacts = { pc: new Map(), count: new Map(), dems: new Map() };
    for (const t of ['all', ...TYPES]) {
      f.pc.set(t, 0);
      f.count.set(t, 0);
    }
    for (const p of findParts(ctx.model.tree().root, /^image\/(?:gif|png|jpe?g)$/, true)) {
      const cte = lc(partHeader(p, 'content-transfer-encoding') ?? '');
      if (!/^base64\n?$/.test(cte)) continue;
      let type = /\/(\w+)$/.exec(p.type)?.[1] ?? '';
      if (type === 'jpg') type = 'jpeg';
      let dims: Dimensions | undefined;
      if (type === 'gif') dims = gifDimensions(base64Decode((p.raw ?? []).join(''), 13));
      else if (type === 'png') dims = pngDimensions(decodePart(p) ?? '');
      else if (type === 'jpeg') dims = jpegDimensions(decodePart(p) ?? '');
      else continue;
      if (dims) {
        f.pc.set(type, f.pc.get(type)! + dims.height * dims.width);
        let d = f.dems.get(type);
        if (!d) f.dems.set(type, (d = new Set()));
        d.add(`${dims.height}x${dims.width}`);
        if (p.name !== undefined && p.name !== '' && p.name !== '0') (f.names ??= new Set()).add(p.name);
      }
      f.count.set(type, f.count.get(type)! + 1);
    }
    for (const t of TYPES) {
      f.pc.set('all', f.pc.get('all')! + f.pc.get(t)!);
      f.count.set('all', f.count.get('all')! + f.count.get(t)!);
      const d = f.dems.get(t);
      if (d) {
        let all = f.dems.get('all');
        if (!all) f.dems.set('all', (all = new Set()));
        for (const x of d) all.add(x);
      }
    }
    return f;
  });
}

/** `result_check`: value in [min, max] (max optional; with `nomaxequal`, max excluded). */
function resultCheck(min: string, max: string | undefined, value: number | undefined, noMaxEqual = false): number {
  if (value === undefined) return 0;
  if (value < perlNum(min)) return 0;
  if (max !== undefined && value > perlNum(max)) return 0;
  if (noMaxEqual && value === perlNum(max)) return 0;
  return 1;
}

const nameRegexCache = new Map<string, RegExp | null>();

/** ImageInfo's evals by name. */
const IMAGE_INFO: EvalImpls = {
  /** An image of that file name (with a readable size) is attached. */
  image_named: (ctx, name) => {
    if (name === undefined) return 0;
    return getImages(ctx).names?.has(name) ? 1 : 0;
  },

  /** An image name (of a sized image) matches the regex (`/re/` interpolated into a match). */
  image_name_regex: (ctx, re) => {
    if (re === undefined) return 0;
    const names = getImages(ctx).names;
    if (!names) return 0;
    let rx = nameRegexCache.get(re);
    if (rx === undefined) {
      try {
        const t = translatePerlRegex(re, '');
        rx = new RegExp(t.js.source, t.js.flags);
      } catch {
        rx = null;
      }
      nameRegexCache.set(re, rx);
    }
    if (!rx) return 0;
    for (const n of names) if (rx.test(n)) return 1;
    return 0;
  },

  /** The number of images of a type (`gif`, `png`, `jpeg`, `all`) in [min, max]. */
  image_count: (ctx, type, min, max) => {
    if (min === undefined) return 0;
    return resultCheck(min, max, getImages(ctx).count.get(type ?? ''));
  },

  /** Total pixel area of the images of a type in [min, max]. */
  pixel_coverage: (ctx, type, min, max) => {
    if (type === undefined || min === undefined) return 0;
    return resultCheck(min, max, getImages(ctx).pc.get(type));
  },

  /** Text length (of the rule's text) over image area in [min, max). */
  image_to_text_ratio: (ctx, type, min, max) => {
    if (type === undefined || min === undefined || max === undefined) return 0;
    const body = (ctx.text as readonly string[] | undefined) ?? ctx.message.bodyLines();
    let textlen = 0;
    for (const l of body) textlen += l.length;
    const pc = getImages(ctx).pc.get(type);
    if (!(textlen > 0 && pc !== undefined && pc > 0)) return 0;
    return resultCheck(min, max, textlen / pc, true);
  },

  /** An image of a type has exactly that height and width. */
  image_size_exact: (ctx, type, height, width) => {
    if (type === undefined || height === undefined || width === undefined) return 0;
    return getImages(ctx).dems.get(type)?.has(`${height}x${width}`) ? 1 : 0;
  },

  /** An image of a type is at least minh x minw (and at most maxh x maxw). */
  image_size_range: (ctx, type, minh, minw, maxh, maxw) => {
    if (type === undefined || minh === undefined || minw === undefined) return 0;
    const dems = getImages(ctx).dems.get(type);
    if (!dems) return 0;
    for (const d of dems) {
      const [h, w] = d.split('x').map(Number) as [number, number];
      if (h < perlNum(minh) || w < perlNum(minw)) continue;
      if (maxh !== undefined && h > perlNum(maxh)) continue;
      if (maxw !== undefined && w > perlNum(maxw)) continue;
      return 1;
    }
    return 0;
  },
};

/** `Mail::SpamAssassin::Plugin::ImageInfo`: SA's vocabulary (catalog.ts) with the implementations above. */
export const IMAGE_INFO_PLUGIN = definePlugin({
  ...saVocabulary('ImageInfo'),
  evals: saEvals('ImageInfo', IMAGE_INFO),
});
