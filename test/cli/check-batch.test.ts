/**
 * `spamscore check` on batches: a file is one message unless --mbox, an unreadable entry is
 * reported and skipped (exit 2 at the end), non-mail input is warned about, --exit-code
 * reports spam like `spamc -c`, and a summary line ends the run.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckCommandOptions } from '../../src/cli/check.js';

const dir = mkdtempSync(path.join(tmpdir(), 'spamscore-cli-batch-'));
const rules = path.join(dir, 'rules.cf');
writeFileSync(rules, 'loadplugin Mail::SpamAssassin::Plugin::Check\nheader FREE Subject =~ /free/\nscore FREE 6\nrequired_score 5\n');
const msgs = path.join(dir, 'msgs');
const mail = (subject: string) => `From: a@b.example\nSubject: ${subject}\n\nhello\n`;

mkdirSync(msgs);
writeFileSync(path.join(msgs, '1-ham.eml'), mail('lunch'));
writeFileSync(path.join(msgs, '2-spam.eml'), mail('free money'));
writeFileSync(path.join(msgs, '3-notes.txt'), 'just some notes, not mail\n');
symlinkSync(path.join(dir, 'gone.eml'), path.join(msgs, '4-broken-link.eml'));
const fromLine = path.join(dir, 'from-line.eml');
writeFileSync(fromLine, `From sender@example.com Sun Dec  6 10:00:00 2026\n${mail('free')}\nFrom the desk of the editor\n${mail('second')}`);

async function run(inputs: string[], opts: CheckCommandOptions) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheck(inputs, { rules: [rules], site: [], local: true, json: true, ...opts }, (s) => out.push(s), (s) => err.push(s));
  return { code, lines: out.map((l) => JSON.parse(l) as { file: string; isSpam: boolean; action: string; headers: unknown[]; tests: Array<{ description: string }> }), err: err.join('\n') };
}

describe('spamscore check on a batch', () => {
  it('skips an unreadable entry with a message, scores the rest, and exits 2 at the end', async () => {
    const r = await run([msgs], {});
    expect(r.lines.map((l) => l.file)).toEqual(['msgs/1-ham.eml', 'msgs/2-spam.eml', 'msgs/3-notes.txt']);
    expect(r.err).toMatch(/4-broken-link\.eml: .*\(skipped\)/);
    expect(r.code).toBe(2);
  });

  it('warns about input that does not look like mail, and ends with a summary line', async () => {
    const r = await run([msgs], {});
    expect(r.err).toMatch(/3-notes\.txt: warning: does not look like a mail message/);
    expect(r.err).toMatch(/3 message\(s\) scored in [\d.]+ s: 1 spam, 2 ham/);
  });

  it('reads a file that starts with a From line as one message, and as an mbox only with --mbox', async () => {
    expect((await run([fromLine], {})).lines).toHaveLength(1);
    expect((await run([fromLine], { mbox: true })).lines).toHaveLength(2);
  });

  it('exits 1 for spam with --exit-code, 0 for ham', async () => {
    expect((await run([path.join(msgs, '2-spam.eml')], { exitCode: true })).code).toBe(1);
    expect((await run([path.join(msgs, '1-ham.eml')], { exitCode: true })).code).toBe(0);
    expect((await run([path.join(msgs, '2-spam.eml')], {})).code).toBe(0);
  });

  it('prints headers, the action and hit descriptions in --json lines', async () => {
    const [line] = (await run([path.join(msgs, '2-spam.eml')], {})).lines;
    expect(line!.action).toBe('flag');
    expect(line!.headers.length).toBeGreaterThan(0);
    expect(line!.tests[0]!.description).toBe('No description available.');
  });
});
