// The browser tabs exports print in: the browser's first tab, then a window per concurrent
// export, and up to two idle tabs kept for the next exports (opening one costs ~50 ms).
import type { Page } from 'puppeteer-core';
import type { SharedBrowser } from './launch.ts';

const IDLE_TABS = 2;

export class Tabs {
  private readonly idle: Page[] = [];
  private readonly inUse = new Set<Page>();
  /** The first tab while it preloads the bundle (warm()); the first export takes it over. */
  private warming?: Page;
  private started = false;
  private closed = false;

  constructor(private readonly browser: SharedBrowser) {}

  /**
   * While the first deck is still being parsed, the browser's first tab loads `url`, a page with
   * the bundle's CSS, fonts and (compiled, not run) JavaScript, so the print page finds them in
   * the renderer's caches. Never delays an export: one that starts meanwhile takes the tab over
   * (its navigation replaces this one). True once the page has loaded.
   */
  async warm(url: Promise<string>): Promise<boolean> {
    const [browser, target] = await Promise.all([this.browser.get(), url]);
    if (this.started) return false;
    const page = (await browser.pages()).find((p) => p.url() === 'about:blank' && !this.inUse.has(p));
    if (!page || this.started) return false;
    this.warming = page;
    try {
      await page.goto(target, { waitUntil: 'load', timeout: 10_000 });
      return true;
    } finally {
      if (this.warming === page) {
        this.warming = undefined;
        if (!page.isClosed()) this.idle.push(page);
      }
    }
  }

  async take(): Promise<Page> {
    this.started = true;
    const browser = await this.browser.get();
    let page: Page | undefined = this.warming;
    this.warming = undefined;
    while (!page && this.idle.length > 0) {
      const candidate = this.idle.pop()!;
      if (!candidate.isClosed() && candidate.browser() === browser) page = candidate;
    }
    if (!page) {
      // The first tab is free to use; later exports open their own, each in its own window: a
      // tab behind another is hidden, and a hidden page gets no animation frames, which
      // reveal.js's print layout waits for.
      const blank = (await browser.pages()).find((p) => p.url() === 'about:blank' && !this.inUse.has(p));
      page = blank ?? (await browser.newPage({ type: 'window' }));
    }
    this.inUse.add(page);
    return page;
  }

  /** Tabs whose window is minimized (show()), and tabs switched to print media. */
  private readonly minimized = new WeakSet<Page>();
  private readonly printMedia = new WeakSet<Page>();

  /**
   * Readies a tab for a print page of `size`: that viewport, its window shown or minimized
   * (show()), and print media from the start, so page.pdf() finds the styles it needs already
   * computed instead of recomputing every slide's (~100 ms of 1.4 s for a cold 200-slide export;
   * the pages come out identical). Each setting stays with the tab: only changes are sent.
   */
  async prepare(page: Page, size: { width: number; height: number }, frames: boolean): Promise<void> {
    const viewport = page.viewport();
    await Promise.all([
      (viewport?.width !== size.width || viewport?.height !== size.height || viewport.deviceScaleFactor !== 1) && page.setViewport({ width: size.width, height: size.height }),
      this.show(page, frames),
      !this.printMedia.has(page) && page.emulateMediaType('print').then(() => this.printMedia.add(page)),
    ]);
  }

  /**
   * Shows the tab's window, or minimizes it when the page need not draw: a hidden page lays out
   * and prints the same, without the frames nobody sees (200 slides: 1082 → 1031 ms, bench:ab).
   * Screenshots and reveal.js's print view, which waits for animation frames, get a shown one.
   */
  async show(page: Page, frames: boolean): Promise<void> {
    if (this.minimized.has(page) !== frames) return;
    try {
      await page.browser().setWindowBounds(await page.windowId(), { windowState: frames ? 'normal' : 'minimized' });
    } catch (err) {
      // A browser that cannot minimize its windows prints the same, drawing frames as it goes.
      if (frames || page.isClosed()) throw err;
      return;
    }
    if (frames) this.minimized.delete(page);
    else this.minimized.add(page);
  }

  /** Back to the pool when the export went well; closed otherwise (a page in an unknown state). */
  give(page: Page, healthy: boolean): void {
    this.inUse.delete(page);
    if (healthy && !this.closed && !page.isClosed() && this.idle.length < IDLE_TABS) this.idle.push(page);
    else page.close().catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.idle.length = 0;
  }
}
