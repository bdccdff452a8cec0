import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../src/rule-set.js';
import { processHeader, renderHeaders, unescapeHeaderValue } from '../../src/report/headers.js';
import { scoreTag, type TagSource } from '../../src/report/tags.js';
import { mimeEncodeHeader } from '../../src/report/mime-encode-header.js';

const defaults = [
  'clear_headers',
  'add_header all Checker-Version SpamAssassin _VERSION_ (_SUBVERSION_) on _HOSTNAME_',
  'add_header spam Flag _YESNOCAPS_',
  'add_header all Level _STARS(*)_',
  'add_header all Status "_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_"',
].join('\n');

const tags = (over: Partial<TagSource>): TagSource => ({
  score: 0,
  requiredScore: 5,
  isSpam: false,
  testsHit: [],
  subtests: new Map(),
  ruleScore: () => 1,
  autolearn: 'disabled',
  hostname: 'host.example',
  ...over,
});

describe('X-Spam headers', () => {
  it('never show a ham at the threshold: 4.96 prints as 4.9 (SA bug 6419)', () => {
    expect(scoreTag(4.96, 5, false)).toBe('4.9');
    expect(scoreTag(4.96, 5, true)).toBe('5.0');
    expect(scoreTag(-0.04, 5, false)).toBe('-0.0');
  });

  it('fold a long Status line after commas at 79 columns, continuing with a tab', () => {
    const t = tags({
      score: 21.057,
      isSpam: true,
      testsHit: ['ADVANCE_FEE_5_NEW_MONEY', 'DEAR_WINNER', 'FORM_FRAUD_5', 'FREEMAIL_FORGED_REPLYTO', 'FREEMAIL_REPLYTO_END_DIGIT', 'HK_WIN'],
    });
    const v = processHeader('Status', '_YESNO_, score=_SCORE_ required=_REQD_ tests=_TESTS_ autolearn=_AUTOLEARN_ version=_VERSION_', t);
    // Perl SpamAssassin 4.0.1 folds these hits this way (checked with fixtures/messages/08-lottery).
    expect(v).toBe(
      'Yes, score=21.1 required=5.0 tests=ADVANCE_FEE_5_NEW_MONEY,\n\tDEAR_WINNER,FORM_FRAUD_5,FREEMAIL_FORGED_REPLYTO,\n\tFREEMAIL_REPLYTO_END_DIGIT,HK_WIN autolearn=disabled version=4.0.1',
    );
  });

  it('cap the Level stars at 50 and leave them empty below 1', () => {
    const rs = compileRuleSet([{ name: 't.cf', text: defaults }]);
    const level = (score: number) => renderHeaders(rs.report, tags({ score, isSpam: score >= 5 })).find(([n]) => n === 'X-Spam-Level')![1];
    expect(level(0.9)).toBe('');
    expect(level(3.2)).toBe('***');
    expect(level(1000)).toBe('*'.repeat(50));
  });

  it('add Flag for spam only, in add_header order, with re-added names moved last', () => {
    const rs = compileRuleSet([{ name: 't.cf', text: defaults + '\nadd_header all Level again\nremove_header ham Flag\nremove_header all Checker-Version' }]);
    expect(rs.report.headers.spam.map((h) => h.name)).toEqual(['Checker-Version', 'Flag', 'Status', 'Level']);
    expect(rs.report.headers.ham.map((h) => h.name)).toEqual(['Checker-Version', 'Status', 'Level']);
  });

  // Perl SpamAssassin 4.0.1 on the same .cf and message (local tests): X-Spam-Subs:
  // __A_ONE|__B_TWO|__B_TWO, X-Spam-SubsOnce: __A_ONE,__B_TWO(2) — the collapsed form is one
  // string in SA, so its separator argument is ignored; and "none" for both without hits.
  it('list the sub-rules a message hit under _SUBTESTS_ (once per hit) and _SUBTESTSCOLLAPSED_ (counted), as SA does', async () => {
    const rs = compileRuleSet([
      {
        name: 't.cf',
        text: [
          'body __B_TWO /b/',
          'tflags __B_TWO multiple',
          'body __A_ONE /a/',
          'meta HIT __A_ONE && __B_TWO',
          'add_header all Subs _SUBTESTS(|)_',
          'add_header all SubsOnce _SUBTESTSCOLLAPSED(|)_',
        ].join('\n'),
      },
    ]);
    const r = await rs.check('Subject: x\n\nab\nb\n');
    expect(r.headers).toContainEqual(['X-Spam-Subs', '__A_ONE|__B_TWO|__B_TWO']);
    expect(r.headers).toContainEqual(['X-Spam-SubsOnce', '__A_ONE,__B_TWO(2)']);
    const none = await rs.check('Subject: x\n\nnothing\n');
    expect(none.headers).toContainEqual(['X-Spam-Subs', 'none']);
    expect(none.headers).toContainEqual(['X-Spam-SubsOnce', 'none']);
  });

  it('unescape add_header values as Conf.pm does', () => {
    expect(unescapeHeaderValue('a\\tb\\nc\\\\d\\xe')).toBe('a\tb\nc\\de');
  });

  it('RFC 2047-encode lines holding 8-bit bytes, keeping ASCII words around them', () => {
    expect(mimeEncodeHeader('plain ascii')).toBe('plain ascii');
    expect(mimeEncodeHeader('caf\xc3\xa9 ok')).toBe('=?UTF-8?Q?caf=C3=A9?= ok');
  });
});
