/**
 * Installing a checked update into an update directory, in sa-update's layout:
 *
 *     <updatedir>/<channel dir>/      the archive's files (and the channel's MIRRORED.BY)
 *     <updatedir>/<channel dir>.cf    "# UPDATE version N", then "include <channel dir>/F.cf" per .cf file
 *     <updatedir>/<channel dir>.pre   "include <channel dir>/F.pre" per .pre file (only when there are some)
 *
 * sa-update deletes the old files and extracts the new ones in place (its "point of no
 * return"), so a failure half-way leaves a broken rule set. We build the new channel directory
 * beside the old one first ({@link stageUpdate}); the update is linted there; then
 * {@link commitUpdate} swaps it in with renames on one file system and replaces the include
 * files atomically. Until that swap nothing installed is touched, and a failing swap is undone.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChannelPaths } from './channel.js';
import type { ExtractedFile } from './extract.js';

/** The name sa-update keeps a channel's mirror list under, inside the channel directory. */
export const MIRRORED_BY = 'MIRRORED.BY';

/**
 * Writes an update's files into a new hidden directory inside the update directory (same file
 * system as the channel directory, so it can be renamed into place). Returns its path.
 */
export function stageUpdate(channel: ChannelPaths, files: readonly ExtractedFile[]): string {
  const updateDir = path.dirname(channel.dir);
  mkdirSync(updateDir, { recursive: true });
  const staging = mkdtempSync(path.join(updateDir, `.${channel.name}.new-`));
  try {
    for (const f of files) writeFileSync(path.join(staging, f.name), f.data);
    // Keep the channel's mirror list unless the update brings its own (sa-update preserves it).
    const mirrors = path.join(channel.dir, MIRRORED_BY);
    if (!files.some((f) => f.name === MIRRORED_BY) && existsSync(mirrors)) copyFileSync(mirrors, path.join(staging, MIRRORED_BY));
  } catch (e) {
    discardStaging(staging);
    throw e;
  }
  return staging;
}

/** Removes a staging directory (after a failed check, or a failed swap that was undone). */
export function discardStaging(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

/**
 * The texts of the channel's `.cf` and `.pre` include files for the files of a channel
 * directory: sorted names (sa-update's bug 5371 fix), `.cf` and `.pre` by their exact suffix.
 * `pre` is undefined when there is no `.pre` file (sa-update then writes none).
 */
export function includeFiles(channelDirName: string, fileNames: readonly string[], version: string): { cf: string; pre?: string } {
  const sorted = [...fileNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const cf = [`# UPDATE version ${version}\n`, ...sorted.filter((f) => f.endsWith('.cf')).map((f) => `include ${channelDirName}/${f}\n`)];
  const pre = sorted.filter((f) => f.endsWith('.pre')).map((f) => `include ${channelDirName}/${f}\n`);
  return { cf: cf.join(''), ...(pre.length > 0 ? { pre: pre.join('') } : {}) };
}

function regularFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => {
    try {
      return statSync(path.join(dir, n)).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Swaps a linted staging directory in as the channel's rules, with its include files. On
 * failure everything is put back as it was and the error is rethrown; the staging directory
 * is consumed either way.
 */
export function commitUpdate(channel: ChannelPaths, staging: string, version: string): void {
  const updateDir = path.dirname(channel.dir);
  const tag = path.basename(staging).replace(/^.*\.new-/, '');
  const hidden = (what: string) => path.join(updateDir, `.${channel.name}.${what}-${tag}`);
  const texts = includeFiles(channel.name, regularFiles(staging), version);
  const cfNew = hidden('cf.new');
  const preNew = hidden('pre.new');
  const oldDir = hidden('old');
  const oldPre = hidden('pre.old');
  const undo: Array<() => void> = [];
  try {
    writeFileSync(cfNew, texts.cf, 'latin1');
    undo.push(() => rmSync(cfNew, { force: true }));
    if (texts.pre !== undefined) {
      writeFileSync(preNew, texts.pre, 'latin1');
      undo.push(() => rmSync(preNew, { force: true }));
    }
    if (existsSync(channel.dir)) {
      renameSync(channel.dir, oldDir);
      undo.push(() => renameSync(oldDir, channel.dir));
    }
    renameSync(staging, channel.dir);
    undo.push(() => renameSync(channel.dir, staging));
    if (existsSync(channel.pre)) {
      renameSync(channel.pre, oldPre);
      undo.push(() => renameSync(oldPre, channel.pre));
    }
    if (texts.pre !== undefined) renameSync(preNew, channel.pre);
    // The point of no return: one rename replaces the include file that names the files.
    renameSync(cfNew, channel.cf);
  } catch (e) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // keep undoing what can be undone
      }
    }
    discardStaging(staging);
    throw e;
  }
  rmSync(oldDir, { recursive: true, force: true });
  rmSync(oldPre, { force: true });
}
