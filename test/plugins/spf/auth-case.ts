/**
 * The SPF / DKIM / DMARC check() cases: a small .cf, a message, the DNS zones that answer, and
 * what Perl SpamAssassin 4.0.1 answered for them (see perl-oracle.test.ts for how).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRuleSet } from '../../../src/rule-set.js';
import type { DnsRecordType, DnsResolver } from '../../../src/net/types.js';
import type { Zone } from '../../support/dns-server.js';

/** One case. */
export interface AuthCase {
  name: string;
  /** Rules and settings (the plugins are loaded by the runner). */
  cf: string;
  message: string;
  zones: Zone[];
  /** Run with network tests off (SA's `-L`). */
  local?: boolean;
  /** Perl SA 4.0.1's rules and sub-rules hit, and the DKIM report tags. */
  perl: { hits: string[]; tags?: Record<string, string> };
}

let answers: Record<string, { hits: string[]; tags?: Record<string, string> }> | undefined;

/**
 * Perl SA 4.0.1's answer for a case, from `perl-answers.json`: what `perl-oracle.test.ts` wrote
 * (`SA_AUTH_ORACLE=1 SA_AUTH_ORACLE_OUT=test/plugins/spf/perl-answers.json npx vitest run
 * test/plugins/spf/perl-oracle.test.ts`). A case without a recorded answer expects a hit no rule
 * can have, so it fails until the oracle is rerun.
 */
export function perlAnswer(name: string): AuthCase['perl'] {
  answers ??= JSON.parse(readFileSync(join(import.meta.dirname, 'perl-answers.json'), 'utf8')) as NonNullable<typeof answers>;
  return answers[name] ?? { hits: ['NO_PERL_ANSWER_RECORDED'] };
}

/** The plugins every case loads (as SA's stock .pre files do). */
export const PRE = [
  'loadplugin Mail::SpamAssassin::Plugin::SPF',
  'loadplugin Mail::SpamAssassin::Plugin::DKIM',
  'loadplugin Mail::SpamAssassin::Plugin::DMARC',
  '',
].join('\n');

/** The report tags the cases compare. */
export const TAGS = ['DKIMIDENTITY', 'DKIMDOMAIN', 'DKIMSELECTOR'] as const;

/** A message from lines (LF line endings). */
export const msg = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');

const fail = (code: string, name: string) => Object.assign(new Error(`${code} ${name}`), { code });

/** Absolute owner name of a zone entry. */
const owner = (zone: Zone, rel: string) => (rel === '@' ? zone.apex : rel.endsWith('.') ? rel.slice(0, -1) : `${rel}.${zone.apex}`).toLowerCase();

/**
 * An in-memory resolver answering from the zones (no wildcards, no CNAMEs): a name with no record
 * of the type answers ENODATA when it or a name below it exists, else ENOTFOUND; `rcode` entries
 * fail with ESERVFAIL / EREFUSED. TXT answers are chunk arrays, as Node's are.
 */
export function zoneResolver(zones: readonly Zone[], log: string[] = []): DnsResolver {
  const names = new Map<string, Record<string, unknown>>();
  for (const z of zones) for (const [rel, set] of Object.entries(z.names)) names.set(owner(z, rel), set as Record<string, unknown>);
  return {
    async resolve(name: string, rrtype: DnsRecordType) {
      const n = name.toLowerCase().replace(/\.$/, '');
      log.push(`${rrtype}/${n}`);
      const set = names.get(n);
      if (set?.rcode) throw fail(set.rcode === 'REFUSED' ? 'EREFUSED' : 'ESERVFAIL', n);
      const recs = set?.[rrtype] as unknown[] | undefined;
      if (!recs || recs.length === 0) {
        const exists = set !== undefined || [...names.keys()].some((k) => k.endsWith(`.${n}`));
        throw fail(exists ? 'ENODATA' : 'ENOTFOUND', n);
      }
      if (rrtype === 'TXT') return recs.map((r) => (Array.isArray(r) ? r : [r]));
      if (rrtype === 'MX') return (recs as { preference: number; exchange: string }[]).map((r) => ({ priority: r.preference, exchange: r.exchange }));
      return recs;
    },
  };
}

/** What our check() gives for a case: rules and sub-rules hit, and the DKIM tags that were set. */
export async function runOurs(c: AuthCase, resolver: DnsResolver): Promise<{ hits: string[]; tags: Record<string, string> }> {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: `${c.cf}\nclear_report_template\nreport ${TAGS.map((t) => `${t}=[_${t}_]`).join(' ')}\n` },
  ]);
  const r = c.local ? await rs.check(c.message) : await rs.check(c.message, { network: true, clients: { resolver } });
  const tags: Record<string, string> = {};
  for (const t of TAGS) {
    const m = new RegExp(`${t}=\\[([^\\]]*)\\]`).exec(r.report);
    if (m && m[1] !== '' && m[1] !== `_${t}_`) tags[t] = m[1]!;
  }
  return { hits: [...r.hits.map((h) => h.name), ...Object.keys(r.subtests)].sort(), tags };
}
