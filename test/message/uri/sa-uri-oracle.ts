/**
 * Runs `sa-uri-oracle.pl` (Perl SpamAssassin 4.0.1) over a batch of messages in one perl
 * process. Only the opt-in oracle test (and the author, while writing expectations) uses it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SA_RULES, SA_SITE } from './sa-config.js';

const SCRIPT = fileURLToPath(new URL('./sa-uri-oracle.pl', import.meta.url));

/** One message to ask about: a file, or the message text as a Latin-1 binary string. */
export interface UriOracleRequest {
  path?: string;
  text?: string;
  registry?: 1;
  /** Replaces the rendered body array (Latin-1 binary strings). */
  lines?: string[];
}

/** An HTML uri_detail key as SA holds it. */
export interface OracleHtmlUri {
  uri: string;
  utf8: 0 | 1;
  types: string[] | null;
  anchor: string[] | null;
}

/** What SA computed for one message. */
export interface UriOracleAnswer {
  body: string[];
  body_utf8: number[];
  html: OracleHtmlUri[];
  html_truncated?: 1;
  dkim: string[];
  uris: string[];
  detail: Record<string, { types: string[]; cleaned: string[] | null; anchor: string[] | null; domains: string[]; hosts: Record<string, string> }>;
  uri_truncated: 0 | 1;
  registry?: { tlds: string[]; two: string[]; three: string[]; redirectors: string[] };
}

/** Asks Perl SA; one answer per request, in order. */
export function askUriOracle(requests: UriOracleRequest[]): UriOracleAnswer[] {
  const ascii = (r: UriOracleRequest): string =>
    JSON.stringify(r).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const input = requests.map(ascii).join('\n') + '\n';
  const r = spawnSync('perl', [SCRIPT, SA_RULES, SA_SITE], { input, encoding: 'latin1', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as UriOracleAnswer);
}
