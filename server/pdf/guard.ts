// What the exporter's Chromium may load. Decks are untrusted and anyone can make the server print
// one, so the browser is confined in two layers:
//
// 1. Its network: launch flags (launchArgs) leave it no DNS at all and point every address at
//    the print server, so whatever escapes CDP (a WebSocket, a preconnect, a DNS prefetch, a
//    proxy from the environment) can reach nothing else.
// 2. Every HTTP(S) request of every target (pages, frames, popups, workers, service workers) is
//    paused at the browser level (CDP Fetch domain) and decided here: the print origin's files
//    continue; a document load continues only for a navigation the exporter itself started
//    (expect()), so a page cannot navigate anywhere, not even to another print page; an external
//    image or media file is fetched from Node by egress.ts (public addresses after DNS, the
//    checked address pinned) and handed to the browser; everything else fails.
// The print page's CSP (print-server.ts) stays as a third layer. Refused requests are reported
// to the export whose page made them.
import type { Browser, CDPSession, Protocol } from 'puppeteer-core';
import { BLOCK_REASON_TEXT, fetchExternal, type BlockReason, type EgressOptions, type Outcome } from './egress.ts';
import { Limiter } from './limiter.ts';

export interface BlockedRequest {
  /** The URL the page asked for (shortened). */
  url: string;
  /** The host that was refused (a redirect's target when a redirect was). */
  host: string;
  reason: BlockReason;
}

/** One expected navigation, and the requests its page had refused. */
export interface Navigation {
  readonly blocked: BlockedRequest[];
  /** Stops expecting the navigation and stops collecting (the export is over). */
  end(): void;
}

/** Resource types an external URL may be fetched for: what a slide can show. */
const EXTERNAL_TYPES = new Set<Protocol.Network.ResourceType>(['Image', 'Media']);

/** At most this many refusals are kept per export: a deck of 10,000 bad images must not flood the log. */
const MAX_REPORTED = 50;

interface Permit extends Navigation {
  url: string;
  frame?: string;
  blocked: BlockedRequest[];
}

/**
 * One line per refused host and reason, for the log and the CLI:
 * `127.0.0.1: a loopback address (2 requests, e.g. http://127.0.0.1:8080/logo.png)`.
 */
export function describeBlocked(blocked: readonly BlockedRequest[]): string[] {
  const groups = new Map<string, { first: BlockedRequest; count: number }>();
  for (const b of blocked) {
    const key = `${b.host}\n${b.reason}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { first: b, count: 1 });
  }
  return [...groups.values()].map(({ first, count }) => {
    const what = count === 1 ? first.url : `${count} requests, e.g. ${first.url}`;
    return `${first.host || 'a URL'}: ${BLOCK_REASON_TEXT[first.reason]} (${what})`;
  });
}

export class RequestGuard {
  /** Navigations the exporter started, by URL, until their page's document request arrives. */
  private readonly permits = new Map<string, Permit>();
  /** Pages that loaded an expected navigation, by frame id: their requests are reported to it. */
  private readonly frames = new Map<string, Permit>();
  /** External downloads at once (each up to maxBytes in memory), and waiting at most. */
  private readonly downloads = new Limiter(6, 500);

  constructor(
    private readonly printOrigin: () => Promise<string>,
    private readonly options: EgressOptions = {},
  ) {}

  /**
   * Chromium flags: no name resolves, and every connection to 127.0.0.1, whatever its port,
   * goes to the print server (host resolver rules apply to IP literals too: [::1], 10.0.0.1…).
   */
  async launchArgs(): Promise<string[]> {
    const { port } = new URL(await this.printOrigin());
    return [`--host-resolver-rules=MAP 127.0.0.1 127.0.0.1:${port}, MAP * ~NOTFOUND`, '--no-proxy-server'];
  }

  /** Starts deciding every request of `browser`; resolves once interception is on. */
  async attach(browser: Browser): Promise<void> {
    const origin = await this.printOrigin();
    const session = await browser.target().createCDPSession();
    session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
      // A request left paused would hang its page: whatever goes wrong deciding, it fails.
      this.decide(session, origin, event).catch(() => session.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Failed' }).catch(() => undefined));
    });
    await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  }

  /** Lets the next document load of `url` through; call before navigating to it. */
  expect(url: string): Navigation {
    const permit: Permit = {
      url,
      blocked: [],
      end: () => {
        if (this.permits.get(url) === permit) this.permits.delete(url);
        if (permit.frame && this.frames.get(permit.frame) === permit) this.frames.delete(permit.frame);
      },
    };
    this.permits.set(url, permit);
    return permit;
  }

  private async decide(session: CDPSession, origin: string, event: Protocol.Fetch.RequestPausedEvent): Promise<void> {
    const { requestId, request, resourceType, frameId } = event;
    let url: URL | undefined;
    try {
      url = new URL(request.url);
    } catch {
      /* refused below */
    }
    const isDocument = resourceType === 'Document';
    if (url?.origin === origin && !isDocument) {
      await session.send('Fetch.continueRequest', { requestId });
      return;
    }
    if (isDocument) {
      const permit = this.permits.get(request.url);
      if (url?.origin === origin && permit && !permit.frame) {
        permit.frame = frameId;
        this.permits.delete(request.url);
        this.frames.set(frameId, permit);
        await session.send('Fetch.continueRequest', { requestId });
        return;
      }
      // Aborted, not blocked: a blocked navigation would replace the print page with an error page.
      this.report(frameId, request.url, url?.hostname, 'navigation');
      await session.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' });
      return;
    }
    if (!url || !EXTERNAL_TYPES.has(resourceType)) {
      this.report(frameId, request.url, url?.hostname, url && (url.protocol === 'https:' || url.protocol === 'http:') ? 'resource-type' : 'scheme');
      await session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      return;
    }
    const headers: Record<string, string> = {};
    // Only what describes the wanted content: no Referer, Origin, cookies or range.
    for (const [name, value] of Object.entries(request.headers)) {
      if (/^(accept|accept-language|user-agent)$/i.test(name)) headers[name.toLowerCase()] = value;
    }
    const outcome: Outcome = await this.downloads
      .run(() => fetchExternal(request.url, headers, this.options))
      .catch(() => ({ ok: false, reason: 'too-many', host: url.hostname }));
    if (!outcome.ok) {
      this.report(frameId, request.url, outcome.host, outcome.reason);
      await session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      return;
    }
    const { status, headers: upstream, body } = outcome.response;
    const responseHeaders: Protocol.Fetch.HeaderEntry[] = [];
    for (const name of ['content-type', 'access-control-allow-origin'] as const) {
      const value = upstream[name];
      if (typeof value === 'string') responseHeaders.push({ name, value });
    }
    await session.send('Fetch.fulfillRequest', { requestId, responseCode: status, responseHeaders, body: body.toString('base64') });
  }

  private report(frameId: string, raw: string, host: string | undefined, reason: BlockReason): void {
    const permit = this.frames.get(frameId);
    if (!permit || permit.blocked.length >= MAX_REPORTED) return;
    const short = raw.startsWith('data:') ? 'data:…' : raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
    permit.blocked.push({ url: short, host: host ?? '', reason });
  }
}
