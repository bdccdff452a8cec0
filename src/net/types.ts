/**
 * The contracts of the network stage: the DNS resolver a host may inject, the answers the
 * lookup layer gives plugins, and the per-scan network context an eval receives.
 *
 * SpamAssassin keeps one asynchronous query loop per message (`Mail::SpamAssassin::AsyncLoop`)
 * fed by `Dns.pm`; plugins launch queries and get callbacks. Here a plugin awaits
 * `ctx.net.dns()`: the scan goes on with the CPU rules while the answer is on its way, and the
 * rule stays pending (SA's `rule_pending`) until its promise settles.
 */

import type { DiagnosticCode } from '../config/diagnostics.js';

/** The DNS record types the stock plugins ask for. */
export type DnsRecordType = 'A' | 'AAAA' | 'TXT' | 'NS' | 'MX' | 'PTR' | 'CNAME' | 'SOA';

/**
 * What a DNS resolver must do: the shape of Node's `dns.promises.resolve(name, rrtype)`.
 * `A`/`AAAA`/`NS`/`PTR`/`CNAME` give strings, `TXT` gives arrays of chunks, `MX` gives
 * `{ exchange, priority }`. A name that does not exist rejects with `code: 'ENOTFOUND'`, a name
 * without records of that type with `code: 'ENODATA'` (as Node's resolver does).
 */
export interface DnsResolver {
  resolve(name: string, rrtype: DnsRecordType): Promise<unknown>;
}

/** How a lookup ended. */
export type DnsStatus = 'ok' | 'nxdomain' | 'nodata' | 'timeout' | 'refused' | 'error' | 'skipped';

/**
 * The answer of one lookup. Never rejects: a timeout or a failure is `status` plus no records
 * (and a diagnostic of the scan), which plugins treat as a miss, as SA does.
 */
export interface DnsAnswer {
  readonly name: string;
  readonly rrtype: DnsRecordType;
  readonly status: DnsStatus;
  /**
   * The records: `A`/`AAAA` addresses, `TXT` strings (the chunks of one record joined, as
   * Net::DNS's `txtdata` gives them), `NS`/`PTR`/`CNAME` names, `MX` exchanges.
   */
  readonly records: readonly string[];
}

/** Options of one lookup. */
export interface DnsLookupOptions {
  /**
   * The list zone the name belongs to (`zen.spamhaus.org`): per-zone `rbl_timeout` and
   * `dns_query_restriction` are matched against it (default: the name itself).
   */
  zone?: string;
  /** The rule on whose behalf the query goes out (diagnostics name it). */
  rule?: string;
}

/**
 * A DCC check request, what `dccifd` needs besides the message. The DCC plugin fills it as
 * SA's DCC.pm does: the first external relay's IP, rDNS and HELO, no envelope.
 */
export interface DccRequest {
  /** The connecting client's IP (SA: `relays_external->[0]`), or undefined: an empty client line. */
  clientIp?: string;
  /** Its reverse-DNS name; when defined (even '') it follows the IP after a CR, as SA sends it. */
  clientName?: string;
  helo?: string;
  /** The envelope sender; SA's plugin sends an empty line. */
  envelopeFrom?: string;
  /** The recipients; SA's plugin sends the single recipient `unknown`. */
  envelopeTo?: readonly string[];
  /** `dcc_learn_score`-style report instead of a query. */
  report?: boolean;
}

/**
 * What a DCC client answers for a message: the `X-DCC-*` header dccifd produced (`_DCCB_`,
 * `_DCCR_` and the counts come from it) and the reputation percentage when DCC reports one.
 * A client that cannot answer rejects.
 */
export interface DccResponse {
  /** dccifd's result line: `A` accept, `R` reject, `S` some recipients, `T` temporary failure, `G` greylist. */
  result: string;
  /**
   * The X-DCC header line as dccifd sent it, name included and folds joined by one space:
   * `"X-DCC-brand-Metrics: host 1234; bulk Body=1 Fuz1=many Fuz2=many rep=97%"`.
   */
  header: string;
  /** Reputation percentage (0-100), when the server reports it. */
  reputation?: number;
}

/** A DCC client (the default speaks the dccifd protocol over a Unix or TCP socket). */
export interface DccClient {
  check(message: Buffer, request: DccRequest, signal: AbortSignal): Promise<DccResponse>;
}

/** A Pyzor client: how many times the message's digest was reported, and whitelisted. */
export interface PyzorClient {
  check(message: Buffer, signal: AbortSignal): Promise<{ count: number; whitelisted: number }>;
}

/**
 * A Razor2 client: whether Razor's servers call the message spam, the best uncontested part
 * confidence (0-100) and, optionally, the best per Razor engine (`{ '4': 80, '8': 30 }`), which
 * `check_razor2_range('4', …)` reads. A failure rejects.
 */
export interface RazorClient {
  check(message: Buffer, signal: AbortSignal): Promise<{ spam: boolean; confidence: number; engines?: Readonly<Record<string, number>> }>;
}

/** An HTTP client for plugins that follow links (DecodeShortURLs): one HEAD/GET without redirects. */
export interface HttpClient {
  request(url: string, init: { method: 'HEAD' | 'GET'; signal: AbortSignal; headers?: Record<string, string> }): Promise<{
    status: number;
    headers: Record<string, string>;
  }>;
}

/** The network clients a scan may use; the defaults are built from the rule set's settings. */
export interface NetClients {
  /** DNS; default: Node's resolver with the rule set's `dns_server` lines. */
  resolver?: DnsResolver;
  /** DCC; default: dccifd at `dcc_dccifd_path` / `dcc_home`. */
  dcc?: DccClient;
  /** Pyzor; no default (a host plugs in its own client). */
  pyzor?: PyzorClient;
  /** Razor2; no default (a host plugs in its own client). */
  razor?: RazorClient;
  /** HTTP for DecodeShortURLs; default: Node's fetch. */
  http?: HttpClient;
}

/**
 * The network side of one scan, as an eval sees it (`ctx.net`). Absent when the scan runs
 * local tests only.
 */
export interface NetContext {
  /**
   * Resolves `name`: deduplicated within the scan (the same name and type is asked once),
   * refused by `dns_query_restriction` (status `skipped`), bounded by the scan's query budget
   * and deadline. Never rejects.
   */
  dns(name: string, rrtype: DnsRecordType, options?: DnsLookupOptions): Promise<DnsAnswer>;
  /**
   * A resolver with `dns.promises`' shape that goes through {@link NetContext.dns} (budget,
   * deadline, caching): what libraries like mailauth are given.
   */
  readonly resolver: DnsResolver;
  /** The clients of the scan (DCC, Pyzor, Razor, HTTP), the injected ones or the defaults. */
  readonly clients: Readonly<NetClients>;
  /** Aborted at the scan's network deadline or when the caller cancels. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which pending network rules are given up. */
  readonly deadline: number;
  /** Adds a diagnostic to the scan (a failed client, an unusable answer…). */
  diagnostic(code: DiagnosticCode, message: string, severity?: 'info' | 'warning'): void;
}
