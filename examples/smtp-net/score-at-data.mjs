// The decision an SMTP server makes at the end of DATA, with spamscore: reject (550) at or
// above the reject score, otherwise accept the message with SpamAssassin's X-Spam-* headers
// added (and any X-Spam-* headers it arrived with removed, so they cannot be forged). Shared
// by server.mjs (node's `net`) and usable as is from smtp-server's onData or any other
// receiver: it only needs the raw message, the envelope and a scanner.

/** X-Spam-* header lines (with their continuation lines) in a header block. */
const X_SPAM = /^X-Spam-[^:\r\n]*:[^\n]*\n(?:[ \t][^\n]*\n)*/gim;

/**
 * Scores a message received by SMTP and says what to answer.
 * @param scanner a scanner pool (createScanner) — or a rule set: anything with scan()/check()
 * @param raw the message as received (Buffer), dot-unstuffed, CRLF line ends
 * @param envelope { ip, helo, mailFrom, rcptTo }: the receiving hop SpamAssassin reads, since
 *   this server writes no Received header of its own before scoring
 * @param options { network, reject }: network tests, and the reject score (undefined: never)
 * @returns { code, text } for the client, `message` (Buffer, headers added) when accepted,
 *   and the `result` itself
 */
export async function scoreAtData(scanner, raw, envelope, { network = true, reject } = {}) {
  const scan = scanner.scan ? scanner.scan.bind(scanner) : scanner.check.bind(scanner);
  let result;
  try {
    result = await scan(raw, { network, envelope, ...(reject !== undefined ? { actions: { reject } } : {}) });
  } catch {
    // a full queue (ScannerBusyError), a closed scanner: the client tries again later
    return { code: 451, text: '4.3.0 Spam filter unavailable, try again later' };
  }
  if (result.action === 'reject') return { code: 550, text: `5.7.1 Message rejected as spam (score ${result.score})`, result };
  // the header block ends at the first empty line; the headers go at its end
  const text = raw.toString('latin1');
  const sep = /\r?\n\r?\n/.exec(text);
  const cut = sep ? sep.index + (text[sep.index] === '\r' ? 2 : 1) : text.length;
  const head = text.slice(0, cut);
  const rest = text.slice(cut);
  const added = result.headers.map(([name, value]) => `${name}: ${value.replace(/\r?\n/g, '\r\n')}\r\n`).join('');
  const kept = head.replace(X_SPAM, '');
  const message = Buffer.from(kept + (kept === '' || kept.endsWith('\n') ? '' : '\r\n') + added + rest, 'latin1');
  return { code: 250, text: `2.0.0 Ok: queued (score ${result.score})`, message, result };
}
