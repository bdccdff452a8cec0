/**
 * The `_SPAMMYTOKENS(N,fmt)_` / `_HAMMYTOKENS(N,fmt)_` / `_TOKENSUMMARY_` texts
 * (`Plugin/Bayes.pm::bayes_report_make_list` BP:1809-1849, `_compute_declassification_distance`
 * BP:1700-1729, the TOKENSUMMARY closure BP:1001-1017).
 */
import { sprintfFixed } from '../report/perl-format.js';
import { FW_S_CONSTANT, FW_S_DOT_X, MIN_PROB_STRENGTH } from './combine-chi.js';
import type { Classification, TokenInfo } from './classify.js';

/**
 * How many more messages of the other class a token would need to stop being significant
 * (the Robinson branch of `_compute_declassification_distance`).
 */
export function declassificationDistance(Ns: number, Nn: number, ns: number, nn: number, prob: number, useHapaxes: boolean): number {
  if (ns === 0 && nn === 0) return 0;
  if (!useHapaxes && ns + nn < 2) return 0;
  if (!Ns || !Nn) return 0;
  if (Math.abs(prob - 0.5) < MIN_PROB_STRENGTH) return 0;
  const [Na, na, Nb, nb] = prob > 0.5 ? [Nn, nn, Ns, ns] : [Ns, ns, Nn, nn];
  const p = 0.5 - MIN_PROB_STRENGTH;
  const s = FW_S_CONSTANT;
  const sx = FW_S_DOT_X;
  const a = Nb * (1 - p);
  const b = Nb * (sx + nb * (1 - p) - p * s) - p * Na * nb;
  const c = Na * nb * (sx - p * (s + nb));
  const discrim = b * b - 4 * a * c;
  const ddExact = 1.0 - 1e-6 + (-b + Math.sqrt(discrim < 0 ? 0 : discrim)) / (2 * a) - na;
  return ddExact < 1 ? 1 : Math.trunc(ddExact);
}

const FORMATS: Readonly<Record<string, string>> = {
  short: '$t',
  Short: 'Token: "$t"',
  compact: '$p-$D--$t',
  Compact: 'Probability $p -declassification distance $D ("+" means > 9) --token: "$t"',
  medium: '$p-$D-$N--$t',
  long: '$p-$d--${h}h-${s}s--${a}d--$t',
  Long: 'Probability $p -declassification distance $D --in ${h} ham messages -and ${s} spam messages --${a} days old--token:"$t"',
};

/** What the list needs besides the tokens. */
export interface ReportListContext {
  /** The corpus sizes the scan used (undefined when the scan did not get that far). */
  readonly nspam: number | undefined;
  readonly nham: number | undefined;
  readonly useHapaxes: boolean;
  /** Seconds since the epoch (`time`). */
  readonly now: number;
}

/** `bayes_report_make_list($pms, $info, $param)`. */
export function reportList(info: readonly TokenInfo[] | undefined, param: string | undefined, ctx: ReportListContext): string {
  if (info === undefined) return 'Tokens not available.';
  const [limitArg, fmtArg] = (param || '5').split(',');
  const raw = !fmtArg ? FORMATS.compact! : FORMATS[fmtArg];
  if (raw === undefined) return 'Invalid format, must be one of: ' + Object.keys(FORMATS).join(',');
  const limit = Number(limitArg ?? '') || 0; // Perl numifies "abc" to 0
  const amt = limit < info.length ? limit : info.length;
  if (amt <= 0) return '';
  const digit = (n: number): string => (n > 9 ? '+' : String(n));
  return info
    .slice(0, Math.trunc(amt))
    .map((t) => {
      const d = declassificationDistance(ctx.nspam ?? 0, ctx.nham ?? 0, t.spam, t.ham, t.prob, ctx.useHapaxes);
      const [c, o] = t.prob < 0.5 ? [t.ham, t.spam] : [t.spam, t.ham];
      const vars: Record<string, string> = {
        t: t.token,
        p: sprintfFixed(t.prob, 3),
        d: String(d),
        D: digit(d),
        s: String(t.spam),
        h: String(t.ham),
        a: String(Math.trunc((ctx.now - t.atime) / 86400)),
        N: digit(t.spam + t.ham),
        S: digit(t.spam),
        H: digit(t.ham),
        C: digit(c),
        O: digit(o),
        n: String(t.spam + t.ham),
        c: String(c),
        o: String(o),
      };
      return raw.replace(/\$\{(\w)\}|\$(\w)/g, (_m, a?: string, b?: string) => vars[(a ?? b)!] ?? '');
    })
    .join(', ');
}

/** `_TOKENSUMMARY_` for a scan that ran (`Bayes not run.` when no token was found). */
export function tokenSummary(c: Classification): string {
  if (c.tokenCount === undefined) return 'Bayes not run.';
  const spammy = c.spammy?.length ?? 0;
  const hammy = c.hammy?.length ?? 0;
  const learned = c.learnedCount ?? 0;
  return `Tokens: new, ${c.tokenCount - learned}; hammy, ${hammy}; neutral, ${learned - spammy - hammy}; spammy, ${spammy}.`;
}
