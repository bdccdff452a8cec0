/**
 * Small pieces of Perl semantics the header/relay/list evals need, plus the per-message and
 * per-rule-set memo tables that stand in for SA's `$pms->{…}` and plugin-object caches.
 *
 * The evals run on octet strings (one char per byte). Perl's regex rules there differ from
 * JavaScript's in three places these helpers cover: `\s` is only ASCII whitespace, `.` excludes
 * only "\n" (JS also excludes "\r"), and `$` (without /m) also matches before a final "\n".
 * `/i` folds ASCII letters only (no /u, no locale): {@link ciLiteral} spells that out where a
 * pattern mixes case-sensitive and -insensitive parts.
 */
import type { EvalContext } from '../../types.js';

/** Perl's `\s` on an octet string, as a class body. */
export const SP = '\\t\\n\\x0b\\f\\r ';
/** `\s` / `\S` / `.` as standalone classes. */
export const S = `[${SP}]`;
export const NS = `[^${SP}]`;
export const DOT = '[^\\n]';
/** Perl `$` without /m: end of string, or before a final newline. */
export const EOS = '(?=\\n?$)';

/** Perl `lc` on an octet string: ASCII letters only. */
export const lc = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
/** Perl `uc` on an octet string. */
export const uc = (s: string): string => s.replace(/[a-z]+/g, (m) => m.toUpperCase());

/** `quotemeta` for a JS pattern: every char that could mean something is escaped. */
export const quote = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** A literal that matches case-insensitively on ASCII letters only (Perl /i under /d rules). */
export function ciLiteral(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z]/.test(ch)) out += `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    else out += quote(ch);
  }
  return out;
}

/** Perl truthiness of a scalar. */
export const perlTrue = (v: string | number | boolean | undefined | null): boolean =>
  v !== undefined && v !== null && v !== '' && v !== '0' && v !== 0 && v !== false;

/** Perl's numification of a string: the leading decimal number, else 0. */
export function perlNum(s: string): number {
  const m = /^[\t\n\x0b\f\r ]*([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))/.exec(s);
  if (m) return Number(m[1]);
  const inf = /^[\t\n\x0b\f\r ]*([+-]?)(inf(?:inity)?|nan)/i.exec(s);
  if (inf) return inf[2]!.toLowerCase() === 'nan' ? NaN : inf[1] === '-' ? -Infinity : Infinity;
  return 0;
}

/** Perl `split(/\./, $s)`: trailing empty fields dropped, an empty string gives no fields. */
export function splitDots(s: string): string[] {
  const parts = s.split('.');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Perl `split(/\s+/, $s)`: a leading empty field kept, trailing ones dropped. */
export function splitWs(s: string): string[] {
  const parts = s.split(/[\t\n\x0b\f\r ]+/);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const messageMemo = new WeakMap<object, Map<string, unknown>>();

/** A value computed once per message (SA's `$pms->{key}` caches). */
export function perMessage<T>(ctx: EvalContext, key: string, compute: () => T): T {
  const owner = (ctx.internal ?? ctx.message) as object;
  let memo = messageMemo.get(owner);
  if (!memo) messageMemo.set(owner, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const v = compute();
  memo.set(key, v);
  return v;
}

const ruleSetMemo = new WeakMap<object, Map<string, unknown>>();

/** A value computed once per rule set (SA's per-configuration plugin state). */
export function perRuleSet<T>(ctx: EvalContext, key: string, compute: () => T): T {
  const owner = (ctx.ruleSet ?? ctx.config) as object;
  let memo = ruleSetMemo.get(owner);
  if (!memo) ruleSetMemo.set(owner, (memo = new Map()));
  if (memo.has(key)) return memo.get(key) as T;
  const v = compute();
  memo.set(key, v);
  return v;
}

/** Compiles a pattern, or undefined when JavaScript refuses it (SA's eval would die: a miss). */
export function tryRegExp(source: string, flags = ''): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

/**
 * Translates a short Perl pattern written in a rule argument (FreeMail's optional regex, a
 * RelayEval domain) into JavaScript: `\s`/`\S`, `.` and `$` get their Perl meaning, `\z`/`\A`
 * become anchors. Inline `(?i)` at the very start is honoured as a flag. Good enough for the
 * simple patterns rules pass; anything JavaScript cannot compile yields undefined.
 */
export function perlArgRegExp(pattern: string, flags = ''): RegExp | undefined {
  let src = pattern;
  const fl = new Set(flags);
  const lead = /^\(\?([ims]+)\)/.exec(src);
  if (lead) {
    for (const c of lead[1]!) fl.add(c);
    src = src.slice(lead[0].length);
  }
  const f = [...fl].join('');
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      const n = src[++i]!;
      if (n === 's') out += inClass ? SP : S;
      else if (n === 'S') out += inClass ? '\\S' : NS;
      else if (n === 'z') out += '$';
      else if (n === 'Z') out += EOS;
      else if (n === 'A') out += '^';
      else out += c + n;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') out += '\\' + src[++i];
      continue;
    }
    if (c === '.' && !f.includes('s')) out += DOT;
    else if (c === '$' && !f.includes('m')) out += EOS;
    else out += c;
  }
  return tryRegExp(out, f);
}
