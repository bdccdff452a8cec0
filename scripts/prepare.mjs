// npm's `prepare` (npm install in a clone, npm pack, npm publish, installing from git): builds
// dist/ with tsup. Without the devDependencies (`npm ci --omit=dev` in a clone) there is no
// compiler: installing then says so and goes on, while packing fails with what to do, since a
// tarball without dist/ would be empty.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const packing = ['pack', 'publish'].includes(process.env.npm_command ?? '');
let tsup;
try {
  tsup = require.resolve('tsup/dist/cli-default.js');
} catch {
  const why = 'spamscore: the build needs the devDependencies (tsup, typescript): run `npm ci` first';
  if (packing) {
    console.error(`${why}, then \`npm ${process.env.npm_command}\` again.`);
    process.exit(1);
  }
  console.error(`${why} to build dist/ (skipped).`);
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsup], { stdio: 'inherit' });
process.exit(r.status ?? 1);
