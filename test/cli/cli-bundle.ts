/**
 * The `spamscore` command built from src/ for tests that run it as a user does (its option
 * parsing included): one esbuild bundle per test process under node_modules/.cache, laid out
 * as dist/ is — `cli/main.js`, `scanner/worker.js` (for `--jobs`) and `index.js` (for plugin
 * modules to import `definePlugin` from, as a separate copy of the library would be).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let built: Promise<string> | undefined;

/** The directory of the bundle (built once per process): `cli/main.js`, `scanner/worker.js`, `index.js`. */
export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const cache = path.join(root, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(path.join(cache, 'spamscore-cli-'));
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

/** Runs `spamscore ARGS` in `cwd`; resolves with the exit code and both outputs. */
export async function spamscore(args: string[], cwd: string, input?: string): Promise<{ code: number | null; out: string; err: string }> {
  const main = path.join(await cliBundle(), 'cli', 'main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}
