/**
 * The Bayes inputs of a message, read from the message stage's views
 * (`Plugin/Bayes.pm::_get_msgdata_from_permsgstatus` BP:1114-1128, `get_all_headers`,
 * `get_all_metadata`).
 *
 * The scan and the learn path see different headers (bayes.md §1.7, verified against Perl):
 * - **scan** (and autolearn, which reuses the scan's message): every `X-Spam-*` header was
 *   deleted before the scan (PerMsgStatus.pm:413), and `extract_message_metadata` added
 *   `x-authordomain` / `x-senderdomain` metadata (PerMsgStatus.pm:2013-2035);
 * - **learn** (`sa-learn`, `ruleSet.learn()`): no domain metadata, and, because of the `/o`
 *   in `Message/Node.pm:933` `delete_header`, only `X-Spam-Relays-Trusted` headers are deleted.
 */
import { allHeaderLines } from '../message/header-all.js';
import { createHeaderContext } from '../message/header-context.js';
import { domainMetadata } from '../message/header-metadata.js';
import { getHeader } from '../message/header-get.js';
import { leafParts } from '../message/mime/find-parts.js';
import { decodePart } from '../message/mime/decode.js';
import { invisibleRenderedBodyArray, renderedBodyArray, visibleRenderedBodyArray } from '../message/body/rendered-body.js';
import { renderPart } from '../message/body/rendered-part.js';
import type { MimeTree } from '../message/mime/tree.js';
import type { MessageModel } from '../message/views.js';
import type { BayesMessageData } from './tokenize.js';
import { sha1Hex } from './token-id.js';
import type { TokenSources } from './settings.js';

/** Which path a message is tokenized for. */
export type TokenPath = 'scan' | 'learn';

/** `get_all_metadata()`: `"key: value\n"` lines, lower-case keys, sorted. */
function metadataLines(model: MessageModel, path: TokenPath): string[] {
  const r = model.relays();
  const md: Record<string, string> = {
    'x-spam-relays-external': r.relaysExternalStr,
    'x-spam-relays-internal': r.relaysInternalStr,
    'x-spam-relays-trusted': r.relaysTrustedStr,
    'x-spam-relays-untrusted': r.relaysUntrustedStr,
  };
  if (path === 'scan') {
    // EnvelopeFrom reads the relays: going through the eval view applies them first.
    model.evalMessage().get('EnvelopeFrom');
    const d = domainMetadata(model.headers);
    if (d.senderDomain !== undefined) md['x-senderdomain'] = d.senderDomain;
    if (d.authorDomains.length > 0) md['x-authordomain'] = d.authorDomains.join(' ');
  }
  return Object.keys(md)
    .sort()
    .map((k) => `${k}: ${md[k]}\n`);
}

/** `get_all_headers()` on the path's header set. */
function headerLines(model: MessageModel, path: TokenPath): string[] {
  if (path === 'scan') return allHeaderLines(model.headers.fields, () => {});
  const fields = createHeaderContext(model.raw, { keepXSpamHeaders: true }).fields.filter((f) => !/^X-Spam-Relays-Trusted$/i.test(f.name));
  return allHeaderLines(fields, () => {});
}

/**
 * `get_visible_rendered_body_text_array`. A message without HTML has no invisible text: each
 * part's visible text is its rendered text, so the array is the body rules' one, already made.
 */
function visibleBody(tree: MimeTree, subject: string | undefined, opts: { bodyPartScanSize: number }): string[] {
  const html = leafParts(tree.root).some((p) => {
    const r = renderPart(p);
    return r !== undefined && r.visible !== r.rendered;
  });
  return html ? visibleRenderedBodyArray(tree, subject, opts) : renderedBodyArray(tree, subject, opts);
}

/** The message's Bayes inputs for the enabled token sources. */
export function bayesMessageData(model: MessageModel, sources: TokenSources, bodyPartScanSize: number, path: TokenPath): BayesMessageData {
  const s = getHeader(model.headers, 'Subject');
  const subject = s.length ? s[s.length - 1] : undefined;
  const opts = { bodyPartScanSize };
  return {
    ...(sources.has('visible') ? { body: visibleBody(model.tree(), subject, opts) } : {}),
    ...(sources.has('uri') ? { uris: model.uriList() } : {}),
    ...(sources.has('invisible') ? { inviz: invisibleRenderedBodyArray(model.tree(), opts) } : {}),
    ...(sources.has('mimepart')
      ? { mimeparts: leafParts(model.tree().root).map((p) => `${sha1Hex(decodePart(p) ?? '')}:${p.type || ''}`) }
      : {}),
    ...(sources.has('header') ? { headerLines: headerLines(model, path), metadataLines: metadataLines(model, path) } : {}),
  };
}
