/**
 * The outcome bookkeeping of the DNS plugins: a hit settles its rule at once, a miss only when
 * every lookup (including those launched from answers) settled.
 */
import { describe, expect, it } from 'vitest';
import { LookupGroup } from '../../../src/plugins/builtin/uridnsbl/lookup-group.js';

const later = <T>(v: T, ms = 5) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe('LookupGroup', () => {
  it('resolves a rule true on its first hit, before the other lookups end', async () => {
    const g = new LookupGroup(() => undefined);
    let slowDone = false;
    g.track(later('x', 1), () => g.hit('R'));
    g.track(later('y', 50), () => (slowDone = true));
    g.close();
    expect(await g.outcome('R')).toBe(true);
    expect(slowDone).toBe(false);
  });

  it('waits for lookups launched from answers before calling a rule a miss', async () => {
    const g = new LookupGroup(() => undefined);
    g.track(later('ns', 1), () => g.track(later('a', 5), () => g.track(later('list', 5), () => g.hit('CHAINED'))));
    g.close();
    const miss = g.outcome('OTHER');
    expect(await g.outcome('CHAINED')).toBe(true);
    expect(await miss).toBe(false);
  });

  it('settles misses at once when nothing was launched', async () => {
    const g = new LookupGroup(() => undefined);
    g.close();
    expect(await g.outcome('R')).toBe(false);
  });

  it('reports a failing answer handler and still settles', async () => {
    const errors: unknown[] = [];
    const g = new LookupGroup((e) => errors.push(e));
    g.track(later('x'), () => {
      throw new Error('boom');
    });
    g.close();
    expect(await g.outcome('R')).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
