/**
 * Pyzor: check_pyzor through an injected Pyzor client.
 *
 * The expected hits and `_PYZOR_` tags are what Perl SpamAssassin 4.0.1 answered with the same
 * rules, its Pyzor plugin running a fake `pyzor` executable (`pyzor_path`) that printed one
 * server line `public.pyzor.org:24441\t(200, 'OK')\t<count>\t<welcomelisted>` (default
 * `pyzor_fork 1`, then `pyzor_fork 0`).
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../../src/rule-set.js';
import type { PyzorClient } from '../../../src/net/types.js';

const PRE = 'loadplugin Mail::SpamAssassin::Plugin::Pyzor\n';
const RULES = ['full T_PYZOR eval:check_pyzor()', 'score T_PYZOR 1', 'add_header all Pyzor _PYZOR_'].join('\n');
const MSG = 'From: a@sender.example\nTo: b@example.org\nSubject: hi\n\nhello\n';

function fake(count: number, whitelisted: number, seen: Buffer[] = []): PyzorClient {
  return {
    check: async (m) => {
      seen.push(m);
      return { count, whitelisted };
    },
  };
}

async function scan(cf: string, pyzor?: PyzorClient, network = true) {
  const rs = compileRuleSet([
    { name: 'init.pre', text: PRE },
    { name: 'test.cf', text: `${RULES}\n${cf}` },
  ]);
  const r = await rs.check(MSG, { network, clients: pyzor ? { pyzor } : {} });
  return {
    hits: r.hits.map((h) => h.name).sort(),
    tag: r.headers.find(([n]) => n === 'X-Spam-Pyzor')?.[1],
    diagnostics: r.diagnostics.filter((d) => d.code === 'net-client'),
  };
}

describe('check_pyzor', () => {
  it('hits at pyzor_count_min reports (default 5) and sets _PYZOR_', async () => {
    expect(await scan('', fake(7, 0))).toMatchObject({ hits: ['T_PYZOR'], tag: 'Reported 7 times, welcomelisted 0 times.' });
    expect(await scan('', fake(4, 0))).toMatchObject({ hits: [], tag: 'Reported 4 times, welcomelisted 0 times.' });
    expect((await scan('pyzor_count_min 3\npyzor_fork 0', fake(4, 0))).hits).toEqual(['T_PYZOR']);
  });

  it('ignores a message welcomelisted pyzor_welcomelist_min times and at least factor × reports', async () => {
    // 50 × 0.2 = 10 welcomelistings are enough; with 51 reports (limit 10.2) they are not.
    expect((await scan('', fake(50, 10))).hits).toEqual([]);
    expect((await scan('', fake(51, 10))).hits).toEqual(['T_PYZOR']);
    // Below pyzor_welcomelist_min the welcomelistings do not count at all.
    expect((await scan('pyzor_welcomelist_min 11', fake(50, 10))).hits).toEqual(['T_PYZOR']);
    expect((await scan('pyzor_whitelist_factor 0.1', fake(100, 10))).hits).toEqual([]);
  });

  it('ignores absurd counts', async () => {
    expect((await scan('', fake(1000000, 0))).hits).toEqual([]);
    expect((await scan('', fake(20, 10000))).hits).toEqual([]);
  });

  it('asks once per message: only the first check_pyzor rule can hit', async () => {
    const seen: Buffer[] = [];
    const r = await scan('full T_PYZOR2 eval:check_pyzor()\nscore T_PYZOR2 1', fake(9, 0, seen));
    expect(r.hits).toHaveLength(1);
    expect(seen).toEqual([Buffer.from(MSG, 'latin1')]);
  });

  it('without a client, misses with one info; with network off or use_pyzor 0 it asks nothing', async () => {
    const none = await scan('');
    expect(none.hits).toEqual([]);
    expect(none.diagnostics).toHaveLength(1);
    expect(none.diagnostics[0]!.severity).toBe('info');
    const seen: Buffer[] = [];
    expect((await scan('', fake(9, 0, seen), false)).hits).toEqual([]);
    expect((await scan('use_pyzor 0', fake(9, 0, seen))).hits).toEqual([]);
    expect(seen).toHaveLength(0);
  });

  it('a failing client is a miss plus a diagnostic', async () => {
    const r = await scan('', { check: () => Promise.reject(new Error('server down')) });
    expect(r.hits).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['pyzor: check failed: server down']);
  });
});
