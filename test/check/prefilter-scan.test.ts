/**
 * Rule results through the prefilter, end to end: skipping texts never changes a hit, a miss, a
 * `multiple` count or `maxhits`, nor the first-line-is-Subject rule of `nosubject`.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';

const count = (hits: ReadonlyArray<{ name: string }>, name: string) => hits.filter((h) => h.name === name).length;

const cf = `
body     T_WORD         /bargain/i
score    T_WORD         1
body     T_WORDS        /bargain/i
tflags   T_WORDS        multiple
score    T_WORDS        0.1
body     T_WORDS_MAX    /bargain/i
tflags   T_WORDS_MAX    multiple maxhits=3
score    T_WORDS_MAX    0.1
body     T_NOSUBJ       /bargain/i
tflags   T_NOSUBJ       nosubject
score    T_NOSUBJ       1
body     T_ABSENT       /zeppelin/
score    T_ABSENT       1
body     T_EMPTY_LOOP   /x*/
tflags   T_EMPTY_LOOP   multiple maxhits=50
score    T_EMPTY_LOOP   0.01
header   T_NOT_PHARMA   Subject !~ /pharmacy/i
score    T_NOT_PHARMA   1
header   T_FROM_BOB     From =~ /\\bbob\\@/i
score    T_FROM_BOB     1
header   T_UNSET        X-Nothing =~ /fallback value/ [if-unset: a fallback value]
score    T_UNSET        1
rawbody  T_RAW_TAG      /<blink>/i
tflags   T_RAW_TAG      multiple
score    T_RAW_TAG      0.1
full     T_FULL_HDR     /^Subject: Great/m
score    T_FULL_HDR     1
`;

function message(subject: string, body: string): string {
  return `From: Bob <bob@example.com>\nTo: you@example.net\nSubject: ${subject}\nContent-Type: text/plain\n\n${body}\n`;
}

describe('rules through the prefilter', () => {
  const rs = compileRuleSet([{ name: 't.cf', text: cf }]);

  it('count every match of a multiple rule over all lines, and stop at maxhits', async () => {
    const r = await rs.check(message('Great BARGAIN', 'A bargain, a Bargain and a bargain.\n\nNothing here.\n\nOne more bargain.'));
    expect(count(r.hits, 'T_WORD')).toBe(1);
    expect(count(r.hits, 'T_WORDS')).toBe(5);
    expect(count(r.hits, 'T_WORDS_MAX')).toBe(3);
  });

  it('skip the Subject line for nosubject rules', async () => {
    const subjectOnly = await rs.check(message('bargain', 'plain text'));
    expect(count(subjectOnly.hits, 'T_WORD')).toBe(1);
    expect(count(subjectOnly.hits, 'T_NOSUBJ')).toBe(0);
    const inBody = await rs.check(message('hello', 'a bargain'));
    expect(count(inBody.hits, 'T_NOSUBJ')).toBe(1);
  });

  it('miss a rule whose words are absent, and count empty matches like Perl', async () => {
    const r = await rs.check(message('hi', 'ab'));
    expect(count(r.hits, 'T_ABSENT')).toBe(0);
    // Lines "hi\n" and "ab\n" (or as rendered): /x*/ matches empty at every position up to maxhits.
    expect(count(r.hits, 'T_EMPTY_LOOP')).toBeGreaterThan(0);
  });

  it('hit a negated header rule when the prefilter rules the pattern out', async () => {
    const clean = await rs.check(message('hello', 'text'));
    expect(count(clean.hits, 'T_NOT_PHARMA')).toBe(1);
    const pharma = await rs.check(message('Online PHARMACY', 'text'));
    expect(count(pharma.hits, 'T_NOT_PHARMA')).toBe(0);
  });

  it('match header values and if-unset defaults', async () => {
    const r = await rs.check(message('hello', 'text'));
    expect(count(r.hits, 'T_FROM_BOB')).toBe(1);
    expect(count(r.hits, 'T_UNSET')).toBe(1);
  });

  it('count rawbody matches and match the full message', async () => {
    const r = await rs.check(message('Great offer', '<blink>one</blink> <BLINK>two</BLINK>'));
    expect(count(r.hits, 'T_RAW_TAG')).toBe(2);
    expect(count(r.hits, 'T_FULL_HDR')).toBe(1);
  });

  it('give the same results when the same rule set scans messages one after another', async () => {
    const a = message('Great BARGAIN', 'A bargain, a Bargain and a bargain.');
    const b = message('hello', 'nothing');
    const first = (await rs.check(a)).hits.map((h) => h.name);
    await rs.check(b);
    expect((await rs.check(a)).hits.map((h) => h.name)).toEqual(first);
  });
});
