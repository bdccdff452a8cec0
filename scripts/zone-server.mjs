// The tests' DNS zone server (test/support/dns-server.ts serving test/support/zones/) for
// scripts that run outside vitest: scripts/sa-expected-net.mjs (Perl's answers) and
// bench/network.mjs. The TypeScript is bundled on the fly with esbuild (installed with tsup).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Compiles the TypeScript zone server into a temporary ES module and imports it: `{ startDnsServer, NETWORK_ZONES }`. */
export async function loadZoneServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'sa-zones-'));
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { startDnsServer } from ${JSON.stringify(path.join(root, 'test/support/dns-server.ts'))};\n` +
      `export { NETWORK_ZONES } from ${JSON.stringify(path.join(root, 'test/support/zones/index.ts'))};\n`,
  );
  const outfile = path.join(dir, 'zones.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    absWorkingDir: root,
    // dns-packet is CommonJS and requires Node built-ins: give the ES module bundle a require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  const mod = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}
