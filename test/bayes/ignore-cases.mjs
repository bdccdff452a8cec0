// Messages and configuration for the bayes_ignore_from / bayes_ignore_to tests: each message is
// scanned in order with autolearn on, against the Perl-trained database (perl-bayes-backup).

/** The ignore lists (WLBLEval address lists: globs, case-insensitive). */
export const IGNORE_CF = [
  'bayes_ignore_from *@ignored-sender.example',
  'bayes_ignore_to list@lists.example.org',
  'bayes_ignore_to ?ob@partner.example',
];

const body = `Hi,

Thanks for the notes from the meeting yesterday. I have updated the build scripts and the
release checklist, and the test machines are running the new kernel now. Could you have a
look at the patch for the mail filter before Friday? The logs are in the usual place.

Regards
`;

const msg = (n, headers) =>
  [
    `Date: Tue, 1 Oct 2002 1${n}:00:00 +0100`,
    `Message-ID: <ignore-case-${n}@host.example.com>`,
    ...headers,
    `Subject: build notes ${n}`,
    '',
    body,
  ].join('\n');

/** Name → message. */
export const IGNORE_CASES = [
  ['from matches a glob, whatever the case', msg(1, ['From: "Alice" <alice@Ignored-Sender.EXAMPLE>', 'To: dave@example.net'])],
  ['To matches exactly', msg(2, ['From: carol@example.com', 'To: list@lists.example.org'])],
  ['Cc matches a ? glob', msg(3, ['From: carol@example.com', 'To: dave@example.net', 'Cc: bob@partner.example'])],
  ['a ? glob matches one character only', msg(4, ['From: carol@example.com', 'To: bobby@partner.example'])],
  ['no address matches', msg(5, ['From: carol@example.com', 'To: dave@example.net'])],
  ['X-Envelope-From matches', msg(6, ['From: erin@example.com', 'X-Envelope-From: bounce@ignored-sender.example', 'To: dave@example.net'])],
  ['Resent-From replaces the senders', msg(7, ['From: mallory@ignored-sender.example', 'Resent-From: trent@example.com', 'To: dave@example.net'])],
];
