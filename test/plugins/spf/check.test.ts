/**
 * SPF through check(): every case of cases.ts, its DNS answered by an in-memory resolver built
 * from the case's zones, must hit exactly what Perl SpamAssassin 4.0.1 hit.
 */
import { describe, expect, it } from 'vitest';
import { runOurs, zoneResolver } from './auth-case.js';
import { spfCases } from './cases.js';

describe('SPF evals answer as SA 4.0.1 with Mail::SPF', () => {
  for (const c of spfCases()) {
    it(c.name, async () => {
      const ours = await runOurs(c, zoneResolver(c.zones));
      expect(ours.hits).toEqual(c.perl.hits);
    });
  }

});
