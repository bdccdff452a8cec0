/**
 * DKIM and ARC signature verification with Mail::DKIM 1.20230212's semantics (the library SA
 * 4.0.1 calls): every `DKIM-Signature` (and `DomainKey-Signature`) field is listed in order, up
 * to 51; each one gets `pass`, `fail` or `invalid` and a reason. `Mail::DKIM::Verifier` and
 * `Mail::DKIM::ARC::Verifier` are mirrored by {@link verifyDkim} and {@link verifyArc}.
 *
 * Canonicalization is Mail::DKIM's own (see message-parts.ts); the RSA check is node:crypto's
 * PKCS#1 v1.5 verification, which is what Crypt::OpenSSL::RSA does. Keys are fetched through the
 * scan's DNS layer.
 */
import { createHash, verify as rsaVerify } from 'node:crypto';
import type { NetContext } from '../../../net/types.js';
import { canonicalBody, relaxedHeader, type DkimMessage, type HeaderField } from './message-parts.js';
import { fetchKey, keyAllowsHash, keyGranularityError, type KeyLookup } from './public-key.js';
import {
  parseSignature,
  precheck,
  sigCanonicalization,
  sigDomain,
  sigHash,
  sigHeaderList,
  sigIdentity,
  sigSelector,
  type Signature,
  type SignatureKind,
} from './signature.js';
import { withoutValue } from './tag-list.js';

/** Mail::DKIM's `$MAX_SIGNATURES_TO_PROCESS`: it keeps adding while it holds no more than 50. */
const MAX_SIGNATURES = 51;

/** What one verifier run found. */
export interface VerifierRun {
  readonly signatures: readonly Signature[];
}

/** The ARC verifier's extra state: its overall result and the seals by instance. */
export interface ArcRun extends VerifierRun {
  /** `$arc_verifier->result`: none, pass, fail, invalid… */
  readonly result: string;
  /** ARC-Seal signatures by their `i=` instance (index 0 unused), as `$arc_verifier->{seals}`. */
  readonly seals: readonly (Signature | undefined)[];
}

// A Map, not an object: the key is a header name from the message (`constructor:` must find nothing).
const KIND_BY_FIELD: ReadonlyMap<string, SignatureKind> = new Map([
  ['dkim-signature', 'DKIM'],
  ['domainkey-signature', 'DK'],
  ['arc-message-signature', 'AMS'],
  ['arc-seal', 'AS'],
]);

/** Collects the signature fields of the given kinds, in header order (`handle_header`). */
function collect(msg: DkimMessage, kinds: readonly SignatureKind[]): Signature[] {
  const sigs: Signature[] = [];
  for (const h of msg.headers) {
    const kind = h.name === undefined ? undefined : KIND_BY_FIELD.get(h.name);
    if (!kind || !kinds.includes(kind)) continue;
    if (sigs.length >= MAX_SIGNATURES) continue;
    const sig = parseSignature(kind, h.line);
    if (sig) sigs.push(sig);
  }
  return sigs;
}

/** The canonicalized header data a DKIM-style signature (DKIM or AMS) signs. */
function dkimHeaderData(sig: Signature, headers: readonly HeaderField[], names: readonly string[]): string {
  const [method] = sigCanonicalization(sig);
  const canon = method === 'relaxed' ? relaxedHeader : (s: string) => s;
  const pool = [...headers].reverse();
  let out = '';
  for (const name of names) {
    const i = pool.findIndex((h) => {
      const m = /^([^\t\n\x0b\f\r :]+)[\t\n\x0b\f\r ]*:/.exec(h.line);
      return m !== null && m[1]!.toLowerCase() === name;
    });
    if (i < 0) continue;
    out += `${canon(pool[i]!.line)}\r\n`;
    pool.splice(i, 1);
  }
  return out + canon(sig.prefix + withoutValue(sig.tags, 'b'));
}

