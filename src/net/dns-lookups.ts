/**
 * The DNS lookups of one scan: SpamAssassin's `AsyncLoop` (`bgsend_and_start_lookup`,
 * `complete_lookups`) over an injectable resolver.
 *
 * - The same name and type is asked once per scan; later askers share the answer.
 * - `dns_query_restriction` is applied to the queried name and its parents (tightest wins,
 *   then `*`); a refused query is answered `skipped` without going out.
 * - Each query may wait `rbl_timeout` seconds, shrinking towards its `t_min` as the fraction
 *   of answered queries grows: `t − (t − t_min) · r²`, r = completed / started, counted from
 *   the query's start, as AsyncLoop's `complete_lookups` does.
 * - A query budget per scan, and a hard deadline / cancellation (the scan's signal), after
 *   which every open query is answered `timeout`.
 * Answers never reject: a timeout or failure is a status with no records, plus a diagnostic.
 */
import type { Diagnostic, DiagnosticCode } from '../config/diagnostics.js';
import { blockDomainOf, queryAllowed, rblTimeoutFor, type DnsSettings, type RblTimeout } from '../config/dns-settings.js';
import type { DnsAnswer, DnsLookupOptions, DnsRecordType, DnsResolver, DnsStatus } from './types.js';

/** Options of {@link DnsLookups}. */
export interface DnsLookupsOptions {
  resolver: DnsResolver;
  settings: DnsSettings;
  /** Queries one scan may send. */
  maxQueries: number;
  /** Aborts every open query (the scan's hard deadline or the caller's cancel). */
  signal: AbortSignal;
  /** Where failed lookups are reported. */
  diagnostics: Diagnostic[];
  /**
   * Whether queries under a `dns_block_rule` domain are blocked now (a block rule hit in an
   * earlier scan, less than `dns_block_time` ago).
   */
  isBlocked?: (domain: string) => boolean;
}

interface OpenQuery {
  readonly key: string;
  readonly name: string;
  readonly rrtype: DnsRecordType;
  readonly rule: string | undefined;
  readonly start: number;
  readonly timeout: RblTimeout;
  settle(status: DnsStatus, records: readonly string[], raw?: unknown): void;
}

/** At most this many failed-lookup diagnostics per scan; the rest are counted in one. */
const MAX_FAILURE_DIAGNOSTICS = 20;

/** Node's resolver error codes, as lookup statuses. */
const STATUS_BY_CODE: Readonly<Record<string, DnsStatus>> = {
  ENOTFOUND: 'nxdomain',
  ENODATA: 'nodata',
  ETIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'refused',
  EREFUSED: 'refused',
};

/** One scan's DNS lookups. */
export class DnsLookups {
  readonly #opts: DnsLookupsOptions;
  readonly #answers = new Map<string, Promise<DnsAnswer>>();
  readonly #raw = new Map<string, unknown>();
  readonly #open = new Map<string, OpenQuery>();
  #started = 0;
  #completed = 0;
  #failures = 0;
  #budgetReported = false;
  readonly #blockReported = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #idle: Array<() => void> = [];

  constructor(opts: DnsLookupsOptions) {
    this.#opts = opts;
    if (opts.signal.aborted) this.#closed = true;
    else opts.signal.addEventListener('abort', () => this.close(), { once: true });
  }

  /** Queries sent so far. */
  get started(): number {
    return this.#started;
  }

  /** Queries not answered yet. */
  get open(): number {
    return this.#open.size;
  }

