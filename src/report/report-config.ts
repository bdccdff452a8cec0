/**
 * The report stage's settings, compiled once per rule set: the X-Spam-* header templates
 * (`add_header`, `remove_header`, `clear_headers`, `report_safe 0`), `fold_headers`, and what
 * `rewrite_mail` reads. The report stage reads no configuration line at scan time.
 */
import type { DirectiveOccurrence, SettingValue } from '../config/parsed-config.js';
import { headerTemplates, type HeaderTemplates } from './headers.js';
import { rewriteSettings, type RewriteSettings } from './rewrite.js';

/** What the report stage needs from the configuration. */
export interface ReportConfig {
  readonly headers: HeaderTemplates;
  /** `fold_headers`. */
  readonly foldHeaders: boolean;
  readonly rewrite: RewriteSettings;
}

/** Compiles the report stage's slice of a configuration. */
export function compileReportConfig(
  directives: readonly Pick<DirectiveOccurrence, 'name' | 'value'>[],
  settings: ReadonlyMap<string, SettingValue>,
): ReportConfig {
  return Object.freeze({
    headers: headerTemplates(directives),
    foldHeaders: settings.get('fold_headers') !== false,
    rewrite: rewriteSettings(directives, settings),
  });
}
