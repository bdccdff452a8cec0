/**
 * One HTTP GET of an update file (sa-update's `http_get`, which runs curl with
 * `--connect-timeout 30 --max-time 300 --fail --max-redirs 2`): the whole body in memory, with
 * a timeout while waiting for any byte, a cap on the total time and size, and progress events.
 * Failures are returned, never thrown, with whether they were network failures (no answer at
 * all) or HTTP ones (the server answered with an error status).
 */

/** Progress of a download, as bytes arrive. */
export interface DownloadProgress {
  url: string;
  received: number;
  /** From `Content-Length`, when the server sent it. */
  total?: number;
}

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  /** The `fetch` to use (default: the global one; pass a proxying one behind a proxy). */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds to wait for the answer to start, and then between two chunks (default 30 000). */
  timeout?: number;
  /** Milliseconds the whole transfer may take (default 300 000, curl's `--max-time` in sa-update). */
  maxTime?: number;
  /** Largest body accepted, bytes (default 64 MiB). */
  maxBytes?: number;
  userAgent?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

/** The outcome of {@link httpGet}. */
export type HttpGetResult =
  | { ok: true; data: Buffer; url: string }
  | { ok: false; url: string; status?: number; error: string; network: boolean };

/** Downloads one URL (see the module comment). Never rejects. */
export async function httpGet(url: string, options: HttpGetOptions = {}): Promise<HttpGetResult> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeout = options.timeout ?? 30_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const controller = new AbortController();
  let why = '';
  const abort = (reason: string) => {
    why ||= reason;
    controller.abort();
  };
  let idle = setTimeout(() => abort(`no answer within ${timeout} ms`), timeout);
  const whole = setTimeout(() => abort(`transfer took longer than ${options.maxTime ?? 300_000} ms`), options.maxTime ?? 300_000);
  const onOuterAbort = () => abort('aborted');
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) abort('aborted');
  try {
    const res = await doFetch(url, {
      signal: controller.signal,
      redirect: 'follow',
      headers: options.userAgent ? { 'user-agent': options.userAgent } : {},
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, url, status: res.status, error: `HTTP ${res.status} ${res.statusText}`.trim(), network: false };
    }
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length >= 0 && res.headers.has('content-length') ? length : undefined;
    if (total !== undefined && total > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, url, error: `file is larger than ${maxBytes} bytes`, network: false };
    }
    const chunks: Buffer[] = [];
    let received = 0;
    options.onProgress?.({ url, received, ...(total !== undefined ? { total } : {}) });
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        clearTimeout(idle);
        idle = setTimeout(() => abort(`no data for ${timeout} ms`), timeout);
        received += chunk.byteLength;
        if (received > maxBytes) {
          abort('too large');
          return { ok: false, url, error: `file is larger than ${maxBytes} bytes`, network: false };
        }
        chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        options.onProgress?.({ url, received, ...(total !== undefined ? { total } : {}) });
      }
    }
    return { ok: true, url, data: Buffer.concat(chunks, received) };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = why || cause?.code || cause?.message || (e instanceof Error ? e.message : String(e));
    return { ok: false, url, error: detail, network: true };
  } finally {
    clearTimeout(idle);
    clearTimeout(whole);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
