/**
 * The library built from src/ for tests that need JavaScript files: vitest runs TypeScript in
 * the test process, but a worker thread, a child process or a plugin module importing the
 * library needs files. One esbuild bundle per test process under node_modules/.cache (so that
 * it finds `re2`, kept external as a native addon, and the bundled rules), laid out as dist/
 * is: `cli/main.js`, `scanner/worker.js` and `index.js`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: Promise<string> | undefined;

/** The directory of the bundle built from the current sources (built once per process). */
export function sourceBundle(): Promise<string> {
  built ??= (async () => {
    const cache = path.join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(path.join(cache, 'spamscore-src-'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    await build({
      entryPoints: {
        'cli/main': path.join(root, 'src', 'cli', 'main.ts'),
        'scanner/worker': path.join(root, 'src', 'scanner', 'worker.ts'),
        index: path.join(root, 'src', 'index.ts'),
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: dir,
      external: ['re2'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    return dir;
  })();
  return built;
}
