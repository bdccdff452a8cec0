/**
 * The body clean-up of `Message::new` (CRLF squashing and cutting runs of more than 20 blank
 * lines) on bodies made of many such runs. Reference: SA's loop written out literally — walk
 * the lines bottom-up and splice each long run as soon as it is found.
 */
import { describe, expect, it } from 'vitest';
import { prepareBodyLines } from '../../../src/message/mime/message-split.js';
import { failures, randomString, seeded } from '../helpers/hostile.js';

/** SA's loop, one splice per run (quadratic, fine for short inputs). */
function reference(input: readonly string[], crlf: boolean): string[] {
  const lines = input.slice();
  let start: number | undefined;
  for (let cnt = lines.length - 1; cnt >= 0; cnt--) {
    if (crlf && lines[cnt]!.endsWith('\r\n')) lines[cnt] = lines[cnt]!.slice(0, -2) + '\n';
    if (/^\s*$/.test(lines[cnt]!)) {
      start ??= cnt;
      if (cnt !== 0) continue;
    }
    if (start !== undefined) {
      if (start - cnt > 20) lines.splice(cnt + 2, start - cnt - 20);
      start = undefined;
    }
  }
  return lines;
}

describe('prepareBodyLines', () => {
  it('cuts blank runs exactly as SA\'s splicing loop does, on 3,000 random bodies', () => {
    const rnd = seeded(7);
    const body = () => randomString(rnd, ['\n', '\n', '\n', '\r\n', ' \n', '\t\r\n', 'x\n', 'y\r\n', '\n'.repeat(21), '\n'.repeat(30)], 12);
    const lines = (s: string) => s.split(/(?<=\n)/).filter((l) => l !== '');
    for (const crlf of [false, true]) {
      expect(failures(3_000, body, (b) => JSON.stringify(prepareBodyLines(lines(b), crlf)) === JSON.stringify(reference(lines(b), crlf)))).toEqual([]);
    }
  });

  it('keeps 20 lines of each of 50,000 runs of 25 blank lines (21 of a run at the top)', () => {
    const runs = 50_000;
    const input: string[] = [];
    for (let i = 0; i < runs; i++) input.push(...Array<string>(25).fill('\n'), `x${i}\n`);
    const out = prepareBodyLines(input, false);
    expect(out.length).toBe(runs * 21 + 1);
    expect(out.slice(0, 22)).toEqual([...Array<string>(21).fill('\n'), 'x0\n']);
    expect(out.slice(-21)).toEqual([...Array<string>(20).fill('\n'), `x${runs - 1}\n`]);
  });
});
