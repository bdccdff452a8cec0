/**
 * Runs Perl SpamAssassin 4.0.1 (sa-relays-oracle.pl) over a batch of messages in one process and
 * returns what its Received parsing produced. Used by the oracle test and to produce the expected
 * values hard-coded in the unit tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const shared = path.resolve(__dirname, '../../../../shared');
const rulesDir = path.join(shared, 'spamassassin-4.0.1/rules');
const siteDir = path.join(shared, 'spamassassin-4.0.1/site');
const script = path.join(__dirname, 'sa-relays-oracle.pl');

/** Whether the rules the oracle needs are beside the project. */
export const oracleAvailable = existsSync(rulesDir) && existsSync(siteDir);

/** One relay as Perl SA holds it (0/1 flags as numbers, undef envfrom as null). */
export interface SaRelay {
  ip: string;
  by: string;
  helo: string;
  rdns: string;
  ident: string;
  envfrom: string | null;
  id: string;
  auth: string;
  lc_by: string;
  lc_helo: string;
  lc_rdns: string;
  as_string: string;
  msa: number;
  internal: number;
  ip_private: number;
  no_reverse_dns: number;
  rdns_not_in_headers: number;
}

/** What Perl SA computed for one message. */
export interface SaAnswer {
  path?: string;
  received: string[];
  originatingHeaders: string[];
  originating: (string | null)[];
  trusted: string;
  untrusted: string;
  internal: string;
  external: string;
  numTrusted: number;
  numUntrusted: number;
  numInternal: number;
  numExternal: number;
  numUnparseable: number;
  lastTrustedRelayIndex: number;
  lastInternalRelayIndex: number;
  relaysTrusted: SaRelay[];
  relaysUntrusted: SaRelay[];
  relaysInternal: SaRelay[];
  relaysExternal: SaRelay[];
  envelopeFrom: string | null;
  /** SA's relay template tags ($pms->get_tag); null when unset. */
  tags: Record<string, string | null>;
}

/** A message for the oracle: a file, or Latin-1 text; `conf` is appended to the configuration. */
export type SaRequest = ({ path: string } | { text: string }) & { conf?: string; originating?: 1 };

/** Runs the oracle once for all requests (answers in request order). */
export function runOracle(requests: readonly SaRequest[]): SaAnswer[] {
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const run = spawnSync('perl', [script, rulesDir, siteDir], {
    input,
    maxBuffer: 1 << 30,
    encoding: 'latin1',
  });
  if (run.status !== 0) throw new Error(`oracle failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SaAnswer);
}

/** A minimal message around the given Received values (top first) and extra header lines. */
export function messageWith(received: readonly string[], extraHeaders: readonly string[] = []): string {
  return [
    ...received.map((r) => `Received: ${r}`),
    ...extraHeaders,
    'From: a@example.com',
    'To: b@example.com',
    'Subject: t',
    '',
    'body',
    '',
  ].join('\n');
}
