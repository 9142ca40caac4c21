import type { Socket } from 'node:net';
import { t } from '../../strings/index.ts';

/**
 * How the `q` parameter of a search URL was encoded. Browsers send UTF-8; links from older portals
 * and forums often carry GBK (%B5%D8%CC%FA = 地铁), which Fastify's parser leaves as the literal
 * escapes. `gbk`: decoded as GBK; `invalid`: neither, the query cannot be read.
 */
export type QueryEncoding = 'utf-8' | 'gbk' | 'invalid';

function decoder(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined; // a Node.js built without full ICU has no GBK decoder
  }
}
const utf8 = decoder('utf-8');
const gbk = decoder('gbk');

/** Text a GBK link plausibly carries: letters, digits, Han, common punctuation; no control or private-use characters, no €. */
const PLAUSIBLE = /^[\p{Script=Han}\p{L}\p{N}\p{P}\p{Zs}\u3000-\u303f\uff00-\uffef+$^`|~<>=]*$/u;

/** The raw bytes of the first `name` parameter of a URL's query string, or undefined when absent. */
function rawParam(url: string, name: string): Buffer | undefined {
  const qs = url.indexOf('?');
  if (qs < 0) return undefined;
  for (const part of url.slice(qs + 1).split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (key !== name) continue;
    const value = eq < 0 ? '' : part.slice(eq + 1).replace(/\+/g, ' ');
    const bytes: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x25 && /^[0-9a-f]{2}$/i.test(value.slice(i + 1, i + 3))) {
        bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
        i += 2;
      } else if (c < 0x80) bytes.push(c);
      else {
        const ch = String.fromCodePoint(value.codePointAt(i) as number);
        bytes.push(...Buffer.from(ch));
        i += ch.length - 1;
      }
    }
    return Buffer.from(bytes);
  }
  return undefined;
}

/**
 * The `q` parameter of `url` decoded from the bytes: UTF-8 when valid (what Fastify already gives),
 * else GBK when that reads as text, else `invalid`.
 */
export function decodeQueryParam(url: string, name = 'q'): { value: string; encoding: QueryEncoding } | undefined {
  const bytes = rawParam(url, name);
  if (!bytes) return undefined;
  try {
    if (utf8) return { value: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try GBK below
  }
  try {
    const text = gbk?.decode(bytes);
    if (text !== undefined && PLAUSIBLE.test(text)) return { value: text, encoding: 'gbk' };
  } catch {
    // not GBK either
  }
  return { value: '', encoding: 'invalid' };
}

const SEARCH_LINE = /^(GET|HEAD) (\/(?:mobile\/)?search\/?(?:\?[^ \r\n]*)?) HTTP\/1\.[01]\r?\n/;

/**
 * Node's HTTP parser refuses a request line with raw (unencoded) bytes above 0x7F, which some old
 * links and hand-typed URLs carry (/search?q=地铁 sent as UTF-8 bytes), before any route runs; the
 * server would answer with an English JSON 400. For the search pages the same bytes are percent-encoded
 * and the reader is sent there (303), where they are decoded as UTF-8 or GBK like any other query.
 * Returns whether it answered (listeners after it then find the socket destroyed and do nothing).
 */
export function redirectRawSearchUrl(err: Error & { rawPacket?: Buffer; code?: string }, socket: Socket): boolean {
  if (socket.destroyed || !Buffer.isBuffer(err.rawPacket)) return false;
  const m = SEARCH_LINE.exec(err.rawPacket.toString('latin1'));
  if (!m) return false;
  const target = m[2] as string;
  let location = '';
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    location += c > 0x7e || c < 0x21 ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : target[i];
  }
  const body = `<!doctype html><meta charset="utf-8"><title>${t.search.rawRedirectTitle}</title><p>${t.search.rawRedirectBody}</p>`;
  socket.end(
    `HTTP/1.1 303 See Other\r\nLocation: ${location}\r\nContent-Type: text/html; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.destroy();
  return true;
}
