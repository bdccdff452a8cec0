// npm run compatibility: regenerates docs/compatibility.md from the plugin registry and the
// directive table. The generator (src/plugins/compatibility.ts) is not part of the published
// package: it is bundled here, with esbuild, into node_modules/.cache and imported from there.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}node_modules/.cache/spamscore-compatibility/compatibility.mjs`;
await build({
  entryPoints: [`${root}src/plugins/compatibility.ts`],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { compatibilityMarkdown } = await import(pathToFileURL(outfile).href);
writeFileSync(new URL('../docs/compatibility.md', import.meta.url), compatibilityMarkdown());
console.log('docs/compatibility.md written');
