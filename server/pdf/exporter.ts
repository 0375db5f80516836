// PdfExporter: deck → PDF bytes. The deck is printed from one page load — its pages laid out by
// client/lib/print-pages.ts, or by reveal.js's print view for decks that need reveal's code
// (print-page.ts decides) — or a long one from two, in two tabs at once (split-print.ts), in a
// browser started once per process; the CLI and the HTTP route both use it. Decks are
// untrusted: guard.ts decides every request that browser makes, and sandbox.ts how the operating
// system confines it.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { LoadedDeck } from '../decks/load.ts';
import { packageVersion, projectRoot } from '../config.ts';
import { LecternError } from '../../shared/errors.ts';
import { SharedBrowser, type LaunchOptions } from './launch.ts';
import { PrintServer } from './print-server.ts';
import { RequestGuard, type BlockedRequest } from './guard.ts';
import type { EgressOptions } from './egress.ts';
import { printPage, warmPage, type PrintPage, type PrintView } from './print-page.ts';
import { FontPreloads } from './font-preloads.ts';
import { capturePages, type ImageOptions } from './snapshots.ts';
import { Tabs } from './tabs.ts';
import type { finishPdf as FinishPdf, PdfWriter } from './finish.ts';
import { HANDOUT_PAPERS, type MissingGlyph } from '../../shared/print.ts';
import { layOut } from './lay-out.ts';
import { checkSlides, type ExportOptions } from './options.ts';
import { joinBlocked, joinMissingGlyphs, printHalves, printJoined } from './split-print.ts';
import type { ObjectFile } from './pdf-objects.ts';

export interface PdfExporterOptions extends LaunchOptions {
  /** The built client bundle (npm run build); dist/client by default. */
  clientDir?: string;
  /** Longest one export may take, in ms. */
  timeoutMs?: number;
  /** What the browser may fetch from outside: `allowHttp` (LECTERN_EXPORT_ALLOW_HTTP); DNS and transport in tests. */
  egress?: EgressOptions;
  /** Told once when Chromium has to run without its sandbox, and why. */
  onNotice?: (message: string) => void;
  /** Told when the print server fails a request (a deck file it could not read); stderr when unset. */
  onError?: (err: unknown, urlPath: string) => void;
  /** Which print page lays the slides out (print-page.ts); `auto` unless a test or benchmark compares them. */
  printView?: PrintView;
  /** Which writer finishes Chromium's file (finish.ts); `auto` unless a test or benchmark compares them. */
  writer?: PdfWriter;
  /** Whether a long deck may print in two tabs at once (split-print.ts); true unless a test or benchmark compares. */
  splitPrint?: boolean;
}

export interface ExportResult {
  pdf: Uint8Array;
  pages: number;
  /** Slides printed (fewer than pages with --fragments). */
  slides: number;
  /** What the deck asked for and was refused (guard.ts): those images are missing from the PDF. */
  blocked: BlockedRequest[];
  /** Characters no font on this machine draws: they print as "no glyph" boxes (fonts.ts describes them). */
  missingGlyphs: MissingGlyph[];
  /** Slides zoomed below SMALL_FIT to fit their page (1-based slide numbers of the deck). */
  shrunk: Array<{ slide: number; zoom: number }>;
  /** Browser tabs the deck was printed in: two for a long deck (split-print.ts). */
  tabs: 1 | 2;
}

export type ExportStage = 'browser' | 'render' | 'print' | 'finish';

export interface ImagesResult extends Omit<ExportResult, 'pdf' | 'tabs'> {
  /** PNG files, one per printed page, or the one thumbnail. */
  images: Uint8Array[];
}

/** What an export makes of the laid-out print page; `printed()` once the browser did its part. */
interface Output<R> {
  (laid: { page: Page; pages: Array<[number, number]>; print: PrintPage; timeoutMs: number; printed: () => void }): Promise<R>;
  /** Screenshots: the page draws frames (tabs.ts show()). */
  draws?: boolean;
}

export class PdfExporter {
  private readonly browser: SharedBrowser;
  private readonly server: PrintServer;
  private readonly tabs: Tabs;
  private readonly guard: RequestGuard;
  private readonly clientDir: string;
  private closed = false;

  constructor(private readonly options: PdfExporterOptions = {}) {
    this.clientDir = options.clientDir ?? path.join(projectRoot, 'dist', 'client');
    this.server = new PrintServer(this.clientDir);
    if (options.onError) this.server.onError = options.onError;
    this.guard = new RequestGuard(() => this.server.start(), options.egress);
    this.browser = new SharedBrowser(options, {
      args: () => this.guard.launchArgs(),
      connected: (browser) => this.guard.attach(browser),
      notice: options.onNotice,
    });
    this.tabs = new Tabs(this.browser);
    this.server.onMissingAsset = (file) => {
      const error = new LecternError('render-failed', `the client bundle is incomplete (${file} is missing from ${path.relative(process.cwd(), this.clientDir) || this.clientDir}): run \`npm run build\` and try again`);
      for (const fail of this.failRenders) fail(error);
    };
  }

