/**
 * The SQLite store reads a token row once and remembers it (token-cache.ts), yet every read is
 * the database's current content: another connection's commit, this connection's own writes and
 * a rolled-back write are all seen as they are. And a file of an older layout is refused.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/bayes/sqlite-store.js';
import { tokenId } from '../../src/bayes/token-id.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spamscore-sqlite-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hello = tokenId('hello');
const there = tokenId('there');

describe('the SQLite store', () => {
  it("sees what another connection commits after it read a token", async () => {
    const file = path.join(tmp, 'two.sqlite');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      expect((await a.lookup([hello, there])).tokens.size).toBe(0);
      await b.write((w) => w.tokCountChange(1, 0, [hello], 1000));
      expect((await a.lookup([hello, there])).tokens.get(hello)).toEqual({ spam: 1, ham: 0, atime: 1000 });
      await b.write((w) => w.tokCountChange(0, 2, [hello, there], 2000));
      const t = (await a.lookup([hello, there])).tokens;
      expect([t.get(hello), t.get(there)]).toEqual([
        { spam: 1, ham: 2, atime: 2000 },
        { spam: 0, ham: 2, atime: 2000 },
      ]);
      await b.write((w) => w.tokCountChange(-1, -2, [hello], undefined));
      expect((await a.lookup([hello])).tokens.size).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('sees its own writes at once, and not a write that was rolled back', async () => {
    const s = openSqliteStore(path.join(tmp, 'one.sqlite'));
    try {
      expect((await s.lookup([hello])).tokens.size).toBe(0);
      await s.write((w) => w.tokCountChange(1, 0, [hello], 1000));
      expect((await s.lookup([hello])).tokens.get(hello)).toEqual({ spam: 1, ham: 0, atime: 1000 });
      await expect(
        s.write(async (w) => {
          await w.tokCountChange(5, 0, [hello, there], 3000);
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      const t = (await s.lookup([hello, there])).tokens;
      expect([t.get(hello), t.get(there)]).toEqual([{ spam: 1, ham: 0, atime: 1000 }, undefined]);
      await s.touch([hello], 5000);
      await s.write(async () => undefined);
      expect((await s.lookup([hello])).tokens.get(hello)).toEqual({ spam: 1, ham: 0, atime: 5000 });
    } finally {
      await s.close();
    }
  });

  it('refuses a file whose token table has another layout', async () => {
    const file = path.join(tmp, 'old.sqlite');
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (f: string) => { exec(s: string): void; close(): void };
    const db = new Database(file);
    db.exec('CREATE TABLE bayes_token (id BLOB PRIMARY KEY, spam INTEGER, ham INTEGER, atime INTEGER) WITHOUT ROWID');
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/development version of spamscore.*restore it from a backup/);
  });
});
