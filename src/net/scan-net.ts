/**
 * The network side of one scan: the `NetContext` evals receive, built from the rule set's DNS
 * settings and the caller's clients, with the scan's hard deadline (the `timeout` option, else
 * SA's `time_limit`) and cancellation wired to every open lookup.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { DnsSettings } from '../config/dns-settings.js';
import { DnsLookups } from './dns-lookups.js';
import type { NetState } from './net-state.js';
import type { DnsRecordType, DnsResolver, DnsStatus, NetClients, NetContext } from './types.js';

/** What `check()` passes in. */
export interface ScanNetOptions {
  clients?: NetClients;
  /** Hard deadline in ms from now. */
  timeout?: number;
  maxDnsQueries?: number;
  signal?: AbortSignal;
}

/** The network state of one scan. */
export interface ScanNet {
  readonly context: NetContext;
  readonly lookups: DnsLookups;
  readonly settings: DnsSettings;
  /** Resolves when the hard deadline passes or the caller cancels. */
  readonly expired: Promise<void>;
  /** Ends the scan's network side: open lookups become timeouts, timers stop. */
  close(): void;
  /**
   * After a scan: every `dns_block_rule` rule that hit blocks its domains for `dns_block_time`
   * in later scans with this rule set (SA's block files in the global state directory, here
   * held in the rule set's {@link NetState}), with a warning like SA's.
   */
  recordBlocks(hit: (rule: string) => boolean): void;
}

const CODE_BY_STATUS: Readonly<Record<DnsStatus, string>> = {
  ok: '',
  nxdomain: 'ENOTFOUND',
  nodata: 'ENODATA',
  timeout: 'ETIMEOUT',
  refused: 'EREFUSED',
  error: 'ESERVFAIL',
  skipped: 'ECANCELLED',
};

/** Builds the network side of a scan. */
export function createScanNet(state: NetState, options: ScanNetOptions, diagnostics: Diagnostic[]): ScanNet {
  const settings = state.dns;
  const controller = new AbortController();
  const timeoutMs = options.timeout ?? settings.timeLimit * 1000;
  let timer: NodeJS.Timeout | undefined;
  let expire!: () => void;
  const expired = new Promise<void>((resolve) => (expire = resolve));
  const onAbort = () => {
    if (timer) clearTimeout(timer);
    expire();
  };
  controller.signal.addEventListener('abort', onAbort, { once: true });
  const cancel = () => controller.abort(options.signal?.reason ?? new Error('scan cancelled'));
  if (options.signal?.aborted) cancel();
  else options.signal?.addEventListener('abort', cancel, { once: true });
  if (!controller.signal.aborted) {
    timer = setTimeout(() => {
      diagnostics.push({ severity: 'info', code: 'net-deadline', message: `network deadline of ${timeoutMs} ms reached; pending network rules count as misses` });
      controller.abort(new Error('network deadline'));
    }, Math.max(0, timeoutMs));
  }
  const clients: NetClients = { ...state.clients, ...options.clients };
  clients.resolver ??= state.resolver;
  const lookups = new DnsLookups({
    resolver: clients.resolver,
    settings,
    maxQueries: options.maxDnsQueries ?? 1000,
    signal: controller.signal,
    diagnostics,
    isBlocked: (domain) => state.isBlocked(domain),
  });
  const resolver: DnsResolver = {
    async resolve(name: string, rrtype: DnsRecordType): Promise<unknown> {
      const a = await lookups.lookup(name, rrtype);
      if (a.status === 'ok') return lookups.rawAnswer(name, rrtype) ?? a.records;
      throw Object.assign(new Error(`query ${rrtype} ${name}: ${a.status}`), { code: CODE_BY_STATUS[a.status] });
    },
  };
  const context: NetContext = {
    dns: (name, rrtype, opts) => lookups.lookup(name, rrtype, opts),
    resolver,
    clients,
    signal: controller.signal,
    deadline: Date.now() + timeoutMs,
    diagnostic: (code, message, severity = 'info') => diagnostics.push({ severity, code, message }),
  };
  return {
    context,
    lookups,
    settings,
    expired,
    recordBlocks(hit) {
      for (const [rule, domains] of settings.blockRules) {
        if (!hit(rule)) continue;
        for (const domain of domains) {
          if (state.isBlocked(domain)) continue;
          state.block(domain);
          diagnostics.push({
            severity: 'warning',
            code: 'dns-blocked',
            rule,
            message: `dns_block_rule ${rule} hit: queries to ${domain} are blocked for ${settings.blockTime} s (the list refuses our queries, e.g. through a public resolver; set the affected rules' scores to 0 or use "dns_query_restriction deny ${domain}")`,
          });
        }
      }
    },
    close() {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
      lookups.close();
      expire();
    },
  };
}
