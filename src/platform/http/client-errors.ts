import http from 'node:http';
import type { Socket } from 'node:net';
import { t } from '../../strings/index.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * What the HTTP parser refuses before Fastify sees a request (a URL or headers over 16 KB, a malformed
 * request, a timeout) answered like our other errors: a small Chinese page for browsers, JSON for the
 * API. Only the bytes read so far are known: a request that starts `METHOD /api/` or asks for JSON
 * gets JSON.
 */
export function clientErrorResponse(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { status: number; type: string; body: string } {
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message = status === 431 ? t.http.urlTooLong : status === 408 ? t.http.timeout : t.http.badRequest;
  const head = err.rawPacket?.subarray(0, 4096).toString('latin1') ?? '';
  const api = /^[A-Z]+ \/api\//.test(head) || /\r\naccept:[^\r\n]*application\/json/i.test(head);
  if (api) {
    const code = status === 431 ? 'header_too_large' : status === 408 ? 'timeout' : 'bad_request';
    return { status, type: 'application/json; charset=utf-8', body: JSON.stringify({ error: { code, message } }) };
  }
  const body =
    `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="robots" content="noindex"><title>${status} ${escape(t.errorTitle)}</title>` +
    `<body style="font:16px/1.6 sans-serif;margin:3em auto;max-width:40em;padding:0 1em"><h1>${status} ${escape(t.errorTitle)}</h1><p>${escape(message)}</p>` +
    `<p><a href="/">${escape(t.backHome)}</a></p></body></html>`;
  return { status, type: 'text/html; charset=utf-8', body };
}

/** Fastify's `clientErrorHandler`, writing `clientErrorResponse` on the raw socket. */
export function handleClientError(error: Error, socket: Socket): void {
  const err = error as NodeJS.ErrnoException & { rawPacket?: Buffer };
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const r = clientErrorResponse(err);
    socket.write(
      `HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status]}\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\nContent-Type: ${r.type}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${r.body}`,
    );
  }
  socket.destroy(err);
}
