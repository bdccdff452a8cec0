/**
 * `updateRules()`: sa-update 4.0.1's channel loop, step for step, with its exit codes:
 *
 * 1. the channel's newest version: the TXT record `<reversed SA version>.<channel>` (or the
 *    digits of an `--install` file's name); none published and a `mirrors.<channel>` record
 *    present means "no update" — no record at all is a failure;
 * 2. skip it when `<channel dir>.cf` already says that version (`# UPDATE version N`);
 * 3. lint the site's `*.pre` files once (a failure stops everything: exit 2);
 * 4. the mirrors: MIRRORED.BY from the URL in `mirrors.<channel>` (cached 7 days in the channel
 *    directory), mirrors picked at random by weight until one serves `<version>.tar.gz`, its
 *    `.asc` signature (required unless GPG is off) and `.sha512`/`.sha256` checksum (required
 *    when GPG is off);
 * 5. checksums and signature verified (see `verify.ts`), the archive read (`tar.ts`,
 *    `extract.ts`), staged and linted beside the installed rules, then swapped in (`install.ts`).
 *
 * Exit codes (sa-update's): 0 an update was installed (or, with `checkOnly`, is available),
 * 1 no update was needed, 2 the site `*.pre` files fail lint, 3 some channels failed and some
 * succeeded, 4 every channel that was tried failed. Nothing here throws except on misuse.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../config/diagnostics.js';
import { defaultSiteDirs } from '../load-rule-set.js';
import { spamscoreVersion } from '../package-info.js';
import {
  DEFAULT_CHANNEL,
  channelPaths,
  installedVersion,
  isValidChannel,
  mirrorsQueryName,
  readChannelFile,
  versionFromInstallFile,
  versionFromTxt,
  versionQueryName,
  type ChannelPaths,
} from './channel.js';
import { createTxtResolver, lookupTxt, type TxtResolver } from './dns.js';
import { httpGet, type DownloadProgress, type HttpGetResult } from './download.js';
import { ExtractError, extractUpdate } from './extract.js';
import { commitUpdate, discardStaging, MIRRORED_BY, stageUpdate } from './install.js';
import { loadKeyring } from './keyring.js';
import { lintSitePre, lintUpdate, type UpdateLint } from './lint-update.js';
import { chooseMirror, parseMirroredBy, urlsToTry, type Mirror } from './mirrors.js';
import { defaultKeyringDir, defaultUpdateDir, SA_VERSION_DOTTED } from './paths.js';
import { readTarGz, TarError } from './tar.js';
import { digestMatches, isValidKeyId, trustedKeySet, verifySignature } from './verify.js';

/** Options of {@link updateRules}; the sa-update option each mirrors is named. */
export interface UpdateOptions {
  /** Channels to update (`--channel`, repeatable); default `updates.spamassassin.org`. */
  channels?: readonly string[];
  /** A file listing channels, one per line (`--channelfile`); replaces `channels`. */
  channelFile?: string;
  /** Where rules are installed (`--updatedir`); default {@link defaultUpdateDir}. */
  updateDir?: string;
  /** Install this `.tar.gz` instead of downloading (`--install`); its `.asc`/`.sha512`/`.sha256` sit beside it. */
  install?: string;
  /** Only tell whether an update is available (`--checkonly`; no signature is needed). */
  checkOnly?: boolean;
  /** Verify OpenPGP signatures (default true; `false` is `--nogpg`: checksums only). */
  gpg?: boolean;
  /** Key ids (8 hex digits) or fingerprints (40) trusted to sign releases besides SpamAssassin's (`--gpgkey`); turns `gpg` on. */
  gpgKeys?: readonly string[];
  /** A file of such ids, one per line, `#` comments (`--gpgkeyfile`); turns `gpg` on. */
  gpgKeyFile?: string;
  /** The keyring directory of imported keys (`--gpghomedir`); default {@link defaultKeyringDir}. */
  keyring?: string;
  /** Site directories whose `*.pre` files the update is linted with; default SpamAssassin's site directory, else spamscore's default site. */
  site?: string | readonly string[];
  /** DNS servers (`HOST` or `HOST:PORT`) for the channel lookups; default the system's. */
  dnsServers?: readonly string[];
  /** A resolver to use instead (`resolveTxt` as in `dns.promises`); tests and hosts with their own DNS pass one. */
  resolver?: TxtResolver;
  /** The `fetch` for downloads (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds a DNS query, or an HTTP answer, may keep us waiting (default 30 000). */
  timeout?: number;
  /** Try `https://` first for mirrors listed as `http://` (default true). */
  preferHttps?: boolean;
  /** Download MIRRORED.BY again even if the cached copy is fresh (`--refreshmirrors`). */
  refreshMirrors?: boolean;
  /** Use this mirror URL instead of the channel's list (`--forcemirror`). */
  forceMirror?: string;
  /** Leave `loadplugin`-like lines of the update active (`--allowplugins`; they are commented out by default). */
  allowPlugins?: boolean;
  /** Random numbers in [0, 1) for the mirror choice (default `Math.random`). */
  random?: () => number;
  /** Stops the update between steps and aborts downloads. */
  signal?: AbortSignal;
  /** Download progress. */
  onProgress?: (p: DownloadProgress & { channel: string }) => void;
  /** Step-by-step notes (what sa-update prints with `-D`). */
  onDebug?: (message: string) => void;
}

