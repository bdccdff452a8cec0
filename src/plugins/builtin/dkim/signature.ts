/**
 * Signature header fields as Mail::DKIM models them (`Mail::DKIM::Signature`, `DkSignature`,
 * `ARC::MessageSignature`, `ARC::Seal`): the tag list, the accessors SA reads (domain lower-cased,
 * identity defaulting to `@domain`, canonicalization defaulting to simple/simple), and the
 * verifier's `check_signature` gate that marks a signature `invalid` before any DNS lookup.
 */
import { perlNum } from '../../../perl/numbers.js';
import { perlTrue } from '../../../perl/truth.js';
import { parseTagList, type TagList } from './tag-list.js';

/** The four kinds of signature header a verifier collects. */
export type SignatureKind = 'DKIM' | 'DK' | 'AMS' | 'AS';

/** The header field names and the `prefix` Mail::DKIM strips before parsing the tag list. */
export const PREFIX: Readonly<Record<SignatureKind, string>> = {
  DKIM: 'DKIM-Signature:',
  DK: 'DomainKey-Signature:',
  AMS: 'ARC-Message-Signature:',
  AS: 'ARC-Seal:',
};

/** A verifier's result for one signature (Mail::DKIM's `result`); undefined if never verified. */
export type SignatureResult = 'pass' | 'fail' | 'invalid' | undefined;

/** One signature header and what verifying it found. */
export interface Signature {
  readonly kind: SignatureKind;
  /** The header field text (folding kept, no final CRLF). */
  readonly line: string;
  /** The prefix as written (empty when the field name did not match it exactly). */
  readonly prefix: string;
  readonly tags: TagList;
  result: SignatureResult;
  details: string;
  /** The key's modulus size in bits, once a key was fetched. */
  keyBits?: number;
}

/** Parses a signature header field; undefined when Mail::DKIM's parser would die. */
export function parseSignature(kind: SignatureKind, line: string): Signature | undefined {
  const prefix = PREFIX[kind];
  const head = line.slice(0, prefix.length);
  const written = head.toLowerCase() === prefix.toLowerCase() ? head : '';
  const tags = parseTagList(line.slice(written.length));
  if (!tags) return undefined;
  return { kind, line, prefix: written, tags, result: undefined, details: '' };
}

const tag = (s: Signature, name: string): string | undefined => s.tags.byName.get(name);

/** `domain`: `d=` lower-cased. */
export const sigDomain = (s: Signature): string | undefined => tag(s, 'd')?.toLowerCase();
/** `selector`: `s=` as written. */
export const sigSelector = (s: Signature): string | undefined => tag(s, 's');
/** `algorithm`: `a=` lower-cased (DomainKeys signatures default to rsa-sha1). */
export const sigAlgorithm = (s: Signature): string | undefined => tag(s, 'a')?.toLowerCase() ?? (s.kind === 'DK' ? 'rsa-sha1' : undefined);

/** `identity`: `i=` with its `=XX` escapes decoded, else `@` + the domain. */
export function sigIdentity(s: Signature): string {
  const i = tag(s, 'i');
  if (i !== undefined) return i.replace(/=([\da-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return `@${sigDomain(s) ?? ''}`;
}

/** `canonicalization`: [header, body] methods. */
export function sigCanonicalization(s: Signature): [string, string] {
  if (s.kind === 'AS') return ['seal', 'seal'];
  const c = (tag(s, 'c') ?? '').toLowerCase() || (s.kind === 'DK' ? '' : 'simple/simple');
  if (s.kind === 'DK') return [c || 'simple', c || 'simple'];
  const slash = c.indexOf('/');
  return slash < 0 ? [c, 'simple'] : [c.slice(0, slash), c.slice(slash + 1)];
}

/** `hash_algorithm`: sha1 / sha256 for the RSA algorithms Mail::DKIM 1.20230212 knows. */
export function sigHash(s: Signature): 'sha1' | 'sha256' | undefined {
  const a = sigAlgorithm(s);
  return a === 'rsa-sha1' ? 'sha1' : a === 'rsa-sha256' ? 'sha256' : undefined;
}

/** `headerlist`: `h=` lower-cased, spaces around colons removed, split on colons (none without `h=`). */
export function sigHeaderList(s: Signature): string[] {
  const h = tag(s, 'h') ?? '';
  const parts = h.replace(/[\t\n\x0b\f\r ]+:/g, ':').replace(/:[\t\n\x0b\f\r ]+/g, ':').toLowerCase().split(':');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * `check_signature`: the reason a signature is `invalid` before verification (unsupported
 * version, algorithm, canonicalization or query protocol, expired, no domain or selector), or
 * undefined when it may be verified. `now` is the verification time in epoch seconds.
 */
export function precheck(s: Signature, now: number): string | undefined {
  if (s.kind === 'DK') return 'DomainKeys signatures are not verified';
  const v = tag(s, 'v');
  if (perlTrue(v) && v !== '0.5' && v !== '1') return `unsupported version ${v}`;
  const a = sigAlgorithm(s);
  if (!a || !sigHash(s)) return `unsupported algorithm${a !== undefined ? ` ${a}` : ''}`;
  const known = ['nowsp', 'simple', 'relaxed', 'seal'];
  const [c1, c2] = sigCanonicalization(s);
  if (!known.includes(c1) || !known.includes(c2)) return `unsupported canonicalization ${c1}/${c2}`;
  if (!protocolOk(s)) return tag(s, 'q') === undefined ? 'missing q tag' : `unsupported query protocol, q=${tag(s, 'q')}`;
  const x = tag(s, 'x');
  if (x !== undefined && !(now <= perlNum(x))) return 'signature is expired';
  const d = sigDomain(s);
  if (d === undefined) return 'missing d tag';
  if (d === '') return 'invalid domain in d tag';
  if (sigSelector(s) === undefined) return 'missing s tag';
  return undefined;
}

/** `check_protocol`: some `q=` entry is `dns/txt`, or a bare `dns` when there is no `v=`. */
function protocolOk(s: Signature): boolean {
  const q = tag(s, 'q') ?? 'dns/txt';
  const v = tag(s, 'v');
  for (const prot of q.split(':')) {
    const slash = prot.indexOf('/');
    const type = slash < 0 ? prot : prot.slice(0, slash);
    const options = slash < 0 ? undefined : prot.slice(slash + 1);
    if (type !== 'dns') continue;
    if (options === 'txt') return true;
    if (!perlTrue(v) && options === undefined) return true;
  }
  return false;
}
