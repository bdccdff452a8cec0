/**
 * What the MIME/body/HTML/URI/image evals share: per-message memory (SA caches their findings
 * on the PerMsgStatus object: `$pms->{mime_checked_attachments}`, `$pms->{uppercase}`,
 * `$pms->{imageinfo}`...; we keep them in a map per message model, dropped with it), and
 * Perl's reading of eval arguments as numbers and of values as booleans.
 */
import type { EvalContext } from '../../types.js';

const memory = new WeakMap<object, Map<string, unknown>>();

/** The value computed once per message under `key`. */
export function perMessage<T>(ctx: EvalContext, key: string, compute: () => T): T {
  const owner = (ctx.internal ?? ctx.message) as object;
  let m = memory.get(owner);
  if (!m) {
    m = new Map();
    memory.set(owner, m);
  }
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}

/**
 * Perl's numeric value of a string (`"0400"` -> 400, `".05"` -> 0.05, `"12abc"` -> 12,
 * `"inf"` -> Infinity, anything else -> 0), as eval arguments are compared in Perl.
 */
export function perlNum(s: string | undefined): number {
  if (s === undefined) return 0;
  const m = /^[\t\n\x0b\f\r ]*([+-]?)(?:(inf(?:inity)?)|(nan)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2]) return sign * Infinity;
  if (m[3]) return NaN;
  return sign * Number(m[4]);
}

/** Perl truthiness of a scalar. */
export function perlTrue(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'number') return v !== 0; // NaN is true in Perl
  if (typeof v === 'string') return v !== '' && v !== '0';
  return true;
}