/** What happened to one channel. */
export interface ChannelOutcome {
  channel: string;
  /**
   * `updated`: installed; `available`: an update exists (`checkOnly`); `up-to-date`: the
   * installed version is current; `no-update`: the channel publishes none for this version;
   * `failed`: see `error`; `not-tried`: the site lint failed first.
   */
  status: 'updated' | 'available' | 'up-to-date' | 'no-update' | 'failed' | 'not-tried';
  /** The version installed before (-1: none). */
  installedVersion: number;
  /** The version found (published, or of the `install` file). */
  version?: string;
  /** The mirror the update came from. */
  mirror?: string;
  /** Why it failed (`status: 'failed'`), in sa-update's words where it has some. */
  error?: string;
  /** Problems that did not stop the channel (an old mirror list kept, an unreadable key file). */
  warnings: string[];
  /** The lint's diagnostics when the update failed lint. */
  diagnostics?: Diagnostic[];
}

/** The result of {@link updateRules}. */
export interface UpdateResult {
  /** sa-update's exit code (see the module comment). */
  exitCode: 0 | 1 | 2 | 3 | 4;
  channels: ChannelOutcome[];
  updateDir: string;
  /** The site `*.pre` lint, when it failed (exit code 2). */
  siteLint?: UpdateLint;
}

/** Perl's `fisher_yates_shuffle`, so that mirror list requests spread. */
function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

const list = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : [...v]);

/** Network error codes that mean "we could not talk to anyone": the hint to use `--install`. */
const OFFLINE = /^(?:ECONNREFUSED|ETIMEOUT|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNRESET|EAI_AGAIN|ENOTFOUND|ESERVFAIL|EREFUSED|ENOTIMP|ECANCELLED|EADDRNOTAVAIL)$|no answer within/;

/**
 * Updates the rules of one or more channels (see the module comment).
 * @throws TypeError on misuse: `install` with several channels, an `install` file name without
 *   a version number, unreadable `channelFile`/`gpgKeyFile`.
 * @example
 * ```ts
 * const r = await updateRules();               // updates.spamassassin.org into the default directory
 * if (r.exitCode === 0) console.log('new rules installed');
 * ```
 */
