/**
 * Runs perl-oracle.pl once for a whole batch of patterns: real perl is the reference for what
 * SpamAssassin's `qr/(?flags)$re/aa` accepts and where it matches.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORACLE = path.join(here, 'perl-oracle.pl');

/** Whether a working `perl` is on PATH. */
export const PERL_AVAILABLE: boolean = (() => {
  try {
    return spawnSync('perl', ['-e', 'exit 0']).status === 0 && existsSync(ORACLE);
  } catch {
    return false;
  }
})();

/** A match span `[start, end)`, or null for no match. */
export type Span = [number, number] | null;

/** One pattern and the subjects to try it on (Latin-1 binary strings). */
export interface PerlCase {
  pattern: string;
  flags: string;
  subjects: string[];
}

/** What perl did with a case. */
export type PerlOutcome = { error: string } | { spans: Span[] };

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

/** Evaluates every case with one perl process. */
export function runPerl(cases: PerlCase[]): PerlOutcome[] {
  const input = cases.map((c) => `${hex(c.pattern)}\t${c.flags}\t${c.subjects.map((s) => `x${hex(s)}`).join(',')}\n`).join('');
  const res = spawnSync('perl', [ORACLE], { input, maxBuffer: 1 << 30, encoding: 'latin1' });
  if (res.status !== 0) throw new Error(`perl oracle failed: ${res.stderr}`);
  const lines = res.stdout.split('\n');
  return cases.map((c, k) => {
    const line = lines[k] ?? '';
    if (line.startsWith('ERR\t')) return { error: line.slice(4) };
    const body = line.slice(3);
    const spans = body === '' ? [] : body.split(',');
    if (spans.length !== c.subjects.length) throw new Error(`perl oracle: bad line ${k}: ${line.slice(0, 200)}`);
    return {
      spans: spans.map((s): Span => {
        if (s === '-') return null;
        const [a, b] = s.split('-').map(Number);
        return [a!, b!];
      }),
    };
  });
}
