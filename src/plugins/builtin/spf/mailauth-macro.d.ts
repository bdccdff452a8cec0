/** Types for mailauth's SPF macro expander (no declarations ship with it). */
declare module 'mailauth/lib/spf/macro.js' {
  /** Expands RFC 7208 macros (`%{s}`, `%{i}`, `%{d}`…) in `input`; throws on a syntax error. */
  export default function macro(input: string, values: { sender?: string; ip?: string; helo?: string; mta?: string }): string;
}
