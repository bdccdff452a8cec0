/**
 * Template tags (`_SCORE_`, `_TESTS_`, …) and their replacement in header templates, as
 * `PerMsgStatus::%common_tags` and `_replace_tags` do. An unknown tag stays as written.
 */
import { perlNumberString, sprintfFixed } from './perl-format.js';

/** What tags are computed from: the outcome of one scan. */
export interface TagSource {
  score: number;
  requiredScore: number;
  isSpam: boolean;
  /** Scored hits, one entry per hit (repeats for `multiple` rules). */
  testsHit: readonly string[];
  /** Sub-rule hits: each sub-rule that hit, with how many times. */
  subtests: ReadonlyMap<string, number>;
  /** Score of a rule in the active score set. */
  ruleScore(name: string): number;
  /** `_AUTOLEARN_`: SA's auto-learn status text. */
  autolearn: string;
  /** `_HOSTNAME_`: report_hostname or this host's name. */
  hostname: string;
  /** Extra tags set during the scan (plugins, capture rules): name → value(s). */
  /** Other tags; a function is called when a template uses the tag (`_PREVIEW_` renders the body). */
  extra?: ReadonlyMap<string, string | readonly string[] | ((arg?: string) => string)>;
}

/**
 * `get_names_of_subtests_hit("collapsed")`: each sub-rule once, sorted, with `(n)` after one
 * that hit n > 1 times, joined by ",". It returns one string, so `_SUBTESTSCOLLAPSED(sep)_`
 * ignores its separator (SA joins the one-element list with it).
 */
function collapsedSubtests(subtests: ReadonlyMap<string, number>): string {
  return sorted([...subtests.keys()])
    .map((name) => (subtests.get(name)! > 1 ? `${name}(${subtests.get(name)})` : name))
    .join(',');
}

/** `subtest_names_hit`, sorted: each sub-rule once per hit. */
function subtestNames(subtests: ReadonlyMap<string, number>): string[] {
  return sorted([...subtests.keys()]).flatMap((name) => Array<string>(subtests.get(name)!).fill(name));
}

/** SpamAssassin's version as `_VERSION_` and `_SUBVERSION_` print it. */
export const SA_VERSION = '4.0.1';
export const SA_SUBVERSION = '2024-03-25';

/** `Util::get_tag_value_for_score`: the `_SCORE_` text, never showing a ham at the threshold. */
export function scoreTag(score: number, required: number, isSpam: boolean): string {
  const s = sprintfFixed(score, 1);
  const r = sprintfFixed(required, 1);
  if (isSpam || Number(s) < Number(r)) return s;
  return perlNumberString(Number(r) - 0.1);
}

const sorted = (xs: readonly string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The value of one tag with its optional argument, or undefined when unknown. */
export function tagValue(tag: string, arg: string | undefined, t: TagSource): string | undefined {
  switch (tag) {
    case 'YESNO':
    case 'YESNOCAPS': {
      let v: string;
      if (arg !== undefined) {
        const [spam, ham] = splitOnce(arg, ',');
        v = t.isSpam ? spam : (ham ?? 'No');
      } else v = t.isSpam ? 'Yes' : 'No';
      return tag === 'YESNOCAPS' ? v.toUpperCase() : v;
    }
    case 'SCORE':
    case 'HITS': {
      let s = scoreTag(t.score, t.requiredScore, t.isSpam);
      if (arg !== undefined && /^(0+| +)$/.test(arg)) {
        const count = arg.length + 3 - s.length;
        if (count > 0) s = arg.slice(0, count) + s;
      }
      return s;
    }
    case 'REQD':
      return sprintfFixed(t.requiredScore, 1);
    case 'VERSION':
      return SA_VERSION;
    case 'SUBVERSION':
      return SA_SUBVERSION;
    case 'HOSTNAME':
      return t.hostname;
    case 'STARS': {
      const c = arg || '*';
      const n = Math.min(50, Math.trunc(t.score));
      return n > 0 ? c.repeat(n) : '';
    }
    case 'AUTOLEARN':
      return t.autolearn;
    case 'TESTS':
      return sorted(t.testsHit).join(arg || ',') || 'none';
    case 'SUBTESTS':
      return subtestNames(t.subtests).join(arg || ',') || 'none';
    case 'SUBTESTSCOLLAPSED':
      return collapsedSubtests(t.subtests) || 'none';
    case 'TESTSSCORES':
      return (
        sorted(t.testsHit)
          .map((n) => `${n}=${perlNumberString(t.ruleScore(n)) || '0'}`)
          .join(arg || ',') || 'none'
      );
    default: {
      const v = t.extra?.get(tag);
      if (v === undefined) return undefined;
      return typeof v === 'string' ? v : typeof v === 'function' ? v(arg) : v.join(' ');
    }
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

const TAG = /_([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?:\(.*?\))?)_/g;

/** `_replace_tags`: every `_TAG_` / `_TAG(arg)_` replaced by its value, unknown ones kept. */
export function replaceTags(text: string, t: TagSource): string {
  return text.replace(TAG, (whole, spec: string) => {
    const m = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(?:\((.*)\))?$/s.exec(spec)!;
    const name = m[1]!;
    if (/^ADDEDHEADER(?:HAM|SPAM|)$/.test(name)) return whole;
    const v = tagValue(name, m[2], t);
    return v === undefined ? whole : v;
  });
}
