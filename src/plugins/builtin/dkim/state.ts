/**
 * The DKIM facts of one message, as SA 4.0.1's `_check_dkim_signature` and
 * `_check_valid_signature` leave them in `$pms->{dkim_*}` / `$pms->{arc_*}`: computed once, by the
 * first DKIM eval that needs them, and shared by every DKIM, ARC and DMARC rule.
 *
 * With network tests off nothing is verified and nothing counts as signed: SA skips the whole
 * check when DNS is not available, even for `check_dkim_signed`.
 */
import type { EvalContext } from '../../types.js';
import { lc } from '../../../perl/strings.js';
import { numSetting, withTimeout } from '../spf/settings.js';
import { dkimMessage } from './message-parts.js';
import { sigDomain, sigIdentity, sigSelector, type Signature } from './signature.js';
import { verifyArc, verifyDkim, type ArcRun } from './verify.js';

/** One signature as SA sees it after `_check_valid_signature`. */
export interface SignatureFacts {
  readonly sig: Signature;
  /** `result eq 'pass'` (an expired signature never passes: Mail::DKIM calls it invalid). */
  readonly valid: boolean;
  /** `_spamassassin_key_size`: measured only for valid signatures while `dkim_minimum_key_bits` is set. */
  readonly keySize: number | undefined;
  /** The domain SA matches lists against: the `i=` identity's domain (else `d=`), lower-cased. */
  readonly sdid: string | undefined;
}

/** The per-message DKIM state. */
export interface DkimState {
  /** `dkim_signatures_ready`: the signatures were obtained (false without DNS or when Mail::DKIM died). */
  readonly ready: boolean;
  /** `dkim_signatures_dependable`. */
  readonly dependable: boolean;
  readonly signed: boolean;
  readonly valid: boolean;
  readonly signatures: readonly SignatureFacts[];
  /** From-header addresses and their domains (`_get_authors`). */
  readonly authors: readonly string[];
  readonly authorDomains: ReadonlySet<string>;
  readonly hasValidAuthorSig: ReadonlySet<string>;
  readonly hasAnyAuthorSig: ReadonlySet<string>;
  readonly authorSigTempfailed: ReadonlySet<string>;
  readonly arcSigned: boolean;
  readonly arcValid: boolean;
  /** The ARC verifier's run, when one was made (DMARC reads its result and seals). */
  readonly arc: ArcRun | undefined;
  /** Whether verification ran at all (SA then holds a `dkim_verifier`, which DMARC reads). */
  readonly verified: boolean;
}

/** `_get_authors`: every From address and the lower-cased domain after its last `@`. */
export function dkimAuthors(ctx: EvalContext): { authors: string[]; domains: Set<string> } {
  return ctx.memo('dkim:authors', () => {
    const authors = [...ctx.message.get('From:addr')];
    const domains = new Set<string>();
    for (const a of authors) {
      const m = /@([^@]+?)[ \t]*$/.exec(a);
      if (m) domains.add(lc(m[1]!));
    }
    return { authors, domains };
  });
}

/** SA's `sdid` of a signature: `($sig->identity =~ /\@(\S+)/)`, lower-cased. */
export function signatureSdid(sig: Signature): string | undefined {
  const m = /@([^\t\n\x0b\f\r ]+)/.exec(sigIdentity(sig));
  return m ? lc(m[1]!) : undefined;
}

function emptyState(ctx: EvalContext, ready: boolean, verified: boolean, arc?: ArcRun): DkimState {
  const { authors, domains } = dkimAuthors(ctx);
  return {
    ready,
    dependable: ready,
    signed: false,
    valid: false,
    signatures: [],
    authors,
    authorDomains: domains,
    hasValidAuthorSig: new Set(),
    hasAnyAuthorSig: new Set(),
    authorSigTempfailed: new Set(),
    arcSigned: false,
    arcValid: false,
    arc,
    verified,
  };
}

