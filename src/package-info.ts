/**
 * spamscore's own package: where it is installed (its bundled `rules/` live there) and its
 * version (printed by `spamscore --version`, sent as the update client's User-Agent).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: { dir: string; version: string } | undefined;

/** The installed package's root directory and version, found by walking up from this module. */
export function packageInfo(): { dir: string; version: string } {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(path.join(dir, 'rules'))) {
      try {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
        if (json.name === 'spamscore') {
          root = { dir, version: json.version ?? '0.0.0' };
          return root;
        }
      } catch {
        // not our package.json; keep looking
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error('spamscore: cannot find the installed package (its package.json and rules/ directory)');
}

/** spamscore's version, from its package.json. */
export function spamscoreVersion(): string {
  return packageInfo().version;
}
