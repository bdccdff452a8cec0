/**
 * The `spamscore` command built from src/ for tests that run it as a user does (its option
 * parsing included): one esbuild bundle per test process under node_modules/.cache, laid out
 * as dist/ is — `cli/main.js`, `scanner/worker.js` (for `--jobs`) and `index.js` (for plugin
 * modules to import `definePlugin` from, as a separate copy of the library would be).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sourceBundle } from '../support/source-bundle.js';

/** The directory of the bundle (see test/support/source-bundle.ts): `cli/main.js`, `scanner/worker.js`, `index.js`. */
export const cliBundle = sourceBundle;

/** Runs `spamscore ARGS` in `cwd` (with `env` added to the environment); resolves with the exit code and both outputs. */
export async function spamscore(args: string[], cwd: string, input?: string, env?: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const main = path.join(await cliBundle(), 'cli', 'main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}
