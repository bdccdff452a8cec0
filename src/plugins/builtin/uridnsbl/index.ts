/**
 * URIDNSBL: SpamAssassin's `Plugin::URIDNSBL`. The lookups of every list rule start in the
 * `check_dnsbl` hook (before the header rules, as SA launches them at priority -100); the
 * `check_uridnsbl('NAME')` eval of a rule then answers with the promise of that rule's outcome.
 *
 * A rule takes part when a list directive names it and its score is not zero; the rule's own
 * name (not the eval's argument) is what SA looks up, as `$conf->{uridnsbls}` is keyed by it.
 */
import type { EvalContext } from '../../types.js';
import { uriDetailsOf } from '../uri-detail.js';
import { trimDomain } from '../../../message/registry-boundaries.js';
import { uriDnsblConfig, type UriDnsblConfig } from './config.js';
import { selectHosts, uriHostTags } from './domains.js';
import { LookupGroup } from './lookup-group.js';
import { classifyRules, queryHosts } from './lookups.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

/** One scan's URIDNSBL state: the rules launched, their lookups and the hosts chosen. */
interface UriDnsblScan {
  readonly rules: ReadonlySet<string>;
  readonly group: LookupGroup | undefined;
  /** The chosen hosts (host -> domain); undefined when the plugin did not run. */
  readonly hosts: ReadonlyMap<string, string> | undefined;
}

const NO_SCAN: UriDnsblScan = { rules: new Set(), group: undefined, hosts: undefined };

/** `URIDNSBL::check_dnsbl`: picks the hosts, sets the tags, launches every lookup. */
function launch(ctx: EvalContext): UriDnsblScan {
  const net = ctx.net;
  // read through settingsOf: AskDNS and HashBL launch URIDNSBL's scan from their own contexts
  const cfg = ctx.settingsOf(URIDNSBL_PLUGIN);
  if (!net || !cfg || ctx.config.get('skip_uribl_checks') === true) return NO_SCAN;
  const active = cfg.active;
  const tflags = cfg.tflagsOf;
  const max = ctx.config.get('uridnsbl_max_domains');
  const hosts = selectHosts(uriDetailsOf(ctx).details, {
    skipDomains: cfg.skipDomains,
    skipMailto: ctx.config.get('uridnsbl_skip_mailto') !== false,
    maxDomains: typeof max === 'number' ? max : 20,
  });
  const tags = uriHostTags(hosts);
  ctx.setTag('URIHOSTS', tags.URIHOSTS, 'latin1');
  ctx.setTag('URIDOMAINS', tags.URIDOMAINS, 'latin1');
  const group = new LookupGroup((err) => net.diagnostic('internal', `uridnsbl: ${err instanceof Error ? err.message : String(err)}`));
  const tlds = ctx.tlds;
  queryHosts(
    { net, lists: cfg.lists, active: classifyRules(active, tflags), tflagsOf: tflags, trimDomain: (n) => trimDomain(tlds, n), group, log: (rule, message) => ctx.testLog(message, rule, 'latin1') },
    hosts,
  );
  group.close();
  return { rules: new Set(active.map((l) => l.rule)), group, hosts };
}

/** The scan's URIDNSBL state, launched on first use (the hook, or an eval running earlier). */
const scanOf = (ctx: EvalContext): UriDnsblScan => ctx.memo('uridnsbl:scan', () => launch(ctx));

/**
 * The `URIHOSTS` and `URIDOMAINS` tags URIDNSBL sets in `check_dnsbl` (for plugins whose
 * queries use them: AskDNS templates, HashBL tags): the chosen hosts, and their distinct
 * domains, sorted; undefined when URIDNSBL is not loaded or did not run.
 */
export function uriDnsblTag(ctx: EvalContext, tag: 'URIHOSTS' | 'URIDOMAINS'): string[] | undefined {
  if (!ctx.settingsOf(URIDNSBL_PLUGIN)) return undefined;
  const hosts = scanOf(ctx).hosts;
  if (!hosts) return undefined;
  const tags = uriHostTags(hosts);
  return tags[tag] === '' ? [] : tags[tag].split(' ');
}


/** URIDNSBL's evals by name. */
const URIDNSBL: EvalImpls<UriDnsblConfig> = {
  /**
   * The outcome of the rule's list lookups: a promise resolving true when a URI host is listed
   * (SA's `got_hit` from `complete_dnsbl_lookup`). False without network tests, and for a rule
   * no list directive names or whose score is zero (SA leaves those pending forever: a miss).
   */
  check_uridnsbl(ctx) {
    if (!ctx.net) return false;
    const scan = scanOf(ctx);
    if (!scan.group || !scan.rules.has(ctx.rule)) return false;
    return scan.group.outcome(ctx.rule);
  },
};



/** `Mail::SpamAssassin::Plugin::URIDNSBL`: SA's vocabulary (catalog.ts) with the implementations above. */
export const URIDNSBL_PLUGIN = definePlugin({
  ...saVocabulary('URIDNSBL'),
  settings: uriDnsblConfig,
  evals: saEvals('URIDNSBL', URIDNSBL),
  checkDnsbl(ctx) {
    scanOf(ctx);
  },
});

export { selectHosts, uriHostTags, preferenceGroup } from './domains.js';
export { classifyRules, dnsblQueryName, answerMatches } from './lookups.js';
export { parseListLine, uriDnsblConfig } from './config.js';
export { canonicalizeNumericSubtest, numericSubtestMatch } from './subtest.js';
