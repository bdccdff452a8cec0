/**
 * Update channels as sa-update names and stores them: the channel list (`--channel`,
 * `--channelfile`), the file-system name of a channel, the DNS name of its version record,
 * the version installed now (the `# UPDATE version N` header of `<channel dir>.cf`) and the
 * version of an `--install` file (the last run of 3+ digits in its path).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SA_VERSION_DOTTED } from './paths.js';

/** The channel sa-update uses when none is given. */
export const DEFAULT_CHANNEL = 'updates.spamassassin.org';

/** A channel name sa-update accepts (its untaint pattern); others are skipped. */
export function isValidChannel(name: string): boolean {
  return /^[a-zA-Z0-9._-]+$/.test(name);
}

/**
 * The channel's directory name: every run of characters other than letters, digits and `-`
 * becomes one `_` (sa-update's `tr/A-Za-z0-9-/_/cs`): `updates.spamassassin.org` →
 * `updates_spamassassin_org`.
 */
export function channelDirName(channel: string): string {
  return channel.replace(/[^A-Za-z0-9-]+/g, '_');
}

/**
 * Reads a channel file as sa-update does: `#` comments and surrounding white space removed,
 * empty lines skipped, names lower-cased.
 */
export function parseChannelFile(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line !== '') out.push(line.toLowerCase());
  }
  return out;
}

/** Reads a channel file from disk (see {@link parseChannelFile}). */
export function readChannelFile(file: string): string[] {
  return parseChannelFile(readFileSync(file, 'latin1'));
}

/**
 * The TXT name holding a channel's latest version for our SpamAssassin version: the version's
 * parts reversed, then the channel (`1.0.4.updates.spamassassin.org` for 4.0.1).
 */
export function versionQueryName(channel: string, saVersion: string = SA_VERSION_DOTTED): string {
  return `${saVersion.split('.').reverse().join('.')}.${channel}`;
}

/** The TXT name holding the URL of a channel's MIRRORED.BY file. */
export function mirrorsQueryName(channel: string): string {
  return `mirrors.${channel}`;
}

/**
 * The version a version TXT answer announces: the leading digits of the answers joined by a
 * space (sa-update joins every TXT record so), or undefined.
 */
export function versionFromTxt(records: readonly string[]): number | undefined {
  const m = /^(\d+)/.exec(records.join(' '));
  return m ? Number(m[1]) : undefined;
}

/**
 * The installed version of a channel: the `# UPDATE version N` metadata at the top of its
 * `.cf` include file, or -1 when there is none (never installed).
 */
export function installedVersion(cfFile: string): number {
  let text: string;
  try {
    text = readFileSync(cfFile, 'latin1');
  } catch {
    return -1;
  }
  let version = -1;
  for (const line of text.split('\n')) {
    const m = /^# UPDATE\s+([A-Za-z]+)\s+(\S+)/.exec(line);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'version') {
      const v = /^(\d+)/.exec(m[2]!);
      if (v) version = Number(v[1]);
    }
  }
  return version;
}

/**
 * The version of an `--install` file: the run of at least three digits nearest the end of its
 * path (sa-update's `/(?:.*\D|^)(\d{3,})/`), as a string (it is written back as given), or
 * undefined when the name holds none.
 */
export function versionFromInstallFile(file: string): string | undefined {
  const m = /(?:[\s\S]*\D|^)(\d{3,})/.exec(file);
  return m ? m[1] : undefined;
}

/** The paths of one channel inside an update directory (sa-update's `$UPDDir`, `$CFFile`, `$PREFile`). */
export interface ChannelPaths {
  /** `<updatedir>/<channel dir>`: the channel's rule files and its MIRRORED.BY. */
  dir: string;
  /** `<updatedir>/<channel dir>.cf`: `# UPDATE version N` and one `include` per `.cf` file. */
  cf: string;
  /** `<updatedir>/<channel dir>.pre`: one `include` per `.pre` file (absent when none). */
  pre: string;
  /** The channel directory's name, as the include lines write it. */
  name: string;
}

/** Where a channel lives inside an update directory. */
export function channelPaths(updateDir: string, channel: string): ChannelPaths {
  const name = channelDirName(channel);
  const dir = path.join(updateDir, name);
  return { dir, cf: `${dir}.cf`, pre: `${dir}.pre`, name };
}
