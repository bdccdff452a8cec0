/** The sa-learn backup format round-trips through a store. */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/bayes/memory-store.js';
import { backupLines, parseBackup } from '../../src/bayes/backup.js';

const BACKUP = 'v\t3\tdb_version # this must be the first line!!!\nv\t2\tnum_spam\nv\t1\tnum_nonspam\nt\t2\t0\t1030000000\td0f4486404\nt\t0\t0\t1\t0000000000\nt\t-3\t1\t99999999999\t0123456789\ns\ts\tabc@sa_generated\n';

describe('the backup format', () => {
  it('restores counts, tokens and seen entries as sa-learn does', async () => {
    const store = createMemoryStore();
    const data = parseBackup(BACKUP, 2000000000);
    await store.restore(data);
    expect(await store.nspamNham()).toEqual({ nspam: 2, nham: 1 });
    const t = await store.getTokens(['d0f4486404', '0000000000', '0123456789']);
    expect(t.get('d0f4486404')).toEqual({ spam: 2, ham: 0, atime: 1030000000 });
    expect(t.has('0000000000')).toBe(false); // both counts 0: skipped
    expect(t.get('0123456789')).toEqual({ spam: 0, ham: 1, atime: 2000000000 }); // negative → 0, future atime → now
    const lines: string[] = [];
    for await (const l of backupLines(store)) lines.push(l);
    expect(lines.join('')).toContain('t\t2\t0\t1030000000\td0f4486404\n');
    expect(lines.join('')).toContain('s\ts\tabc@sa_generated\n');
  });
  it('refuses a backup without the version line', () => {
    expect(() => parseBackup('v\t2\tnum_spam\n')).toThrow(/first line/);
  });
});
