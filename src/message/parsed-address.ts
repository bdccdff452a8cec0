/**
 * The parsed-address record both address parsers of `Util::parse_header_addresses` return: SA's
 * internal parser (header-addresses.ts) and the Email::Address::XS fallback
 * (header-address-xs.ts). Its own file so that the fallback need not import the parser that
 * calls it.
 */

/** One parsed address, with SA's hash keys. */
export interface ParsedAddress {
  /** Display name (or the comment when there is none); undefined when absent. */
  readonly phrase: string | undefined;
  readonly user: string | undefined;
  readonly host: string | undefined;
  /** The address (`user@host`), undefined for a name-only entry. */
  readonly address: string | undefined;
  readonly comment: string | undefined;
  /** Host missing or not a valid FQDN (internal parser), or the XS parser's verdict. */
  readonly invalid: boolean;
}
