/**
 * A resolver for the DNS-list plugin tests: answers from a table keyed `name/TYPE` (the same
 * table the Perl oracle's zone server answered from), records every question, and fails the
 * way Node's resolver does: `ENOTFOUND` for a name it does not know, `ENODATA` for a known
 * name without records of the type, `ESERVFAIL` / `EREFUSED` when the table says so.
 */
import type { DnsRecordType, DnsResolver } from '../../../src/net/types.js';

/** Records by `name/TYPE`; a TXT entry is a string or its chunks; `RCODE:x` fails the name. */
export type FakeZone = Readonly<Record<string, readonly (string | readonly string[])[] | `RCODE:${string}`>>;

/** The resolver and the questions it was asked (`TYPE name`, in order). */
export interface FakeResolver extends DnsResolver {
  readonly asked: string[];
}

const fail = (code: string) => Promise.reject(Object.assign(new Error(code), { code }));

/** A resolver answering from `zone`. */
export function fakeResolver(zone: FakeZone): FakeResolver {
  const asked: string[] = [];
  const table = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    asked,
    resolve(name: string, rrtype: DnsRecordType): Promise<unknown> {
      const n = name.toLowerCase().replace(/\.$/, '');
      asked.push(`${rrtype} ${n}`);
      const recs = table.get(`${n}/${rrtype.toLowerCase()}`);
      if (typeof recs === 'string') return fail(recs.slice(6) === 'REFUSED' ? 'EREFUSED' : 'ESERVFAIL');
      if (recs === undefined) return fail([...table.keys()].some((k) => k.startsWith(`${n}/`)) ? 'ENODATA' : 'ENOTFOUND');
      if (rrtype === 'TXT') return Promise.resolve(recs.map((r) => (typeof r === 'string' ? [r] : [...r])));
      return Promise.resolve([...recs]);
    },
  };
}

/** The distinct questions asked, sorted (the form the oracle's query log was recorded in). */
export const askedSorted = (r: FakeResolver): string[] => [...new Set(r.asked)].sort();
