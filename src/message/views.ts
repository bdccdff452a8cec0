/**
 * The message stage's answer to the check stage: lazy, cached views of one message built the
 * way SpamAssassin builds them (Message.pm, Message/Node.pm, Metadata/Received.pm,
 * PerMsgStatus.pm), each computed only when a rule first reads it.
 */
import type { Diagnostic } from '../config/diagnostics.js';
import type { MessageConfig } from './message-config.js';
import type { EvalMessageBytes, MessageViews } from './message-views.js';
import { createHeaderContext, updateHeaderContext, type HeaderContext } from './header-context.js';
import { getHeader, getHeaderScalar, headerRuleText } from './header-get.js';
import { parseRawMessage, type RawMessage } from './raw-message.js';
import { buildMimeTree, type MimeTree } from './mime/tree.js';
import type { MimeNode } from './mime/node.js';
import { findParts } from './mime/find-parts.js';
import { rawBodyArray, renderedBodyArray, pristineMessage } from './body/index.js';
import { parseRelays, relayEnvelopeFrom } from './relays/index.js';
import type { RelayInfo } from './relays/index.js';
import { messageUriDetails, messageUris } from './uri-list.js';
import type { UriDetailList } from './uri/index.js';

/** All the views of one message, plus the intermediate structures plugins read. */
export interface MessageModel extends MessageViews {
  readonly raw: RawMessage;
  readonly headers: HeaderContext;
  tree(): MimeTree;
  relays(): RelayInfo;
  /** SA's `get_uri_detail_list` (URIDetail / URIEval plugins read it). */
  uriDetails(): UriDetailList;
  /**
   * Replaces the rendered body array for the rest of the scan. SA's FreeMail rewrites that
   * array in place; a new array (new identity) keeps every cache keyed on it honest.
   */
  replaceBodyLines(lines: string[]): void;
}

/** Builds the lazy views of a message (a binary string: one char per byte) under the rule set's message settings. */
export function buildViews(text: string, config: MessageConfig, diagnostics: Diagnostic[]): MessageModel {
  const raw = parseRawMessage(text);
  for (const d of raw.diagnostics.slice(0, 5)) {
    diagnostics.push({ severity: 'info', code: 'message', message: `message: ${d.code}: ${JSON.stringify(d.line.slice(0, 80))}` });
  }
  const tlds = config.tlds;
  const headers = createHeaderContext(raw, {
    registry: tlds,
    ...(config.envelopeSenderHeader !== undefined ? { envelopeSenderHeader: config.envelopeSenderHeader } : {}),
  });

  let relayInfo: RelayInfo | undefined;
  const relays = (): RelayInfo => {
    if (relayInfo) return relayInfo;
    const originating = config.originatingIpHeaders.map((h) => {
      const v = getHeader(headers, h);
      return v.length ? v[v.length - 1] : undefined;
    });
    relayInfo = parseRelays({
      received: getHeader(headers, 'Received'),
      originating,
      // The message configuration itself (it carries the three lists): parseRelays builds
      // its network sets once per configuration object.
      config,
    });
    return relayInfo;
  };
  // Relay facts are read by X-Spam-Relays-*, ALL-TRUSTED… and EnvelopeFrom: computed on demand.
  let relaysApplied = false;
  const withRelays = () => {
    if (relaysApplied) return;
    relaysApplied = true;
    const r = relays();
    updateHeaderContext(headers, {
      relays: {
        trustedStr: r.relaysTrustedStr,
        untrustedStr: r.relaysUntrustedStr,
        internalStr: r.relaysInternalStr,
        externalStr: r.relaysExternalStr,
        lastTrustedRelayIndex: r.lastTrustedRelayIndex,
        lastInternalRelayIndex: r.lastInternalRelayIndex,
        trusted: r.relaysTrusted,
        untrusted: r.relaysUntrusted,
      },
    });
    void relayEnvelopeFrom;
  };

  let treeCache: MimeTree | undefined;
  const tree = (): MimeTree =>
    (treeCache ??= buildMimeTree({
      headers: raw.headers,
      body: raw.pristineBody,
      crlf: raw.lineEnding === '\r\n',
      headerFlags: { missingHeadBodySeparator: raw.flags.missing_head_body_separator, truncatedHeader: raw.flags.truncated_header },
    }));

  let body: string[] | undefined;
  let rawbody: string[] | undefined;
  let full: string | undefined;
  let uris: string[] | undefined;
  let uriDetails: UriDetailList | undefined;
  const uriDetailList = () =>
    (uriDetails ??= messageUriDetails(config, tree(), bodyLines(), [
      ...getHeader(headers, 'DomainKey-Signature'),
      ...getHeader(headers, 'DKIM-Signature'),
    ]));
  const subject = () => {
    const s = getHeader(headers, 'Subject');
    return s.length ? s[s.length - 1] : undefined;
  };
  let evalMessage: EvalMessageBytes | undefined;
  let allParts: MimeNode[] | undefined;
  const mimeHeaders = new Map<string, readonly (string | undefined)[]>();
  const bodyLines = () => (body ??= renderedBodyArray(tree(), subject(), { bodyPartScanSize: config.bodyPartScanSize }));

  const model: MessageModel = {
    raw,
    headers,
    tree,
    relays,
    headerText(request: string) {
      withRelays();
      return headerRuleText(headers, request);
    },
    bodyLines,
    rawbodyLines: () => (rawbody ??= rawBodyArray(tree(), { rawbodyPartScanSize: config.rawbodyPartScanSize })),
    fullText: () => (full ??= pristineMessage(text)),
    uriList: () => (uris ??= messageUris(uriDetailList())),
    uriDetails: uriDetailList,
    replaceBodyLines(lines: string[]) {
      body = lines;
      evalMessage = undefined;
    },
    mimeHeaderValues(header: string, rawValue: boolean) {
      const key = header.toLowerCase();
      // Per message and request: ~25 stock mimeheader rules ask for a few headers, and each
      // answer walked the MIME tree and built its list again (~34 KB a message, heap profile).
      const cacheKey = (rawValue ? 'raw:' : ':') + key;
      const cached = mimeHeaders.get(cacheKey);
      if (cached) return cached;
      const values = (allParts ??= findParts(tree().root, /./)).map((node) => {
        if (key === 'all') {
          const lines: string[] = [];
          for (const name of node.headerOrder) {
            const vals = (rawValue ? node.rawHeaders : node.headers).get(name.toLowerCase()) ?? [];
            for (const v of vals) lines.push(`${name}: ${rawValue ? v : v + '\n'}`);
          }
          return lines.join('');
        }
        if (rawValue) {
          const v = node.rawHeaders.get(key);
          return v && v.length ? v[v.length - 1]! : '';
        }
        const v = node.headers.get(key);
        return v && v.length ? v[v.length - 1]! + '\n' : undefined;
      });
      mimeHeaders.set(cacheKey, values);
      return values;
    },
    evalMessage() {
      return (evalMessage ??= {
        get: (request) => {
          withRelays();
          return getHeader(headers, request);
        },
        getScalar: (request: string, ...dflt: [string?]) => {
          withRelays();
          return dflt.length > 0 ? getHeaderScalar(headers, request, dflt[0]) : getHeaderScalar(headers, request);
        },
        bodyLines: () => model.bodyLines(),
        rawbodyLines: () => model.rawbodyLines(),
        fullText: () => model.fullText(),
        uriList: () => model.uriList(),
      });
    },
  };
  return model;
}
