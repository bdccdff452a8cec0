/**
 * What sa-update's `taint_safe_archive_extract` does to an update archive's files before they
 * are written: file names checked, `@@MACRO@@` placeholders filled in, and the lines that could
 * load code commented out unless plugins are allowed. The output is byte-for-byte what
 * sa-update writes for the same archive (tested against sa-update itself when installed).
 */
import type { TarEntry } from './tar.js';
import { SA_VERSION_DIR } from './paths.js';
import { NS, S } from '../perl/regex-classes.js';

/**
 * The values sa-update substitutes for `@@NAME@@` in `.cf`/`.pre` files (its `%MACRO_VALUES`,
 * set when SpamAssassin is built). We use the values of the Debian build spamscore is checked
 * against: the macros appear in comments, in `require_version @@VERSION@@` and in
 * `report_contact @@CONTACT_ADDRESS@@`.
 */
export const MACRO_VALUES: Readonly<Record<string, string>> = Object.freeze({
  VERSION: SA_VERSION_DIR,
  CONTACT_ADDRESS: 'the administrator of that system',
  PREFIX: '/usr',
  DEF_RULES_DIR: '/usr/share/spamassassin',
  LOCAL_RULES_DIR: '/etc/spamassassin',
  LOCAL_STATE_DIR: '/var/lib/spamassassin',
  INSTALLSITELIB: '/usr/share/perl5',
});

/** One file to write into the channel directory. */
export interface ExtractedFile {
  /** File name inside the channel directory (no directories). */
  name: string;
  /** Contents as bytes. */
  data: Buffer;
}

/** An archive whose files cannot be installed. */
export class ExtractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractError';
  }
}

/** Lines that can load code (sa-update without `--allowplugins`). */
const CODE_LINE = new RegExp(
  `^${S}*(loadplugin|tryplugin|${NS}+_modules?|${NS}+_factory|dcc_(?:path|options)|pyzor_(?:path|options)|extracttext_external)${S}`,
  'gm',
);
/** `dns_server` lines, never allowed from an update. */
const DNS_SERVER_LINE = new RegExp(`^${S}*(dns_server)`, 'gm');

/**
 * The file name an archive member is written under. sa-update keeps names made of
 * `[-.,/a-zA-Z0-9_]` only and writes them below the channel directory, where a name with a
 * directory part fails (the directory does not exist) — so we accept flat names only, with
 * `./` prefixes dropped, and refuse the rest with a message instead of a half-written update.
 */
export function memberFileName(name: string): string {
  if (!/^[-.,/a-zA-Z0-9_]+$/.test(name)) throw new ExtractError(`unsafe file name in archive: ${JSON.stringify(name)}`);
  const flat = name.replace(/^(?:\.\/+)+/, '');
  if (flat.includes('/') || flat === '' || flat === '.' || flat === '..') {
    throw new ExtractError(`archive member ${JSON.stringify(name)} is not a plain file name`);
  }
  return flat;
}

/**
 * A `.cf` or `.pre` file's text as sa-update writes it (Latin-1 string in, out): macros
 * replaced (an unknown `@@NAME@@` stays), code-loading lines commented out unless
 * `allowPlugins`, `dns_server` lines always commented out.
 */
export function rewriteConfigText(text: string, allowPlugins = false): string {
  let out = text.replace(/@@([^@]+)@@/g, (all, name: string) => (Object.hasOwn(MACRO_VALUES, name) && MACRO_VALUES[name]) || all);
  if (!allowPlugins) out = out.replace(CODE_LINE, '#(commented by sa-update, no --allowplugins switch specified)# $1');
  return out.replace(DNS_SERVER_LINE, '#(commented by sa-update, not allowed)# $1');
}

/**
 * The files an archive installs: every regular file, named by {@link memberFileName}, `.cf`
 * and `.pre` files rewritten by {@link rewriteConfigText}. Two members with one name: the last
 * wins, as when sa-update writes them in turn.
 */
export function extractUpdate(entries: readonly TarEntry[], options: { allowPlugins?: boolean } = {}): ExtractedFile[] {
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    const name = memberFileName(e.name);
    const data = /\.(?:pre|cf)$/.test(name)
      ? Buffer.from(rewriteConfigText(e.data.toString('latin1'), options.allowPlugins), 'latin1')
      : e.data;
    files.delete(name);
    files.set(name, data);
  }
  return [...files].map(([name, data]) => ({ name, data }));
}
