/**
 * Where `spamscore update` keeps rules and keys: the counterpart of sa-update's
 * `--updatedir` default (`__local_state_dir__/__version__`, `/var/lib/spamassassin/4.000001`)
 * and of its `--gpghomedir` (`/etc/spamassassin/sa-update-keys`).
 *
 * spamscore never writes into SpamAssassin's directories by default: a host may run both,
 * and sa-update owns those. Our base directory is `/var/lib/spamscore` for root (a mail server
 * installs rules system-wide, as sa-update does) and the user's data directory otherwise
 * (`$XDG_DATA_HOME/spamscore`, else `~/.local/share/spamscore`; `%LOCALAPPDATA%\spamscore` on
 * Windows), so `npx spamscore update` works without privileges.
 */
import os from 'node:os';
import path from 'node:path';

/** SpamAssassin's version in the `x.yyyzzz` form sa-update and `__version__` use. */
export const SA_VERSION_DIR = '4.000001';

/** SpamAssassin's version in dotted form (`$SAVersion` in sa-update). */
export const SA_VERSION_DOTTED = '4.0.1';

/** The environment variable that overrides {@link defaultUpdateDir}. */
export const UPDATE_DIR_ENV = 'SPAMSCORE_UPDATE_DIR';

/** The directory holding spamscore's update directories (one per SpamAssassin version) and keys. */
export function spamscoreStateBase(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'spamscore');
  }
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/spamscore';
  const data = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'spamscore');
}

/**
 * spamscore's update directory: `$SPAMSCORE_UPDATE_DIR` when set, else
 * `<state base>/4.000001` (versioned like sa-update's, so rules fetched for one SpamAssassin
 * version are never read by a spamscore that follows another).
 */
export function defaultUpdateDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[UPDATE_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(spamscoreStateBase(env), SA_VERSION_DIR);
}

/**
 * The keyring directory of an update directory: `spamscore-keys` beside it (imported public
 * keys, one armored file per key). Beside rather than inside, so the update directory holds
 * only what sa-update would put there; named so that it never collides with SA's own
 * `sa-update-keys` GnuPG home.
 */
export function defaultKeyringDir(updateDir: string): string {
  return path.join(path.dirname(path.resolve(updateDir)), 'spamscore-keys');
}