export async function updateRules(options: UpdateOptions = {}): Promise<UpdateResult> {
  const debug = options.onDebug ?? (() => {});
  const updateDir = path.resolve(options.updateDir ?? defaultUpdateDir());
  let gpg = options.gpg ?? true;
  const extraKeys: string[] = [];
  for (const k of options.gpgKeys ?? []) {
    gpg = true;
    if (isValidKeyId(k)) extraKeys.push(k.toUpperCase());
    else debug(`gpg: invalid gpgkey parameter ${k}`);
  }
  if (options.gpgKeyFile !== undefined) {
    gpg = true;
    let text: string;
    try {
      text = readFileSync(options.gpgKeyFile, 'latin1');
    } catch (e) {
      throw new TypeError(`cannot open ${options.gpgKeyFile} for reading: ${(e as Error).message}`);
    }
    for (const raw of text.split('\n')) {
      const k = raw.replace(/#.*$/, '').trim();
      if (k === '') continue;
      if (isValidKeyId(k)) extraKeys.push(k.toUpperCase());
      else debug(`gpg: invalid key id ${k}`);
    }
  }
  // sa-update bug 5854: checking needs no signature.
  if (options.checkOnly) gpg = false;

  let channels = options.channels && options.channels.length > 0 ? [...options.channels] : [DEFAULT_CHANNEL];
  if (options.channelFile !== undefined) {
    try {
      channels = readChannelFile(options.channelFile);
    } catch (e) {
      throw new TypeError(`cannot open ${options.channelFile} for reading: ${(e as Error).message}`);
    }
  }
  channels = channels.filter((c) => {
    if (isValidChannel(c)) return true;
    debug(`channel: skipping invalid channel: ${c}`);
    return false;
  });
  if (options.install !== undefined && channels.length > 1) throw new TypeError('--install cannot be used with multiple channels');
  let installVersion: string | undefined;
  if (options.install !== undefined) {
    installVersion = versionFromInstallFile(options.install);
    if (installVersion === undefined) throw new TypeError(`--install file ${options.install} does not contain a 3-digit version number`);
  }

  const site = options.site !== undefined ? list(options.site) : defaultSiteDirs();
  const random = options.random ?? Math.random;
  const resolver = options.resolver ?? createTxtResolver({ ...(options.dnsServers ? { servers: options.dnsServers } : {}), timeout: options.timeout ?? 30_000 });
  const http = (url: string, channel: string) =>
    httpGet(url, {
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      userAgent: `spamscore/${spamscoreVersion()} (sa-update compatible; SpamAssassin ${SA_VERSION_DOTTED})`,
      onProgress: (p) => options.onProgress?.({ ...p, channel }),
    });
  const keyring = gpg ? await loadKeyring(options.keyring ?? defaultKeyringDir(updateDir)) : undefined;
  const trusted = trustedKeySet(extraKeys);
  debug(`generic: using update directory: ${updateDir}`);

  const outcomes: ChannelOutcome[] = [];
  let siteLinted = false;
  let siteLint: UpdateLint | undefined;
  for (const channel of channels) {
    const paths = channelPaths(updateDir, channel);
    const current = installedVersion(paths.cf);
    const outcome: ChannelOutcome = { channel, status: 'failed', installedVersion: current, warnings: [] };
    outcomes.push(outcome);
    if (siteLint) {
      outcome.status = 'not-tried';
      continue;
    }
    if (options.signal?.aborted) {
      outcome.error = `channel '${channel}': aborted`;
      continue;
    }
    if (keyring) outcome.warnings.push(...keyring.problems.map((p) => `gpg: unreadable key file ${p}`));
    debug(`channel: attempting channel ${channel}, current version ${current}`);

    // 1–2: which version, and is it new?
    let version: string;
    if (installVersion !== undefined) {
      version = installVersion;
      if (options.checkOnly) {
        outcome.status = 'available';
        outcome.version = version;
        continue;
      }
    } else {
      const answer = await lookupTxt(resolver, versionQueryName(channel));
      const v = versionFromTxt(answer.records);
      if (v === undefined) {
        const mirrors = await lookupTxt(resolver, mirrorsQueryName(channel));
        if (mirrors.records.length > 0) {
          debug('channel: no updates available, skipping channel');
          outcome.status = 'no-update';
        } else {
          const err = answer.error ?? mirrors.error;
          outcome.error =
            err !== undefined && OFFLINE.test(err)
              ? `channel '${channel}': cannot reach DNS (${err}): are you offline? Rules can be installed from a file with --install FILE`
              : `channel '${channel}': no 'mirrors.${channel}' record found${err ? ` (${err})` : ''}` +
                // SpamAssassin's own channel always has the record: the resolver is not reaching the Internet.
                (channel === DEFAULT_CHANNEL ? ': are you offline, or is your DNS resolver filtered? Rules can be installed from a file with --install FILE' : '');
        }
        continue;
      }
      version = String(v);
      outcome.version = version;
      if (current >= v) {
        debug(`channel: current version is ${current}, new version is ${v}, skipping channel`);
        outcome.status = 'up-to-date';
        continue;
      }
      if (options.checkOnly) {
        outcome.status = 'available';
        continue;
      }
    }
    outcome.version = version;

    // 3: the site's .pre files must lint before any update can.
    if (!siteLinted) {
      const r = lintSitePre(site);
      if (!r.ok) {
        siteLint = r;
        outcome.status = 'not-tried';
        outcome.error = 'lint of site pre files failed, cannot continue';
        outcome.diagnostics = r.diagnostics;
        continue;
      }
      siteLinted = true;
    }

    // 4: the files.
    let content: Buffer | undefined;
    let sha512: string | undefined;
    let sha256: string | undefined;
    let asc: Buffer | undefined;
    if (options.install !== undefined) {
      const file = options.install;
      const read = (f: string) => (existsSync(f) ? readFileSync(f) : undefined);
      try {
        content = readFileSync(file);
      } catch (e) {
        outcome.error = `channel '${channel}': cannot read ${file}: ${(e as Error).message}`;
        continue;
      }
      if (content.length === 0) {
        outcome.error = `channel '${channel}': empty file ${file}`;
        continue;
      }
      sha512 = read(`${file}.sha512`)?.toString('latin1');
      sha256 = read(`${file}.sha256`)?.toString('latin1');
      if (gpg) {
        asc = read(`${file}.asc`);
        if (!asc) {
          outcome.error = `channel '${channel}': missing signature file ${file}.asc (sa-update needs it too; --nogpg checks the checksums only)`;
          continue;
        }
      }
      if (!gpg && !sha512 && !sha256) {
        outcome.error = `channel '${channel}': missing checksum files ${file}{,.sha512,.sha256}`;
        continue;
      }
    } else {
      const mirrors = await mirrorList(channel, paths, outcome);
      if (!mirrors) continue;
      const got = await download(channel, version, mirrors, outcome);
      if (!got) continue;
      ({ content, sha512, sha256, asc } = got);
    }

    // 5: verify, extract, lint, install.
    if (sha512 !== undefined && !digestMatches(content, sha512, 'sha512')) {
      outcome.error = `channel '${channel}': SHA512 verification failed`;
      continue;
    }
    if (sha256 !== undefined && !digestMatches(content, sha256, 'sha256')) {
      outcome.error = `channel '${channel}': SHA256 verification failed`;
      continue;
    }
    if (gpg && keyring) {
      const check = await verifySignature(content, asc!, keyring.keys, trusted);
      if (!check.ok) {
        outcome.error =
          `channel '${channel}': GPG validation failed: ${check.message}` +
          (check.reason === 'unknown-key' || check.reason === 'untrusted-key'
            ? `. To accept a channel's key: spamscore update --import KEYFILE, then --gpgkey ${check.keyIds[0] ?? 'KEYID'}`
            : '');
        continue;
      }
      debug(`gpg: signature made by release trusted key ${check.signer}`);
    }
    let staging: string;
    try {
      const files = extractUpdate(readTarGz(content), { allowPlugins: options.allowPlugins ?? false });
      staging = stageUpdate(paths, files);
    } catch (e) {
      if (!(e instanceof TarError || e instanceof ExtractError)) {
        outcome.error = `channel '${channel}': cannot write ${updateDir}: ${(e as Error).message}`;
      } else outcome.error = `channel '${channel}': archive extraction failed: ${e.message}`;
      continue;
    }
    const lint = lintUpdate(staging, site);
    if (!lint.ok) {
      discardStaging(staging);
      outcome.error = `channel '${channel}': lint check of update failed`;
      outcome.diagnostics = lint.diagnostics.map((d) => (d.file?.startsWith(staging) ? { ...d, file: `${version}.tar.gz:${d.file.slice(staging.length + 1)}` } : d));
      continue;
    }
    try {
      commitUpdate(paths, staging, version);
    } catch (e) {
      outcome.error = `channel '${channel}': installing into ${paths.dir} failed: ${(e as Error).message}`;
      continue;
    }
    debug(`channel: update complete (${lint.ruleCount} rules)`);
    outcome.status = 'updated';
  }

  const failures = outcomes.filter((o) => o.status === 'failed').length;
  const successes = outcomes.filter((o) => o.status === 'updated' || o.status === 'available').length;
  const exitCode = siteLint ? 2 : failures === 0 ? (successes > 0 ? 0 : 1) : successes > 0 ? 3 : 4;
  return { exitCode, channels: outcomes, updateDir, ...(siteLint ? { siteLint } : {}) };

  /** The channel's mirrors: the cached MIRRORED.BY if fresh, else a new one (sa-update's mirror steps). */
  async function mirrorList(channel: string, paths: ChannelPaths, outcome: ChannelOutcome): Promise<Mirror[] | undefined> {
    if (options.forceMirror !== undefined) return [{ url: options.forceMirror.replace(/\/+$/, ''), weight: 1, options: {} }];
    const file = path.join(paths.dir, MIRRORED_BY);
    let cached: string | undefined;
    let fresh = false;
    try {
      const st = statSync(file);
      if (st.size > 0) {
        cached = readFileSync(file, 'latin1');
        fresh = !options.refreshMirrors && Date.now() - st.mtimeMs <= 7 * 24 * 3600 * 1000;
      }
    } catch {
      // no mirror file yet
    }
    let text = fresh ? cached : undefined;
    if (text === undefined) {
      const answer = await lookupTxt(resolver, mirrorsQueryName(channel));
      for (const url of shuffle([...answer.records], random)) {
        const got = await getPreferringHttps(url, channel);
        if (got.ok && got.data.length > 0) {
          text = got.data.toString('latin1');
          try {
            mkdirSync(paths.dir, { recursive: true });
            writeFileSync(file, got.data);
          } catch (e) {
            outcome.warnings.push(`cannot save ${file}: ${(e as Error).message}`);
          }
          break;
        }
        debug(`channel: no mirror data available for channel ${channel} from ${url}: ${got.ok ? 'empty' : got.error}`);
      }
      if (text === undefined && cached !== undefined) {
        outcome.warnings.push(`unable to refresh mirrors file for channel ${channel}, using old file`);
        text = cached;
      }
      if (text === undefined) {
        outcome.error =
          answer.records.length === 0
            ? answer.error !== undefined && OFFLINE.test(answer.error)
              ? `channel '${channel}': cannot reach DNS (${answer.error}): are you offline? Rules can be installed from a file with --install FILE`
              : `channel '${channel}': MIRRORED.BY file URL was not in DNS`
            : `channel '${channel}': MIRRORED.BY file contents were missing`;
        return undefined;
      }
    }
    const mirrors = parseMirroredBy(text);
    if (mirrors.length === 0) {
      outcome.error = `channel '${channel}': no mirrors available`;
      return undefined;
    }
    return mirrors;
  }

  /** GET, trying https:// first for an http:// URL (see `urlsToTry`). */
  async function getPreferringHttps(url: string, channel: string): Promise<HttpGetResult> {
    let last: HttpGetResult | undefined;
    for (const u of urlsToTry(url, options.preferHttps ?? true)) {
      last = await http(u, channel);
      if (last.ok) return last;
      debug(`http: GET ${u} failed: ${last.error}`);
    }
    return last!;
  }

  /** Tries mirrors at random by weight until one serves the archive and what checks it. */
  async function download(
    channel: string,
    version: string,
    mirrors: Mirror[],
    outcome: ChannelOutcome,
  ): Promise<{ content: Buffer; sha512?: string; sha256?: string; asc?: Buffer } | undefined> {
    const left = [...mirrors];
    let networkOnly = true;
    const errors: string[] = [];
    for (let m = chooseMirror(left, random); m; m = chooseMirror(left, random)) {
      left.splice(left.indexOf(m), 1);
      if (options.signal?.aborted) break;
      debug(`channel: selected mirror ${m.url}`);
      // The scheme that worked for the archive is used for its companions.
      const archive = await getPreferringHttps(`${m.url}/${version}.tar.gz`, channel);
      if (!archive.ok || archive.data.length === 0) {
        if (!archive.ok && !archive.network) networkOnly = false;
        errors.push(`${m.url}: ${archive.ok ? 'empty file' : archive.error}`);
        continue;
      }
      const base = archive.url.slice(0, -'.tar.gz'.length);
      const got: { content: Buffer; sha512?: string; sha256?: string; asc?: Buffer } = { content: archive.data };
      if (gpg) {
        const sig = await http(`${base}.tar.gz.asc`, channel);
        if (!sig.ok || sig.data.length === 0) {
          errors.push(`${m.url}: no signature (${version}.tar.gz.asc: ${sig.ok ? 'empty file' : sig.error})`);
          networkOnly &&= !sig.ok && sig.network;
          continue;
        }
        got.asc = sig.data;
      }
      const s512 = await http(`${base}.tar.gz.sha512`, channel);
      if (s512.ok && s512.data.length > 0) got.sha512 = s512.data.toString('latin1');
      else {
        const s256 = await http(`${base}.tar.gz.sha256`, channel);
        if (s256.ok && s256.data.length > 0) got.sha256 = s256.data.toString('latin1');
        else if (!gpg) {
          errors.push(`${m.url}: no sha512 or sha256 file`);
          networkOnly = false;
          continue;
        }
      }
      outcome.mirror = m.url;
      return got;
    }
    outcome.error =
      `channel '${channel}': could not find working mirror` +
      (errors.length > 0 ? ` (${errors.join('; ')})` : '') +
      (networkOnly && errors.length > 0 ? ': are you offline? Rules can be installed from a file with --install FILE' : '');
    return undefined;
  }
}
