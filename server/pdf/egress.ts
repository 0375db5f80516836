// The only way a deck's external image reaches the PDF: the exporter fetches it itself, from
// Node, after checking where it leads. `https:` (and `http:` when the operator allows it) to
// public addresses only, judged AFTER DNS: a name is resolved once, every address it resolves
// to must be public, and the connection goes to the address that was checked (a pinned
// `lookup`), so a name that answers differently the second time (DNS rebinding) gains nothing.
// Every redirect hop is checked the same way. Bodies are capped in size and time.
import dns from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { ADDRESS_CLASS_TEXT, classifyAddress, ipLiteral, type AddressClass } from './address.ts';

/** Why a request of the exporter's browser was refused or came to nothing. */
export type BlockReason =
  | Exclude<AddressClass, 'public'>
  /** Not https: or http:. */
  | 'scheme'
  /** http: while the operator has not allowed it. */
  | 'http'
  /** The name does not resolve. */
  | 'dns'
  /** A page tried to navigate away from its print page. */
  | 'navigation'
  /** Not an image or media file (a script, fetch, frame, prefetch…). */
  | 'resource-type'
  | 'too-large'
  | 'timeout'
  | 'too-many-redirects'
  /** More external files waiting than the exporter holds in line. */
  | 'too-many'
  /** The public server could not be reached or broke the connection. */
  | 'failed';

export const BLOCK_REASON_TEXT: Record<BlockReason, string> = {
  ...ADDRESS_CLASS_TEXT,
  scheme: 'only https: images are loaded',
  http: 'http: is off (the operator can allow it with LECTERN_EXPORT_ALLOW_HTTP=1)',
  dns: 'the name does not resolve',
  navigation: 'the print page may not navigate',
  'resource-type': 'only images and media are loaded from outside',
  'too-large': 'the file is too large',
  timeout: 'no answer in time',
  'too-many-redirects': 'too many redirects',
  'too-many': 'too many external files at once',
  failed: 'the server could not be reached',
};

export interface Resolved {
  address: string;
  family: number;
}

export interface PinnedTarget {
  url: URL;
  /** Every address the name resolved to, all checked: the only ones the connection may use. */
  addresses: Resolved[];
}

export interface FetchedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Does one HTTP(S) GET to the address already checked, never resolving the name again. */
export type Transport = (target: PinnedTarget, limits: { signal: AbortSignal; maxBytes: number; headers: Record<string, string> }) => Promise<FetchedResponse>;

export interface EgressOptions {
  /** Allow http: (LECTERN_EXPORT_ALLOW_HTTP): off by default, https: only. */
  allowHttp?: boolean;
  /** Every address of a name (tests inject one; the system resolver by default). */
  resolve?: (hostname: string) => Promise<Resolved[]>;
  transport?: Transport;
  /** Largest body, in bytes, after decompression. */
  maxBytes?: number;
  /** Longest one resource may take, redirects included, in ms. */
  timeoutMs?: number;
  maxRedirects?: number;
}

export type Outcome = { ok: true; response: FetchedResponse } | { ok: false; reason: BlockReason; host: string };

class TooLarge extends Error {}

const systemResolve = async (hostname: string): Promise<Resolved[]> => dns.lookup(hostname, { all: true, verbatim: true });

/** Where `url` may be fetched from, or why not: scheme, then every address it resolves to. */
export async function checkDestination(url: URL, options: EgressOptions): Promise<{ ok: true; target: PinnedTarget } | { ok: false; reason: BlockReason }> {
  if (url.protocol === 'http:' && !options.allowHttp) return { ok: false, reason: 'http' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  const literal = ipLiteral(url.hostname);
  let addresses: Resolved[];
  try {
    addresses = literal ? [{ address: literal, family: literal.includes(':') ? 6 : 4 }] : await (options.resolve ?? systemResolve)(url.hostname);
  } catch {
    return { ok: false, reason: 'dns' };
  }
  if (addresses.length === 0) return { ok: false, reason: 'dns' };
  for (const { address } of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public') return { ok: false, reason: cls };
  }
  return { ok: true, target: { url, addresses } };
}

function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/** The default transport: node's http(s) with the checked address as the only DNS answer. */
export const pinnedTransport: Transport = (target, { signal, maxBytes, headers }) =>
  new Promise((resolve, reject) => {
    const { url, addresses } = target;
    // Happy eyeballs (node asks for all addresses) may pick among the checked ones, nothing else.
    const lookup = ((_host: string, opts: { all?: boolean }, done: (...args: unknown[]) => void) => {
      if (opts.all) done(null, addresses);
      else done(null, addresses[0]!.address, addresses[0]!.family); // a checked target has an address
    }) as unknown as LookupFunction; // node's overloads cannot be expressed by one signature
    const request = (url.protocol === 'https:' ? https : http).request(
      {
        host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { ...headers, host: url.host, 'accept-encoding': 'gzip, deflate, br' },
        lookup,
        agent: false, // no pooled socket outlives the check it was made for
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const unzip = decoder(response.headers['content-encoding']);
        const body = unzip ? response.pipe(unzip) : response;
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            reject(new TooLarge()); // first: the body may end on its own right after this chunk
            request.destroy();
            unzip?.destroy();
            return;
          }
          chunks.push(chunk);
        });
        body.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        body.on('error', reject);
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });

/**
 * Fetches an external image for the exporter's browser: each hop (redirects included) checked
 * by checkDestination, then fetched from the checked address. Never throws.
 */
export async function fetchExternal(start: string, headers: Record<string, string>, options: EgressOptions): Promise<Outcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  let url = new URL(start);
  for (let hop = 0; hop <= (options.maxRedirects ?? 5); hop++) {
    const checked = await checkDestination(url, options);
    if (!checked.ok) return { ok: false, reason: checked.reason, host: url.hostname };
    let response: FetchedResponse;
    try {
      response = await (options.transport ?? pinnedTransport)(checked.target, { signal: timeout, maxBytes, headers });
    } catch (err) {
      const reason = err instanceof TooLarge ? 'too-large' : timeout.aborted ? 'timeout' : 'failed';
      return { ok: false, reason, host: url.hostname };
    }
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || !location) return { ok: true, response };
    try {
      url = new URL(location, url);
    } catch {
      return { ok: false, reason: 'failed', host: url.hostname };
    }
  }
  return { ok: false, reason: 'too-many-redirects', host: url.hostname };
}
