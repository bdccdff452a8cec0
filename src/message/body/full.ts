/**
 * The text `full` rules see: `Message::get_pristine()`, the original header block plus the
 * original body, with only what Message::new changes in it — the leading mbox `From ` (or
 * MBX) line removed and, for CRLF messages, bare LFs inside the header block given a CR
 * (SA bug 7785). X-Spam-* headers and the blank separator line are kept.
 */
import { splitMessage } from '../mime/message-split.js';

/** The pristine message text for `full` rules, from the raw message (binary string). */
export function pristineMessage(raw: string): string {
  const split = splitMessage(raw);
  return split.pristineHeaders + split.pristineBody;
}
