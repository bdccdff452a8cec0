/**
 * DKIM: SpamAssassin 4.0.1's `Plugin::DKIM` evals (DKIM and ARC signatures, ADSP, the DKIM
 * welcomelists). All of them read one per-message verification (see state.ts), made through the
 * scan's DNS layer; with network tests off they all miss, as SA's do without DNS.
 */
import type { EvalContext, PluginSettingsApi } from '../../types.js';
import { lc, quotemeta } from '../../../perl/strings.js';
import { numSetting } from '../spf/settings.js';
import { adspOverrides, adspPractices } from './adsp.js';
import { dkimState, onState, type DkimState } from './state.js';
import { dkimLists, dkimWelcomelistMatches, dkimWelcomelistTuples, type DkimLists } from './welcomelist.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

/** DKIM's settings: its welcomelists and `adsp_override` entries, compiled once per rule set. */
export interface DkimSettings {
  readonly lists: DkimLists;
  readonly adspOverrides: ReadonlyMap<string, string>;
}

/** The eval context of DKIM's evals. */
type DkimContext = EvalContext<DkimSettings>;

/** DKIM's settings hook. */
const dkimSettings = (api: PluginSettingsApi): DkimSettings => ({ lists: dkimLists(api), adspOverrides: adspOverrides(api) });

/** `_check_dkim_signed_by`: a (valid, author-domain) signature whose domain is acceptable. */
function signedBy(ctx: EvalContext, state: DkimState, mustBeValid: boolean, mustBeAuthor: boolean, acceptable: readonly string[]): boolean {
  const minBits = numSetting(ctx, 'dkim_minimum_key_bits', 1024);
  for (const f of state.signatures) {
    if (mustBeValid) {
      if (!f.valid) continue;
      if (minBits && f.keySize && f.keySize < minBits) continue;
    }
    const sdid = f.sdid;
    if (sdid === undefined) continue;
    if (mustBeAuthor && !state.authorDomains.has(sdid)) continue;
    if (acceptable.length === 0) return true;
    for (const ad of acceptable) {
      const sub = /^\*?\.([\s\S]*)$/.exec(ad);
      if (sub) {
        const d = lc(sub[1]!);
        if (sdid === d || new RegExp(`\\.${quotemeta(d)}$`).test(sdid)) return true;
      } else if (sdid === lc(ad)) return true;
    }
  }
  return false;
}

const withState = (ctx: EvalContext, fn: (s: DkimState) => boolean | number) => onState(dkimState(ctx), (s) => (fn(s) ? 1 : 0));

/** `check_dkim_adsp`: an author domain's practice is one of `chars`, optionally only for listed domains. */
function adsp(ctx: DkimContext, chars: string, domains: readonly string[]): number | Promise<number> {
  const run = (state: DkimState): number | Promise<number> => {
    if (!state.ready) return 0;
    const decide = (practices: Map<string, string>) => {
      const wanted = chars === '*' ? 'NAD123' : chars;
      if (![...practices.values()].some((p) => wanted.includes(p))) return 0;
      if (domains.length === 0) return 1;
      for (const dom of domains) {
        const sub = /^\*?\.([\s\S]*)$/.exec(dom);
        if (sub) {
          const d = lc(sub[1]!);
          if (state.authorDomains.has(d) || [...state.authorDomains].some((a) => new RegExp(`\\.${quotemeta(d)}$`).test(a))) return 1;
        } else if (state.authorDomains.has(lc(dom))) return 1;
      }
      return 0;
    };
    const practices = adspPractices(ctx, ctx.settings.adspOverrides, state);
    return practices instanceof Promise ? practices.then(decide) : decide(practices);
  };
  const s = dkimState(ctx);
  return s instanceof Promise ? s.then(run) : run(s);
}

/** SA verifies for the welcomelists only when some entry names an author. */
const welcomelisted = (lists: readonly string[]) => (ctx: DkimContext) =>
  dkimWelcomelistTuples(ctx, ctx.settings.lists) === 0 ? 0 : withState(ctx, (s) => {
    const found = dkimWelcomelistMatches(ctx, ctx.settings.lists, s);
    return lists.some((l) => found.has(l));
  });

const valid = (ctx: EvalContext, ...domains: string[]) =>
  withState(ctx, (s) => s.valid && (domains.length === 0 || signedBy(ctx, s, true, false, domains)));

/** DKIM's evals by name. */
const DKIM: EvalImpls<DkimSettings> = {
  check_dkim_signed: (ctx, ...domains) => withState(ctx, (s) => s.signed && (domains.length === 0 || signedBy(ctx, s, false, false, domains))),
  /** SA ignores acceptable domains for ARC: with any, the rule never hits. */
  check_arc_signed: (ctx, ...domains) => withState(ctx, (s) => s.arcSigned && domains.length === 0),
  check_dkim_valid: valid,
  check_dkim_verified: valid,
  check_arc_valid: (ctx, ...domains) => withState(ctx, (s) => s.arcValid && domains.length === 0),
  check_dkim_valid_author_sig: (ctx, ...domains) =>
    withState(ctx, (s) => s.hasValidAuthorSig.size > 0 && signedBy(ctx, s, true, true, domains)),
  check_dkim_valid_envelopefrom: (ctx) => {
    const m = /@([^\t\n\x0b\f\r ]+)/.exec(ctx.message.getScalar('EnvelopeFrom:addr') ?? '');
    if (!m) return 0;
    const envfrom = lc(m[1]!);
    return withState(ctx, (s) => s.valid && signedBy(ctx, s, true, false, [envfrom]));
  },
  check_dkim_dependable: (ctx) => withState(ctx, (s) => s.dependable),
  check_dkim_adsp: (ctx, chars = '', ...domains) => adsp(ctx, chars, domains),
  check_dkim_signall: (ctx) => adsp(ctx, 'A', []),
  /** Redundant in SA: always false. */
  check_dkim_signsome: () => 0,
  /** SA never sets the flag this reads (`dkim_key_testing`): always false, after the verification. */
  check_dkim_testing: (ctx) => withState(ctx, () => false),
  check_for_dkim_welcomelist_from: welcomelisted(['welcomelist_from_dkim', 'welcomelist_auth']),
  check_for_dkim_whitelist_from: welcomelisted(['welcomelist_from_dkim', 'welcomelist_auth']),
  check_for_def_dkim_welcomelist_from: welcomelisted(['def_welcomelist_from_dkim', 'def_welcomelist_auth']),
  check_for_def_dkim_whitelist_from: welcomelisted(['def_welcomelist_from_dkim', 'def_welcomelist_auth']),
};

/** `Mail::SpamAssassin::Plugin::DKIM`: SA's vocabulary (catalog.ts) with the implementations above. */
export const DKIM_PLUGIN = definePlugin({
  ...saVocabulary('DKIM'),
  settings: dkimSettings,
  evals: saEvals('DKIM', DKIM),
});
