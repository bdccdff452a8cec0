/** The default HTTP client: one request, redirects handed back instead of followed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHttpClient } from '../../src/net/http-client.js';

let server: Server;
let base = '';
const seen: Array<{ method?: string; url?: string; ua?: string }> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, ua: req.headers['user-agent'] });
    if (req.url === '/moved') res.writeHead(301, { Location: '/elsewhere', 'X-Extra': 'yes' });
    else if (req.url === '/slow') return; // never answers
    else res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('x'.repeat(100000));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('createHttpClient', () => {
  const never = new AbortController().signal;

  it('returns a 3xx with its Location instead of following it, header names lower-cased', async () => {
    const r = await createHttpClient().request(`${base}/moved`, { method: 'HEAD', signal: never, headers: { 'User-Agent': 'test-agent' } });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe('/elsewhere');
    expect(r.headers['x-extra']).toBe('yes');
    expect(seen.at(-1)).toEqual({ method: 'HEAD', url: '/moved', ua: 'test-agent' });
  });

  it('sends a GET and leaves the body unread', async () => {
    const r = await createHttpClient().request(`${base}/page`, { method: 'GET', signal: never });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/page' });
  });

  it('rejects when aborted or when nothing listens', async () => {
    await expect(createHttpClient().request(`${base}/slow`, { method: 'HEAD', signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await expect(createHttpClient().request('http://127.0.0.1:1/', { method: 'HEAD', signal: never })).rejects.toThrow();
  });
});
