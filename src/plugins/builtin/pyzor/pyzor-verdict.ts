/**
 * Pyzor's decision from the counts its servers give (Pyzor.pm `_check_result`): listed when
 * the digest was reported `pyzor_count_min` times, unless it was also welcomelisted often
 * enough — at least `pyzor_welcomelist_min` times and at least `pyzor_welcomelist_factor`
 * times the report count. Absurd counts (a million reports, ten thousand welcomelistings) are
 * ignored.
 */

/** The settings `_check_result` reads. */
export interface PyzorThresholds {
  countMin: number;
  welcomelistMin: number;
  welcomelistFactor: number;
}

/** What the counts say. */
export interface PyzorVerdict {
  listed: boolean;
  /** The `_PYZOR_` tag. */
  tag: string;
}

/** `_check_result` for summed counts. */
export function pyzorVerdict(count: number, welcomelisted: number, t: PyzorThresholds): PyzorVerdict {
  const tag = `Reported ${count} times, welcomelisted ${welcomelisted} times.`;
  if (count >= 1000000 || welcomelisted >= 10000) return { listed: false, tag };
  const wlLimit = welcomelisted >= t.welcomelistMin ? count * t.welcomelistFactor : 0;
  if (wlLimit && welcomelisted >= wlLimit) return { listed: false, tag };
  return { listed: count >= t.countMin, tag };
}