/** `_check_valid_signature` for the DKIM list, setting the report tags. */
function assess(ctx: EvalContext, sigs: readonly Signature[], arc: ArcRun | undefined): DkimState {
  const base = emptyState(ctx, true, true, arc);
  const minBits = numSetting(ctx, 'dkim_minimum_key_bits', 1024);
  const facts: SignatureFacts[] = [];
  const validAuthor = new Set<string>();
  const anyAuthor = new Set<string>();
  const tempfailed = new Set<string>();
  for (const sig of sigs) {
    const valid = sig.result === 'pass';
    const keySize = valid && minBits && sig.keyBits ? sig.keyBits : undefined;
    const sdid = signatureSdid(sig);
    facts.push({ sig, valid, keySize, sdid });
    if (sigSelector(sig) === undefined || sigSelector(sig) === '') continue;
    if (sdid !== undefined && base.authorDomains.has(sdid)) {
      anyAuthor.add(sdid);
      if (valid && keySize !== undefined && keySize >= minBits) validAuthor.add(sdid);
      else if (/\b(?:timed out|SERVFAIL)\b/i.test(`${sig.result ?? ''} (${sig.details})`)) tempfailed.add(sdid);
    }
  }
  // the signatures with an empty or missing selector are skipped for validity, as SA's loop does
  const validSigs = facts.filter((f) => f.valid && sigSelector(f.sig) !== undefined && sigSelector(f.sig) !== '');
  if (validSigs.length) {
    const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => x !== undefined && x !== ''))];
    const tag = (name: string, xs: string[]) => ctx.setTag(name, xs.join(' '), 'latin1');
    tag('DKIMIDENTITY', uniq(validSigs.map((f) => sigIdentity(f.sig))));
    tag('DKIMDOMAIN', uniq(validSigs.map((f) => sigDomain(f.sig))));
    tag('DKIMSELECTOR', uniq(validSigs.map((f) => sigSelector(f.sig))));
  }
  return {
    ...base,
    dependable: true,
    signed: sigs.length > 0,
    valid: validSigs.length > 0,
    signatures: facts,
    hasValidAuthorSig: validAuthor,
    hasAnyAuthorSig: anyAuthor,
    authorSigTempfailed: tempfailed,
    ...arcFacts(arc),
  };
}

async function check(ctx: EvalContext): Promise<DkimState> {
  const net = ctx.net!;
  const model = ctx.model;
  const msg = dkimMessage(model.fullText(), model.raw.lineEnding);
  const now = Math.floor(Date.now() / 1000);
  const timeout = numSetting(ctx, 'dkim_timeout', 5);
  try {
    const dkim = await withTimeout(verifyDkim(msg, net, now), timeout, undefined);
    // SA: the signature list is only filled once CLOSE returns, so a timeout leaves it empty
    if (dkim === undefined) net.diagnostic('net-client', `dkim: public key lookup or verification timed out after ${timeout} s`);
    const arc = await withTimeout(verifyArc(msg, net, now), timeout, undefined);
    // a timed-out ARC verifier never finished: no signatures, no result
    const arcRun: ArcRun = arc ?? { signatures: [], result: '', seals: [] };
    return assess(ctx, dkim?.signatures ?? [], arcRun);
  } catch (err) {
    net.diagnostic('net-client', `dkim: verification failed: ${err instanceof Error ? err.message : String(err)}`, 'warning');
    return emptyState(ctx, false, false);
  }
}

/** `arc_signed` / `arc_valid` from the ARC verifier's signatures. */
function arcFacts(arc: ArcRun | undefined): { arcSigned: boolean; arcValid: boolean } {
  const sigs = arc?.signatures ?? [];
  return {
    arcSigned: sigs.length > 0,
    arcValid: sigs.some((s) => s.result === 'pass' && sigSelector(s) !== undefined && sigSelector(s) !== ''),
  };
}

/**
 * The message's DKIM state: a plain value without network (nothing verified), else a promise
 * of the verification, started once.
 */
export function dkimState(ctx: EvalContext): DkimState | Promise<DkimState> {
  if (!ctx.net) return ctx.memo('dkim:local', () => emptyState(ctx, false, false));
  return ctx.memo('dkim:state', () => check(ctx));
}

/** Applies `fn` to a state that may still be on its way. */
export function onState<T>(s: DkimState | Promise<DkimState>, fn: (s: DkimState) => T): T | Promise<T> {
  return s instanceof Promise ? s.then(fn) : fn(s);
}
