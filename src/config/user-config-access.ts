/**
 * Which directives a user's preferences may not set when the server reads them (spamd's
 * `user_prefs`, read by SA's `read_scoreonly_config` → `Conf::Parser::parse` in its
 * "scores only" mode): SA's `is_admin` directives never, its `is_priv` ones only while
 * `allow_user_rules` is on. The names are those SA 4.0.1 (core and its plugins) registers
 * with `is_admin => 1` or `is_priv => 1`. Generated from SA's registered command tables by
 * `npm run generate` (scripts/generate/user-config-access.mjs): edit the generator, not this
 * file. A plugin written with `definePlugin()` marks its own directives with
 * `isAdmin`/`isPriv` in their {@link DirectiveSpec}.
 */
import type { DirectiveSpec } from './directive-spec.js';

/** SA's `is_admin` directives (site configuration only). */
const ADMIN = new Set(
  [
    'asn_prefer_geodb asn_use_dns asn_use_geodb authres_ignored_authserv authres_networks',
    'authres_trusted_authserv auto_welcomelist_db_modules auto_welcomelist_factory',
    'auto_welcomelist_file_mode auto_welcomelist_path bayes_file_mode bayes_path bayes_sql_dsn',
    'bayes_sql_password bayes_sql_username bayes_sql_username_authorized bayes_store_module',
    'body_part_scan_size country_db_path country_db_type dcc_dccifd_path dcc_home dcc_learn_score',
    'dcc_options dcc_path dcc_timeout dccifd_options dkim_timeout dmarc_save_reports',
    'dns_block_rule dns_block_time dns_local_ports_avoid dns_local_ports_none',
    'dns_local_ports_permit do_not_use_mail_spf do_not_use_mail_spf_query enable_compat',
    'extracttext_maxparts extracttext_timeout geodb_module geodb_options geodb_search_path',
    'ignore_always_matching_regexps ignore_received_spf_header loadplugin',
    'max_short_url_redirections max_short_urls phishing_openphish_feed phishing_phishstats_feed',
    'phishing_phishstats_minscore phishing_phishtank_feed phishing_uri_noparam pyzor_fork',
    'pyzor_options pyzor_path pyzor_perl pyzor_server_file pyzor_timeout rawbody_part_scan_size',
    'razor_config razor_fork razor_timeout rbl_timeout resource_limit_cpu resource_limit_mem',
    'spf_timeout test trigger_config trigger_ratio trigger_target tryplugin txrep_factory',
    'uri_country_db_isp_path uri_country_db_path uridnsbl_max_domains uridnsbl_skip_mailto',
    'url_shortener_cache_autoclean url_shortener_cache_ttl url_shortener_loginfo',
    'url_shortener_timeout url_shortener_user_agent use_newest_received_spf_header user_awl_dsn',
    'user_awl_sql_password user_awl_sql_table user_awl_sql_username user_scores_dsn',
    'user_scores_fallback_to_global user_scores_ldap_password user_scores_ldap_username',
    'user_scores_sql_custom_query user_scores_sql_password user_scores_sql_username util_rb_2tld',
    'util_rb_3tld util_rb_tld version_tag',
  ].flatMap((line) => line.split(' ')),
);

/** SA's `is_priv` directives (user preferences only with `allow_user_rules`): rules and what shapes them. */
const PRIV = new Set(
  [
    'allow_user_rules askdns asn_lookup asn_lookup_ipv6 body full header meta mimeheader priority',
    'rawbody rbl_headers redirector_pattern replace_end replace_inter replace_post replace_pre',
    'replace_rules replace_start replace_tag reuse tflags uri uri_block_cc uri_block_cidr',
    'uri_block_cont uri_block_exclude uri_block_isp uri_detail uridnsbl uridnssub urifullnsrhsbl',
    'urifullnsrhssub urinsrhsbl urinsrhssub urirhsbl urirhssub url_shortener_cache_dsn',
    'url_shortener_cache_password url_shortener_cache_type url_shortener_cache_username',
  ].flatMap((line) => line.split(' ')),
);

/**
 * May a user's preferences set this directive? `admin`: never (SA: "not parsing,
 * administrator setting"); `priv`: only with `allow_user_rules` (SA: "not parsing,
 * 'allow_user_rules' is 0"); undefined: yes.
 * @param name the directive's canonical name (aliases resolved)
 * @param spec its definition, when it has one (a plugin's own `isAdmin`/`isPriv`)
 */
export function userConfigAccess(name: string, spec?: DirectiveSpec): 'admin' | 'priv' | undefined {
  if (spec?.isAdmin || ADMIN.has(name)) return 'admin';
  if (spec?.isPriv || PRIV.has(name)) return 'priv';
  return undefined;
}
