/**
 * The scanner pool's worker, built from src/ for tests: vitest runs TypeScript in the test
 * process, but a worker thread needs a JavaScript file. One esbuild bundle per test process,
 * under node_modules/.cache so that the bundle finds `re2` (kept external: a native addon)
 * and spamscore's bundled rules from where it lies.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: Promise<URL> | undefined;

/** The URL of a worker bundle built from the current sources (built once per process). */
export function workerBundle(): Promise<URL> {
  built ??= (async () => {
    const cache = path.join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(path.join(cache, 'spamscore-worker-'));
    const outfile = path.join(dir, 'worker.mjs');
    await build({
      entryPoints: [path.join(root, 'src', 'scanner', 'worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      external: ['re2'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    return pathToFileURL(outfile);
  })();
  return built;
}
