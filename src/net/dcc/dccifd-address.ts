/**
 * Where dccifd listens, worked out from the rule set's settings the way DCC.pm does: the
 * `dcc_dccifd_path` handler (`[host]:port` / `host:port` is TCP, anything else a Unix socket)
 * and `is_dccifd_available` (no usable path: the `dccifd` socket in `dcc_home`, itself
 * defaulting to `/var/dcc`).
 */

/** A dccifd endpoint. */
export type DccifdAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

/** What parsing one `dcc_dccifd_path` value gives: an address, or why SA refuses the line. */
export type DccifdPathParse = { ok: true; address: DccifdAddress } | { ok: false; reason: string };

/** The default DCC home when neither `dcc_home` nor `cdcc homedir` names one (DCC.pm `find_dcc_home`). */
export const DEFAULT_DCC_HOME = '/var/dcc';

/**
 * Parses a `dcc_dccifd_path` value as its DCC.pm handler does: `[host]:port` or `host:port`
 * (exactly one colon outside brackets) is TCP and needs a host and a port in 1..65535; any other
 * value is a Unix socket path (SA only logs when it is not absolute, and keeps it).
 */
export function parseDccifdPath(value: string): DccifdPathParse {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):([^:]*)$/s.exec(value);
  if (m) {
    const host = m[1] ?? m[2] ?? '';
    const port = m[3]!;
    if (!host || host === '0') return { ok: false, reason: `missing or bad host name in dcc_dccifd_path '${value}'` };
    // Perl's `!$port || $port !~ /^\d+\z/ || $port < 1 || $port > 65535`.
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return { ok: false, reason: `bad TCP port number in dcc_dccifd_path '${value}'` };
    }
    return { ok: true, address: { kind: 'tcp', host, port: Number(port) } };
  }
  return { ok: true, address: { kind: 'unix', path: value } };
}

/**
 * The dccifd endpoint for a rule set's settings: a valid `dcc_dccifd_path`, else
 * `<dcc_home>/dccifd` (an invalid `dcc_dccifd_path` line is ignored, as SA ignores a refused
 * setting).
 */
export function dccifdAddress(settings: ReadonlyMap<string, unknown>): DccifdAddress {
  const path = settings.get('dcc_dccifd_path');
  if (typeof path === 'string' && path !== '') {
    const parsed = parseDccifdPath(path);
    if (parsed.ok) return parsed.address;
  }
  const home = settings.get('dcc_home');
  return { kind: 'unix', path: `${typeof home === 'string' && home !== '' ? home : DEFAULT_DCC_HOME}/dccifd` };
}

/** `[host]:port` or the socket path, for diagnostics. */
export function describeDccifdAddress(a: DccifdAddress): string {
  return a.kind === 'unix' ? a.path : `[${a.host}]:${a.port}`;
}