/** The canonicalized header data an ARC-Seal signs (`Canonicalization::seal`). */
function sealHeaderData(sig: Signature, headers: readonly HeaderField[]): string {
  const i = sigIdentity(sig);
  let out = '';
  const indexed = (name: string, n: number) => {
    const re = new RegExp(`^${name}:[\\t\\n\\x0b\\f\\r ]*(?:[^;]*;[\\t\\n\\x0b\\f\\r ]*)*i=(\\d+)`, 'i');
    for (const h of headers) {
      const m = re.exec(h.line);
      if (m && Number(m[1]) === n) {
        out += `${relaxedHeader(h.line)}\r\n`;
        return;
      }
    }
  };
  if (/^\d+$/.test(i)) {
    const n = Number(i);
    for (let k = 1; k < n; k++) {
      indexed('ARC-Authentication-Results', k);
      indexed('ARC-Message-Signature', k);
      indexed('ARC-Seal', k);
    }
    indexed('ARC-Authentication-Results', n);
    indexed('ARC-Message-Signature', n);
  }
  return out + relaxedHeader(sig.prefix + withoutValue(sig.tags, 'b'));
}

/** Body hashes by canonicalization, hash and `l=` (one per combination, as mailauth does). */
class BodyHashes {
  readonly #cache = new Map<string, string>();
  readonly #digests = new Map<string, Buffer>();
  constructor(private readonly body: string) {}
  get(method: string, hash: 'sha1' | 'sha256', limit: string | undefined): Buffer {
    const key = `${method}:${hash}:${limit ?? ''}`;
    let canon = this.#cache.get(`c:${method}`);
    if (canon === undefined) {
      canon = canonicalBody(this.body, method === 'relaxed' ? 'relaxed' : 'simple');
      this.#cache.set(`c:${method}`, canon);
    }
    let digest = this.#digests.get(key);
    if (digest === undefined) {
      const n = limit === undefined ? undefined : Number(/^\d+/.exec(limit)?.[0] ?? 0);
      const part = n !== undefined && n > 0 ? canon.slice(0, n) : canon;
      digest = createHash(hash).update(Buffer.from(part, 'latin1')).digest();
      this.#digests.set(key, digest);
    }
    return digest;
  }
}

const b64 = (s: string | undefined): Buffer => Buffer.from((s ?? '').replace(/[\r\n \t]/g, ''), 'base64');

