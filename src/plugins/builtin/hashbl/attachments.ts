/**
 * `check_hashbl_attachments('list[/A|/TXT]', 'opts', 'subtest')`: the transfer-decoded content
 * of every leaf MIME part (not empty, not of an ignored type or file name, within `minsize` /
 * `maxsize`), hashed (SHA-1 by default; `raw` is refused) and looked up.
 */
import { leafParts } from '../../../message/mime/find-parts.js';
import { decodePart } from '../../../message/mime/decode.js';
import { lc } from '../../../perl/strings.js';
import { hashValue, optNumber, optOn, pickQueries } from './options.js';
import { submitQuery } from './query.js';
import { finishRun, startRun } from './run.js';
import type { HashBlContext } from './config.js';

/** `check_hashbl_attachments`. */
export function checkHashblAttachments(ctx: HashBlContext, list?: string, opts?: string, subtest?: string): false | Promise<boolean> {
  const started = startRun(ctx, list, opts, 'sha1/max=10/shuffle', subtest);
  if (!started) return false;
  const { run, config } = started;
  if (optOn(run.opts, 'raw')) {
    run.net.diagnostic('invalid-value', `hashbl: ${run.rule}: the raw option is not allowed for check_hashbl_attachments`);
    return false;
  }
  const hashes: string[] = [];
  const seen = new Set<string>();
  for (const part of leafParts(ctx.model.tree().root)) {
    const body = decodePart(part);
    if (body === undefined || body === '') continue;
    if (config.ignore.has(lc(part.type))) continue;
    if (config.ignore.has(lc(part.name ?? ''))) continue;
    if (optOn(run.opts, 'minsize') && body.length < optNumber(run.opts, 'minsize')) continue;
    // SA 4.0.1 compares with minsize here (so maxsize alone skips every part): kept as it is.
    if (optOn(run.opts, 'maxsize') && body.length > optNumber(run.opts, 'minsize')) continue;
    const hash = hashValue(run.opts, body);
    if (seen.has(hash)) continue;
    seen.add(hash);
    hashes.push(hash);
  }
  const picked = pickQueries(hashes, run.opts);
  for (const h of picked) submitQuery(run, h, true);
  return finishRun(run, picked.length);
}
