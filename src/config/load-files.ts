/**
 * The one module that reads configuration from the file system.
 *
 * It gathers files in SpamAssassin's load order (`Mail::SpamAssassin::init`): the site
 * directory's `*.pre`, the rules directory's `*.pre`, the rules directory's `*.cf`
 * (`updates_spamassassin_org.cf` first), the site directory's `*.cf`, an optional user
 * preferences file, then `cf` lines given by the caller (SA's `--cf`, its `post_config_text`).
 * Files are read as bytes (a `Buffer` source, see config/bytes.ts): SA matches rule patterns
 * against bytes, and a UTF-8 sequence in a pattern must stay a byte sequence. Only regular
 * files are read, each of at most {@link MAX_CONFIG_FILE_BYTES} (see {@link readConfigFile}).
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigSource, IncludeResolver } from './parser.js';

/**
 * The most bytes one configuration file may hold: 64 MiB. SpamAssassin has no cap; the stock
 * rule files are well under 1 MiB each, so this only stops a path that reads without end or
 * holds something other than configuration (`include /var/log/huge.log`) from exhausting memory.
 */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024 * 1024;

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

/**
 * Reads a configuration file as bytes, the way SA's
 * `_read_cf_pre` + `read_cf_file` do, with SA's file test and a size cap SA has not:
 *
 * - only a regular file is read (SA's `-f _ && -s _` test): a device (`/dev/zero`,
 *   `/dev/urandom`), a FIFO or a socket is refused without being opened for reading, and a
 *   file whose size is 0 is read as empty, as SA skips it (so `/proc/self/environ`, which
 *   stats as empty, is never echoed into diagnostics);
 * - at most `maxBytes` ({@link MAX_CONFIG_FILE_BYTES}) are read: a larger file (or one that
 *   grows past the cap while being read) is refused.
 *
 * The checks are made on the opened descriptor (`fstat`), so swapping the path for a device
 * between the check and the read changes nothing; the open is non-blocking, so a FIFO
 * never stalls it.
 * @returns the source, a source whose `refused` says why it was not read, or undefined when
 *   the path does not exist or cannot be opened.
 */
export function readConfigFile(file: string, maxBytes: number = MAX_CONFIG_FILE_BYTES): ConfigSource | undefined {
  let st;
  try {
    st = statSync(file);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return { name: file, text: '', refused: 'not-a-file' };
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) return { name: file, text: '', refused: 'not-a-file' };
    if (fst.size > maxBytes) return { name: file, text: '', refused: 'too-large' };
    if (fst.size === 0) return { name: file, text: '' };
    // Read until EOF, never past the cap: a file growing while we read is caught too.
    const chunks: Buffer[] = [];
    let total = 0;
    let want = fst.size + 1; // one byte more than stat says, to see the end (or growth) at once
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
      want = 64 * 1024;
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { name: file, text: '', refused: 'too-large' };
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return { name: file, text: Buffer.concat(chunks, total) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
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
    const source = readConfigFile(f);
    if (source) sources.push(source);
  }
  // Text given in code: encoded to UTF-8 when parsed, as a file holding these lines would be read.
  if (p.cf && p.cf.length > 0) sources.push({ name: '(post_config_text)', text: p.cf.join('\n') + '\n' });
  return sources;
}

/**
 * Resolves `include` paths relative to the including file, reading from disk, as SA's
 * `fix_path_relative_to_current_file` + `read_cf` do: a directory gives its `*.cf` files (regular
 * files only, SA's order); a file is read through {@link readConfigFile}'s guards.
 */
export const fileIncludeResolver: IncludeResolver = (file, from) => {
  const expanded = file.startsWith('~/') ? path.join(process.env.HOME ?? '', file.slice(2)) : file;
  const full = path.isAbsolute(expanded) ? expanded : path.join(path.dirname(from), expanded);
  if (isDir(full)) return listConfigFiles(full, 'cf').flatMap((f) => readConfigFile(f) ?? []);
  return readConfigFile(full);
};