  /** Renders waiting for a page; a missing bundle file fails them at once instead of at the timeout. */
  private readonly failRenders = new Set<(err: LecternError) => void>();

  /**
   * Starts the browser and the print server now, so the first export does not wait for them,
   * has the print server read the bundle, and preloads it in the browser's first tab (tabs.ts).
   * Once per exporter: a second call gets the first one's answer, where a second navigation
   * would abort the first. Resolves true once the bundle is preloaded, false when an export
   * took the tab over first or the browser could not start (the export then reports why).
   */
  warmUp(): Promise<boolean> {
    this.warming ??= this.warm();
    return this.warming;
  }

  private warming?: Promise<boolean>;

  /**
   * Starts the browser and has the print server read the bundle, without warmUp()'s page: for a
   * CLI exporting at once, whose deck is parsed meanwhile. The page would load while the parse
   * runs and take the CPU it needs (the 200-slide export: ~25 ms later with it).
   */
  start(): void {
    this.browser.warm();
    try {
      this.server.prefetch(['print.css', 'print.js', ...this.fonts().commonFiles]);
    } catch {
      // No bundle: the export says so.
    }
  }

  private async warm(): Promise<boolean> {
    this.start();
    let navigation: Promise<{ end(): void }> | undefined;
    try {
      this.server.warmPage ??= warmPage(this.fonts().common);
      const url = this.server.warmUrl();
      navigation = url.then((u) => this.guard.expect(u));
      navigation.catch(() => undefined);
      return await this.tabs.warm(url);
    } catch {
      return false;
    } finally {
      await navigation?.then((n) => n.end(), () => undefined);
    }
  }

  private fontPreloads?: FontPreloads;
  private readonly fonts = (): FontPreloads => (this.fontPreloads ??= new FontPreloads(this.clientDir));

  private finishing?: Promise<{ finishPdf: typeof FinishPdf; outlineEntries: typeof import('./outline.ts').outlineEntries }>;
  private readonly finisher = () =>
    (this.finishing ??= Promise.all([import('./finish.ts'), import('./outline.ts')]).then(([f, o]) => ({ finishPdf: f.finishPdf, outlineEntries: o.outlineEntries })));

  async export(loaded: LoadedDeck, options: ExportOptions = {}, onStage?: (stage: ExportStage) => void): Promise<ExportResult> {
    this.check(loaded, options);
    // Two tabs only on an otherwise idle exporter: beside another export, the second core is busy
    // already, and a server under load would open twice the renderers.
    const halves = this.options.splitPrint === false || this.exporting > 0 ? undefined : printHalves(loaded, options, this.options.printView);
    this.exporting++;
    try {
      return await this.exportIn(loaded, options, halves, onStage);
    } finally {
      this.exporting--;
    }
  }

  /** PDF exports running now. */
  private exporting = 0;

  private async exportIn(loaded: LoadedDeck, options: ExportOptions, halves: [number[], number[]] | undefined, onStage?: (stage: ExportStage) => void): Promise<ExportResult> {
    if (halves) {
      const { a, b, joined } = await printJoined(halves, (slides, first) => this.run(loaded, { ...options, slides }, first ? onStage : undefined, this.printPdf(options)));
      // Not the file merge.ts knows (another Chromium): the deck prints again, in one tab.
      if (joined) {
        const finished = await this.finish(loaded, options, joined, [...a.laid, ...b.laid], [...a.print.slides, ...b.print.slides], a.print.geometry, onStage);
        const [missingGlyphs, blocked] = [joinMissingGlyphs(a.missingGlyphs, b.missingGlyphs), joinBlocked(a.blocked, b.blocked)];
        return { ...finished, slides: a.slides + b.slides, blocked, missingGlyphs, shrunk: [...a.shrunk, ...b.shrunk], tabs: 2 };
      }
    }
    const { raw, laid, print, ...result } = await this.run(loaded, options, onStage, this.printPdf(options, onStage));
    return { ...result, ...(await this.finish(loaded, options, raw, laid, print.slides, print.geometry, onStage)), tabs: 1 };
  }

  /** Prints the laid-out page as Chromium's PDF, unfinished. */
  private printPdf(options: ExportOptions, onStage?: (stage: ExportStage) => void): Output<{ raw: Uint8Array; pages: number; laid: Array<[number, number]>; print: PrintPage }> {
    return async ({ page, pages, print, timeoutMs, printed }) => {
      onStage?.('print');
      const sheets = options.notes || options.handout;
      const size = sheets ? HANDOUT_PAPERS[options.paper ?? 'a4'].css : { width: `${print.geometry.width}px`, height: `${print.geometry.height}px` };
      this.producer ??= page.browser().version().then((v) => `Lectern ${packageVersion()} (${v})`, () => `Lectern ${packageVersion()}`); // asked while the page prints
      const raw = await page.pdf({ ...size, printBackground: true, preferCSSPageSize: false, timeout: timeoutMs, tagged: true });
      printed();
      return { raw, pages: pages.length, laid: pages, print };
    };
  }

  /** e.g. "Lectern 0.1.0 (Chromium/150.0…)", asked of the first browser once. */
  private producer?: Promise<string>;

