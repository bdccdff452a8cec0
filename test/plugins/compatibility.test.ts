import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compatibilityMarkdown } from '../../src/plugins/compatibility.js';

describe('docs/compatibility.md', () => {
  it('is what the registry and directive table say (run `npm run compatibility` after changing them)', () => {
    const file = readFileSync(path.resolve(__dirname, '../../docs/compatibility.md'), 'utf8');
    expect(file).toBe(compatibilityMarkdown());
  });
});
