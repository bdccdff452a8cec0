/** The scanner pool's worker built from src/ for tests (see source-bundle.ts). */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sourceBundle } from './source-bundle.js';

/** The URL of a worker bundle built from the current sources (built once per process). */
export async function workerBundle(): Promise<URL> {
  return pathToFileURL(path.join(await sourceBundle(), 'scanner', 'worker.js'));
}
