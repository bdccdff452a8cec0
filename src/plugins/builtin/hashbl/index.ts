/**
 * HashBL: SpamAssassin's `Plugin::HashBL`, lookups of hashed (or raw) message data in DNS
 * lists: e-mail addresses, URIs, body regex captures, tag values and attachments. Each eval
 * sends its queries when it runs and answers the promise of its rule's outcome (SA's async
 * undef); with nothing to ask it answers a miss at once.
 */
import { checkHashblAttachments } from './attachments.js';
import { checkHashblBodyre } from './bodyre.js';
import { checkHashblEmails } from './emails.js';
import { checkHashblTag } from './tag.js';
import { checkHashblUris } from './uris.js';
import { definePlugin } from '../../define-plugin.js';
import { saEvals, saVocabulary, type EvalImpls } from '../vocabulary.js';
import { hashBlConfig, type HashBlConfig } from './config.js';

/** HashBL's evals by name. */
const HASHBL: EvalImpls<HashBlConfig> = {
  check_hashbl_emails: (ctx, ...args) => checkHashblEmails(ctx, ...args),
  check_hashbl_uris: (ctx, ...args) => checkHashblUris(ctx, ...args),
  check_hashbl_bodyre: (ctx, ...args) => checkHashblBodyre(ctx, ...args),
  check_hashbl_tag: (ctx, ...args) => checkHashblTag(ctx, ...args),
  check_hashbl_attachments: (ctx, ...args) => checkHashblAttachments(ctx, ...args),
};


/** `Mail::SpamAssassin::Plugin::HashBL`: SA's vocabulary (catalog.ts) with the implementations above. */
export const HASHBL_PLUGIN = definePlugin({
  ...saVocabulary('HashBL'),
  settings: hashBlConfig,
  evals: saEvals('HashBL', HASHBL),
});

export { parseOptions, hashValue, base32Lower } from './options.js';
export { hashBlConfig } from './config.js';
export { hashBlQuery, answerHits } from './query.js';
export { bodyCaptures } from './bodyre.js';
export { parseEmails } from './emails.js';
export { tagQueryValues } from './tag.js';
