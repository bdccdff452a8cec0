import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', compatibility: 'src/plugins/compatibility.ts', 'scanner/worker': 'src/scanner/worker.ts' },
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
