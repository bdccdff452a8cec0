/**
 * The built-in plugins: one `definePlugin({...})` object per SpamAssassin plugin spamscore
 * implements, each in its own module (its directives, settings, evals and hooks together),
 * listed here. SA's other plugins are known by their vocabulary only (catalog.ts): rules using
 * them compile, and their evals are reported unsupported.
 */
import type { Plugin } from '../types.js';
import { SA_PLUGIN_CATALOG } from './catalog.js';
import { SA_PLUGIN_PREFIX } from '../../config/plugin-names.js';
import { vocabularyPlugin } from './vocabulary.js';
import { HEADER_EVAL_PLUGIN } from './header-eval.js';
import { BODY_EVAL_PLUGIN } from './body-eval.js';
import { RELAY_EVAL_PLUGIN } from './relay-eval.js';
import { WLBL_EVAL_PLUGIN } from './wlbl-eval.js';
import { WELCOMELIST_SUBJECT_PLUGIN } from './welcomelist-subject.js';
import { FREEMAIL_PLUGIN } from './freemail.js';
import { VBOUNCE_PLUGIN } from './vbounce.js';
import { MIME_EVAL_PLUGIN } from './mime-eval.js';
import { HTML_EVAL_PLUGIN } from './html-eval.js';
import { HTTPS_MISMATCH_PLUGIN } from './https-mismatch.js';
import { URI_EVAL_PLUGIN } from './uri-eval.js';
import { URI_DETAIL_PLUGIN } from './uri-detail.js';
import { IMAGE_INFO_PLUGIN } from './image-info.js';
import { DCC_PLUGIN } from './dcc/index.js';
import { PYZOR_PLUGIN } from './pyzor/index.js';
import { RAZOR2_PLUGIN } from './razor2/index.js';
import { DECODE_SHORT_URLS_PLUGIN } from './decode-short-urls/index.js';
import { URIDNSBL_PLUGIN } from './uridnsbl/index.js';
import { DNS_EVAL_PLUGIN } from './dns-eval/index.js';
import { ASKDNS_PLUGIN } from './askdns/index.js';
import { HASHBL_PLUGIN } from './hashbl/index.js';
import { SPF_PLUGIN } from './spf/index.js';
import { DKIM_PLUGIN } from './dkim/index.js';
import { DMARC_PLUGIN } from './dmarc/index.js';
import { AUTOLEARN_THRESHOLD_PLUGIN, BAYES_PLUGIN } from './bayes/index.js';

/** The plugins spamscore implements, each one `definePlugin({...})` object. */
export const IMPLEMENTED_PLUGINS: readonly Plugin[] = [
  HEADER_EVAL_PLUGIN,
  BODY_EVAL_PLUGIN,
  RELAY_EVAL_PLUGIN,
  WLBL_EVAL_PLUGIN,
  WELCOMELIST_SUBJECT_PLUGIN,
  FREEMAIL_PLUGIN,
  VBOUNCE_PLUGIN,
  MIME_EVAL_PLUGIN,
  HTML_EVAL_PLUGIN,
  HTTPS_MISMATCH_PLUGIN,
  URI_EVAL_PLUGIN,
  URI_DETAIL_PLUGIN,
  IMAGE_INFO_PLUGIN,
  DCC_PLUGIN,
  PYZOR_PLUGIN,
  RAZOR2_PLUGIN,
  DECODE_SHORT_URLS_PLUGIN,
  URIDNSBL_PLUGIN,
  DNS_EVAL_PLUGIN,
  ASKDNS_PLUGIN,
  HASHBL_PLUGIN,
  SPF_PLUGIN,
  DKIM_PLUGIN,
  DMARC_PLUGIN,
  BAYES_PLUGIN,
  AUTOLEARN_THRESHOLD_PLUGIN,
];

/**
 * Every SpamAssassin 4.0.1 plugin, in the catalog's order: the implemented ones, and a
 * vocabulary-only plugin for each of the rest.
 */
export function allBuiltinPlugins(): Plugin[] {
  const byName = new Map(IMPLEMENTED_PLUGINS.map((p) => [p.name, p]));
  return Object.keys(SA_PLUGIN_CATALOG).map((short) => byName.get(SA_PLUGIN_PREFIX + short) ?? vocabularyPlugin(short));
}
