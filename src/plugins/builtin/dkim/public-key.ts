/**
 * DKIM public key records (`selector._domainkey.domain` TXT), checked as Mail::DKIM's
 * `PublicKey::fetch_async`/`check` and the verifier's `check_public_key` do: the first TXT record
 * is the key; `v=` must be `DKIM1`, `k=` `rsa`, `p=` present, not empty (revoked) and base64,
 * `s=` must allow email; the signature's hash must be in `h=` and its identity must fit `g=`
 * and the `t=s` flag. Any failure makes the signature `invalid` with Mail::DKIM's reason.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { NetContext } from '../../../net/types.js';
import { parseTagList, type TagList } from './tag-list.js';

/** A usable key, or why there is none. */
export type KeyLookup =
  | { readonly ok: true; readonly key: KeyObject; readonly bits: number; readonly tags: TagList; readonly domain: string }
  | { readonly ok: false; readonly error: string };

/** Parses and checks one key record (`check`); `domain` is the signing domain asked for. */
export function parseKeyRecord(record: string, domain: string): KeyLookup {
  const tags = parseTagList(record);
  if (!tags) return { ok: false, error: 'syntax error' };
  const v = tags.byName.get('v');
  if (v && v !== 'DKIM1') return { ok: false, error: 'unsupported version' };
  const k = tags.byName.get('k');
  if (k && k !== 'rsa') return { ok: false, error: 'unsupported key type' };
  const p0 = tags.byName.get('p');
  if (p0 === undefined) return { ok: false, error: 'missing p= tag' };
  const p = p0.replace(/[\r\n \t"]/g, '');
  if (p === '') return { ok: false, error: 'revoked' };
  if (!/^[A-Za-z0-9+/=]+$/.test(p)) return { ok: false, error: 'invalid data' };
  let key: KeyObject;
  try {
    const pem = `-----BEGIN PUBLIC KEY-----\n${(p.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PUBLIC KEY-----\n`;
    key = createPublicKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') return { ok: false, error: 'unsupported key type' };
  } catch {
    return { ok: false, error: 'OpenSSL error: unable to generate public key object' };
  }
  const s = tags.byName.get('s');
  if (s && !s.split(':').some((x) => x === '*' || x === 'email')) return { ok: false, error: 'does not support email' };
  return { ok: true, key, bits: key.asymmetricKeyDetails?.modulusLength ?? 0, tags, domain };
}

/**
 * Fetches the key of `selector._domainkey.domain`: Mail::DKIM's error texts for a name without
 * a key ("not available") or a failed lookup ("DNS error: …", which SA reads for timeouts and
 * SERVFAIL).
 */
export async function fetchKey(net: NetContext, selector: string, domain: string): Promise<KeyLookup> {
  const answer = await net.dns(`${selector}._domainkey.${domain}`, 'TXT');
  switch (answer.status) {
    case 'ok':
      break;
    case 'nxdomain':
    case 'nodata':
    case 'skipped':
      return { ok: false, error: 'not available' };
    case 'timeout':
      return { ok: false, error: 'DNS query timeout for ' + `${selector}._domainkey.${domain}` + ' (timed out)' };
    default:
      return { ok: false, error: `DNS error: ${answer.status === 'error' ? 'SERVFAIL' : answer.status.toUpperCase()}` };
  }
  const record = answer.records[0];
  if (!record) return { ok: false, error: 'not available' };
  return parseKeyRecord(record, domain);
}

/** `check_hash_algorithm`: the key's `h=` list, when present, must name the signature's hash. */
export function keyAllowsHash(key: TagList, hash: string): boolean {
  const h = key.byName.get('h');
  return !h || h.split(':').includes(hash);
}

/**
 * `check_granularity`: the local part of `identity` must fit `g=` (default `*`; an empty `g=`
 * fits nothing), and with `t=s` the identity's domain must be the key's domain itself.
 */
export function keyGranularityError(key: TagList, identity: string, domain: string): string | undefined {
  const g = key.byName.get('g') ?? '*';
  const m = /^([\s\S]*)@([^@]*)$/.exec(identity);
  const local = m ? m[1]! : '';
  const idDomain = m ? m[2]! : identity;
  const star = g.indexOf('*');
  if (star >= 0) {
    const begins = g.slice(0, star);
    const ends = g.slice(star + 1);
    if (local.length < begins.length + ends.length || !local.startsWith(begins) || (ends.length > 0 && !local.endsWith(ends))) {
      return 'granularity mismatch';
    }
  } else if (g === '') return 'granularity is empty';
  else if (local !== g) return 'granularity mismatch';
  const flags = (key.byName.get('t') ?? '').split(':');
  if (flags.includes('s') && idDomain.toLowerCase() !== domain.toLowerCase()) return 'does not support signing subdomains';
  return undefined;
}
