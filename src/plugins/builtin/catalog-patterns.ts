/**
 * Directive names that SpamAssassin 4.0.1's plugins accept in their own `parse_config` hook
 * rather than registering them (`bayes_stopword_xx`, `hashbl_acl_name`, …): SA's tables cannot
 * list them, so they are written here by hand, from each hook's name test. The generated
 * `catalog.ts` (scripts/generate/catalog.mjs) attaches them to their plugin, and its generator
 * fails when a plugin with its own `parse_config` has no entry here (or an entry has no such
 * plugin).
 */

/** Per plugin (short name), the patterns its `parse_config` hook claims. */
export const PARSE_CONFIG_PATTERNS = {
  Bayes: [/^bayes_stopword_[a-z]{2}$/],
  ExtractText: [/^extracttext_use$/],
  FreeMail: [/^freemail_domains$/, /^freemail_welcomelist$/, /^freemail_whitelist$/],
  HashBL: [/^hashbl_acl_[a-z0-9]{1,32}$/],
} as const satisfies Readonly<Record<string, readonly RegExp[]>>;
