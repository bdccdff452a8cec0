/**
 * spamd's `--listen` addresses (`-i`): `host:port`, `[v6addr]:port`, `:port` or `*:port` (all
 * interfaces), `host` (port 783), a Unix socket path (`/run/spamd.sock`, anything with a `/`),
 * each optionally prefixed `ssl:` for TLS.
 */

/** Where one listener listens. */
export type ListenSpec =
  | { kind: 'tcp'; host: string; port: number; tls: boolean }
  | { kind: 'unix'; path: string };

/** spamd's default port. */
export const SPAMD_PORT = 783;

/** Parses one `--listen` value. Throws a TypeError naming the value when it is not one. */
export function parseListenSpec(value: string, defaultPort = SPAMD_PORT): ListenSpec {
  let v = value.trim();
  let tls = false;
  if (/^ssl:/i.test(v)) {
    tls = true;
    v = v.slice(4);
  }
  if (v.includes('/') && !/^\[/.test(v)) {
    if (tls) throw new TypeError(`listen: TLS on a Unix socket is not supported: ${value}`);
    return { kind: 'unix', path: v };
  }
  let host: string;
  let port: string | undefined;
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(v);
  if (v6) [host, port] = [v6[1]!, v6[2]];
  else if ((v.match(/:/g) ?? []).length > 1) host = v; // a bare IPv6 address
  else {
    const i = v.lastIndexOf(':');
    [host, port] = i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
  }
  if (host === '' || host === '*') host = '0.0.0.0';
  const p = port === undefined || port === '' ? defaultPort : Number(port);
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new TypeError(`listen: bad port in ${value}`);
  return { kind: 'tcp', host, port: p, tls };
}
