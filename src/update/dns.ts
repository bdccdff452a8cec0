/**
 * The DNS side of sa-update (`do_dns_query`): TXT lookups of a channel's version and mirrors.
 * A name with no TXT record gives an empty answer, as in sa-update; a lookup that could not be
 * made at all (no answer, refused, no network) also gives an empty answer but keeps its error,
 * so that the caller can tell "no update published" from "offline".
 */
import { promises as dns } from 'node:dns';

/** The resolver calls updates need: `dns.promises.Resolver`'s `resolveTxt` (chunks per record). */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

/** The outcome of one TXT lookup. */
export interface TxtAnswer {
  /** Each record's text, its character-strings joined by a space (Net::DNS `txtdata` in scalar context). */
  records: string[];
  /** Set when the lookup failed for another reason than "no such record": the resolver's code. */
  error?: string;
}

/** Error codes that only mean "no such name or record". */
const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);

/**
 * A resolver for updates: Node's, with the given servers (`HOST:PORT` or `HOST`, sa-update's
 * `--dns-server` counterpart — sa-update itself reads resolv.conf) and a per-query timeout.
 */
export function createTxtResolver(options: { servers?: readonly string[]; timeout?: number } = {}): TxtResolver {
  const resolver = new dns.Resolver({ timeout: options.timeout ?? 5000, tries: 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  return resolver;
}

/** Looks up the TXT records of a name (see {@link TxtAnswer}). Never rejects. */
export async function lookupTxt(resolver: TxtResolver, name: string): Promise<TxtAnswer> {
  try {
    const answer = await resolver.resolveTxt(name);
    return { records: answer.map((chunks) => chunks.join(' ')).filter((t) => t !== '') };
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
    return NO_DATA.has(code) ? { records: [] } : { records: [], error: code };
  }
}
