/**
 * A channel's mirrors: the MIRRORED.BY file sa-update downloads from the URL in the
 * `mirrors.<channel>` TXT record, parsed as sa-update parses it, and its weighted random choice
 * (`choose_mirror`).
 */
import { perlNum } from '../perl/numbers.js';

/** One mirror: its base URL (no trailing slash) and its `key=value` options (`weight`). */
export interface Mirror {
  url: string;
  weight: number;
  options: Record<string, string>;
}

/**
 * Parses a MIRRORED.BY file: one mirror per line, `#` comments, `http://` or `https://` URLs
 * only (others are skipped, as sa-update does), then `key=value` options; `weight` defaults
 * to 1. A URL listed twice keeps its last options.
 */
export function parseMirroredBy(text: string): Mirror[] {
  const mirrors = new Map<string, Mirror>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '' || !/^https?:\/\//i.test(line)) continue;
    const [first, ...data] = line.split(/\s+/);
    const url = first!.replace(/\/+$/, '');
    const options: Record<string, string> = Object.create(null);
    for (const d of data) {
      const eq = d.indexOf('=');
      options[eq < 0 ? d : d.slice(0, eq)] = eq < 0 ? '' : d.slice(eq + 1);
    }
    mirrors.delete(url);
    mirrors.set(url, { url, weight: perlNum(options.weight ?? '1'), options });
  }
  return [...mirrors.values()];
}

/**
 * Picks a mirror at random, each with a chance proportional to its weight (sa-update's
 * `choose_mirror`): mirrors sorted by weight, heaviest first, a random integer below the total
 * walked down the list. `random` returns a number in [0, 1) (tests pass their own).
 */
export function chooseMirror(mirrors: readonly Mirror[], random: () => number = Math.random): Mirror | undefined {
  if (mirrors.length === 0) return undefined;
  const sorted = [...mirrors].sort((a, b) => b.weight - a.weight);
  if (sorted.length === 1) return sorted[0];
  const total = sorted.reduce((sum, m) => sum + m.weight, 0);
  let value = Math.floor(random() * total);
  while (sorted.length > 1) {
    if (value < sorted[0]!.weight) break;
    value -= sorted[0]!.weight;
    sorted.shift();
  }
  return sorted[0];
}

/**
 * The URLs to try for a mirror URL, best first. sa-update fetches what the list says; we try
 * `https://` first for an `http://` mirror, since most mirrors serve both and TLS hides what
 * is fetched from the path, then fall back to the URL as listed. (Integrity does not rest on
 * this: the archive's signature is checked either way.)
 */
export function urlsToTry(url: string, preferHttps: boolean): string[] {
  if (preferHttps && /^http:\/\//i.test(url)) return [`https://${url.slice('http://'.length)}`, url];
  return [url];
}