/** The RSA check of the header data, then the body hash (`rsa_sha*::verify`). */
function cryptoVerify(sig: Signature, key: Extract<KeyLookup, { ok: true }>, headerData: string, bodyHash: Buffer | undefined): [boolean, string] {
  const hash = sigHash(sig)!;
  let ok: boolean;
  try {
    ok = rsaVerify(hash, Buffer.from(headerData, 'latin1'), key.key, b64(sig.tags.byName.get('b')));
  } catch (err) {
    return [false, `OpenSSL error: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (!ok) return [false, 'message has been altered'];
  const bh = sig.tags.byName.get('bh');
  if (bodyHash && bh !== undefined && bh.replace(/[\t\n\x0b\f\r ]+/g, '') !== '' && !b64(bh).equals(bodyHash)) {
    return [false, 'body has been altered'];
  }
  return [true, ''];
}

/** `match_subdomain`: the identity's domain is the signing domain or below it. */
function identityOk(sig: Signature): boolean {
  const m = /@([^@]*)$/.exec(sigIdentity(sig));
  if (!m) return false;
  const d = sigDomain(sig) ?? '';
  const tail = `.${m[1]!}`.slice(-1 - d.length);
  return `.${d}`.toLowerCase() === tail.toLowerCase();
}

/** Fetches each distinct key once per run. */
function keyFetcher(net: NetContext): (selector: string, domain: string) => Promise<KeyLookup> {
  const keys = new Map<string, Promise<KeyLookup>>();
  return (selector, domain) => {
    const k = `${selector}._domainkey.${domain}`;
    let p = keys.get(k);
    if (!p) keys.set(k, (p = fetchKey(net, selector, domain)));
    return p;
  };
}

/**
 * `Mail::DKIM::Verifier`: every signature listed, each verified on its own. `now` is the
 * verification time (epoch seconds) for `x=`.
 */
export async function verifyDkim(msg: DkimMessage, net: NetContext, now: number): Promise<VerifierRun> {
  const sigs = collect(msg, ['DKIM', 'DK']);
  const live: Signature[] = [];
  for (const sig of sigs) {
    const why = precheck(sig, now);
    if (why !== undefined) {
      sig.result = 'invalid';
      sig.details = why;
    } else live.push(sig);
  }
  const bodies = new BodyHashes(msg.body);
  const key = keyFetcher(net);
  await Promise.all(
    live.map(async (sig) => {
      if (!identityOk(sig)) return set(sig, 'invalid', 'bad identity');
      const k = await key(sigSelector(sig)!, sigDomain(sig)!);
      if (!k.ok) return set(sig, 'invalid', `public key: ${k.error}`);
      sig.keyBits = k.bits;
      if (!keyAllowsHash(k.tags, sigHash(sig)!)) return set(sig, 'invalid', `public key: does not support hash algorithm '${sigHash(sig)!}'`);
      const gran = keyGranularityError(k.tags, sigIdentity(sig), k.domain);
      if (gran !== undefined) return set(sig, 'invalid', `public key: ${gran}`);
      const [, bodyMethod] = sigCanonicalization(sig);
      const bh = bodies.get(bodyMethod, sigHash(sig)!, sig.tags.byName.get('l'));
      const [ok, details] = cryptoVerify(sig, k, dkimHeaderData(sig, msg.headers, sigHeaderList(sig)), bh);
      return set(sig, ok ? 'pass' : 'fail', details);
    }),
  );
  return { signatures: sigs };
}

function set(sig: Signature, result: 'pass' | 'fail' | 'invalid', details: string): void {
  sig.result = result;
  sig.details = details;
}

/** The structural faults that stop `ARC::Verifier::add_signature` (duplicates, bad instances). */
function arcStructureFault(sig: Signature, seals: (Signature | undefined)[], messages: (Signature | undefined)[]): string | undefined {
  const raw = sig.tags.tags;
  let rawCount = raw.length;
  if (/^[\t\n\x0b\f\r ]*$/.test(raw[raw.length - 1]?.raw ?? 'x')) rawCount--;
  if (rawCount !== sig.tags.byName.size) return 'Duplicate tag in signature';
  if ([...sig.tags.byName.keys()].some((k) => !/[a-z][a-z0-9_]*/i.test(k))) return 'Invalid tag in signature';
  const instance = sig.tags.byName.get('i') || '';
  const label = sig.kind === 'AS' ? 'ARC-Seal' : 'ARC-Message-Signature';
  if (!/^\d+$/.test(instance) || Number(instance) < 1 || Number(instance) > 1024) return `Invalid ${label} instance '${instance}'`;
  const list = sig.kind === 'AS' ? seals : messages;
  const n = Number(instance);
  if (list[n]) return `Duplicate ${label} ${n}`;
  list[n] = sig;
  return undefined;
}

/** `Mail::DKIM::ARC::Verifier`: ARC-Message-Signature and ARC-Seal fields, each verified. */
export async function verifyArc(msg: DkimMessage, net: NetContext, now: number): Promise<ArcRun> {
  const seals: (Signature | undefined)[] = [];
  const messages: (Signature | undefined)[] = [];
  const listed: Signature[] = [];
  const live: Signature[] = [];
  let failed: string | undefined;
  for (const h of msg.headers) {
    const kind = h.name === undefined ? undefined : KIND_BY_FIELD.get(h.name);
    if (kind !== 'AMS' && kind !== 'AS') continue;
    if (failed !== undefined || listed.length >= MAX_SIGNATURES) continue;
    const sig = parseSignature(kind, h.line);
    if (!sig) continue;
    listed.push(sig);
    const why = precheck(sig, now);
    if (why !== undefined) {
      set(sig, 'invalid', why);
      continue;
    }
    live.push(sig);
    failed = arcStructureFault(sig, seals, messages);
  }
  if (listed.length === 0) return { signatures: listed, result: 'none', seals };
  if (failed !== undefined) return { signatures: listed, result: 'fail', seals };
  // finish_header: duplicate ARC-Authentication-Results instances fail the chain before any check
  const aars = new Set<number>();
  for (const h of msg.headers) {
    const m = /ARC-Authentication-Results:[\t\n\x0b\f\r ]*i=(\d+)[\t\n\x0b\f\r ]*;/i.exec(h.line);
    if (!m) continue;
    if (aars.has(Number(m[1]))) return { signatures: listed, result: 'fail', seals };
    aars.add(Number(m[1]));
  }
  if (live.length === 0) return { signatures: listed, result: listed[0]!.result ?? 'invalid', seals };
  const bodies = new BodyHashes(msg.body);
  const key = keyFetcher(net);
  await Promise.all(
    live.map(async (sig) => {
      if (!sig.tags.byName.get('d')) return set(sig, 'fail', 'missing D tag');
      if (!sig.tags.byName.get('b')) return set(sig, 'fail', 'missing B tag');
      if (sig.kind === 'AMS') {
        if (!sig.tags.byName.get('bh')) return set(sig, 'fail', 'missing BH tag');
        if (/arc-seal/i.test(sig.tags.byName.get('h') ?? '')) return set(sig, 'fail', 'Arc-Message-Signature covers Arc-Seal');
      }
      const k = await key(sigSelector(sig)!, sigDomain(sig)!);
      if (!k.ok) return set(sig, 'invalid', `public key: ${k.error}`);
      sig.keyBits = k.bits;
      if (!keyAllowsHash(k.tags, sigHash(sig)!)) return set(sig, 'invalid', `public key: does not support hash algorithm '${sigHash(sig)!}'`);
      const gran = keyGranularityError(k.tags, sigDomain(sig)!, k.domain);
      if (gran !== undefined) return set(sig, 'invalid', `public key: ${gran}`);
      if (sig.kind === 'AS') {
        const [ok, details] = cryptoVerify(sig, k, sealHeaderData(sig, msg.headers), undefined);
        return set(sig, ok ? 'pass' : 'fail', details);
      }
      const [, bodyMethod] = sigCanonicalization(sig);
      const bh = bodies.get(bodyMethod, sigHash(sig)!, sig.tags.byName.get('l'));
      const [ok, details] = cryptoVerify(sig, k, dkimHeaderData(sig, msg.headers, sigHeaderList(sig)), bh);
      return set(sig, ok ? 'pass' : 'fail', details);
    }),
  );
  return { signatures: listed, result: chainResult(seals, messages), seals };
}

/** `ARC::Verifier::finish_body`'s verdict on the whole chain. */
function chainResult(seals: readonly (Signature | undefined)[], messages: readonly (Signature | undefined)[]): string {
  const lastSeal = seals.length - 1;
  const lastMsg = messages.length - 1;
  if (lastSeal < 1 && lastMsg < 1) return 'none';
  if (lastSeal === 0 || lastSeal < 1) return 'fail';
  if (lastMsg < 1) return 'fail';
  if (lastMsg > lastSeal) return 'fail';
  for (let i = 1; i <= lastSeal; i++) if (!seals[i] || !messages[i]) return 'fail';
  for (let i = 1; i <= lastSeal; i++) if (seals[i]!.result !== 'pass') return seals[i]!.result ?? 'fail';
  if (seals[1]!.tags.byName.get('cv') !== 'none') return 'fail';
  for (let i = 2; i <= lastSeal; i++) if (seals[i]!.tags.byName.get('cv') !== 'pass') return 'fail';
  return messages[lastSeal]!.result === 'pass' ? 'pass' : messages[lastSeal]!.result ?? 'fail';
}
