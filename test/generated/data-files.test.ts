/**
 * The data files that hold SpamAssassin's (or Perl's) own tables are exactly what their
 * generators in scripts/generate/ make from the installed Perl modules: each generator is run
 * into a temporary folder and its output compared with the committed file. A generator whose
 * Perl modules are missing (CI installs spamassassin), or whose file was made with another
 * Unicode version than this Node's, is skipped with a note.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const RUN = path.join(ROOT, 'scripts/generate/run.mjs');

interface Generator {
  target: string;
  needs: string[];
  generate(): string | Promise<string>;
  skipReason?(committed: string): string | undefined;
}
// Plain .mjs modules (no types): imported by URL.
const { GENERATORS } = (await import(pathToFileURL(path.join(ROOT, 'scripts/generate/index.mjs')).href)) as {
  GENERATORS: Record<string, Generator>;
};
const { perlHas } = (await import(pathToFileURL(path.join(ROOT, 'scripts/generate/lib.mjs')).href)) as {
  perlHas(modules: string[]): boolean;
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-generated-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('generated data files', () => {
  for (const [name, gen] of Object.entries(GENERATORS)) {
    const committed = readFileSync(path.join(ROOT, gen.target), 'utf8');
    const missing = gen.needs.filter((m) => !perlHas([m]));
    const skip = missing.length > 0 ? `perl or ${missing.join(', ')} is not installed` : gen.skipReason?.(committed);
    if (skip) process.stderr.write(`note: ${gen.target} not checked: ${skip}\n`);
    it.skipIf(skip !== undefined)(`${gen.target} is what scripts/generate/${name}.mjs makes (run \`npm run generate\` after changing either)`, async () => {
      const out = path.join(tmp, gen.target);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, await gen.generate());
      expect(readFileSync(out, 'utf8')).toBe(committed);
    });
  }

  const entities = GENERATORS['entity-table']!;
  it.skipIf(!perlHas(entities.needs))('`npm run generate -- --check` fails on a committed file that differs, and names it', () => {
    const root = path.join(tmp, 'stale');
    const file = path.join(root, entities.target);
    mkdirSync(path.dirname(file), { recursive: true });
    cpSync(path.join(ROOT, entities.target), file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(' amp 38 ', ' amp 39 '));
    const r = spawnSync(process.execPath, [RUN, '--check', '--root', root, 'entity-table'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${entities.target} differs`);
    expect(readFileSync(file, 'utf8')).toContain(' amp 39 ');
  });
});
