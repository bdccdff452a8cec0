import { defineConfig } from 'tsup';

// The published entries only: the library (ESM + CJS, with types), the scanner pool's worker
// and the CLI. docs/compatibility.md's generator is bundled by scripts/compatibility.mjs itself.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'scanner/worker': 'src/scanner/worker.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node20',
    external: ['re2'],
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['cjs'],
    sourcemap: true,
    shims: true,
    target: 'node20',
    external: ['re2'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
