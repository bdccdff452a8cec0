/**
 * DMARC evaluation as Mail::DMARC::PurePerl 1.20211209's `validate` does it, which SA 4.0.1's
 * DMARC plugin calls: the From domain must exist in DNS (MX, NS, A or AAAA, at the domain or its
 * organizational domain), the policy is `_dmarc.DOMAIN`, else `_dmarc.ORGDOMAIN` (where `sp=`
 * then applies); DKIM passes when a passing signature's `d=` aligns, SPF when a passing
 * identity's domain aligns (mfrom first, then helo); a failing message gets the policy's action,
 * sampled by `pct=`.
 */
import type { NetContext } from '../../../net/types.js';
import { organizationalDomain } from './org-domain.js';
import { acceptPolicy } from './policy.js';
import { perlNum } from '../../../perl/numbers.js';

/** An SPF result handed to Mail::DMARC (`$dmarc->spf([...])`). */
export interface DmarcSpf {
  readonly scope: 'mfrom' | 'helo';
  readonly domain: string;
  readonly result: string;
}

/** A DKIM result handed to Mail::DMARC. */
export interface DmarcDkim {
  readonly domain: string;
  readonly result: string;
}

/** What `validate` leaves in its result object. */
export interface DmarcOutcome {
  /** pass, fail or none. */
  readonly result: 'pass' | 'fail' | 'none';
  /** none, quarantine, reject, as written in the policy (Mail::DMARC keeps its case). */
  readonly disposition: string;
  /** The published `p=`, when a policy was found. */
  readonly p: string | undefined;
  /** The first reason's comment (SA reads it for "too many policies"). */
  readonly comment: string | undefined;
}

/** The inputs of one evaluation. */
export interface DmarcInput {
  /** `header_from_raw`: the first From address. */
  readonly fromRaw: string;
  readonly spf: readonly DmarcSpf[];
  readonly dkim: readonly DmarcDkim[];
}

/** `get_from_dom`: what follows the last `@`, up to white space or `>`, lower-cased. */
export function fromDomain(raw: string): string | undefined {
  const lower = raw.toLowerCase();
  const afterAt = lower.slice(lower.lastIndexOf('@') + 1);
  const d = afterAt.split(/[\t\n\x0b\f\r ]+|>/)[0];
  return d ? d : undefined;
}

async function existsInDns(net: NetContext, domain: string): Promise<boolean> {
  for (const type of ['MX', 'NS', 'A', 'AAAA'] as const) {
    const a = await net.dns(domain, type);
    if (a.status === 'ok' && a.records.length > 0) return true;
  }
  return false;
}

/** `fetch_dmarc_record`: the v=DMARC1 TXT records at the domain, else at the organizational one. */
async function fetchRecords(net: NetContext, zone: string, orgDomain: string | undefined): Promise<{ matches: string[]; atOrg: boolean }> {
  const a = await net.dns(`_dmarc.${zone}`, 'TXT');
  // a failed query (no packet at all) ends the search right there
  if (a.status === 'timeout' || a.status === 'error' || a.status === 'refused' || a.status === 'skipped') return { matches: [], atOrg: orgDomain === undefined };
  const matches = a.records.filter((r) => r.slice(0, 8).toLowerCase() === 'v=dmarc1');
  if (matches.length) return { matches, atOrg: orgDomain === undefined };
  if (orgDomain !== undefined && orgDomain !== zone) return fetchRecords(net, orgDomain, undefined);
  return { matches, atOrg: orgDomain === undefined };
}

/**
 * One `validate()` run. `random` stands in for Perl's `rand` (tests pass a fixed one); the
 * policy action applies when `int(rand(100)) < pct`.
 */
export async function validateDmarc(net: NetContext, input: DmarcInput, random: () => number = Math.random): Promise<DmarcOutcome> {
  const out = (result: DmarcOutcome['result'], disposition: string, p?: string, comment?: string): DmarcOutcome => ({ result, disposition, p, comment });
  const from = fromDomain(input.fromRaw);
  if (!from) return out('fail', 'none', undefined, `invalid header_from: (${input.fromRaw})`);
  const org = organizationalDomain(from);
  if (!(await existsInDns(net, from)) && !(from !== org && (await existsInDns(net, org)))) {
    return out('none', 'none', undefined, `${from} not in DNS`);
  }
  const { matches, atOrg } = await fetchRecords(net, from, org);
  if (matches.length === 0) return out('none', 'none', undefined, 'no policy');
  if (matches.length > 1) return out('fail', 'none', undefined, 'too many policies');
  const policy = acceptPolicy(matches[0]!);
  if (!policy) return out('fail', 'none');
  const p = policy.get('p')!;

  // DKIM: strict match first, then (unless adkim=s) organizational alignment
  let dkimPass = false;
  for (const d of input.dkim) {
    if (d.result.toLowerCase() !== 'pass') continue;
    const dom = d.domain.toLowerCase();
    if (dom === from) {
      dkimPass = true;
      break;
    }
    if (policy.get('adkim')?.toLowerCase() === 's' || dkimPass) continue;
    if (organizationalDomain(dom) === org) dkimPass = true;
  }
  // SPF: the passing mfrom result, else the passing helo one, else the first pass
  let spfPass = false;
  const passes = input.spf.filter((s) => /pass/i.test(s.result));
  const ref = passes.find((s) => s.scope === 'mfrom') ?? passes.find((s) => s.scope === 'helo') ?? passes[0];
  if (ref && ref.domain) {
    if (ref.domain === from) spfPass = true;
    else if (policy.get('aspf')?.toLowerCase() !== 's' && organizationalDomain(ref.domain) === org) spfPass = true;
  }
  if (spfPass || dkimPass) return out('pass', 'none', p);

  const sp = policy.get('sp');
  const effective = atOrg && sp !== undefined ? sp : p;
  if (effective.toLowerCase() === 'none') return out('fail', 'none', p);
  const pct = policy.get('pct');
  if (pct === undefined) return out('fail', effective, p);
  if (Math.floor(random() * 100) < perlNum(pct)) return out('fail', effective, p);
  return out('fail', effective === 'reject' ? 'quarantine' : 'none', p, undefined);
}
