// Loading the print page in a tab and waiting until client/lib/print.ts has laid it out: what
// every export does before it prints or captures the pages (exporter.ts).
import type { Page } from 'puppeteer-core';
import { LecternError } from '../../shared/errors.ts';
import type { MissingGlyph } from '../../shared/print.ts';
import { whenLaidOut } from './page-scripts.ts';
import { parseMissingGlyphs } from './fonts.ts';

export interface LaidOut {
  /** The slide [h, v] shown on each page, in order. */
  pages: Array<[number, number]>;
  missingGlyphs: MissingGlyph[];
  /** Slides zoomed below SMALL_FIT to fit their page: [h, v, zoom]. */
  fitted: Array<[number, number, number]>;
}

export interface LayOutHooks {
  /** Fails of the renders waiting: the exporter calls them when the client bundle turns out incomplete. */
  failRenders: Set<(err: LecternError) => void>;
  /** Told once the page's document has loaded, when the browser starts laying the slides out (idle time for Node). */
  navigated?: () => void;
}

/**
 * Loads the print page and waits for client/lib/print.ts to flag it laid out; returns the
 * slide [h, v] shown on each page, the characters without a font and the slides fitted below
 * SMALL_FIT ([h, v, zoom]). Fails at once on a missing bundle file or a page error
 * reported by the client, else after `timeoutMs`, saying what the page was doing.
 */
export async function layOut(page: Page, url: string, timeoutMs: number, hooks: LayOutHooks): Promise<LaidOut> {
  const errors: string[] = [];
  const onError = (err: unknown) => errors.push(err instanceof Error ? err.message : String(err));
  let timer: NodeJS.Timeout | undefined;
  let fail: (err: LecternError) => void = () => undefined;
  const deadline = new Promise<never>((_, reject) => {
    fail = reject;
    timer = setTimeout(() => {
      reject(new LecternError('render-failed', `the slides did not finish laying out within ${timeoutMs / 1000} s${errors.length ? ` (${errors[0]})` : ''}: check the deck's images and embeds, or run with --debug`));
    }, timeoutMs);
  });
  hooks.failRenders.add(fail);
  page.on('pageerror', onError);
  try {
    const laidOut = (async () => {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
      hooks.navigated?.();
      // One evaluate that resolves when the page flags itself: cheaper than waitForSelector,
      // which first sets up puppeteer's query machinery in the page.
      return (await page.evaluate(whenLaidOut)) as [string, string | null, string | null, string];
    })();
    laidOut.catch(() => undefined);
    const [state, pagesJson, missingJson, fittedJson] = await Promise.race([laidOut, deadline]).catch(async (err: unknown) => {
      // What the page was doing, for --debug: loading, hidden (no animation frames), laid out?
      const where = await Promise.race([
        page.evaluate(`JSON.stringify({ readyState: document.readyState, visibility: document.visibilityState, pages: document.querySelectorAll('.pdf-page').length })`),
        new Promise((resolve) => setTimeout(() => resolve('no answer'), 2000)),
      ]).catch((e: unknown) => String(e));
      throw err instanceof LecternError ? new LecternError(err.code, err.message, { cause: new Error(`page state: ${String(where)}`) }) : err;
    });
    if (state !== 'ready') throw new LecternError('render-failed', `the print view failed: ${state.replace(/^error:\s*/, '')}`);
    return { pages: JSON.parse(pagesJson ?? '[]') as Array<[number, number]>, missingGlyphs: parseMissingGlyphs(missingJson), fitted: JSON.parse(fittedJson) as Array<[number, number, number]> };
  } finally {
    clearTimeout(timer);
    hooks.failRenders.delete(fail);
    page.off('pageerror', onError);
  }
}