  /** Resolves `name` (see the module comment); never rejects. */
  lookup(name: string, rrtype: DnsRecordType, options: DnsLookupOptions = {}): Promise<DnsAnswer> {
    const lc = name.toLowerCase().replace(/\.$/, '');
    const key = `${rrtype} ${lc}`;
    const known = this.#answers.get(key);
    if (known) return known;
    const done = (status: DnsStatus): Promise<DnsAnswer> => {
      const p = Promise.resolve<DnsAnswer>({ name: lc, rrtype, status, records: [] });
      this.#answers.set(key, p);
      return p;
    };
    const s = this.#opts.settings;
    if (!s.available || !queryAllowed(s.restrictions, lc)) return done('skipped');
    const blockDomain = blockDomainOf(s, lc);
    if (blockDomain !== undefined && this.#opts.isBlocked?.(blockDomain)) {
      if (!this.#blockReported.has(blockDomain)) {
        this.#blockReported.add(blockDomain);
        this.#report('dns-blocked', `queries to ${blockDomain} are blocked for dns_block_time after a dns_block_rule hit; ${rrtype} ${lc} was not sent`);
      }
      return done('skipped');
    }
    if (this.#closed) return done('timeout');
    if (this.#started >= this.#opts.maxQueries) {
      if (!this.#budgetReported) {
        this.#budgetReported = true;
        this.#report('dns-budget', `DNS query budget of ${this.#opts.maxQueries} queries spent; ${rrtype} ${lc} and later queries were not sent`);
      }
      return done('skipped');
    }
    this.#started++;
    const p = new Promise<DnsAnswer>((resolve) => {
      let settled = false;
      const q: OpenQuery = {
        key,
        name: lc,
        rrtype,
        rule: options.rule,
        start: Date.now(),
        timeout: rblTimeoutFor(s, lc),
        settle: (status, records, raw) => {
          if (settled) return;
          settled = true;
          this.#open.delete(key);
          this.#completed++;
          if (raw !== undefined) this.#raw.set(key, raw);
          if (status === 'timeout' || status === 'error' || status === 'refused') this.#fail(q, status);
          resolve({ name: lc, rrtype, status, records });
          this.#schedule();
          if (this.#open.size === 0) for (const wake of this.#idle.splice(0)) wake();
        },
      };
      this.#open.set(key, q);
      let call: Promise<unknown>;
      try {
        call = Promise.resolve(this.#opts.resolver.resolve(lc, rrtype));
      } catch (e) {
        call = Promise.reject(e);
      }
      call.then(
        (raw) => q.settle('ok', recordsOf(rrtype, raw), raw),
        (e: unknown) => {
          const code = (e as { code?: unknown } | null)?.code;
          q.settle(typeof code === 'string' ? (STATUS_BY_CODE[code] ?? 'error') : 'error', []);
        },
      );
    });
    this.#answers.set(key, p);
    this.#schedule();
    return p;
  }

  /**
   * The answer in `dns.promises` shape of a lookup that ended `ok` (what a library such as
   * mailauth expects back from a resolver).
   */
  rawAnswer(name: string, rrtype: DnsRecordType): unknown {
    return this.#raw.get(`${rrtype} ${name.toLowerCase().replace(/\.$/, '')}`);
  }

  /** Resolves once no query is open (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.#open.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Answers every open query `timeout` and stops the timer (end of scan, deadline, cancel). */
  close(): void {
    if (this.#closed && this.#open.size === 0) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const q of [...this.#open.values()]) q.settle('timeout', []);
  }

  /**
   * Arms one timer for the earliest expiry among open queries, AsyncLoop's shrinking timeout
   * recomputed whenever a query starts or ends.
   */
  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed || this.#open.size === 0) return;
    const r = this.#started ? this.#completed / this.#started : 0;
    const r2 = r * r;
    const now = Date.now();
    let earliest = Infinity;
    const expired: OpenQuery[] = [];
    for (const q of this.#open.values()) {
      const { initial, min } = q.timeout;
      const tInit = Math.max(initial, min);
      const deadline = q.start + 1000 * (tInit - (tInit - min) * r2);
      if (deadline <= now) expired.push(q);
      else earliest = Math.min(earliest, deadline);
    }
    if (expired.length) {
      for (const q of expired) q.settle('timeout', []);
      return; // settle() rescheduled
    }
    if (earliest !== Infinity) this.#timer = setTimeout(() => this.#schedule(), Math.max(1, earliest - now));
  }

  #fail(q: OpenQuery, status: DnsStatus): void {
    this.#failures++;
    if (this.#failures <= MAX_FAILURE_DIAGNOSTICS) {
      this.#report(status === 'timeout' ? 'dns-timeout' : status === 'refused' ? 'dns-refused' : 'dns-error', `DNS lookup ${q.rrtype} ${q.name}${q.rule ? ` (${q.rule})` : ''}: ${status}; counted as a miss`);
    } else if (this.#failures === MAX_FAILURE_DIAGNOSTICS + 1) {
      this.#report('dns-failures', `more than ${MAX_FAILURE_DIAGNOSTICS} DNS lookups failed or timed out; the rest are not listed`);
    }
  }

  #report(code: DiagnosticCode, message: string): void {
    this.#opts.diagnostics.push({ severity: 'info', code, message });
  }
}

/** Records as strings: TXT chunks joined (Net::DNS `txtdata`), MX exchanges, SOA's primary. */
function recordsOf(rrtype: DnsRecordType, raw: unknown): string[] {
  if (!Array.isArray(raw)) {
    if (rrtype === 'SOA' && raw && typeof raw === 'object' && 'nsname' in raw) return [String((raw as { nsname: unknown }).nsname)];
    return [];
  }
  return raw.map((r: unknown) => {
    if (typeof r === 'string') return r;
    if (Array.isArray(r)) return r.map(String).join('');
    if (r && typeof r === 'object') {
      if ('exchange' in r) return String((r as { exchange: unknown }).exchange);
      if ('address' in r) return String((r as { address: unknown }).address);
      if ('value' in r) return String((r as { value: unknown }).value);
    }
    return String(r);
  });
}
