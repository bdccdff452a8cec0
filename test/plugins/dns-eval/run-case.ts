/** Running a DNSEval case through our check(), and normalising answers for comparison with Perl. */
import { compileRuleSet } from '../../../src/rule-set.js';
import type { DnsResolver } from '../../../src/net/types.js';
import type { DnsEvalCase } from './cases.js';
import { piecesByRule } from '../report-lines.js';

/** The pre file every case is compiled with. */
export const PRE = 'loadplugin Mail::SpamAssassin::Plugin::DNSEval\n';

/** Sorted unique `TYPE/name` questions. */
export const normQueries = (queries: readonly string[]): string[] => [...new Set(queries.map((q) => q.toLowerCase().replace(/^([a-z]+)\//, (m) => m.toUpperCase())))].sort();

/** The `_RBL_` tag as sorted lines, each line's records sorted (SA prints them in hash order). */
export function normRbl(tag: string | undefined | null): string[] {
  if (!tag) return [];
  return tag
    .split('\n')
    .map((line) => line.replace(/\[(.*)\]$/, (_, inner: string) => `[${inner.split(', ').sort().join(', ')}]`))
    .sort();
}

/** Each rule's log lines sorted (SA's order follows answer arrival and Perl hash order). */
export function normLogs(logs: Readonly<Record<string, readonly string[]>> | null | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(logs ?? {}).map(([rule, lines]) => [rule, [...lines].sort()]));
}

const SEPARATOR = '=== report ===';

/** What our check() gives for a case: hits, the `_RBL_` tag and each rule's report pieces. */
export async function runOurs(c: DnsEvalCase, resolver: DnsResolver): Promise<{ hits: string[]; rbl: string[]; pieces: Record<string, string[]> }> {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    // The _RBL_ tag is read back through the report template (headers would fold its lines),
    // followed by the hit table with each rule's log lines.
    { name: 'test.cf', text: `${c.cf}\nclear_report_template\nreport [_RBL_]\nreport ${SEPARATOR}\nreport _REPORT_\n` },
  ]);
  const r = await rs.check(c.message, { network: true, clients: { resolver } });
  const [head = '', table = ''] = r.report.split(`\n${SEPARATOR}\n`);
  const rbl = /^\[([^]*)\]$/.exec(head)?.[1];
  return {
    hits: [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort(),
    rbl: normRbl(rbl === '_RBL_' ? undefined : rbl),
    pieces: piecesByRule(table),
  };
}
