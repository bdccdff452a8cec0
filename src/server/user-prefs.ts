/**
 * Where a request's `User:` finds its preferences, as spamd finds them: a virtual
 * configuration directory (`--virtual-config-dir`, spamd's `handle_virtual_config_dir`) or
 * the user's home directory (`~USER/.spamassassin/user_prefs`, `handle_user_setuid_basic` →
 * `handle_user_set_user_prefs`), optionally created from SpamAssassin's template
 * (`--create-prefs`, `create_default_cf_if_needed`). spamscore never changes user id: the
 * server reads what its own user may read.
 */
import { execFile } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigSource } from '../config/parser.js';

/** Where users' preferences are read from (spamd's user-config options). */
export interface UserPrefsOptions {
  /**
   * spamd's `--virtual-config-dir`: a directory pattern; `%u` is the user name, `%l` its
   * local part, `%d` its domain, `%%` a `%`; with `%x`, the full address's directory when it
   * has a `user_prefs`, else the domain's. The preferences are `DIR/user_prefs`.
   */
  virtualConfigDir?: string;
  /** spamd's user-config (its default; `-x` turns it off): `~USER/.spamassassin/user_prefs` of the user's home directory. */
  homeDir?: boolean;
  /** spamd's `--create-prefs` (home directories only): a missing `user_prefs` is created from SpamAssassin's `user_prefs.template`. */
  createPrefs?: boolean;
  /** How many users' compiled preferences each worker keeps (default 100). */
  cacheSize?: number;
}

/** What finding a user's preferences gave: the file read (if any) and lines for the log. */
export interface FoundPrefs {
  prefs?: ConfigSource;
  log: string[];
}

/** The largest user_prefs file read (a user's file is configuration, not a message). */
export const MAX_USER_PREFS_BYTES = 1024 * 1024;

/** Where SpamAssassin's default user preferences are (`@default_prefs_path`, first existing). */
export const DEFAULT_PREFS_PATH = ['/etc/spamassassin/user_prefs.template', '/etc/mail/spamassassin/user_prefs.template', '/usr/local/share/spamassassin/user_prefs.template', '/usr/share/spamassassin/user_prefs.template'];

/**
 * `handle_virtual_config_dir`'s directory for a user: unsafe characters become `_`, then the
 * pattern's escapes are filled in. Undefined when a substituted part would be `.` or `..`
 * (spamd would then read a parent directory; spamscore reads nothing).
 */
export function virtualConfigDir(pattern: string, username: string, exists: (file: string) => boolean): string | undefined {
  const safename = username.replace(/[^-A-Za-z0-9+_.,@=]/g, '_');
  const m = /^(.*)@(.*)$/s.exec(safename);
  const localpart = m ? m[1]! : '';
  const domain = m ? m[2]! : '';
  if ([safename, localpart, domain].some((p) => p === '.' || p === '..')) return undefined;
  if (pattern.includes('%x')) {
    // exim-style: the full address's directory when it has preferences, else the domain's
    const userdir = pattern.replace(/%x/g, safename);
    return exists(path.join(userdir, 'user_prefs')) ? userdir : pattern.replace(/%x/g, domain);
  }
  return pattern.replace(/%(u|l|d|%)/g, (_, c: string) => (c === 'u' ? safename : c === 'l' ? localpart : c === 'd' ? domain : '%'));
}

/** A user's home directory (getpwnam through `getent passwd`, so NSS sources count); undefined when unknown. */
export function homeDirOf(username: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('getent', ['passwd', '--', username], { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(undefined);
      const fields = stdout.split('\n')[0]!.split(':');
      resolve(fields.length >= 7 && fields[5] ? fields[5] : undefined);
    });
  });
}

/** Reads a regular file of at most {@link MAX_USER_PREFS_BYTES} as Latin-1; undefined when absent or not a file. */
async function readPrefs(file: string): Promise<{ text?: Buffer; problem?: string }> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return {};
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return {};
    if (st.size > MAX_USER_PREFS_BYTES) return { problem: `${file} is larger than ${MAX_USER_PREFS_BYTES} bytes: not read` };
    // the file's bytes, as SA reads a user_prefs file (a string would be taken as text and re-encoded)
    return { text: await fh.readFile() };
  } catch (e) {
    return { problem: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    await fh.close();
  }
}

/**
 * Finds and reads a user's preferences as spamd's `got_user_header` does for its options.
 * Never rejects: what goes wrong is a log line, and the site's preferences apply.
 * @param lookupHome how a user's home directory is found (default: getpwnam, {@link homeDirOf})
 */
export async function findUserPrefs(username: string, options: UserPrefsOptions, lookupHome: (user: string) => Promise<string | undefined> = homeDirOf): Promise<FoundPrefs> {
  const log: string[] = [];
  let file: string | undefined;
  if (options.virtualConfigDir !== undefined) {
    const dir = virtualConfigDir(options.virtualConfigDir, username, existsSync);
    if (dir === undefined) {
      log.push(`spamd: refusing the user name ${JSON.stringify(username)} as a directory name: using the site configuration`);
      return { log };
    }
    file = path.join(dir, 'user_prefs');
    log.push(`spamd: using default config for ${username}: ${file}`);
  } else if (options.homeDir) {
    const home = await lookupHome(username).catch(() => undefined);
    if (home === undefined) {
      log.push(`spamd: handle_user (userdir) unable to find user: '${username}'`);
      return { log };
    }
    file = path.join(home, '.spamassassin', 'user_prefs');
    if (options.createPrefs && !existsSync(file)) log.push(...(await createDefaultPrefs(file)));
  } else return { log };
  const { text, problem } = await readPrefs(file);
  if (problem) log.push(`spamd: ${problem}`);
  return text === undefined ? { log } : { prefs: { name: file, text }, log };
}

/** `create_default_prefs`: copies SpamAssassin's user_prefs template to a missing user_prefs. */
async function createDefaultPrefs(file: string): Promise<string[]> {
  const log = [`spamd: creating default_prefs: ${file}`];
  for (const template of DEFAULT_PREFS_PATH) {
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await copyFile(template, file, constants.COPYFILE_EXCL);
      log.push(`config: created user preferences file: ${file}`);
      return log;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !existsSync(template)) continue;
      log.push(`config: cannot create user preferences file ${file}: ${e instanceof Error ? e.message : String(e)}`);
      return log;
    }
  }
  log.push('config: can not determine default prefs path');
  return log;
}