  /** Metadata and outline (finish.ts); `laid` is the slide [h, v] on each page. */
  private async finish(loaded: LoadedDeck, options: ExportOptions, raw: Uint8Array | ObjectFile, laid: Array<[number, number]>, slides: PrintPage['slides'], geometry: PrintPage['geometry'], onStage?: (stage: ExportStage) => void) {
    onStage?.('finish');
    const producer = await (this.producer ?? `Lectern ${packageVersion()}`);
    const scale = options.size && !(options.notes || options.handout) ? options.size.width / geometry.width : 1;
    const { finishPdf, outlineEntries } = await this.finisher();
    const result = await finishPdf(raw, { meta: loaded.deck.meta, outline: outlineEntries(laid, slides), scale, producer }, this.options.writer);
    if (result.pages !== laid.length) {
      throw new LecternError('render-failed', `printed ${result.pages} pages for ${laid.length} laid out: a slide spilled over its page; please report this deck`);
    }
    return { pdf: result.pdf, pages: result.pages };
  }

  /** One PNG per printed page (per fragment step with `fragments`), or the first slide as a social-share image. */
  async exportImages(loaded: LoadedDeck, options: ExportOptions, images: ImageOptions, onStage?: (stage: ExportStage) => void): Promise<ImagesResult> {
    this.check(loaded, options);
    const capture: Output<{ images: Uint8Array[]; pages: number }> = async ({ page, pages, timeoutMs, printed }) => {
      onStage?.('print');
      const pngs = await capturePages(page, images, timeoutMs);
      printed();
      return { images: pngs, pages: images.thumbnail ? 1 : pages.length };
    };
    capture.draws = true;
    return this.run(loaded, options, onStage, capture);
  }

  private check(loaded: LoadedDeck, options: ExportOptions): void {
    if (this.closed) throw new LecternError('closed', 'the exporter was closed');
    checkSlides(options, loaded.deck.slides.length);
    const missing = ['print.js', 'deck.js'].find((bundle) => !fs.existsSync(path.join(this.clientDir, bundle)));
    if (missing) {
      throw new LecternError('render-failed', `the client bundle is missing (${path.relative(process.cwd(), this.clientDir) || this.clientDir}/${missing}): run \`npm run build\` first`);
    }
  }

  /** Lays the deck out in a tab and hands it to `output`; tried once more in a relaunched browser if this one died. */
  private async run<R extends { pages: number }>(loaded: LoadedDeck, options: ExportOptions, onStage: ((stage: ExportStage) => void) | undefined, output: Output<R>) {
    const used: { browser?: Browser } = {};
    try {
      return await this.attempt(loaded, options, onStage, output, used);
    } catch (err) {
      if (this.closed) throw new LecternError('closed', 'the exporter was closed during the export', { cause: err });
      // The browser this export printed in died (a crash, or killed): the next attempt gets a
      // relaunched one. Asked of that browser, not of browser.get(), which would relaunch it.
      if (!used.browser || used.browser.connected) throw err;
      return this.attempt(loaded, options, onStage, output);
    }
  }

  private async attempt<R extends { pages: number }>(
    loaded: LoadedDeck,
    options: ExportOptions,
    onStage: ((stage: ExportStage) => void) | undefined,
    output: Output<R>,
    used: { browser?: Browser } = {},
  ): Promise<R & Omit<ExportResult, 'pdf' | 'pages' | 'tabs'>> {
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const print = printPage(loaded, options, this.fonts(), this.options.printView);
    onStage?.('browser');
    const [page, job] = await Promise.all([
      this.tabs.take(),
      this.server.add({ html: print.html, slug: loaded.slug, assetDir: loaded.assetDir, stylesheet: loaded.stylesheet?.css, imageBox: print.geometry }),
    ]);
    used.browser = page.browser();
    const navigation = this.guard.expect(job.url + print.query);
    let healthy = false;
    try {
      onStage?.('render');
      // reveal.js's print view waits for animation frames; the light print page draws none.
      await this.tabs.prepare(page, print.geometry, Boolean(output.draws) || print.bundle === 'deck');
      const { pages, missingGlyphs, fitted } = await layOut(page, job.url + print.query, timeoutMs, { failRenders: this.failRenders, navigated: () => void this.finisher().catch(() => undefined) });
      const shrunk = fitted.map(([h, v, zoom]) => ({
        slide: loaded.deck.slides.findIndex((s) => s.h === h && s.v === v) + 1,
        zoom,
      }));
      const result = await output({ page, pages, print, timeoutMs, printed: () => (healthy = true) });
      return { ...result, slides: print.slides.length, blocked: [...navigation.blocked], missingGlyphs, shrunk };
    } finally {
      navigation.end();
      job.remove();
      this.tabs.give(page, healthy);
    }
  }

  /** Closes the browser and the print server; waiting exports fail with CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    this.tabs.close();
    await Promise.all([this.browser.close(), this.server.close()]);
  }

  /** Like close(), but ends the browser at once: for a CLI whose file is written. */
  async kill(): Promise<void> {
    this.closed = true;
    this.tabs.close();
    await Promise.all([this.browser.kill(), this.server.close()]);
  }
}
