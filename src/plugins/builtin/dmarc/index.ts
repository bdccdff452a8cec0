/**
 * DMARC: SpamAssassin 4.0.1's `Plugin::DMARC` evals. One decision per message (`_check_dmarc`),
 * made from what the SPF and DKIM plugins found, Mail::DMARC's `validate` (see validate.ts), and
 * the plugin's ARC afterthought: when the message does not pass and a DKIM verifier ran, SA
 * validates again, adding the first ARC seal's result as a DKIM result for the envelope domain
 * when that domain is also an author domain, and overwrites the first reason, so a "too many
 * policies" verdict then reads as a plain failure.
 *
 * The rules are pending until the decision is made (SA queues them until its `check_tick` /
 * `check_cleanup`); with network tests off they all miss.
 */
import type { EvalContext } from '../../types.js';
import { spfOutcome, type SpfOutcome } from '../spf/check.js';
import { spfRelay, spfSender } from '../spf/sender.js';
import { senderListed } from '../spf/welcomelist.js';
import { dkimState, type DkimState } from '../dkim/state.js';
import { dkimWelcomelistTuples } from '../dkim/welcomelist.js';
import { sigDomain } from '../dkim/signature.js';
import { checksRun, DKIM_WELCOMELIST, dmarcSettings, runsAny, SPF_WELCOMELIST, type DmarcSettings } from './inputs.js';
import { fromDomain, validateDmarc, type DmarcDkim, type DmarcOutcome, type DmarcSpf } from './validate.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';

/** SA's `dmarc_result` and `dmarc_policy`, or undefined when no decision was made. */
export interface DmarcDecision {
  readonly result: string;
  readonly policy: string;
}

const NO_POLICY = 'no policy available';

/** SA's mapping of the SPF flags to the status handed to Mail::DMARC. */
function spfStatus(o: SpfOutcome | undefined): string {
  switch (o?.result) {
    case 'pass':
      return 'pass';
    case 'fail':
    case 'permerror':
    case 'none':
      return 'fail';
    case 'neutral':
      return 'neutral';
    case 'softfail':
      return 'softfail';
    default:
      return 'none';
  }
}

/** Mail::DMARC's `_from_mail_dkim`: undefined where it would die (an unverified or domainless signature). */
function dkimResults(state: DkimState): DmarcDkim[] | undefined {
  const sigs = state.signatures.map((f) => f.sig);
  const out: DmarcDkim[] = [];
  for (const s of sigs) {
    if (s.kind === 'DK') continue;
    const domain = sigDomain(s);
    if (s.result === undefined || domain === undefined) return undefined;
    out.push({ domain, result: s.result === 'invalid' ? 'temperror' : s.result });
  }
  if (out.length === 0) out.push({ domain: '', result: 'none' });
  return out;
}

