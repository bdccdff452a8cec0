// npm's `install` for spamscore itself (npm install/ci in a clone, and where spamscore is
// installed as a dependency): builds the slice watchdog addon (native/watchdog.cc) with
// node-gyp. It makes scans faster but is not required: without a C++ toolchain the build
// fails, this says so, and the install goes on; spamscore then guards scan slices with node's
// `vm` timeout (src/check/slice-guard.ts). SPAMSCORE_WATCHDOG=vm skips the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.SPAMSCORE_WATCHDOG === 'vm') {
  console.error('spamscore: SPAMSCORE_WATCHDOG=vm: the native slice watchdog is not built.');
  process.exit(0);
}
// npm names its own node-gyp in the environment of lifecycle scripts; run by hand, the one
// beside this node's npm, else the PATH's.
const bundled = path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
const gyp = process.env.npm_config_node_gyp ?? (existsSync(bundled) ? bundled : undefined);
// node's headers: npm's `nodedir` setting, else those installed beside this node (a Linux
// distribution's nodejs package has them), else node-gyp downloads them.
const prefix = path.resolve(path.dirname(process.execPath), '..');
const args = ['rebuild'];
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node.h'))) args.push(`--nodedir=${prefix}`);
const r = gyp
  ? spawnSync(process.execPath, [gyp, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  : spawnSync('node-gyp', args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', shell: process.platform === 'win32' });
if (r.status !== 0) {
  // node-gyp's first error lines say why; its version and exit lines do not.
  const errors = (r.stderr ?? '').split('\n').filter((l) => /^gyp ERR!/.test(l) && !/ -v |not ok|\b(?:cwd|command|System)\b/.test(l));
  const why = r.error ? r.error.message : errors.slice(0, 2).map((l) => l.replace(/^gyp ERR!\s*(?:stack\s*)?/, '')).join(' ');
  console.error(
    `spamscore: the native slice watchdog was not built (${why || `node-gyp exited with ${r.status}`}).\n` +
      "  Scans work without it, guarding their slices with node's vm timeout (~10% slower).\n" +
      '  To build it: install a C++ compiler, make and python3, then `npm rebuild spamscore`.',
  );
}
process.exit(0);
