/**
 * Transfer decoding of a leaf, mirroring `Message::Node::decode`.
 *
 * The Content-Transfer-Encoding (last header, trimmed, lower-cased) must be exactly
 * `quoted-printable` or `base64`; anything else (7bit, 8bit, binary, x-uuencode, typos)
 * leaves the bytes as they are. QP output always gets CRLF -> LF; base64 output only for
 * `text/*` and `message/*` types (binary attachments keep their bytes).
 */
import { base64Decode, qpDecode } from './transfer-encoding.js';
import { lastHeader, type MimeNode } from './node.js';
import { lc } from '../../perl/strings.js';

const CACHE_KEY = 'mime.decoded';

/**
 * The decoded body of a leaf as a binary string (cached). Inner nodes have no raw data
 * and give undefined, as SA's `decode()` returns undef for them.
 */
export function decodePart(node: MimeNode): string | undefined {
  const cached = node.cache.get(CACHE_KEY) as string | undefined;
  if (cached !== undefined) return cached;
  if (node.raw === undefined) return undefined;
  const raw = node.raw.join('');
  const encoding = lc(lastHeader(node, 'content-transfer-encoding'));
  let decoded: string;
  if (encoding === 'quoted-printable') {
    decoded = qpDecode(raw).replace(/\r\n/g, '\n');
  } else if (encoding === 'base64') {
    decoded = base64Decode(raw);
    if (/^(?:text|message)\b\//i.test(node.type)) decoded = decoded.replace(/\r\n/g, '\n');
  } else {
    decoded = raw;
  }
  node.cache.set(CACHE_KEY, decoded);
  return decoded;
}
