/**
 * Author Domain Signing Practices, as SA 4.0.1's `_check_dkim_adsp` works them out per author
 * domain: none when the domain signed validly (or its check tempfailed, or a truncated message
 * carries an invalid author signature); else an `adsp_override` entry (the domain, then
 * `*.parent` wildcards); else, with DNS, Mail::DKIM's `AuthorDomainPolicy->fetch`: the last TXT
 * record of `_adsp._domainkey.DOMAIN` (`dkim=all|discardable|unknown`), `N` when there is none
 * and the domain itself does not exist, `U` when the lookup fails.
 *
 * Practices are one letter: `N` nxdomain, `U` unknown, `A` all, `D` discardable, `1`/`2`/`3`
 * the custom levels of `adsp_override`.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import type { NetContext } from '../../../net/types.js';
import { lc } from '../../../perl/strings.js';
import { parseTagList } from './tag-list.js';
import type { DkimState } from './state.js';

const OVERRIDE = /^@?([*a-z0-9._-]+)(?:[\t\n\x0b\f\r ]+(nxdomain|unknown|all|discardable|custom_low|custom_med|custom_high))?(?=\n?$)/i;

/** `adsp_override` entries: domain (or `*.parent`) → practice letter, later lines winning. */
export function adspOverrides(api: PluginSettingsApi): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const d of api.lines('adsp_override')) {
    const m = OVERRIDE.exec(d.value);
    if (!m) continue;
    const adsp = lc(m[2] ?? 'discardable');
    const letter = adsp === 'custom_low' ? '1' : adsp === 'custom_med' ? '2' : adsp === 'custom_high' ? '3' : adsp[0]!.toUpperCase();
    map.set(lc(m[1]!), letter);
  }
  return map;
}

/** The override keys for a domain: itself, then `*.` + each parent, down to `*`. */
function overrideKeys(domain: string): string[] {
  const labels = domain.split('.');
  while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop();
  const keys = [domain];
  for (let i = 1; i <= labels.length; i++) keys.push(['*', ...labels.slice(i)].join('.'));
  return keys;
}

/** `AuthorDomainPolicy->fetch` then SA's mapping of the policy name to a letter. */
async function fetchPractice(net: NetContext, domain: string): Promise<string> {
  const txt = await net.dns(`_adsp._domainkey.${domain}`, 'TXT');
  if (txt.status === 'ok' && txt.records.length > 0) {
    const tags = parseTagList(txt.records[txt.records.length - 1]!);
    if (!tags) return 'U'; // parse failure: "fetch or parse failed", no result
    const sp = tags.byName.get('dkim') ?? 'unknown';
    if (sp === '') return 'U';
    return sp === 'unknown' ? 'U' : sp === 'all' ? 'A' : sp === 'discardable' || sp === 'strict' ? 'D' : sp.toUpperCase() === 'NXDOMAIN' ? 'N' : 'U';
  }
  // no policy record (or a failed lookup): the implied default, unless the domain does not exist
  const mx = await net.dns(domain, 'MX');
  return mx.status === 'nxdomain' ? 'N' : 'U';
}

/** The practices of each author domain that has one (SA's `$pms->{dkim_adsp}`). */
export function adspPractices(ctx: EvalContext, overrides: ReadonlyMap<string, string>, state: DkimState): Promise<Map<string, string>> | Map<string, string> {
  return ctx.memo('dkim:adsp', () => {
    const result = new Map<string, string>();
    if (!state.ready) return result;
    const domains = [...state.authorDomains].filter((d) => /[\s\S]\.[a-z-]{2,}$/i.test(d));
    const lookups: Promise<void>[] = [];
    for (const domain of domains) {
      if (state.hasValidAuthorSig.has(domain)) continue;
      if (state.authorSigTempfailed.has(domain)) continue;
      if (state.hasAnyAuthorSig.has(domain) && !state.dependable) continue;
      const key = overrideKeys(domain).find((k) => overrides.has(k));
      if (key !== undefined) {
        result.set(domain, overrides.get(key)!);
        continue;
      }
      const net = ctx.net;
      if (!net) continue;
      lookups.push(fetchPractice(net, domain).then((p) => void result.set(domain, p)));
    }
    return lookups.length ? Promise.all(lookups).then(() => result) : result;
  });
}
