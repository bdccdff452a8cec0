/**
 * A cheap pre-test for the Received-format patterns that embed SA's `IP_ADDRESS`.
 *
 * Why: V8 needs 10–40 ms to compile each of those ~70 patterns (the IP pattern's bounded
 * repetitions and alternations expand a lot), about two seconds before the first message is
 * parsed. A pattern's *skeleton* — the same source with `IP_ADDRESS` replaced by the superset
 * `[0-9a-fA-FiIpPvV.:]+` (every character an IP match can contain) — matches every string the
 * real pattern matches, and compiles in a fraction of a millisecond. So a format is decided by
 * its real pattern only when its skeleton matches: same results, and a process only ever
 * compiles the few real patterns its mail actually needs.
 *
 * Only `^`-anchored patterns get a skeleton: with one start position the superset class cannot
 * add backtracking work that the real pattern would not do.
 */

import { IP_ADDRESS, LOCALHOST } from './ip-patterns.js';

/** Every character an `IP_ADDRESS` match can contain (hex digits, '.', ':', and "IPv6"). */
export const IP_SUPERSET = '(?:[0-9a-fA-FiIpPvV.:]+)';
/** Every character a `LOCALHOST` match can contain ("localhost.localdomain", IPs). */
const LOCALHOST_SUPERSET = '(?:[0-9a-zA-Z.:]+)';

const skeletons = new WeakMap<RegExp, RegExp | null>();

function skeletonOf(pattern: RegExp): RegExp | null {
  let skeleton = skeletons.get(pattern);
  if (skeleton === undefined) {
    const { source, flags } = pattern;
    const heavy = source.includes(IP_ADDRESS) || source.includes(LOCALHOST);
    const usable = source.startsWith('^') && heavy && !/[gy]/.test(flags);
    skeleton = usable
      ? new RegExp(source.split(IP_ADDRESS).join(IP_SUPERSET).split(LOCALHOST).join(LOCALHOST_SUPERSET), flags)
      : null;
    skeletons.set(pattern, skeleton);
  }
  return skeleton;
}

/** `pattern.exec(text)`, skipped (null) when the pattern's skeleton already rules a match out. */
export function execPrefiltered(pattern: RegExp, text: string): RegExpExecArray | null {
  const skeleton = skeletonOf(pattern);
  if (skeleton && !skeleton.test(text)) return null;
  return pattern.exec(text);
}
