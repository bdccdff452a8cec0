/** The committed test keys, their DNS key records, and signing/sealing with mailauth at a fixed time. */
import { createHash, createPublicKey, createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { sealMessage } from 'mailauth/lib/arc/index.js';

/** The test keys by name. */
export type KeyName = '1024' | '2048' | '512' | 'ed25519';

/** A test private key (PEM). */
export const privateKey = (name: KeyName): string => readFileSync(join(import.meta.dirname, `test-key-${name}.pem`), 'utf8');

/** The `p=` value of a key: base64 SubjectPublicKeyInfo (RSA) or the raw 32 bytes (ed25519). */
export function publicKeyData(name: KeyName): string {
  const der = createPublicKey(privateKey(name)).export({ type: 'spki', format: 'der' });
  return (name === 'ed25519' ? der.subarray(der.length - 32) : der).toString('base64');
}

/**
 * A DKIM key record for a key (`v=DKIM1; k=rsa; p=…`), with extra tags, as the character-strings
 * of one TXT record (a DNS string holds at most 255 bytes).
 */
export const keyRecord = (name: KeyName, extra = ''): string[] =>
  `v=DKIM1; k=${name === 'ed25519' ? 'ed25519' : 'rsa'};${extra ? ` ${extra};` : ''} p=${publicKeyData(name)}`.match(/.{1,255}/g)!;

/** The signing time of every test signature (2021-06-15T10:00:00Z). */
export const SIGN_TIME = new Date('2021-06-15T10:00:00Z');

/** What to sign with. */
export interface SignOptions {
  domain: string;
  selector: string;
  key?: KeyName;
  canonicalization?: string;
  algorithm?: string;
  /** `h=` list (colon-separated). */
  headerList?: string;
  /** `x=` expiry. */
  expires?: Date;
  /** `l=`: how many canonicalized body bytes the signature covers. */
  maxBodyLength?: number;
}

/** Prepends a DKIM-Signature to `message` (LF line endings in, LF line endings out). */
export async function sign(message: string, o: SignOptions): Promise<string> {
  const r = await dkimSign(Buffer.from(message, 'latin1'), {
    canonicalization: o.canonicalization ?? 'relaxed/relaxed',
    algorithm: o.algorithm ?? (o.key === 'ed25519' ? 'ed25519-sha256' : 'rsa-sha256'),
    signTime: SIGN_TIME,
    ...(o.headerList ? { headerList: o.headerList.split(':') } : {}),
    ...(o.expires ? { expires: o.expires } : {}),
    signatureData: [
      { signingDomain: o.domain, selector: o.selector, privateKey: privateKey(o.key ?? '1024'), ...(o.maxBodyLength !== undefined ? { maxBodyLength: o.maxBodyLength } : {}) },
    ],
  } as never);
  if (r.errors.length) throw new Error(String(r.errors[0]));
  return r.signatures.replace(/\r\n/g, '\n') + message;
}

/** Prepends an ARC set (ARC-Seal, ARC-Message-Signature, ARC-Authentication-Results). */
export async function seal(message: string, o: { domain: string; selector: string; key?: KeyName; authResults: string; cv?: string }): Promise<string> {
  const headers = await sealMessage(Buffer.from(message, 'latin1'), {
    signingDomain: o.domain,
    selector: o.selector,
    privateKey: privateKey(o.key ?? '1024'),
    authResults: o.authResults,
    cv: o.cv ?? 'none',
    signTime: SIGN_TIME,
  } as never);
  return headers.toString('latin1').replace(/\r\n/g, '\n') + message;
}

/**
 * A relaxed/relaxed rsa-sha256 signature with an `i=` identity, which mailauth's signer cannot
 * write: a small RFC 6376 signer of its own (the Perl oracle checks what it makes).
 */
export function signWithIdentity(message: string, o: { domain: string; selector: string; identity: string; key?: KeyName }): string {
  const cut = message.indexOf('\n\n');
  const head = message.slice(0, cut + 1);
  const body = message.slice(cut + 2);
  const fields = head.replace(/\n$/, '').split(/\n(?![ \t])/);
  const relaxed = (f: string) => {
    const i = f.indexOf(':');
    return `${f.slice(0, i).trim().toLowerCase()}:${f.slice(i + 1).replace(/\r?\n/g, '').replace(/[ \t]+/g, ' ').trim()}`;
  };
  const lines = body.split('\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const canonBody = lines.length ? `${lines.join('\r\n')}\r\n` : '';
  const bh = createHash('sha256').update(Buffer.from(canonBody, 'latin1')).digest('base64');
  const names = ['from', 'to', 'subject', 'date'];
  const picked = names.map((n) => [...fields].reverse().find((f) => f.toLowerCase().startsWith(`${n}:`))).filter((f): f is string => !!f);
  const t = Math.floor(SIGN_TIME.getTime() / 1000);
  const value = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${o.domain}; i=${o.identity}; s=${o.selector}; t=${t}; h=${names.join(':')}; bh=${bh}; b=`;
  const data = `${picked.map((f) => `${relaxed(f)}\r\n`).join('')}${relaxed(`DKIM-Signature: ${value}`)}`;
  const b = createSign('RSA-SHA256').update(Buffer.from(data, 'latin1')).sign(privateKey(o.key ?? '1024'), 'base64');
  return `DKIM-Signature: ${value}${b}\n${message}`;
}
