/**
 * `createServer()`: a spamd-compatible daemon (SPAMC/SPAMD protocol 1.5, as spamd 4.0.1
 * speaks it) on top of the scanner pool. spamd's pre-forked children are the pool's worker
 * threads (`--max-children`); its listeners are TCP, TLS and Unix sockets; SIGHUP's restart
 * is {@link SpamdServer.reload} (a new pool loads the rules while the old one drains); a
 * graceful stop is {@link SpamdServer.close} (no new connections, requests being scanned finish).
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { createScanner, type Scanner, type ScannerOptions } from '../scanner/scanner.js';
import { parseAllowedIps, type AllowedIps } from './allowed-ips.js';
import { handleConnection, type ConnectionContext, type LogLevel, type Peer } from './handle-connection.js';
import { parseListenSpec, type ListenSpec } from './listen-spec.js';
import type { SpamdLearner, TellContext } from './tell.js';
import type { UserPrefsOptions } from './user-prefs.js';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /**
   * Where to listen (spamd `--listen`): `127.0.0.1:783`, `[::1]:783`, `:783`, `ssl:host:port`,
   * or a Unix socket path. Default `127.0.0.1:783`. Port 0 picks a free port (see `addresses`).
   */
  listen?: readonly string[];
  /** The rule set of every worker: `loadRuleSet()` options (as the scanner pool's `rules`). */
  rules?: ScannerOptions['rules'];
  /** Configuration text instead of files (the scanner pool's `sources`). */
  sources?: ScannerOptions['sources'];
  /** Plugin modules every worker imports (the scanner pool's `pluginModules`). */
  pluginModules?: ScannerOptions['pluginModules'];
  /** Worker threads scanning at once (spamd `--max-children`; default: available parallelism). */
  maxChildren?: number;
  /** The scanner pool's worker module (bundlers, tests). */
  workerUrl?: ScannerOptions['workerUrl'];
  /** A worker's heap limit in MB (the scanner pool's `maxWorkerHeapMb`). */
  maxWorkerHeapMb?: number;
  /**
   * Messages longer than this are scored on their first `maxSize` bytes, cut at a line end
   * (the scanner pool's `maxMessageSize`; default 32 MiB). PROCESS still returns the whole
   * message. (spamd has no such limit; spamc's `-s` keeps big messages from reaching it.)
   */
  maxSize?: number;
  /** The most bytes a request's message may have; past it the request is refused (default 256 MiB, spamc's own limit). */
  maxRequestSize?: number;
  /** Client addresses or networks allowed over TCP (spamd `--allowed-ips`); default 127.0.0.1 and ::1. */
  allowedIps?: readonly string[];
  /** Certificate and key (PEM) for `ssl:` listeners, or for every TCP listener with `tlsAll` (spamd `--ssl`). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Every TCP listener speaks TLS (spamd `--ssl`). */
  tlsAll?: boolean;
  /** Seconds to wait for the request line (spamd `--timeout-tcp`, default 30; 0: none). */
  timeoutTcp?: number;
  /** Seconds one request may take after its request line (spamd `--timeout-child`, default 300; 0: none). */
  timeoutChild?: number;
  /** Accept TELL (spamd `--allow-tell`). */
  allowTell?: boolean;
  /**
   * Where TELL's learning and reporting go. Default: the pool's own Bayes (`scanner.learn()`
   * into the store the rules name; nothing is learned when they name none, as spamd without
   * Bayes), with no reporter.
   */
  learner?: SpamdLearner;
  /** Run network tests (default true; spamd `-L` is `network: false`). */
  network?: boolean;
  /** Permissions of Unix sockets (spamd `--socketmode`, e.g. 0o660). */
  socketMode?: number;
  /** Open connections at most; more are refused at once (default 1000). */
  maxConnections?: number;
  /** Log lines (spamd's info/warn lines). Default: none. */
  log?: (level: LogLevel, message: string) => void;
  /**
   * Per-user preferences, for requests with a `User:` header (spamc `-u`), found as spamd
   * finds them (`--virtual-config-dir`, or home directories) and read on top of the rule set
   * as spamd's `read_scoreonly_config` reads them: administrator settings refused, user rules
   * only when the site configuration says `allow_user_rules 1`. Default: none (as spamd `-x`).
   */
  userPrefs?: UserPrefsOptions;
}

