/**
 * `spamscore update`: sa-update's command line on top of `updateRules()` — the same options
 * (`--channel`, `--channelfile`, `--install`, `--checkonly`, `--gpgkey`, `--gpgkeyfile`,
 * `--gpghomedir`, `--nogpg`, `--import`, `--updatedir`, `--refreshmirrors`, `--forcemirror`,
 * `--allowplugins`), its messages and its exit codes (0 updated, 1 no update, 2 site lint
 * failed, 3 some channels failed, 4 all failed), plus `--dns-server HOST:PORT`, `--site DIR`
 * and `--timeout SECONDS`. Downloads show a progress bar when standard error is a terminal.
 */
import { formatDiagnostic } from '../config/diagnostics.js';
import { importKeys } from '../update/keyring.js';
import { defaultKeyringDir, defaultUpdateDir } from '../update/paths.js';
import { updateRules, type UpdateOptions } from '../update/update-rules.js';

/** Options of the update command, as parsed from the command line. */
export interface UpdateCommandOptions {
  channel?: string[];
  channelfile?: string;
  install?: string;
  checkonly?: boolean;
  gpgkey?: string[];
  gpgkeyfile?: string;
  gpghomedir?: string;
  /** False for `--nogpg`/`--no-gpg`. */
  gpg?: boolean;
  nogpg?: boolean;
  import?: string[];
  updatedir?: string;
  site?: string[];
  dnsServer?: string[];
  refreshmirrors?: boolean;
  forcemirror?: string;
  allowplugins?: boolean;
  reallyallowplugins?: boolean;
  /** Seconds a DNS query or HTTP answer may take. */
  timeout?: number;
  /** `-v` count. */
  verbose?: number;
  debug?: boolean;
}

/** Runs `update`; returns sa-update's exit code. */
export async function runUpdate(
  opts: UpdateCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
  tty: { isTTY?: boolean; write(s: string): unknown } = process.stderr,
): Promise<number> {
  const updateDir = opts.updatedir ?? defaultUpdateDir();
  const keyring = opts.gpghomedir ?? defaultKeyringDir(updateDir);

  // sa-update: "--import FILE" imports the keys and exits.
  if (opts.import?.length) {
    let code = 0;
    for (const file of opts.import) {
      try {
        const fprs = await importKeys(file, keyring);
        for (const f of fprs) out(`gpg: key ${f} imported into ${keyring} (trust it to sign releases with --gpgkey ${f})`);
      } catch (e) {
        err(`gpg: cannot import ${file}: ${e instanceof Error ? e.message : String(e)}`);
        code = 2;
      }
    }
    return code;
  }
  if (opts.allowplugins && !opts.reallyallowplugins) {
    err(
      'Security warning: dangerous option --allowplugins used:\n' +
        "- spamscore never runs code from rule files, but the update's loadplugin lines would select plugins\n" +
        '- specify --reallyallowplugins to keep them active',
    );
    return 2;
  }

  let bar = '';
  const progress = (p: { url: string; received: number; total?: number }) => {
    if (!tty.isTTY) return;
    const name = p.url.slice(p.url.lastIndexOf('/') + 1);
    const kb = (n: number) => `${Math.round(n / 1024)} KB`;
    const line =
      p.total !== undefined && p.total > 0
        ? `${name} [${'#'.repeat(Math.round((20 * p.received) / p.total)).padEnd(20, '.')}] ${kb(p.received)} / ${kb(p.total)}`
        : `${name} ${kb(p.received)}`;
    tty.write(`\r${line.padEnd(bar.length)}`);
    bar = line;
    if (p.total !== undefined && p.received >= p.total) {
      tty.write('\n');
      bar = '';
    }
  };

  const options: UpdateOptions = {
    updateDir,
    keyring,
    ...(opts.site?.length ? { site: opts.site } : {}),
    ...(opts.channel?.length ? { channels: opts.channel } : {}),
    ...(opts.channelfile !== undefined ? { channelFile: opts.channelfile } : {}),
    ...(opts.install !== undefined ? { install: opts.install } : {}),
    ...(opts.checkonly ? { checkOnly: true } : {}),
    ...(opts.gpg === false || opts.nogpg ? { gpg: false } : {}),
    ...(opts.gpgkey?.length ? { gpgKeys: opts.gpgkey } : {}),
    ...(opts.gpgkeyfile !== undefined ? { gpgKeyFile: opts.gpgkeyfile } : {}),
    ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}),
    ...(opts.refreshmirrors ? { refreshMirrors: true } : {}),
    ...(opts.forcemirror !== undefined ? { forceMirror: opts.forcemirror } : {}),
    ...(opts.allowplugins ? { allowPlugins: true } : {}),
    ...(opts.timeout !== undefined ? { timeout: opts.timeout * 1000 } : {}),
    onProgress: progress,
    ...(opts.debug ? { onDebug: (m: string) => err(`dbg: ${m}`) } : {}),
  };
  let result;
  try {
    result = await updateRules(options);
  } catch (e) {
    if (bar) tty.write('\n');
    err(`spamscore update: ${e instanceof Error ? e.message : String(e)}`);
    return 4;
  }
  if (bar) tty.write('\n');

  const verbose = opts.verbose ?? 0;
  for (const c of result.channels) {
    for (const w of c.warnings) err(`warning: ${w}`);
    for (const d of c.diagnostics ?? []) if (d.severity !== 'info') err(formatDiagnostic(d));
    if (c.status === 'failed' || (c.status === 'not-tried' && c.error)) err(`${c.error}, channel failed`);
    if (verbose > 0 && (c.status === 'updated' || c.status === 'available')) {
      out(`Update available for channel ${c.channel}: ${c.installedVersion} -> ${c.version}`);
    }
  }
  if (verbose > 0) {
    const messages: Record<number, string> = {
      0: opts.checkonly
        ? 'Update was available, but not installed in checkonly mode'
        : `Update was available, and was downloaded and installed successfully into ${result.updateDir}`,
      1: 'Update finished, no fresh updates were available',
      3: 'Update of at least one channel finished, other updates failed',
    };
    out(messages[result.exitCode] ?? `Update failed, exiting with code ${result.exitCode}`);
  }
  return result.exitCode;
}
