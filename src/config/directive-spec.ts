/**
 * The shape of a directive definition, shared by SA's core table and by plugins.
 *
 * Mirrors the command records of `Conf.pm` (`setting`, `type`, `aliases`, `default`): the type
 * decides how a value is validated and stored, as `Conf::Parser::setup_default_code_cb` does.
 */

/**
 * Value types, SA's `$CONF_TYPE_*`:
 * - `string`: last line wins; empty is a missing value.
 * - `number`: `^[+-]?\d+(\.\d*)?$`.
 * - `bool`: `yes|no|1|0`.
 * - `duration`: a number with an optional `s m h d w` unit, stored in seconds.
 * - `hash`: `key value`, the later line for a key replaces the earlier one (`tflags`, `describe`).
 * - `template`: each line appends its text plus "\n" (one pair of outer quotes removed).
 * - `noargs`: takes no value.
 * - `list`: whitespace-separated words appended.
 * - `addrlist`: address globs appended (welcomelist_from …).
 * - `iplist`: networks appended (trusted_networks …).
 * - `custom`: interpreted by its own handler; stored as the list of raw values.
 */
export type DirectiveType =
  | 'string'
  | 'number'
  | 'bool'
  | 'duration'
  | 'hash'
  | 'template'
  | 'noargs'
  | 'list'
  | 'addrlist'
  | 'iplist'
  | 'custom';

/** A directive definition. */
export interface DirectiveSpec {
  type: DirectiveType;
  /** The setting it writes, when not the directive's own name (e.g. `describe` → `descriptions`). */
  setting?: string;
  /** Other names accepted for it (SA's pre-4.0 `whitelist_*` names, …). */
  aliases?: readonly string[];
  /** Default value, as SA declares it. */
  default?: string | number;
  /**
   * Only the site configuration may set it: a user's preferences read by the server
   * (spamd's `user_prefs`, SA's `read_scoreonly_config`) may not (SA's `is_admin`).
   */
  isAdmin?: boolean;
  /**
   * A user's preferences read by the server may set it only when the site configuration
   * allows user rules (`allow_user_rules 1`; SA's `is_priv`).
   */
  isPriv?: boolean;
}
