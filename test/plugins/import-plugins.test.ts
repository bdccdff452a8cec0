/** Plugin modules: which of a module's exports are plugins, and what a module without one gets. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { importPluginModule, pluginsOfModule } from '../../src/plugins/import-plugins.js';

const a = definePlugin({ name: 'My::A', evals: { check_a: { run: () => true } } });
const b = definePlugin({ name: 'My::B', features: ['has_b'] });

describe('pluginsOfModule', () => {
  it('takes the default export and named exports, plugins or arrays of them, each once', () => {
    expect(pluginsOfModule({ default: [a, b], a, answer: 42, helper: () => 1, config: { name: 'not a plugin' } })).toEqual([a, b]);
  });

  it('validates a plain definition as definePlugin does', () => {
    const [p] = pluginsOfModule({ default: { name: 'My::Plain', evals: { check_x: { run: () => false } } } });
    expect(p).toMatchObject({ name: 'My::Plain', directives: {}, features: [], directivePatterns: [] });
    expect(() => pluginsOfModule({ default: { name: 'not a module name', evals: {} } })).toThrow(TypeError);
  });
});

describe('importPluginModule', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-plugin-module-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a file given relative to a directory', async () => {
    writeFileSync(path.join(dir, 'p.mjs'), "export default { name: 'My::File', evals: { check_file: { run: () => true } } };\n");
    expect((await importPluginModule('./p.mjs', dir)).map((p) => p.name)).toEqual(['My::File']);
  });

  it('names the module that exports no plugin, or cannot be imported', async () => {
    writeFileSync(path.join(dir, 'none.mjs'), 'export const x = 1;\n');
    await expect(importPluginModule('./none.mjs', dir)).rejects.toThrow(/plugin module \.\/none\.mjs exports no plugin/);
    await expect(importPluginModule('./missing.mjs', dir)).rejects.toThrow(/plugin module \.\/missing\.mjs could not be imported/);
  });
});
