/**
 * Runs `sa-header-oracle.pl` (Perl SpamAssassin 4.0.1) on a batch of messages and returns its
 * answers. Only the opt-in oracle test uses it; the unit tests hold hard-coded answers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SA_RULES = '/work/shared/spamassassin-4.0.1/rules';
export const SA_SITE = '/work/shared/spamassassin-4.0.1/site';
const SCRIPT = fileURLToPath(new URL('../sa-header-oracle.pl', import.meta.url));

export interface OracleRequest {
  path?: string;
  text?: string;
  get: string[];
  conf?: string;
  registry?: 1;
}

export interface OracleAnswer {
  headers: Array<[string, string, string]>;
  pristine_headers: string;
  pristine_body: string;
  mbox_sep: string | null;
  line_ending: string;
  body_lines: string[];
  flags: { truncated_header: number; missing_head_body_separator: number };
  flags_after: { truncated_header: number; missing_head_body_separator: number };
  ctx: {
    relays_trusted_str: string | null;
    relays_untrusted_str: string | null;
    relays_internal_str: string | null;
    relays_external_str: string | null;
    last_trusted_relay_index: number | null;
    last_internal_relay_index: number | null;
    untrusted_envfrom: Array<string | null>;
    trusted_envfrom: Array<string | null>;
    metadata: Record<string, string>;
  };
  list: Record<string, string[]>;
  scalar: Record<string, string>;
  registry?: { tlds: string[]; two: string[]; three: string[] };
}

/** Whether perl with Mail::SpamAssassin and the rule tree are present. */
export function oracleAvailable(): boolean {
  if (!existsSync(SA_RULES) || !existsSync(SA_SITE)) return false;
  const r = spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Asks Perl SA; one answer per request, in order. */
export function askOracle(requests: OracleRequest[]): OracleAnswer[] {
  // pure-ASCII JSON: Perl reads the line as bytes
  const ascii = (r: OracleRequest): string =>
    JSON.stringify(r).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const input = requests.map(ascii).join('\n') + '\n';
  const r = spawnSync('perl', [SCRIPT, SA_RULES, SA_SITE], { input, encoding: 'latin1', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as OracleAnswer);
}
