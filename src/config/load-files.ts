/**
 * The one module that reads configuration from the file system.
 *
 * It gathers files in SpamAssassin's load order (`Mail::SpamAssassin::init`): the site
 * directory's `*.pre`, the rules directory's `*.pre`, the rules directory's `*.cf`
 * (`updates_spamassassin_org.cf` first), the site directory's `*.cf`, an optional user
 * preferences file, then `cf` lines given by the caller (SA's `--cf`, its `post_config_text`).
 * Files are read as Latin-1 so every byte stays one character: SA matches rule patterns
 * against bytes, and a UTF-8 sequence in a pattern must stay a byte sequence.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigSource, IncludeResolver } from './parser.js';

/** Where SpamAssassin looks for its rules directory, in order (`@default_rules_path`). */
export const SA_RULES_DIRS: readonly string[] = [
  '/var/lib/spamassassin/4.000001',
  '/usr/share/spamassassin',
  '/usr/local/share/spamassassin',
];

/** Where SpamAssassin looks for its site configuration directory (`@site_rules_path`). */
export const SA_SITE_DIRS: readonly string[] = [
  '/etc/spamassassin',
  '/etc/mail/spamassassin',
  '/usr/local/etc/spamassassin',
  '/usr/local/etc/mail/spamassassin',
  '/usr/pkg/etc/spamassassin',
  '/usr/etc/spamassassin',
];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** SA's `first_existing_path`. */
export function firstExisting(paths: readonly string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

/** Sorts like SA's `_reorder_dir`: `updates_spamassassin_org.cf` first, then byte order. */
function saOrder(a: string, b: string): number {
  if (a === 'updates_spamassassin_org.cf') return -1;
  if (b === 'updates_spamassassin_org.cf') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lists a directory's files with the extension (`cf` or `pre`) in SA's order. */
export function listConfigFiles(dir: string, ext: 'cf' | 'pre'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const re = new RegExp(`\\.${ext}$`, 'i');
  return names
    .filter((n) => re.test(n))
    .filter((n) => {
      try {
        return statSync(path.join(dir, n)).isFile();
      } catch {
        return false;
      }
    })
    .sort(saOrder)
    .map((n) => path.join(dir, n));
}

/** Reads a file as Latin-1 (one character per byte). */
export function readConfigFile(file: string): string {
  return readFileSync(file, 'latin1');
}

/** Expands a path argument: a directory gives its files of one kind, a file itself (for `cf`). */
function filesOf(paths: readonly string[], ext: 'cf' | 'pre'): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (isDir(p)) out.push(...listConfigFiles(p, ext));
    else if (ext === 'cf' && existsSync(p)) out.push(p);
  }
  return out;
}

/** What {@link collectSources} reads. */
export interface SourcePaths {
  /** Rules directories or files (SA's `rules_filename`). */
  rules: readonly string[];
  /** Site configuration directories or files (SA's `site_rules_filename`). */
  site: readonly string[];
  /** A user preferences file, read after everything else. */
  userPrefs?: string;
  /** Configuration lines appended last (SA's `--cf`). */
  cf?: readonly string[];
}

/** Reads the configuration files in SpamAssassin's order. */
export function collectSources(p: SourcePaths): ConfigSource[] {
  const files = [
    ...filesOf(p.site, 'pre'),
    ...filesOf(p.rules, 'pre'),
    ...filesOf(p.rules, 'cf'),
    ...filesOf(p.site, 'cf'),
    ...(p.userPrefs && existsSync(p.userPrefs) ? [p.userPrefs] : []),
  ];
  const seen = new Set<string>();
  const sources: ConfigSource[] = [];
  for (const f of files) {
    if (seen.has(f)) continue;
    seen.add(f);
    sources.push({ name: f, text: readConfigFile(f) });
  }
  if (p.cf && p.cf.length > 0) sources.push({ name: '(post_config_text)', text: p.cf.join('\n') + '\n' });
  return sources;
}

/** Resolves `include` paths relative to the including file, reading from disk. */
export const fileIncludeResolver: IncludeResolver = (file, from) => {
  const expanded = file.startsWith('~/') ? path.join(process.env.HOME ?? '', file.slice(2)) : file;
  const full = path.isAbsolute(expanded) ? expanded : path.join(path.dirname(from), expanded);
  try {
    return { name: full, text: readConfigFile(full) };
  } catch {
    return undefined;
  }
};