/** A listener's bound address. */
export type BoundAddress = { kind: 'tcp'; host: string; port: number; tls: boolean } | { kind: 'unix'; path: string };

interface Listener {
  spec: ListenSpec;
  server: net.Server;
  bound?: BoundAddress;
}

interface Conn {
  socket: Duplex;
  busy: boolean;
  /** Settles when the connection's answer is written or the connection is gone. */
  done: Promise<void>;
}

/** A spamd-compatible server. Create one with {@link createServer}, then `await listen()`. */
export class SpamdServer {
  readonly #options: ServerOptions;
  readonly #allowed: AllowedIps;
  readonly #listeners: Listener[] = [];
  readonly #conns = new Set<Conn>();
  readonly #sockets = new Set<Duplex>();
  #scanner: Scanner | undefined;
  #timeLimitMs = 300_000;
  #closing: Promise<void> | undefined;
  #reloading: Promise<void> | undefined;
  readonly #ctx: ConnectionContext;

  constructor(options: ServerOptions = {}) {
    const nonNegative = (n: unknown, name: string) => {
      if (n !== undefined && !(typeof n === 'number' && n >= 0 && Number.isFinite(n))) throw new TypeError(`createServer: options.${name} must be a number (0 or more)`);
    };
    nonNegative(options.timeoutTcp, 'timeoutTcp');
    nonNegative(options.timeoutChild, 'timeoutChild');
    if (options.maxRequestSize !== undefined && !(Number.isInteger(options.maxRequestSize) && options.maxRequestSize > 0)) {
      throw new TypeError('createServer: options.maxRequestSize must be a positive whole number');
    }
    const up = options.userPrefs;
    if (up !== undefined) {
      if (up.virtualConfigDir !== undefined && (typeof up.virtualConfigDir !== 'string' || up.virtualConfigDir === '')) throw new TypeError('createServer: options.userPrefs.virtualConfigDir must be a directory pattern');
      if (up.virtualConfigDir !== undefined && up.homeDir) throw new TypeError('createServer: options.userPrefs: give virtualConfigDir or homeDir, not both');
    }
    this.#options = options;
    this.#allowed = parseAllowedIps(options.allowedIps);
    const specs = (options.listen?.length ? options.listen : ['127.0.0.1:783']).map((l) => parseListenSpec(l));
    for (const spec of specs) {
      if (spec.kind === 'tcp' && (spec.tls || options.tlsAll) && !options.tls) throw new TypeError(`createServer: listening with TLS on ${spec.host}:${spec.port} needs options.tls (cert and key)`);
    }
    const log = options.log ?? (() => undefined);
    this.#ctx = {
      scanner: () => this.#scanner!,
      timeLimitMs: () => this.#timeLimitMs,
      timeoutTcp: options.timeoutTcp ?? 30,
      timeoutChild: options.timeoutChild ?? 300,
      allowTell: options.allowTell ?? false,
      learner: options.learner ?? this.#poolLearner(),
      network: options.network ?? true,
      maxRequestSize: options.maxRequestSize ?? 256 * 1024 * 1024,
      ...(options.userPrefs && (options.userPrefs.virtualConfigDir !== undefined || options.userPrefs.homeDir) ? { userPrefs: options.userPrefs } : {}),
      log,
    };
    for (const spec of specs) this.#listeners.push({ spec, server: this.#makeServer(spec) });
  }

  /** The bound addresses (after `listen()`), in `listen` order; TCP ports as bound (for port 0). */
  get addresses(): BoundAddress[] {
    return this.#listeners.flatMap((l) => (l.bound ? [l.bound] : []));
  }

  /** Open connections: `busy` ones are past their request line. */
  get connections(): { open: number; busy: number } {
    return { open: this.#conns.size, busy: [...this.#conns].filter((c) => c.busy).length };
  }

  /** The scanner pool in use. */
  get scanner(): Scanner | undefined {
    return this.#scanner;
  }

  /** Loads the rules on the pool's workers, then listens on every address. Rejects when either fails. */
  async listen(): Promise<BoundAddress[]> {
    const scanner = this.#newScanner();
    try {
      const info = await scanner.ready;
      this.#timeLimitMs = info.timeLimitMs;
    } catch (e) {
      await scanner.close();
      throw e;
    }
    this.#scanner = scanner;
    for (const l of this.#listeners) await this.#bind(l);
    return this.addresses;
  }

  /**
   * Reloads the rules (spamd's SIGHUP restart): a new pool loads them; once it is ready it
   * takes the new requests while the old pool finishes the scans it has, then ends. When the
   * new rules fail to load, the old pool stays and this rejects.
   */
  reload(): Promise<void> {
    this.#reloading ??= (async () => {
      const next = this.#newScanner();
      try {
        const info = await next.ready;
        const old = this.#scanner;
        this.#scanner = next;
        this.#timeLimitMs = info.timeLimitMs;
        this.#ctx.log('info', `spamd: reloaded: ${info.ruleCount} rules on ${next.workers} workers`);
        void old?.close();
      } catch (e) {
        await next.close();
        this.#ctx.log('error', `spamd: reload failed, keeping the running rules: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      }
    })().finally(() => (this.#reloading = undefined));
    return this.#reloading;
  }

  /**
   * Stops gracefully: listeners close, connections still waiting for their request line are
   * dropped, requests already being served are answered, then the pool ends.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      const closed = this.#listeners.map((l) => new Promise<void>((resolve) => (l.server.listening ? l.server.close(() => resolve()) : resolve())));
      for (const c of this.#conns) if (!c.busy) c.socket.destroy();
      // requests being served are answered; then every socket still open (lingering) goes
      await Promise.all([...this.#conns].map((c) => c.done));
      for (const socket of this.#sockets) socket.destroy();
      await Promise.all(closed);
      await this.#reloading?.catch(() => undefined);
      await this.#scanner?.close();
      for (const l of this.#listeners) {
        if (l.spec.kind === 'unix') removeSocket(l.spec.path);
      }
    })();
    return this.#closing;
  }

  /**
   * TELL's learner when none is given: the pool's workers learn into the Bayes store their
   * rule set names (`scanner.learn()`), as spamd learns through its `bayes_scanner` when
   * `bayes_learn_during_report` is on. Without Bayes or a store nothing is learned (spamc:
   * "Message was already un/learned"), as with spamd. No reporter: `Set: remote` does nothing.
   */
  #poolLearner(): SpamdLearner {
    const run = async (message: Buffer, what: 'spam' | 'ham' | 'forget', ctx: TellContext) => {
      const r = await this.#scanner!.learn(message, what, { duringReport: true, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      if (r.abandoned) throw new Error(r.diagnostics[0]?.message ?? 'the learn was abandoned');
      return r.status === 'learned';
    };
    return {
      learn: (message, isSpam, ctx) => run(message, isSpam ? 'spam' : 'ham', ctx),
      forget: (message, ctx) => run(message, 'forget', ctx),
    };
  }

  #newScanner(): Scanner {
    const o = this.#options;
    return createScanner({
      ...(o.rules !== undefined ? { rules: o.rules } : {}),
      ...(o.sources !== undefined ? { sources: o.sources } : {}),
      ...(o.pluginModules !== undefined ? { pluginModules: o.pluginModules } : {}),
      ...(o.maxChildren !== undefined ? { workers: o.maxChildren } : {}),
      ...(o.workerUrl !== undefined ? { workerUrl: o.workerUrl } : {}),
      ...(o.maxWorkerHeapMb !== undefined ? { maxWorkerHeapMb: o.maxWorkerHeapMb } : {}),
      ...(o.maxSize !== undefined ? { maxMessageSize: o.maxSize } : {}),
      ...(o.userPrefs?.cacheSize !== undefined ? { userPrefsCacheSize: o.userPrefs.cacheSize } : {}),
    });
  }

  #makeServer(spec: ListenSpec): net.Server {
    const secure = spec.kind === 'tcp' && (spec.tls || this.#options.tlsAll);
    const onSocket = (socket: net.Socket | tls.TLSSocket) => this.#accept(spec, socket);
    // allowHalfOpen: spamc shuts its side down after the message; the answer goes back after that.
    const server = secure
      ? tls.createServer({ cert: this.#options.tls!.cert, key: this.#options.tls!.key, allowHalfOpen: true })
      : net.createServer({ allowHalfOpen: true });
    server.on(secure ? 'secureConnection' : 'connection', onSocket);
    if (secure) server.on('tlsClientError', (e: Error) => this.#ctx.log('warn', `spamd: TLS handshake failed: ${e.message}`));
    server.on('error', (e) => this.#ctx.log('error', `spamd: listener error: ${e.message}`));
    server.maxConnections = this.#options.maxConnections ?? 1000;
    return server;
  }

  async #bind(l: Listener): Promise<void> {
    const { spec, server } = l;
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      server.once('error', fail);
      const done = () => {
        server.off('error', fail);
        resolve();
      };
      if (spec.kind === 'unix') {
        removeSocket(spec.path);
        server.listen(spec.path, done);
      } else server.listen(spec.port, spec.host, done);
    });
    if (spec.kind === 'unix') {
      if (this.#options.socketMode !== undefined) chmodSync(spec.path, this.#options.socketMode);
      l.bound = { kind: 'unix', path: spec.path };
    } else {
      const a = server.address() as net.AddressInfo;
      l.bound = { kind: 'tcp', host: spec.host, port: a.port, tls: Boolean(spec.tls || this.#options.tlsAll) };
    }
    this.#ctx.log('info', `spamd: server started on ${l.bound.kind === 'unix' ? `UNIX domain socket ${l.bound.path}` : `IO::Socket::IP [${l.bound.host}]:${l.bound.port}`}${l.bound.kind === 'tcp' && l.bound.tls ? ' (TLS)' : ''}`);
  }

  #accept(spec: ListenSpec, socket: net.Socket): void {
    let peer: Peer;
    if (spec.kind === 'unix') {
      peer = { hostname: 'localhost', address: '127.0.0.1', port: spec.path };
      this.#ctx.log('info', `spamd: got connection over ${spec.path}`);
    } else {
      const address = (socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
      peer = { hostname: address, address, port: socket.remotePort ?? 0 };
      const msg = `connection from ${address} [${address}]:${peer.port} to port ${socket.localPort}`;
      if (!this.#allowed.allows(address)) {
        this.#ctx.log('warn', `spamd: unauthorized ${msg}`);
        socket.destroy();
        return;
      }
      this.#ctx.log('info', `spamd: ${msg}`);
    }
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
    const conn: Conn = { socket, busy: false, done: Promise.resolve() };
    this.#conns.add(conn);
    conn.done = handleConnection(socket, peer, this.#ctx, () => (conn.busy = true)).finally(() => this.#conns.delete(conn));
  }
}

/** Removes a stale Unix socket file (never anything that is not a socket). */
function removeSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // absent: nothing to do
  }
}

/**
 * Creates a spamd-compatible server; `await server.listen()` loads the rules and starts it.
 * @example
 * ```ts
 * const server = createServer({ listen: ['127.0.0.1:783', '/run/spamscore.sock'], maxChildren: 4, network: true });
 * await server.listen();
 * process.on('SIGHUP', () => void server.reload());
 * process.on('SIGTERM', () => void server.close());
 * ```
 */
export function createServer(options: ServerOptions = {}): SpamdServer {
  return new SpamdServer(options);
}
