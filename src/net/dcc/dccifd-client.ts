/**
 * A DCC client speaking the dccifd ASCII protocol over a Unix or TCP socket: one connection per
 * message, request written and the sending side shut down, the whole answer read until the
 * daemon closes (DCC.pm `ask_dcc` + `_check_async`).
 */
import { createConnection, type Socket } from 'node:net';
import type { DccClient, DccRequest, DccResponse } from '../types.js';
import { describeDccifdAddress, type DccifdAddress } from './dccifd-address.js';
import { dccifdRequestHead, parseDccifdResponse } from './dccifd-protocol.js';

/** How to reach and talk to one dccifd. */
export interface DccifdClientOptions {
  /** Where dccifd listens. */
  address: DccifdAddress;
  /** The longest one exchange may take, in milliseconds (SA's `dcc_timeout`). */
  timeoutMs: number;
  /** `dccifd_options`: extra words for the options line. */
  extraOptions?: string;
}

/** A failed exchange with dccifd; `code` is Node's socket error code or one of ours. */
export class DccifdError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** A {@link DccClient} for one dccifd endpoint. */
export function createDccifdClient(options: DccifdClientOptions): DccClient {
  const where = describeDccifdAddress(options.address);
  return {
    check(message: Buffer, request: DccRequest, signal: AbortSignal): Promise<DccResponse> {
      return exchange(options, where, Buffer.concat([Buffer.from(dccifdRequestHead(request, options.extraOptions), 'latin1'), message]), signal);
    },
  };
}

function exchange(options: DccifdClientOptions, where: string, payload: Buffer, signal: AbortSignal): Promise<DccResponse> {
  return new Promise<DccResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(new DccifdError('ABORT_ERR', `dccifd at ${where}: aborted before connecting`));
      return;
    }
    const a = options.address;
    const socket: Socket = a.kind === 'unix' ? createConnection({ path: a.path }) : createConnection({ host: a.host, port: a.port });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (err: DccifdError | undefined, value?: DccResponse) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    const onAbort = () => finish(new DccifdError('ABORT_ERR', `dccifd at ${where}: aborted`));
    const timer = setTimeout(
      () => finish(new DccifdError('ETIMEDOUT', `dccifd at ${where}: no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      // SA's `print …; shutdown(1)`: the half-close tells dccifd the message is complete.
      socket.end(payload);
    });
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('end', () => {
      try {
        finish(undefined, parseDccifdResponse(Buffer.concat(chunks).toString('latin1')));
      } catch (e) {
        finish(new DccifdError('EDCCRESPONSE', `dccifd at ${where}: ${(e as Error).message}`));
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      finish(new DccifdError(e.code ?? 'ESOCKET', `dccifd at ${where}: ${e.message}`));
    });
  });
}
