/**
 * `-D, --debug [areas]`: which informational diagnostics the commands print, as
 * `spamassassin -D [area,…]` selects its debug channels (`-D` alone: all of them).
 */
import { existsSync } from 'node:fs';
import type { Diagnostic } from '../config/diagnostics.js';

/** The value of `--debug`: absent, given alone (`true`), or a comma-separated list of areas. */
export type DebugOption = boolean | string | undefined;

/**
 * A diagnostic's area: the word its message starts with (`config: …`, `rules: …`, `dns: …`,
 * `uridnsbl: …` — SA's debug channel names), else the first part of its code (`dns-timeout` → `dns`).
 */
export function diagnosticArea(d: Diagnostic): string {
  const m = /^([a-z][a-z0-9_]*):/i.exec(d.message);
  return (m ? m[1]! : d.code.split('-')[0]!).toLowerCase();
}

/**
 * Whether a diagnostic is printed: errors and warnings always; informational ones only with
 * `--debug`, and, when areas are listed, only theirs (`all` lists every area).
 */
export function shownWith(debug: DebugOption): (d: Diagnostic) => boolean {
  if (!debug) return (d) => d.severity !== 'info';
  if (debug === true) return () => true;
  const areas = new Set(debug.toLowerCase().split(',').map((a) => a.trim()).filter(Boolean));
  if (areas.has('all')) return () => true;
  return (d) => d.severity !== 'info' || areas.has(diagnosticArea(d)) || areas.has(d.code);
}

/**
 * The input a `--debug` value really is, if any: commander gives an optional value the next
 * argument, so `check -D msg.eml` reads `msg.eml` as the areas. A value that names an existing
 * path, or is not a comma-separated list of words, is an input (then `--debug` means all areas).
 */
export function debugInput(debug: DebugOption): string | undefined {
  if (typeof debug !== 'string') return undefined;
  if (existsSync(debug) || !/^[a-z][a-z0-9_-]*(?:,[a-z][a-z0-9_-]*)*$/i.test(debug)) return debug;
  return undefined;
}
