/**
 * A message's Bayes tokens on either path (see message-data.ts), from its views.
 */
import type { MessageModel } from '../message/views.js';
import { bayesMessageData, type TokenPath } from './message-data.js';
import type { BayesSettings } from './settings.js';
import { tokenize } from './tokenize.js';

/** `tokenize($msg, get_body_from_msg($msg))` on the learn path, or the scan's `tokenize` call. */
export function messageTokens(model: MessageModel, settings: BayesSettings, path: TokenPath): Map<string, string> {
  return tokenize(bayesMessageData(model, settings.sources, settings.bodyPartScanSize, path), settings.tokenizer);
}
