/**
 * What the network side keeps from one scan to the next, for one rule set: the default
 * clients a scan uses when the caller injects none, made on first use from the rule set's
 * settings — Node's resolver with its `dns_server` lines, a dccifd client (`dcc_dccifd_path`,
 * `dcc_home`, `dcc_timeout`) and an HTTP client on Node's fetch for DecodeShortURLs — and the
 * `dns_block_rule` blocks in force. Pyzor and Razor have no default: their wire protocols are
 * left to the host.
 *
 * An explicit object rather than state hidden in the compiled rules: SA keeps its blocks in
 * files of the global state directory (`AsyncLoop::bgsend_and_start_lookup` checks them),
 * outside its `Conf`; here the host's `RuleSet` owns one of these, and
 * the compiled data stays frozen.
 */
import type { DnsSettings } from '../config/dns-settings.js';
import { createDccClient } from './dcc/index.js';
import { createHttpClient } from './http-client.js';
import { createDefaultResolver } from './resolver.js';
import type { DnsResolver, NetClients } from './types.js';

/** The network side of one rule set: its DNS settings, and what it keeps between scans. */
export class NetState {
  /** The rule set's DNS settings. */
  readonly dns: DnsSettings;
  readonly #settings: ReadonlyMap<string, unknown>;
  #clients: NetClients | undefined;
  #resolver: DnsResolver | undefined;
  /** `dns_block_rule` blocks in force: domain → epoch ms the block ends. */
  readonly #blocks = new Map<string, number>();

  /** `dns`: the rule set's DNS settings; `settings`: its settings (the DCC client's are read there). */
  constructor(dns: DnsSettings, settings: ReadonlyMap<string, unknown>) {
    this.dns = dns;
    this.#settings = settings;
  }

  /** The default dccifd and HTTP clients, made on first use (a rule set that never scans with the network makes none). */
  get clients(): NetClients {
    return (this.#clients ??= { dcc: createDccClient(this.#settings), http: createHttpClient() });
  }

  /** The default resolver (Node's, with the rule set's `dns_server` lines), made on first use. */
  get resolver(): DnsResolver {
    return (this.#resolver ??= createDefaultResolver({ servers: this.dns.servers }));
  }

  /** Whether queries to `domain` are blocked now. */
  isBlocked(domain: string): boolean {
    return (this.#blocks.get(domain) ?? 0) > Date.now();
  }

  /** Blocks queries to `domain` for `dns_block_time` from now. */
  block(domain: string): void {
    this.#blocks.set(domain, Date.now() + this.dns.blockTime * 1000);
  }
}
