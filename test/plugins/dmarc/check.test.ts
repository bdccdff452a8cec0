/**
 * DMARC through check(): every case of cases.ts, its DNS answered by an in-memory resolver built
 * from the case's zones, must hit exactly what Perl SpamAssassin 4.0.1 hit.
 */
import { describe, expect, it } from 'vitest';
import { runOurs, zoneResolver } from '../spf/auth-case.js';
import { dmarcCases } from './cases.js';

const cases = await dmarcCases();

describe('DMARC evals answer as SA 4.0.1 with Mail::DMARC', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ours = await runOurs(c, zoneResolver(c.zones));
      expect(ours.hits).toEqual(c.perl.hits);
    });
  }
});
