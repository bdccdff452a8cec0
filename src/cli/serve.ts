/**
 * `spamscore serve`: the spamd-compatible daemon. Options follow spamd's names where spamd has
 * them (`--listen`, `--allowed-ips`, `--max-children`, `--timeout-tcp`, `--timeout-child`,
 * `--ssl-cert`, `--ssl-key`, `--allow-tell`, `--pidfile`, `--socketmode`, `-L`, `--virtual-config-dir`,
 * `-x`, `-c`; `--user-config` asks for home-directory preferences, spamd's default). SIGHUP reloads
 * the rules (a new pool; the old one drains), SIGTERM and SIGINT stop gracefully (requests
 * being served are answered first).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localeFromEnv } from '../config/line-reader.js';
import { formatDiagnostic } from '../config/diagnostics.js';
import { createServer, type ServerOptions } from '../server/server.js';
import { parseListenSpec } from '../server/listen-spec.js';
import { pluginModuleUrl } from '../plugins/import-plugins.js';

/** Options of the serve command. */
export interface ServeCommandOptions {
  listen?: string[];
  port?: number;
  allowedIps?: string[];
  maxChildren?: number;
  rules?: string[];
  site?: string[];
  cf?: string[];
  local?: boolean;
  allowTell?: boolean;
  ssl?: boolean;
  sslCert?: string;
  sslKey?: string;
  timeoutTcp?: number;
  timeoutChild?: number;
  maxSize?: number;
  pidfile?: string;
  socketmode?: string;
  quiet?: boolean;
  virtualConfigDir?: string;
  userPrefs?: string;
  userConfig?: boolean;
  nouserConfig?: boolean;
  createPrefs?: boolean;
  userPrefsCache?: number;
  /** Plugin modules (files or packages) every worker loads with the rules. */
  plugin?: string[];
}

/** The per-user preferences the options ask for (spamd: `--virtual-config-dir`, user-config, `-x`, `-c`). */
function userPrefsOptions(opts: ServeCommandOptions): ServerOptions['userPrefs'] | string {
  const virtualConfigDir = opts.virtualConfigDir ?? (opts.userPrefs !== undefined ? path.join(opts.userPrefs, '%u') : undefined);
  if (opts.virtualConfigDir !== undefined && opts.userPrefs !== undefined) return 'give --virtual-config-dir or --user-prefs, not both';
  if (virtualConfigDir !== undefined && opts.userConfig) return '--user-config reads home directories: it cannot be used with --virtual-config-dir/--user-prefs';
  if (opts.nouserConfig && opts.userConfig) return '--user-config and -x (--nouser-config) contradict each other';
  if (opts.createPrefs && !opts.userConfig) return '-c (--create-prefs) creates preferences in home directories: it needs --user-config';
  if (virtualConfigDir === undefined && !opts.userConfig) return undefined;
  return {
    ...(virtualConfigDir !== undefined ? { virtualConfigDir } : { homeDir: true }),
    ...(opts.createPrefs ? { createPrefs: true } : {}),
    ...(opts.userPrefsCache !== undefined ? { cacheSize: opts.userPrefsCache } : {}),
  };
}

/** Runs the daemon until a signal stops it; returns the exit code. */
export async function runServe(opts: ServeCommandOptions, err: (s: string) => void): Promise<number> {
  const log = (level: string, message: string) => {
    if (opts.quiet && level === 'info') return;
    err(`${new Date().toISOString()} [${process.pid}] ${level}: ${message}`);
  };
  const userPrefs = userPrefsOptions(opts);
  if (typeof userPrefs === 'string') {
    err(`spamscore serve: ${userPrefs}`);
    return 64;
  }
  const port = opts.port ?? 783;
  const listen = (opts.listen?.length ? opts.listen : ['127.0.0.1']).map((l) => {
    const spec = parseListenSpec(l, port);
    return spec.kind === 'unix' ? spec.path : `${spec.tls ? 'ssl:' : ''}[${spec.host}]:${spec.port}`;
  });
  const options: ServerOptions = {
    listen,
    rules: {
      ...(opts.rules?.length ? { rules: opts.rules } : {}),
      ...(opts.site?.length ? { site: opts.site } : {}),
      ...(opts.cf?.length ? { cf: opts.cf } : {}),
      locale: localeFromEnv(process.env),
    },
    network: !opts.local,
    allowTell: Boolean(opts.allowTell),
    log,
    ...(opts.allowedIps?.length ? { allowedIps: opts.allowedIps } : {}),
    ...(opts.maxChildren !== undefined ? { maxChildren: opts.maxChildren } : {}),
    ...(opts.timeoutTcp !== undefined ? { timeoutTcp: opts.timeoutTcp } : {}),
    ...(opts.timeoutChild !== undefined ? { timeoutChild: opts.timeoutChild } : {}),
    ...(opts.maxSize !== undefined ? { maxSize: opts.maxSize } : {}),
    ...(opts.socketmode !== undefined ? { socketMode: parseInt(opts.socketmode, 8) } : {}),
    ...(opts.ssl ? { tlsAll: true } : {}),
    ...(userPrefs ? { userPrefs } : {}),
    // worker threads import the modules themselves (plugin objects cannot cross into a thread)
    ...(opts.plugin?.length ? { pluginModules: opts.plugin.map((m) => pluginModuleUrl(m)) } : {}),
  };
  if (opts.sslCert || opts.sslKey || opts.ssl || listen.some((l) => l.startsWith('ssl:'))) {
    if (!opts.sslCert || !opts.sslKey) {
      err('spamscore serve: TLS needs --ssl-cert and --ssl-key');
      return 64;
    }
    options.tls = { cert: readFileSync(opts.sslCert), key: readFileSync(opts.sslKey) };
  }
  const server = createServer(options);
  let addresses;
  try {
    addresses = await server.listen();
  } catch (e) {
    err(`spamscore serve: ${e instanceof Error ? e.message : String(e)}`);
    await server.close();
    return 2;
  }
  const info = await server.scanner!.ready;
  for (const d of info.diagnostics) if (d.severity === 'error') err(formatDiagnostic(d));
  log('info', `spamd: server pid: ${process.pid}, ${info.ruleCount} rules on ${server.scanner!.workers} workers`);
  for (const a of addresses) log('info', `spamd: listening on ${a.kind === 'unix' ? a.path : `${a.tls ? 'ssl:' : ''}[${a.host}]:${a.port}`}`);
  if (userPrefs) log('info', `spamd: user preferences from ${userPrefs.virtualConfigDir !== undefined ? `${userPrefs.virtualConfigDir}/user_prefs` : '~USER/.spamassassin/user_prefs'}`);
  if (opts.pidfile) writeFileSync(opts.pidfile, `${process.pid}\n`);
  return new Promise<number>((resolve) => {
    const stop = (sig: string) => {
      log('info', `spamd: server killed by ${sig}, shutting down`);
      void server.close().then(() => {
        if (opts.pidfile) {
          try {
            unlinkSync(opts.pidfile);
          } catch {
            // already gone
          }
        }
        resolve(0);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('SIGHUP', () => {
      log('info', 'spamd: server hit by SIGHUP, reloading the rules');
      server.reload().catch(() => undefined);
    });
  });
}
