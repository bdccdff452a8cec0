// npm run generate [-- --check] [-- --out DIR] [-- NAME…]: regenerates the data files that
// hold SpamAssassin's (or Perl's) own tables, each from the installed Perl modules by its
// generator in this folder. Plain: writes the files that changed. --check: writes nothing and
// exits 1 when a committed file differs from what its generator makes (CI runs this through
// test/generated/data-files.test.ts). --out DIR: writes each file under DIR instead, at its
// repository path. --root DIR: compares with (or writes) the files under DIR instead of the
// repository. NAME: only the generators of that name (e.g. `catalog`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATORS } from './index.mjs';
import { ROOT, perlHas } from './lib.mjs';

/** Where two texts first differ, as `line N: committed … / generated …`. */
function firstDifference(committed, generated) {
  const a = committed.split('\n');
  const b = generated.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const n = i === -1 ? a.length : i;
  return `line ${n + 1}:\n  committed: ${a[n] ?? '(end of file)'}\n  generated: ${b[n] ?? '(end of file)'}`;
}

async function main(argv) {
  const check = argv.includes('--check');
  const option = (flag) => {
    const at = argv.indexOf(flag);
    if (at === -1) return undefined;
    if (!argv[at + 1] || argv[at + 1].startsWith('--')) throw new Error(`${flag} needs a directory`);
    return argv[at + 1];
  };
  const out = option('--out');
  const root = option('--root') ?? ROOT;
  const names = argv.filter((a, i) => !a.startsWith('--') && !['--out', '--root'].includes(argv[i - 1]));
  for (const n of names) if (!GENERATORS[n]) throw new Error(`no generator ${n} (have: ${Object.keys(GENERATORS).join(', ')})`);
  let stale = 0;
  for (const [name, gen] of Object.entries(GENERATORS)) {
    if (names.length > 0 && !names.includes(name)) continue;
    const missing = gen.needs.filter((m) => !perlHas([m]));
    if (missing.length > 0) throw new Error(`${name}: needs perl with ${missing.join(', ')}`);
    const file = path.resolve(root, gen.target);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const skip = check && !out ? gen.skipReason?.(committed) : undefined;
    if (skip) {
      console.log(`${gen.target} not checked: ${skip}`);
      continue;
    }
    const text = await gen.generate();
    if (out) {
      const dest = path.resolve(out, gen.target);
      mkdirSync(path.dirname(dest), { recursive: true });
      writeFileSync(dest, text);
      console.log(`${gen.target} written under ${out}`);
    } else if (committed === text) {
      console.log(`${gen.target} is up to date`);
    } else if (check) {
      stale++;
      console.error(`${gen.target} differs from what scripts/generate/${name}.mjs makes, ${firstDifference(committed, text)}`);
    } else {
      writeFileSync(file, text);
      console.log(`${gen.target} written`);
    }
  }
  if (stale > 0) {
    console.error(`${stale} generated file(s) out of date: run \`npm run generate\``);
    process.exitCode = 1;
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
