/**
 * SPF results an internal relay already wrote into the message: `Received-SPF` and
 * `(ARC-)Authentication-Results` headers above the internal boundary (`ALL-INTERNAL`), which SA's
 * `_check_spf` re-uses instead of asking DNS, unless `ignore_received_spf_header` is on.
 *
 * SA walks them oldest first (newest first with `use_newest_received_spf_header`) and keeps the
 * first usable result per identity: `mfrom`/`mailfrom` (or no identity) for the envelope sender,
 * `helo` for the HELO check; any other identity is skipped.
 */
import type { EvalContext } from '../../types.js';
import { lc } from '../../../perl/strings.js';
import { boolSetting } from './settings.js';

/** The seven results SA keeps a flag for. */
export type SpfResult = 'pass' | 'neutral' | 'none' | 'fail' | 'softfail' | 'permerror' | 'temperror';

/** What the headers told, per identity. */
export interface HeaderSpf {
  mfrom?: SpfResult;
  helo?: SpfResult;
}

// Perl's `\s`, `\S` and `.` on octet strings (no Unicode, `.` stops only at "\n").
const RECEIVED_SPF =
  /^received-spf:[\t\n\x0b\f\r ]*(pass|neutral|(?:soft)?fail|(?:temp|perm)error|none)\b(?:[^\n]*\bidentity=([^\t\n\x0b\f\r ]+?);?\b)?/i;
const AUTH_RESULTS = /^(?:Arc-)?Authentication-Results:[^\n]*;[\t\n\x0b\f\r ]*SPF[\t\n\x0b\f\r ]*=[\t\n\x0b\f\r ]*([^;]*)/i;
const AUTH_SPF =
  /^(pass|neutral|(?:hard|soft)?fail|(?:temp|perm)error|none)(?:[^;]*?\bsmtp\.([^\t\n\x0b\f\r ]+)[\t\n\x0b\f\r ]*=[^;]+)?/i;

/** Parses one header line into [result, identity] when it is a usable SPF record. */
function parseLine(hdr: string): [SpfResult, string | undefined] | undefined {
  if (/^received-spf:/i.test(hdr)) {
    const m = RECEIVED_SPF.exec(hdr);
    return m ? [lc(m[1]!) as SpfResult, m[2]] : undefined;
  }
  const a = AUTH_RESULTS.exec(hdr);
  if (!a) return undefined;
  const m = AUTH_SPF.exec(a[1]!);
  if (!m) return undefined;
  const result = lc(m[1]!);
  return [(result === 'hardfail' ? 'fail' : result) as SpfResult, m[2]];
}

/** The SPF results found in internal relays' headers (none when `ignore_received_spf_header`). */
export function headerSpf(ctx: EvalContext): HeaderSpf {
  return ctx.memo('spf:headers', () => {
    const found: HeaderSpf = {};
    if (boolSetting(ctx, 'ignore_received_spf_header')) return found;
    const lines = [...ctx.message.get('ALL-INTERNAL')];
    if (!boolSetting(ctx, 'use_newest_received_spf_header')) lines.reverse();
    for (const hdr of lines) {
      const parsed = parseLine(hdr);
      if (!parsed) continue;
      const [result, identity] = parsed;
      const id = identity === undefined ? 'mfrom' : lc(identity);
      let key: keyof HeaderSpf;
      if (id === 'mfrom' || id === 'mailfrom') key = 'mfrom';
      else if (id === 'helo') key = 'helo';
      else continue; // an identity SA cannot use: try the next header
      if (found[key] !== undefined) continue;
      found[key] = result;
      if (found.mfrom !== undefined && found.helo !== undefined) break;
    }
    return found;
  });
}