async function decide(ctx: EvalContext<DmarcSettings>): Promise<DmarcDecision | undefined> {
  const net = ctx.net!;
  const relay = spfRelay(ctx);
  if (!relay) return undefined;
  const fromAddr = ctx.message.get('From:first:addr')[0];
  if (fromAddr === undefined || !fromAddr.includes('@')) return undefined;
  const mfromDomain = ctx.message.get('EnvelopeFrom:first:addr:host')[0] ?? ctx.message.get('From:first:addr:domain')[0];
  if (mfromDomain === undefined) return undefined;

  // Mail::DMARC asks these first whenever it validates; asking them now, while SPF and DKIM
  // are still on their way, saves two round trips (the answers are shared through the scan's
  // DNS layer, so validate() below finds them there).
  const from = fromDomain(fromAddr.toLowerCase());
  if (from) {
    void net.dns(from, 'MX');
    void net.dns(`_dmarc.${from}`, 'TXT');
  }
  const runs = checksRun(ctx);
  const sender = spfSender(ctx);
  const mfromRan =
    runs.spfMfrom ||
    (!!sender &&
      ((runsAny(ctx, SPF_WELCOMELIST.user) && senderListed(ctx.settings.spfLists, sender, 'user')) ||
        (runsAny(ctx, SPF_WELCOMELIST.def) && senderListed(ctx.settings.spfLists, sender, 'def'))));
  const dkimRan = runs.dkim || (runsAny(ctx, DKIM_WELCOMELIST) && dkimWelcomelistTuples(ctx, ctx.settings.dkimLists) > 0);
  const [mfrom, helo, dkim] = await Promise.all([
    mfromRan ? spfOutcome(ctx, 'mfrom') : undefined,
    runs.spfHelo ? spfOutcome(ctx, 'helo') : undefined,
    dkimRan ? dkimState(ctx) : undefined,
  ]);
  const spf: DmarcSpf[] = [
    { scope: 'mfrom', domain: mfromDomain, result: spfStatus(mfrom) },
    { scope: 'helo', domain: relay.lc_helo, result: spfStatus(helo) },
  ];
  let dkimList: DmarcDkim[] = [];
  const verifier = dkim?.verified ? dkim : undefined;
  if (verifier) {
    const list = dkimResults(verifier);
    if (!list) return undefined; // Mail::DMARC croaks outside SA's eval: no decision
    dkimList = list;
  }
  let outcome: DmarcOutcome = await validateDmarc(net, { fromRaw: fromAddr.toLowerCase(), spf, dkim: dkimList });
  let arcPath = false;
  const arc = verifier?.arc;
  if (outcome.result !== 'pass' && arc && arc.result) {
    arcPath = true;
    if (verifier.authorDomains.has(mfromDomain)) {
      const seal = arc.seals.find((s) => s !== undefined && s.tags.byName.has('d'));
      if (seal) {
        if (seal.result === undefined) return undefined; // an unverified seal: Mail::DMARC croaks
        dkimList = [...dkimList, { domain: mfromDomain, result: seal.result === 'invalid' ? 'permerror' : seal.result }];
      }
    }
    outcome = await validateDmarc(net, { fromRaw: fromAddr.toLowerCase(), spf, dkim: dkimList });
  }
  // the ARC path overwrites the first reason, hiding "too many policies"
  const comment = arcPath ? undefined : outcome.comment;
  let policy: string;
  if (comment === 'too many policies') policy = NO_POLICY;
  else if (outcome.result === 'pass') policy = outcome.p ?? '';
  else if (outcome.result !== 'none') policy = outcome.disposition;
  else policy = NO_POLICY;
  return { result: outcome.result, policy };
}

/** The message's DMARC decision (made once); undefined without network or when SA makes none. */
export function dmarcDecision(ctx: EvalContext<DmarcSettings>): Promise<DmarcDecision | undefined> | undefined {
  if (!ctx.net) return undefined;
  return ctx.memo('dmarc:decision', () =>
    decide(ctx).catch((err: unknown) => {
      ctx.net?.diagnostic('net-client', `dmarc: evaluation failed: ${err instanceof Error ? err.message : String(err)}`, 'warning');
      return undefined;
    }),
  );
}

const rule = (test: (d: DmarcDecision) => boolean) => (ctx: EvalContext<DmarcSettings>) => {
  const d = dmarcDecision(ctx);
  return d === undefined ? 0 : d.then((x) => (x !== undefined && test(x) ? 1 : 0));
};

/** DMARC's evals by name. */
const DMARC: EvalImpls<DmarcSettings> = {
  check_dmarc_pass: rule((d) => d.result === 'pass' && d.policy !== NO_POLICY),
  check_dmarc_reject: rule((d) => d.result === 'fail' && d.policy === 'reject'),
  check_dmarc_quarantine: rule((d) => d.result === 'fail' && d.policy === 'quarantine'),
  check_dmarc_none: rule((d) => d.result === 'fail' && d.policy === 'none'),
  check_dmarc_missing: rule((d) => d.policy === NO_POLICY),
};

/** `Mail::SpamAssassin::Plugin::DMARC`: SA's vocabulary (catalog.ts) with the implementations above. */
export const DMARC_PLUGIN = definePlugin({
  ...saVocabulary('DMARC'),
  settings: dmarcSettings,
  evals: saEvals('DMARC', DMARC),
});
